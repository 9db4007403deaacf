/**
 * The review before sending, as suppliers reported it: ONE verdict for a valid file addressed to
 * no body of the directory (the official example), the recipient search that chooses nothing by
 * itself and a review naming the chosen body in full with its identifier, the PDF preview stating
 * the validation the review showed, and a duplicate told before sending.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { getDocument, transition } from '../../core/documents/store';
import { writeUbl } from '../../model';
import { sampleInvoice } from '../../model/sample';
import { extractBusinessKeys } from '../../core/documents/keys';
import {
  Client, confirmAndSend, EXAMPLES, FIXTURE_BODY, FIXTURE_VAT, fillForm, formAction, formFields, luVat, pageText, startPortalHub, upload,
  WILTZ_COMMUNE, WILTZ_TAX_OFFICE, type PortalHub,
} from './helpers';

jest.setTimeout(180_000);
let hub: PortalHub;
beforeAll(async () => { hub = await startPortalHub('review'); });
afterAll(async () => { await hub.stop(); });

function fixtureInvoice(number: string): Buffer {
  const t = sampleInvoice(2);
  t['BT-1'] = number;
  t['BG-7'] = { ...t['BG-7'], 'BT-49': { scheme: '9938', value: FIXTURE_VAT } };
  return Buffer.from(writeUbl(t), 'utf8');
}

function pdfText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString('utf8');
}

test('an unchanged official example: one verdict — valid, addressed to no body of the directory, what to change — and no Send button', async () => {
  const example = fs.readFileSync(path.join(EXAMPLES, 'peppol-billing', 'base-example.xml'));
  for (const [lang, valid, none] of [['en', 'The file is valid', 'addressed to no public body of the directory'], ['fr', 'Le fichier est valide', 'adressé à aucun organisme public de l’annuaire'], ['de', 'Die Datei ist gültig', 'an keine öffentliche Stelle des Verzeichnisses adressiert']] as const) {
    const c = new Client(hub.url, lang);
    const r = await upload(c, example, 'base-example.xml');
    expect(r.status).toBe(303);
    const review = await c.follow(r);
    const text = pageText(review.html);
    expect(review.html.match(/id="verdict"/g)).toHaveLength(1);
    expect(review.html).toContain('data-verdict="no-recipient"');
    expect(text).toContain(valid);
    expect(text).toContain(none);
    // what the hub tried, in its order, and what to change
    expect(text).toContain('(BT-49)');
    expect(text).toContain('0002:FR23342');
    for (const bt of ['BT-46', 'BT-47', 'BT-48', 'BT-49']) expect(text).toContain(bt);
    // no "compliant: it can be sent" next to it, and no way to send
    expect(text).not.toMatch(/it can be sent|il peut être envoyé|Es kann an/);
    expect(review.html).not.toContain('/send"');
    expect(review.html).not.toContain('id="f-confirm"');
  }
});

test('the recipient search chooses nothing by itself; the review names the chosen body in full with its identifier', async () => {
  const c = new Client(hub.url);
  await c.get('/portal/invoices/new');
  let f = formFields(c.lastHtml);
  f.set('recipientQuery', 'Wiltz');
  let r = await formAction(c, f, 'search');
  expect(r.html).toContain(`value="${WILTZ_COMMUNE}"`);
  expect(r.html).toContain(`value="${WILTZ_TAX_OFFICE}"`);
  expect(r.html).not.toMatch(/name="recipient"[^>]*checked/);
  f = formFields(r.html);
  expect(f.has('recipient')).toBe(false);
  // checking without a choice: the recipient is asked for, nothing is sent anywhere
  fillForm(f, [{ name: 'Conseil', qty: '1', price: '100' }]);
  r = await formAction(c, f, 'check');
  expect(r.status).toBe(422);
  expect(r.html).toContain('href="#f-recipientQuery"');
  expect(r.html).toContain('Choose the recipient body.');
  // the supplier ticks the commune
  f = formFields(r.html);
  f.set('recipient', WILTZ_COMMUNE);
  r = await formAction(c, f, 'check');
  expect(r.status).toBe(303);
  const review = await c.follow(r);
  const text = pageText(review.html);
  expect(text).toContain('it is compliant and can be sent to Commune de Wiltz');
  expect(text).toContain(`9938:${luVat(717171)}`);
  expect(text).toContain(WILTZ_COMMUNE);
  expect(text).not.toContain('Bureau d’imposition');
});

test('the PDF preview states the validation the review showed (form and upload), never "not performed"', async () => {
  const c = new Client(hub.url);
  await c.get('/portal/invoices/new');
  const f = formFields(c.lastHtml);
  f.set('recipient', FIXTURE_BODY);
  fillForm(f, [{ name: 'Chaises', qty: '2', price: '19.99' }]);
  const r = await formAction(c, f, 'check');
  expect(r.status).toBe(303);
  const review = await c.follow(r);
  expect(review.html).toContain('data-verdict="sendable"');
  const pdf = await c.getBytes(`${r.location}/preview.pdf`);
  expect(pdf.type).toBe('application/pdf');
  const text = pdfText(pdf.bytes);
  expect(text).toContain('Validation: valid');
  expect(text).not.toContain('not performed');
  expect(text).toContain('peppol-bis-billing-3-ubl');
  // an upload's review has the same preview
  const up = await upload(c, fixtureInvoice(`PRE-${Date.now()}`));
  await c.follow(up);
  expect(pdfText((await c.getBytes(`${up.location}/preview.pdf`)).bytes)).toContain('Validation: valid');
  // the form's own preview button validates too
  const direct = await c.post('/portal/invoices/new', (() => { const fd = new FormData(); for (const [k, v] of f) fd.append(k, v); fd.append('_csrf', c.csrf()); fd.append('action', 'preview'); return fd; })());
  expect(direct.res.headers.get('content-type')).toBe('application/pdf');
});

test('a document already received (same seller, number, date and type) is told at review, before sending, and cannot be sent again', async () => {
  const bytes = fixtureInvoice(`DUPR-${Date.now()}`);
  const first = new Client(hub.url);
  const r1 = await upload(first, bytes);
  await first.follow(r1);
  const { id } = await confirmAndSend(first, r1.location as string);
  // the validate stage's decision, with the keys it reads
  const keys = extractBusinessKeys(bytes);
  await transition(hub.store, id, { from: 'received', to: 'validated', actor: 'system:validate', set: { ...keys } });
  expect((await getDocument(hub.store, id))?.state).toBe('validated');

  for (const lang of ['en', 'fr'] as const) {
    const c = new Client(hub.url, lang);
    const r2 = await upload(c, bytes);
    const review = await c.follow(r2);
    expect(review.html).toContain('data-verdict="duplicate"');
    expect(review.html.match(/id="verdict"/g)).toHaveLength(1);
    expect(pageText(review.html)).toContain(id);
    expect(pageText(review.html)).toContain(lang === 'en' ? 'would be refused as a duplicate' : 'serait refusé comme doublon');
    expect(review.html).not.toContain('id="f-confirm"');
    await c.get('/portal/upload');
    const refused = await c.post(`${r2.location}/send`, new URLSearchParams({ _csrf: c.csrf(), confirm: 'yes' }));
    expect(refused.status).toBe(400);
    expect(pageText(refused.html)).toContain(lang === 'en' ? 'already received' : 'déjà été reçu');
  }
  // another number is another document
  const other = new Client(hub.url);
  const r3 = await upload(other, fixtureInvoice(`DUPR-OTHER-${Date.now()}`));
  expect((await other.follow(r3)).html).toContain('data-verdict="sendable"');
});
