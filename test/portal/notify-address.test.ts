/**
 * Submitter notification address: the upload page and the manual-entry form take an optional
 * e-mail address (labelled, validated, escaped) registered for the document on sending.
 */
import { writeUbl } from '../../model';
import { sampleInvoice } from '../../model/sample';
import { Client, FIXTURE_BODY, FIXTURE_VAT, formFields, startPortalHub, toFormData, type PortalHub } from './helpers';

jest.setTimeout(120_000);
let hub: PortalHub;
beforeAll(async () => { hub = await startPortalHub('notify'); });
afterAll(async () => { await hub.stop(); });

function fixtureInvoice(number: string): Buffer {
  const t = sampleInvoice(2);
  t['BT-1'] = number;
  t['BG-7'] = { ...t['BG-7'], 'BT-49': { scheme: '9938', value: FIXTURE_VAT } };
  return Buffer.from(writeUbl(t), 'utf8');
}
const registered = async (id: string) => (await hub.store.db.query.submitterNotifications.findMany()).find((n) => n.documentId === id);
const idOf = (html: string): string => /<code>([0-9a-f-]{36})<\/code>/.exec(html)?.[1] as string;

async function upload(c: Client, bytes: Buffer, notifyEmail: string) {
  await c.get('/portal/upload');
  const fd = new FormData();
  fd.append('_csrf', c.csrf());
  fd.append('notifyEmail', notifyEmail);
  fd.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/xml' }), 'invoice.xml');
  return c.post('/portal/upload', fd);
}

test('upload page: a labelled optional address field in FR/DE/EN; a bad address is refused, escaped; a good one is registered on sending', async () => {
  for (const [lang, text] of [['fr', 'Adresse e-mail'], ['de', 'E-Mail-Adresse'], ['en', 'E-mail address']] as const) {
    const page = await new Client(hub.url, lang).get('/portal/upload');
    expect(page.html).toMatch(new RegExp(`<label for="f-notifyEmail">${text}`));
    expect(page.html).toMatch(/<input type="email" id="f-notifyEmail" name="notifyEmail" aria-describedby="f-notifyEmail-hint"/);
  }
  const c = new Client(hub.url);
  const bad = await upload(c, fixtureInvoice('NOTIFY-UP-BAD'), '<script>x</script>@nowhere');
  expect(bad.status).toBe(400);
  expect(bad.html).toContain('Enter a valid e-mail address');
  expect(bad.html).toContain('aria-invalid="true"');
  expect(bad.html).toContain('href="#f-notifyEmail"');
  expect(bad.html).not.toContain('<script>x</script>');
  expect(bad.html).toContain('&lt;script&gt;x&lt;/script&gt;@nowhere');

  const r = await upload(c, fixtureInvoice('NOTIFY-UP-1'), ' supplier@example.lu ');
  expect(r.status).toBe(303);
  await c.follow(r);
  const sent = await c.post(`${r.location ?? ''}/send`, new URLSearchParams({ _csrf: c.csrf(), confirm: 'yes' }));
  expect(sent.status).toBe(303);
  const id = idOf((await c.follow(sent)).html);
  expect(await registered(id)).toEqual(expect.objectContaining({ email: 'supplier@example.lu', lang: 'en', notifiedAt: null }));
});

test('manual-entry form: the address is checked with the form and registered on sending; left empty, nothing is registered', async () => {
  const send = async (c: Client, email: string): Promise<{ id: string | null; html: string; status: number }> => {
    await c.get('/portal/invoices/new');
    const f = formFields(c.lastHtml);
    f.set('recipientQuery', 'essais');
    let r = await c.post('/portal/invoices/new', toFormData(f, { _csrf: c.csrf(), action: 'search' }));
    const g = formFields(r.html);
    expect(g.has('recipient')).toBe(false);
    g.set('recipient', FIXTURE_BODY);
    for (const [k, v] of Object.entries({
      number: `NOTIFY-MAN-${Date.now()}-${Math.random()}`, buyerReference: 'REF-1', 'seller.name': 'Atelier Test', 'seller.vatId': 'LU11111139',
      'seller.electronicAddress:scheme': '9938', 'seller.electronicAddress': 'LU11111139', 'seller.address.city': 'Luxembourg', dueDate: '2099-01-31',
      'payment.creditTransfers[0].account': 'LU280019400644750000', 'lines[0].item.name': 'Chaises', 'lines[0].quantity': '2', 'lines[0].price.netPrice': '10',
      'lines[0].vat.category': 'S', 'lines[0].vat.rate': '17', notifyEmail: email,
    })) g.set(k, v);
    r = await c.post('/portal/invoices/new', toFormData(g, { _csrf: c.csrf(), action: 'check' }));
    if (r.status !== 303) return { id: null, html: r.html, status: r.status };
    await c.follow(r);
    const sent = await c.post(`${r.location ?? ''}/send`, new URLSearchParams({ _csrf: c.csrf(), confirm: 'yes' }));
    return { id: idOf((await c.follow(sent)).html), html: '', status: sent.status };
  };
  const de = new Client(hub.url, 'de');
  const bad = await send(de, 'kein-adresse');
  expect(bad.status).toBe(422);
  expect(bad.html).toContain('Geben Sie eine gültige E-Mail-Adresse ein');
  expect(bad.html).toContain('href="#f-notifyEmail"');
  const ok = await send(de, 'buchhaltung@example.de');
  expect(await registered(ok.id as string)).toEqual(expect.objectContaining({ email: 'buchhaltung@example.de', lang: 'de' }));
  const none = await send(new Client(hub.url), '');
  expect(none.id).toMatch(/^[0-9a-f-]{36}$/);
  expect(await registered(none.id as string)).toBeUndefined();
});
