/**
 * The portal shows each finding in the page's language: the French or German rule text of the pack
 * and release that produced it (the official English folded beside it) — on the review page of an
 * upload, next to its field on the manual-entry form, and on the status page of a document sent.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeUbl } from '../../model';
import { sampleInvoice } from '../../model/sample';
import { Client, EXAMPLES, FIXTURE_BODY, FIXTURE_VAT, fillForm, formFields, pageText, runPipeline, startPortalHub, toFormData, upload, type PortalHub } from './helpers';

jest.setTimeout(180_000);
let hub: PortalHub;
beforeAll(async () => { hub = await startPortalHub('findings-lang'); });
afterAll(async () => { await hub.stop(); });

const BR05 = {
  en: '[BR-05]-An Invoice shall have an Invoice currency code (BT-5).',
  fr: 'Une facture doit avoir un code de devise de la facture (BT-5).',
  de: 'Eine Rechnung muss einen Code für die Rechnungswährung (BT-5) enthalten.',
};

/** The official Peppol base example without its currency code (BT-5): BR-05. */
function withoutCurrency(): Buffer {
  const base = fs.readFileSync(path.join(EXAMPLES, 'peppol-billing/base-example.xml'), 'utf8');
  return Buffer.from(base.replace(/\s*<cbc:DocumentCurrencyCode>EUR<\/cbc:DocumentCurrencyCode>/, ''));
}

test('review page of an upload: BR-05 in French and in German, the official English beside it', async () => {
  for (const lang of ['fr', 'de'] as const) {
    const c = new Client(hub.url, lang);
    const r = await upload(c, withoutCurrency());
    expect(r.status).toBe(303);
    const review = await c.follow(r);
    expect(review.html).toContain(`<html lang="${lang}">`);
    const text = pageText(review.html);
    expect(text).toContain('BR-05');
    expect(text).toContain(BR05[lang]);
    expect(text).not.toContain(BR05[lang === 'fr' ? 'de' : 'fr']);
    // the official English is one click away, marked as English
    expect(review.html).toContain(`<p lang="en">${BR05.en}</p>`);
  }
  const en = new Client(hub.url, 'en');
  const text = pageText((await en.follow(await upload(en, withoutCurrency()))).html);
  expect(text).toContain(BR05.en);
  expect(text).not.toContain(BR05.fr);
});

function fillInvoice(f: Map<string, string>): void {
  fillForm(f, [{ name: 'Conseil', qty: '1', price: '100' }], `LANG-${Date.now()}`);
  f.set('recipient', FIXTURE_BODY);
}

test('manual-entry form: a finding of the rules next to its field, in French and in German', async () => {
  const texts = {
    fr: 'Les codes de pays d’une facture doivent être codés selon la liste de codes ISO 3166-1',
    de: 'Ländercodes in einer Rechnung müssen nach der ISO-Codeliste 3166-1 codiert werden.',
  };
  for (const lang of ['fr', 'de'] as const) {
    const c = new Client(hub.url, lang);
    await c.get('/portal/invoices/new');
    const f = formFields(c.lastHtml);
    fillInvoice(f);
    f.set('seller.address.country', 'XX');
    const r = await c.post('/portal/invoices/new', toFormData(f, { _csrf: c.csrf(), action: 'check' }));
    expect(r.status).toBe(422);
    // the error summary links to the field; the field's inline error says the same
    expect(r.html).toContain('href="#f-seller-address-country"');
    const inline = /<p class="field-error" id="f-seller-address-country-error">([\s\S]*?)<\/p>/.exec(r.html)?.[1] ?? '';
    expect(pageText(inline)).toContain(`BR-CL-14 – ${texts[lang]}`);
    expect(pageText(r.html)).not.toContain('Invoice country codes shall be coded');
  }
});

test('status page of a document sent: its warning in French and in German', async () => {
  // a valid invoice with a UUID: the CEN warning UBL-CR-005, the document still goes through
  const t = sampleInvoice(2);
  t['BT-1'] = `LANG-STATUS-${Date.now()}`;
  t['BG-7'] = { ...t['BG-7'], 'BT-49': { scheme: '9938', value: FIXTURE_VAT } };
  const xml = Buffer.from(writeUbl(t).replace(/(<cbc:IssueDate>)/, '<cbc:UUID>6f1c7a4e-0000-4000-8000-000000000001</cbc:UUID>$1'), 'utf8');
  const c = new Client(hub.url, 'en');
  const r = await upload(c, xml);
  const review = await c.follow(r);
  expect(review.html).toContain('UBL-CR-005');
  const sent = await c.post(`${r.location}/send`, new URLSearchParams({ _csrf: c.csrf(), confirm: 'yes' }));
  expect(sent.status).toBe(303);
  const receipt = await c.follow(sent);
  const id = /<code>([0-9a-f-]{36})<\/code>/.exec(receipt.html)?.[1] as string;
  expect(await runPipeline(hub, id)).toBe('delivered');
  const status = (sent.location as string).replace('/receipt/', '/status/');
  const expected = { fr: 'Une facture UBL ne devrait pas inclure l’élément UUID', de: 'Eine UBL-Rechnung sollte UUID nicht enthalten' };
  for (const lang of ['fr', 'de'] as const) {
    const page = await new Client(hub.url, lang).get(status);
    expect(page.status).toBe(200);
    const text = pageText(page.html);
    expect(text).toContain('UBL-CR-005');
    expect(text).toContain(expected[lang]);
    expect(page.html).toContain('<p lang="en">[UBL-CR-005]-A UBL invoice should not include the UUID</p>');
  }
});
