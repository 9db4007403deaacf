/**
 * The portal over real HTTP (no browser): upload a valid file → findings page → confirm the
 * recipient → receipt → status; an invalid file shows its findings and cannot be sent; the
 * manual-entry form round trips (lines added/removed, totals by the server, drafts, check with
 * findings mapped to fields, send); CSRF, escaping, limits.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { getDocument, transition } from '../../core/documents/store';
import { draftsOfKind } from '../../db/repositories/portal';
import { writeUbl } from '../../model';
import { sampleInvoice } from '../../model/sample';
import { Client, EXAMPLES, FIXTURE_BODY, FIXTURE_VAT, fillForm, formFields, runPipeline, startPortalHub, toFormData, type PortalHub } from './helpers';

// the whole suite runs many files at once (conformance tests included): generous limits, no timing asserted
jest.setTimeout(180_000);
let hub: PortalHub;
/** The furthest state the stages take a valid document to (a body without a webhook: its inbox). */
const END = 'delivered';
beforeAll(async () => { hub = await startPortalHub('http'); });
afterAll(async () => { await hub.stop(); });

function fixtureInvoice(number: string): Buffer {
  const t = sampleInvoice(3);
  t['BT-1'] = number;
  t['BG-7'] = { ...t['BG-7'], 'BT-49': { scheme: '9938', value: FIXTURE_VAT } };
  return Buffer.from(writeUbl(t), 'utf8');
}

async function upload(c: Client, bytes: Buffer, name = 'invoice.xml'): Promise<{ status: number; html: string; location: string | null }> {
  await c.get('/portal/upload');
  const fd = new FormData();
  fd.append('_csrf', c.csrf());
  fd.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/xml' }), name);
  return c.post('/portal/upload', fd);
}

test('home and upload pages answer in the browser language, with the switcher and a CSRF token', async () => {
  const fr = new Client(hub.url, 'fr-LU,fr;q=0.9,en;q=0.5');
  const home = await fr.get('/portal/');
  expect(home.status).toBe(200);
  expect(home.html).toContain('<html lang="fr">');
  expect(home.html).toContain('Portail fournisseurs');
  const de = new Client(hub.url, 'de-DE');
  expect((await de.get('/portal/upload')).html).toContain('E-Rechnung hochladen');
  expect(de.csrf()).toMatch(/^[A-Za-z0-9_-]{43}$/);
  const chosen = await de.get('/portal/upload?lang=en');
  expect(chosen.html).toContain('<html lang="en">');
  expect(chosen.res.headers.get('content-security-policy')).toContain("script-src 'self'");
  // the explicit choice is remembered
  expect((await de.get('/portal/upload')).html).toContain('<html lang="en">');
});

test('a valid upload: findings page, the recipient the hub resolved, confirmation, receipt, status, download', async () => {
  const c = new Client(hub.url);
  const bytes = fixtureInvoice('UP-1');
  const r = await upload(c, bytes);
  expect(r.status).toBe(303);
  expect(r.location).toMatch(/^\/portal\/review\/[A-Za-z0-9_-]{43}$/);
  const review = await c.follow(r);
  const token = c.csrf();
  expect(review.html).toContain('The document is compliant');
  expect(review.html).toContain('Ministry of Trials');
  expect(review.html).toContain(FIXTURE_BODY);
  // sending without ticking the confirmation box is refused with an error linked to the box
  const noConfirm = await c.post(`${r.location}/send`, new URLSearchParams({ _csrf: c.csrf() }));
  expect(noConfirm.status).toBe(400);
  expect(noConfirm.html).toContain('href="#f-confirm"');
  const sent = await c.post(`${r.location}/send`, new URLSearchParams({ _csrf: c.csrf(), confirm: 'yes' }));
  expect(sent.status).toBe(303);
  expect(sent.location).toMatch(/^\/portal\/receipt\/[A-Za-z0-9_-]{43}$/);
  const receipt = await c.follow(sent);
  const id = /<dt>Tracking id<\/dt><dd><code>([0-9a-f-]{36})<\/code>/.exec(receipt.html)?.[1];
  expect(id).toBeDefined();
  const doc = await getDocument(hub.store, id as string);
  expect(doc?.channel).toBe('portal-upload');
  expect(receipt.html).toContain(doc?.receivedAt);
  const statusPath = sent.location?.replace('/receipt/', '/status/') as string;
  expect(receipt.html).toContain(statusPath);
  // a second send of the same review goes to the same receipt, no second document
  const again = await c.post(`${r.location}/send`, new URLSearchParams({ _csrf: token, confirm: 'yes' }));
  expect(again.location).toBe(sent.location);
  const final = await runPipeline(hub, id as string);
  expect(final).toBe(END);
  expect((await getDocument(hub.store, id as string))?.resolvedBodyId).toBe(FIXTURE_BODY);
  const status = await c.get(statusPath);
  expect(status.status).toBe(200);
  expect(status.html).toContain('Received');
  expect(status.html).toContain('Ministry of Trials');
  expect(status.html).toContain('Delivered to the body');
  expect(status.html).toContain(`${statusPath}/document.pdf`);
  expect((await c.get(`${statusPath}/document.pdf`)).html.startsWith('%PDF-')).toBe(true);
  const xml = await c.get(`${statusPath}/document.xml`);
  expect(xml.html).toBe(bytes.toString('utf8'));
  // another client without the link sees nothing; a wrong token is a 404 page
  expect((await new Client(hub.url).get(statusPath.slice(0, -2) + 'xx')).status).toBe(404);
});

