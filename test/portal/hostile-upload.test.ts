/**
 * Hostile files on the supplier portal's upload (`/portal/upload`: XML, or a Factur-X / ZUGFeRD PDF
 * whose embedded XML is read) and hostile values in the manual-entry form, over real HTTP: each file
 * is refused on the upload page with a message (4xx), or checked and shown with its findings on a
 * review page from which it cannot be sent — never a 500 or a hang, and no document stored. NUL
 * bytes in form values and in a file name (which PostgreSQL text cannot hold) are taken out: the
 * draft is saved, the invoice sent. Counts in docs/RELIABILITY.md.
 */
import { documentCount as countDocuments } from '../helpers/store';
import { HOSTILE_BINARY, HOSTILE_SBDH, HOSTILE_XML, oversize } from '../services/hostile-inputs';
import { Client, confirmAndSend, FIXTURE_BODY, fillForm, formAction, formFields, pageText, startPortalHub, upload, type PortalHub } from './helpers';

jest.setTimeout(300_000);
let hub: PortalHub;
beforeAll(async () => {
  hub = await startPortalHub('hostile');
  hub.server.keepAliveTimeout = 120_000;
});
afterAll(async () => { await hub.stop(); });

const documentCount = (): Promise<number> => countDocuments(hub.store);

/** Inputs the upload page refuses at once (no check, no draft). */
const REFUSED = new Set([
  'UTF-16LE with BOM', 'UTF-16BE with BOM', 'NUL byte before the root element',
  ...HOSTILE_BINARY.map((b) => b.name),
]);
/** A valid invoice (the hostile value is in its length, or in the envelope around it). */
const VALID = new Set(['invoice number of 100,000 characters']);

const cases = [...HOSTILE_XML, ...HOSTILE_SBDH, ...HOSTILE_BINARY, { name: '60 MB document (limit 50 MB)', bytes: () => oversize() }];
const counts = { tried: 0, refused: 0, rejected: 0, valid: 0 };

test.each(cases.map((c, i) => [c.name, i] as const))('upload: %s', async (name, i) => {
  const c = new Client(hub.url, 'en');
  const before = await documentCount();
  const isPdf = HOSTILE_BINARY.some((b) => b.name === name) && name.includes('PDF');
  const r = await upload(c, cases[i]!.bytes(), isPdf ? 'facture.pdf' : 'invoice.xml');
  counts.tried++;
  expect([name, r.status]).not.toEqual([name, 500]);
  if (name.startsWith('60 MB')) {
    expect(r.status).toBe(413);
    counts.refused++;
  } else if (REFUSED.has(name)) {
    expect([name, r.status]).toEqual([name, 400]);
    expect(r.html).toContain('class="field-error"');
    counts.refused++;
  } else {
    expect([name, r.status]).toEqual([name, 303]);
    const review = await c.follow(r);
    expect(review.status).toBe(200);
    if (VALID.has(name)) {
      counts.valid++;
      return;
    }
    // the findings are shown, and the document cannot be sent
    expect(pageText(review.html)).toMatch(/fatal|error/i);
    await c.get('/portal/upload'); // a page with a CSRF token (the review of an invalid file has no send form)
    const sent = await c.post(`${r.location as string}/send`, new URLSearchParams({ _csrf: c.csrf(), confirm: 'yes' }));
    expect([name, sent.status >= 400 && sent.status < 500]).toEqual([name, true]);
    counts.rejected++;
  }
  expect(await documentCount()).toBe(before);
});

test('NUL bytes in form values and in a file name are taken out: draft saved, invoice checked and sent', async () => {
  const c = new Client(hub.url, 'en');
  await c.get('/portal/invoices/new');
  const f = formFields(c.lastHtml);
  f.set('recipient', FIXTURE_BODY);
  fillForm(f, [{ name: 'Chai\u0000ses', qty: '2', price: '10' }]);
  f.set('seller.name', 'Atelier\u0000 Test');
  f.set('paymentTerms', '\u0000\u0000');
  // a NUL byte in a field's name breaks the multipart header itself: a 400 page, nothing stored
  const broken = await formAction(c, new Map([...f, ['bogus\u0000field', 'x']]), 'save');
  expect(broken.status).toBe(400);
  await c.get('/portal/invoices/new');
  const saved = await formAction(c, f, 'save');
  expect(saved.status).toBe(303);
  const draft = await c.follow(saved);
  expect(draft.status).toBe(200);
  expect(formFields(draft.html).get('seller.name')).toBe('Atelier Test');
  const r = await formAction(c, formFields(draft.html), 'check');
  expect(r.status).toBe(303);
  const { id } = await confirmAndSend(c, r.location as string);
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  // a file whose name carries a NUL byte
  const bad = HOSTILE_XML.find((h) => h.name === 'truncated in the middle')!.bytes();
  const u = new Client(hub.url, 'en');
  expect((await upload(u, bad, 'fac\u0000ture.xml')).status).toBe(400); // a raw NUL breaks the part header
  // RFC 5987 `filename*` carries it through the header, percent-encoded: the draft is kept without it
  await u.get('/portal/upload');
  const boundary = 'hostile-boundary-42';
  const body = `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${u.csrf()}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''fac%00ture.xml\r\nContent-Type: application/xml\r\n\r\n`
    + '<?xml version="1.0"?><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>1</ID>' + `\r\n--${boundary}--\r\n`;
  const up = await u.request('POST', '/portal/upload', { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
  expect(up.status).toBe(303);
  const review = await u.follow(up);
  expect(review.status).toBe(200);
  expect(review.html).toContain('facture.xml');
  process.stdout.write(`hostile portal: ${counts.tried} files tried, ${counts.refused} refused on the upload page, ${counts.rejected} shown with findings and not sendable, ${counts.valid} valid; 0 stored, 0 errors\n`);
});
