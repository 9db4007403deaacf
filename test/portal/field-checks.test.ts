/**
 * The manual-entry form runs the model's field checks (model/checks) before an invoice can go on:
 * a seller VAT number that is not one (`LU1234`), an IBAN with wrong check digits, a due date before
 * the issue date, a post code and a city swapped (a code where the name belongs) are each shown next
 * to their field in French, German and English, and the form does not reach the review — so such an
 * invoice cannot be sent. The same invoice with the values corrected goes through and is sent.
 */
import { draftsOfKind } from '../../db/repositories/portal';
import { checkIban, checkVatId } from '../../model/checks';
import { fieldId } from '../../web';
import { Client, confirmAndSend, FIXTURE_BODY, fillForm, formAction, formFields, pageText, startPortalHub, type PortalHub } from './helpers';

jest.setTimeout(180_000);
let hub: PortalHub;
beforeAll(async () => { hub = await startPortalHub('field-checks'); });
afterAll(async () => { await hub.stop(); });

const WRONG: Record<string, string> = {
  'seller.vatId': 'LU1234',
  'payment.creditTransfers[0].account': 'LU280019400644750001',
  issueDate: '2026-03-10',
  dueDate: '2026-03-01',
  'seller.address.postCode': 'Luxembourg',
  'seller.address.city': 'L-1499',
};

/** Per language: the words of each field's error. */
const EXPECTED: Record<'fr' | 'de' | 'en', Record<string, string>> = {
  fr: {
    'seller.vatId': '« LU1234 » n’est pas un numéro de TVA LU valable : forme attendue LU12345678.',
    'payment.creditTransfers[0].account': 'Les chiffres de contrôle de l’IBAN « LU280019400644750001 » sont faux (modulo 97)',
    dueDate: '(2026-03-01) est antérieure à',
    'seller.address.postCode': '« Luxembourg » n’est pas un code postal LU',
    'seller.address.city': '« L-1499 » est un code ou un numéro, pas le nom d’une localité.',
  },
  de: {
    'seller.vatId': '„LU1234“ ist keine gültige USt-IdNr. aus LU',
    'payment.creditTransfers[0].account': 'Die Prüfziffern der IBAN „LU280019400644750001“ stimmen nicht (Modulo 97)',
    dueDate: '(2026-03-01) liegt vor',
    'seller.address.postCode': '„Luxembourg“ ist keine Postleitzahl aus LU',
    'seller.address.city': '„L-1499“ ist ein Code oder eine Nummer, kein Ortsname.',
  },
  en: {
    'seller.vatId': '“LU1234” is not a valid VAT identifier of LU: expected the form LU12345678.',
    'payment.creditTransfers[0].account': 'The check digits of the IBAN “LU280019400644750001” are wrong (modulo 97)',
    dueDate: '(2026-03-01) is before',
    'seller.address.postCode': '“Luxembourg” is not a post code of LU',
    'seller.address.city': '“L-1499” is a code or a number, not the name of a city.',
  },
};

/** The text of the error paragraph of a field (empty when there is none). */
function errorOf(html: string, field: string): string {
  const m = new RegExp(`<p class="field-error" id="${fieldId(field)}-error">([\\s\\S]*?)</p>`).exec(html);
  return m ? pageText(m[1] ?? '') : '';
}

async function startForm(lang: string): Promise<{ c: Client; f: Map<string, string> }> {
  const c = new Client(hub.url, lang);
  await c.get('/portal/invoices/new');
  const f = formFields(c.lastHtml);
  f.set('recipient', FIXTURE_BODY);
  fillForm(f, [{ name: 'Chaises', qty: '2', price: '10' }]);
  return { c, f };
}

test.each(['fr', 'de', 'en'] as const)('wrong data is shown next to its field (%s) and the invoice does not reach the review', async (lang) => {
  const { c, f } = await startForm(lang);
  for (const [k, v] of Object.entries(WRONG)) f.set(k, v);
  const checked = async (): Promise<number> => (await draftsOfKind(hub.store.db, 'form')).filter((d) => d.xmlSha256 !== null).length;
  const before = await checked();
  const r = await formAction(c, f, 'check');
  expect(r.status).toBe(422);
  expect(r.location).toBeNull();
  for (const [field, words] of Object.entries(EXPECTED[lang])) {
    expect(errorOf(r.html, field)).toContain(words);
    // the control says it is invalid and points to its error, and the summary links to it
    expect(r.html).toMatch(new RegExp(`id="${fieldId(field)}"[^>]*aria-describedby="[^"]*${fieldId(field)}-error"[^>]*aria-invalid="true"`));
    expect(r.html).toContain(`href="#${fieldId(field)}"`);
  }
  // the form's values are kept as typed, nothing checked was stored for a review
  expect(formFields(r.html).get('seller.vatId')).toBe('LU1234');
  expect(await checked()).toBe(before);
});

test('one wrong value is enough to stop the check; corrected, the same invoice is checked and sent', async () => {
  const { c, f } = await startForm('en');
  f.set('seller.vatId', 'LU12345678'); // 123456 mod 89 = 13: LU12345613 is the number
  let r = await formAction(c, f, 'check');
  expect(r.status).toBe(422);
  expect(errorOf(r.html, 'seller.vatId')).toContain('the first six digits modulo 89 give 13');
  const g = formFields(r.html);
  g.set('seller.vatId', 'LU12345613');
  r = await formAction(c, g, 'check');
  expect(r.status).toBe(303);
  expect(r.location).toMatch(/^\/portal\/review\//);
  const review = await c.follow(r);
  expect(review.status).toBe(200);
  const sent = await confirmAndSend(c, r.location as string);
  expect(sent.id).toMatch(/^[0-9a-f-]{36}$/);
});

test('the form\'s own hints are valid values', async () => {
  const c = new Client(hub.url, 'en');
  const page = await c.get('/portal/invoices/new');
  const hint = /<p class="hint" id="f-seller-vatId-hint">([^<]*)<\/p>/.exec(page.html)?.[1];
  expect(hint).toBe('LU12345613');
  expect(checkVatId(hint ?? '')).toBeNull();
  const iban = /<p class="hint" id="f-payment-creditTransfers-0-account-hint">([^<]*)<\/p>/.exec(page.html)?.[1] ?? '';
  expect(checkIban(iban)).toBeNull();
});