test('an invalid upload shows each finding with rule, business term and message, and cannot be sent', async () => {
  const c = new Client(hub.url, 'fr');
  const bad = Buffer.from(fixtureInvoice('UP-BAD').toString('utf8').replace('<cbc:IdentificationCode>LU</cbc:IdentificationCode>', '<cbc:IdentificationCode>XX</cbc:IdentificationCode>'));
  const r = await upload(c, bad);
  const review = await c.follow(r);
  expect(review.html).toContain('BR-CL-14');
  expect(review.html).toContain('Les codes de pays d’une facture doivent être codés selon la liste de codes ISO 3166-1');
  expect(review.html).toContain('(BT-40)');
  expect(review.html).not.toContain('/send"');
  await c.get('/portal/upload');
  const refused = await c.post(`${r.location}/send`, new URLSearchParams({ _csrf: c.csrf(), confirm: 'yes' }));
  expect(refused.status).toBe(400);
  expect((await draftsOfKind(hub.store.db, 'upload')).some((d) => d.documentId !== null && !d.valid)).toBe(false);
});

test('not XML, no file, and a file over the limit while streaming', async () => {
  const c = new Client(hub.url);
  const notXml = await upload(c, Buffer.from('PK\x03\x04 a zip, not an invoice'), 'x.zip');
  expect(notXml.status).toBe(400);
  expect(notXml.html).toContain('not an XML document');
  expect(notXml.html).toContain('href="#f-file"');
  const plainPdf = await upload(c, Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'), 'x.pdf');
  expect(plainPdf.status).toBe(400);
  expect(plainPdf.html).toContain('no embedded XML invoice');
  const none = await c.post('/portal/upload', (() => { const f = new FormData(); f.append('_csrf', c.csrf()); return f; })());
  expect(none.status).toBe(400);
  expect(none.html).toContain('Choose a file.');
  const big = Buffer.alloc(hub.deps.maxDocumentBytes + 10, 0x20);
  const tooBig = await upload(c, big);
  expect(tooBig.status).toBe(413);
});

test('a Factur-X PDF: the embedded CII invoice is extracted, checked and is what would be sent', async () => {
  const cii = fs.readFileSync(path.join(EXAMPLES, 'en16931-cii', 'CII_example1.xml'));
  const deflated = zlib.deflateSync(cii);
  const pdf = Buffer.concat([
    Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1'),
    Buffer.from(`5 0 obj\n<< /Type /EmbeddedFile /Subtype /text#2Fxml /Filter /FlateDecode /Length ${deflated.length} >>\nstream\n`, 'latin1'),
    deflated,
    Buffer.from('\nendstream\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1'),
  ]);
  const c = new Client(hub.url);
  const r = await upload(c, pdf, 'factur-x.pdf');
  expect(r.status).toBe(303);
  const review = await c.follow(r);
  expect(review.html).toContain('extracted from the Factur-X');
  const token = (r.location as string).split('/').pop() as string;
  const draft = (await draftsOfKind(hub.store.db, 'upload')).find((d) => d.data.filename === 'factur-x.pdf');
  expect(draft?.xmlSha256).toBeDefined();
  expect((await hub.store.blobs.get(draft?.xmlSha256 as string)).equals(cii)).toBe(true);
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
});

test('a post without the session CSRF token is refused and stores nothing', async () => {
  const c = new Client(hub.url);
  await c.get('/portal/upload');
  const before = (await draftsOfKind(hub.store.db, 'upload')).length;
  const fd = new FormData();
  fd.append('_csrf', 'A'.repeat(43));
  fd.append('file', new Blob([new Uint8Array(fixtureInvoice('CSRF'))]), 'i.xml');
  const r = await c.post('/portal/upload', fd);
  expect(r.status).toBe(403);
  const other = new Client(hub.url);
  await other.get('/portal/upload');
  const stolen = await new Client(hub.url).post('/portal/upload', (() => { const f = new FormData(); f.append('_csrf', other.csrf()); return f; })());
  expect(stolen.status).toBe(403);
  expect((await draftsOfKind(hub.store.db, 'upload')).length).toBe(before);
});

async function action(c: Client, f: Map<string, string>, act: string): Promise<{ status: number; html: string; location: string | null; res: Response }> {
  return c.post('/portal/invoices/new', toFormData(f, { _csrf: c.csrf(), action: act }));
}

test('manual form without JavaScript: search the directory, add lines, server totals, required reference enforced, check, send', async () => {
  const c = new Client(hub.url);
  await c.get('/portal/invoices/new');
  let f = formFields(c.lastHtml);
  f.set('recipientQuery', 'essais');
  let r = await action(c, f, 'search');
  expect(r.html).toContain('Ministry of Trials');
  expect(r.html).toContain('References this body requires: BT-10');
  f = formFields(r.html);
  // nothing is chosen until the supplier ticks a body
  expect(f.has('recipient')).toBe(false);
  f.set('recipient', FIXTURE_BODY);
  r = await action(c, f, 'add:lines');
  expect(r.html).toContain('id="chosen-recipient"');
  r = await action(c, formFields(r.html), 'add:lines');
  f = formFields(r.html);
  expect(f.get('count.lines')).toBe('3');
  fillForm(f, [
    { name: 'Chaises', qty: '3', price: '19.99', rate: '17' },
    { name: 'Livres', qty: '2', price: '10.005', rate: '3' },
    { name: 'Tables', qty: '1.5', price: '100', rate: '17' },
  ]);
  f.set('buyerReference', '');
  r = await action(c, f, 'recalculate');
  // 59.97 + 20.01 + 150.00 = 229.98; VAT 17 % of 209.97 = 35.69 (35.6949), 3 % of 20.01 = 0.60 (0.6003)
  expect(r.html).toContain('<output id="out-BT-106">229.98</output>');
  expect(r.html).toContain('<output id="out-BT-110">36.29</output>');
  expect(r.html).toContain('<output id="out-BT-112">266.27</output>');
  expect(r.html).toMatch(/<output id="out-line-1"[^>]*>20.01<\/output>/);
  // the body requires BT-10: refused, the error links to the field
  r = await action(c, formFields(r.html), 'check');
  expect(r.status).toBe(422);
  expect(r.html).toContain('href="#f-buyerReference"');
  expect(r.html).toContain('required by the recipient body');
  f = formFields(r.html);
  f.set('buyerReference', 'REF-42');
  r = await action(c, f, 'check');
  expect(r.status).toBe(303);
  const review = await c.follow(r);
  expect(review.html).toContain('it is compliant');
  expect(review.html).toContain('Ministry of Trials');
  expect(review.html).toContain('266.27\u00a0EUR');
  const pdf = await c.get(`${r.location}/preview.pdf`);
  expect(pdf.res.headers.get('content-type')).toBe('application/pdf');
  expect(pdf.html.startsWith('%PDF-')).toBe(true);
  const sent = await c.post(`${r.location}/send`, new URLSearchParams({ _csrf: c.csrf(), confirm: 'yes' }));
  expect(sent.status).toBe(303);
  const receipt = await c.follow(sent);
  const id = /<code>([0-9a-f-]{36})<\/code>/.exec(receipt.html)?.[1] as string;
  expect((await getDocument(hub.store, id))?.channel).toBe('portal-form');
  const state = await runPipeline(hub, id);
  expect(state).toBe(END);
  const doc = await getDocument(hub.store, id);
  expect(doc?.resolvedBodyId).toBe(FIXTURE_BODY);
  expect(doc?.state).not.toBe('rejected');
  const xml = (await hub.store.blobs.get(doc?.originalSha256 as string)).toString('utf8');
  expect(xml).toContain('<cbc:PayableAmount currencyID="EUR">266.27</cbc:PayableAmount>');
  expect(xml).toContain('<cbc:BuyerReference>REF-42</cbc:BuyerReference>');
});

test('removing a line shifts the following ones; a draft is saved and resumed by its private link', async () => {
  const c = new Client(hub.url);
  await c.get('/portal/invoices/new');
  let f = formFields(c.lastHtml);
  f.set('count.lines', '3');
  fillForm(f, [{ name: 'A', qty: '1', price: '1', rate: '17' }, { name: 'B', qty: '1', price: '2', rate: '17' }, { name: 'C', qty: '1', price: '3', rate: '17' }]);
  let r = await action(c, f, 'remove:lines:1');
  f = formFields(r.html);
  expect(f.get('count.lines')).toBe('2');
  expect(f.get('lines[1].item.name')).toBe('C');
  expect(r.html).toContain('<output id="out-BT-106">4.00</output>');
  r = await action(c, f, 'save');
  expect(r.status).toBe(303);
  expect(r.location).toMatch(/^\/portal\/drafts\/[A-Za-z0-9_-]{43}\?saved=1$/);
  const fresh = new Client(hub.url);
  const resumed = await fresh.get(r.location as string);
  expect(resumed.html).toContain('Draft saved');
  expect(formFields(resumed.html).get('lines[1].item.name')).toBe('C');
  expect((await fresh.get('/portal/drafts/' + 'x'.repeat(43))).status).toBe(404);
});

test('VAT exemption reason required for category E; a finding of the rules is shown next to its field', async () => {
  const c = new Client(hub.url);
  await c.get('/portal/invoices/new');
  let f = formFields(c.lastHtml);
  f.set('recipient', FIXTURE_BODY);
  fillForm(f, [{ name: 'Formation', qty: '1', price: '500', rate: '0', cat: 'E' }]);
  let r = await action(c, f, 'recalculate');
  expect(r.html).toContain('id="f-exemption-E"');
  r = await action(c, formFields(r.html), 'check');
  expect(r.status).toBe(422);
  expect(r.html).toContain('href="#f-exemption-E"');
  f = formFields(r.html);
  f.set('exemption.E', 'Exonération art. 44');
  f.set('seller.address.country', 'XX');
  r = await action(c, f, 'check');
  expect(r.status).toBe(422);
  expect(r.html).toContain('BR-CL-14');
  expect(r.html).toContain('href="#f-seller-address-country"');
  expect(r.html).toMatch(/id="f-seller-address-country-error"/);
});

test('a credit note refers to the preceding invoice and is written as a UBL CreditNote', async () => {
  const c = new Client(hub.url);
  await c.get('/portal/invoices/new?kind=credit-note');
  let f = formFields(c.lastHtml);
  expect(f.get('typeCode')).toBe('381');
  f.set('recipient', FIXTURE_BODY);
  fillForm(f, [{ name: 'Retour chaises', qty: '1', price: '19.99', rate: '17' }]);
  let r = await action(c, f, 'check');
  expect(r.status).toBe(422);
  expect(r.html).toContain('href="#f-precedingInvoices-0-reference"');
  f = formFields(r.html);
  f.set('precedingInvoices[0].reference', 'MAN-1');
  r = await action(c, f, 'check');
  expect(r.status).toBe(303);
  const token = (r.location as string).split('/').pop() as string;
  const draft = (await draftsOfKind(hub.store.db, 'form')).find((d) => d.xmlSha256 !== null && JSON.stringify(d.data).includes('Retour chaises'));
  expect(draft).toBeDefined();
  const xml = (await hub.store.blobs.get(draft?.xmlSha256 as string)).toString('utf8');
  expect(xml).toContain('<CreditNote ');
  expect(xml).toContain('<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>');
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
});

test('script tags and markup typed in every text field come back escaped', async () => {
  const c = new Client(hub.url);
  await c.get('/portal/invoices/new');
  const f = formFields(c.lastHtml);
  const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&`';
  for (const [k] of f) if (!k.startsWith('count.') && k !== 'recipient') f.set(k, evil);
  f.set('recipientQuery', evil);
  const r = await action(c, f, 'search');
  expect(r.status).toBe(200);
  expect(r.html).not.toContain('<script>alert');
  expect(r.html).not.toContain('<img src=x');
  expect(r.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  const check = await action(c, formFields(r.html), 'check');
  expect(check.html).not.toContain('<script>alert');
  expect(check.html).not.toContain('<img src=x');
});

test('attachments: type checked by content, not by name', async () => {
  const c = new Client(hub.url);
  await c.get('/portal/invoices/new');
  const f = formFields(c.lastHtml);
  const fd = toFormData(f, { _csrf: c.csrf(), action: 'recalculate' });
  fd.append('newAttachment', new Blob([new Uint8Array(Buffer.from('MZ\x90\x00 not a pdf'))], { type: 'application/pdf' }), 'fake.pdf');
  let r = await c.post('/portal/invoices/new', fd);
  expect(r.html).toContain('is not of an accepted type');
  const fd2 = toFormData(formFields(r.html), { _csrf: c.csrf(), action: 'recalculate' });
  fd2.append('newAttachment', new Blob([new Uint8Array(Buffer.from('%PDF-1.4\n%%EOF\n'))], { type: 'application/octet-stream' }), 'timesheet.pdf');
  r = await c.post('/portal/invoices/new', fd2);
  expect(r.html).toContain('timesheet.pdf (application/pdf');
  expect(formFields(r.html).get('attachments[0].mime')).toBe('application/pdf');
});

test('document allowances and charges and an attachment: totals by the server, a valid UBL embedding the file, PDF preview from the form', async () => {
  const c = new Client(hub.url);
  await c.get('/portal/invoices/new');
  let f = formFields(c.lastHtml);
  f.set('recipient', FIXTURE_BODY);
  let r = await action(c, f, 'add:allowances');
  r = await action(c, formFields(r.html), 'add:charges');
  f = formFields(r.html);
  fillForm(f, [{ name: 'Conseil', qty: '10', price: '95.50', rate: '17' }]);
  f.set('allowances[0].amount', '55.00');
  f.set('allowances[0].reason', 'Remise fidélité');
  f.set('charges[0].amount', '12,40');
  f.set('charges[0].reason', 'Transport');
  const fd = toFormData(f, { _csrf: c.csrf(), action: 'recalculate' });
  fd.append('newAttachment', new Blob([new Uint8Array(Buffer.from('date;hours\n2026-01-05;7.5\n'))], { type: 'text/plain' }), 'hours.csv');
  r = await c.post('/portal/invoices/new', fd);
  // 955.00 − 55.00 + 12.40 = 912.40; VAT 17 % = 155.108 → 155.11; total 1067.51
  expect(r.html).toContain('<output id="out-BT-109">912.40</output>');
  expect(r.html).toContain('<output id="out-BT-112">1,067.51</output>');
  expect(r.html).toContain('hours.csv (text/csv');
  const preview = await action(c, formFields(r.html), 'preview');
  expect(preview.res.headers.get('content-type')).toBe('application/pdf');
  const check = await action(c, formFields(r.html), 'check');
  expect(check.status).toBe(303);
  const draft = (await draftsOfKind(hub.store.db, 'form')).find((d) => d.valid && JSON.stringify(d.data).includes('Remise fid'));
  const xml = (await hub.store.blobs.get(draft?.xmlSha256 as string)).toString('utf8');
  expect(xml).toContain('<cbc:TaxInclusiveAmount currencyID="EUR">1067.51</cbc:TaxInclusiveAmount>');
  expect(xml).toContain('mimeCode="text/csv"');
  expect(xml).toContain(Buffer.from('date;hours\n2026-01-05;7.5\n').toString('base64'));
});

test('status page: two copies sent before either was checked: the second is shown as rejected as a duplicate, with its reason; acknowledgement by the body', async () => {
  const bytes = fixtureInvoice(`DUP-${Date.now()}`);
  const ids: string[] = [];
  const links: string[] = [];
  // both reviewed and sent before the pipeline ran: the review cannot know yet, the validate stage decides
  for (let i = 0; i < 2; i++) {
    const c = new Client(hub.url);
    const r = await upload(c, bytes);
    await c.follow(r);
    const sent = await c.post(`${r.location}/send`, new URLSearchParams({ _csrf: c.csrf(), confirm: 'yes' }));
    const receipt = await c.follow(sent);
    ids.push(/<code>([0-9a-f-]{36})<\/code>/.exec(receipt.html)?.[1] as string);
    links.push((sent.location as string).replace('/receipt/', '/status/'));
  }
  for (const id of ids) await runPipeline(hub, id);
  expect(ids[0]).not.toBe(ids[1]);
  expect((await getDocument(hub.store, ids[1] as string))?.state).toBe('duplicate');
  const c = new Client(hub.url);
  const dup = await c.get(links[1] as string);
  expect(dup.html).toContain('Rejected (duplicate)');
  expect(dup.html).toContain('HUB-DUPLICATE');
  expect(dup.html).toContain('Reasons for the rejection');
  await transition(hub.store, ids[0] as string, { from: 'delivered', to: 'acknowledged', actor: `body:${FIXTURE_BODY}` });
  const ack = await c.get(links[0] as string);
  expect(ack.html).toContain('Acknowledged by the body');
});
