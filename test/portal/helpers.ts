/** Helpers of the portal tests: a hub on a real port over a test store with a small directory, a cookie-keeping client, the pipeline run in-process. */
import path from 'node:path';
import { getDocument } from '../../core/documents/store';
import { STAGE_PROCESSORS } from '../../workers/stages';
import type { StageDeps } from '../../workers/stage-contract';
import { inlineCpu } from '../../workers/cpu/inline';
import { body, luVat, save } from '../directory/helpers';
import { WebClient } from '../helpers/web-client';
import { openTestStore, type TestStore } from '../helpers/store';
import { silent, startTestServer, type TestServer } from '../pipeline/helpers';

export { luVat };

/** The fixture body: a ministry addressed by 9938 that requires a buyer reference (BT-10). */
export const FIXTURE_VAT = luVat(424242);
export const FIXTURE_BODY = 'min-fixtures';
export const OTHER_BODY = 'commune-exemple';
/** Two bodies a search for "Wiltz" finds: the commune and the tax office in Wiltz. */
export const WILTZ_COMMUNE = 'commune-wiltz';
export const WILTZ_TAX_OFFICE = 'aed-bureau-wiltz';

export interface PortalHub extends TestServer {
  store: TestStore;
  stop: () => Promise<void>;
}

export async function startPortalHub(name: string, o: { clock?: () => Date } = {}): Promise<PortalHub> {
  // every test client comes from 127.0.0.1: the per-client limits are tested on their own (web.test.ts), not met by accident here
  process.env.EINVOICE_PORTAL_RATE_LIMIT ??= '100000';
  process.env.EINVOICE_PORTAL_POST_RATE_LIMIT ??= '100000';
  const store = await openTestStore(`portal-${name}`);
  const hub = await startTestServer(store, o.clock ? { clock: o.clock } : {});
  // the client (undici) drops idle connections after 4 s; a server that keeps them longer never closes one under a request being sent
  hub.server.keepAliveTimeout = 60_000;
  await save(store, [
    body(FIXTURE_BODY, {
      names: { fr: 'Ministère des Essais', de: 'Ministerium für Versuche', en: 'Ministry of Trials' },
      identifiers: [{ scheme: '9938', value: FIXTURE_VAT, purpose: 'peppol' }],
      requiredReferences: ['BT-10'],
    }),
    body(OTHER_BODY, {
      type: 'commune', names: { fr: 'Commune d’Exemple', de: 'Gemeinde Beispiel' },
      identifiers: [{ scheme: '9938', value: luVat(515151), purpose: 'peppol' }],
    }),
    body(WILTZ_TAX_OFFICE, {
      type: 'administration', names: { fr: 'Administration de l’enregistrement – Bureau d’imposition Wiltz', de: 'Registrierungsverwaltung – Steueramt Wiltz' },
      identifiers: [{ scheme: '9938', value: luVat(616161), purpose: 'peppol' }],
    }),
    body(WILTZ_COMMUNE, {
      type: 'commune', names: { fr: 'Commune de Wiltz', de: 'Gemeinde Wiltz' },
      identifiers: [{ scheme: '9938', value: luVat(717171), purpose: 'peppol' }],
    }),
  ], '2020-01-01');
  return { ...hub, store, stop: async () => { await hub.close(); await store.close(); } };
}

/** Runs every stage in order on a document until none moves it (no Redis: the stage contract allows it). */
export async function runPipeline(hub: PortalHub, documentId: string): Promise<string> {
  const deps: StageDeps = { store: hub.store, cpu: inlineCpu, logger: silent, clock: () => new Date() };
  for (let round = 0; round < 10; round++) {
    let moved = false;
    for (const fn of Object.values(STAGE_PROCESSORS)) {
      const r = await fn(documentId, deps);
      if (r.changed) moved = true;
    }
    if (!moved) break;
  }
  return (await getDocument(hub.store, documentId))?.state ?? 'missing';
}

/** The portal's browser: pages as `html`, GETs retried once on a reset kept-alive connection. */
export class Client extends WebClient {
  async get(p: string, headers: Record<string, string> = {}): Promise<{ status: number; html: string; res: Response }> {
    const r = await this.request('GET', p, { headers, retryOnce: true });
    return { status: r.status, html: r.text, res: r.res };
  }

  async post(p: string, body: FormData | URLSearchParams): Promise<{ status: number; html: string; location: string | null; res: Response }> {
    const r = await this.request('POST', p, { body });
    return { status: r.status, html: r.text, location: r.location, res: r.res };
  }

  /** A GET of binary content (a PDF) with the session's cookies. */
  async getBytes(p: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
    const res = await fetch(this.base + p, { headers: { cookie: this.cookieHeader(), 'accept-language': this.lang }, redirect: 'manual' });
    return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
  }

  /** Follows a 303 answer. */
  async follow(r: { location: string | null }): Promise<{ status: number; html: string; res: Response }> {
    if (!r.location) throw new Error('no redirect');
    return this.get(r.location);
  }
}

/** The form fields of the last page's invoice form as the browser would send them (text inputs, checked radios, selected options). */
export function formFields(html: string): Map<string, string> {
  const out = new Map<string, string>();
  const form = /<form[^>]*id="invoice-form"[\s\S]*?<\/form>/.exec(html)?.[0] ?? '';
  const unesc = (s: string): string => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#96;/g, '`').replace(/&amp;/g, '&');
  for (const m of form.matchAll(/<input ([^>]*)>/g)) {
    const a = m[1] ?? '';
    const name = /name="([^"]*)"/.exec(a)?.[1];
    const type = /type="([^"]*)"/.exec(a)?.[1] ?? 'text';
    if (!name || type === 'file' || type === 'submit') continue;
    if ((type === 'radio' || type === 'checkbox') && !/\bchecked\b/.test(a)) continue;
    if (!out.has(unesc(name))) out.set(unesc(name), unesc(/value="([^"]*)"/.exec(a)?.[1] ?? ''));
  }
  for (const m of form.matchAll(/<select ([^>]*)>([\s\S]*?)<\/select>/g)) {
    const name = /name="([^"]*)"/.exec(m[1] ?? '')?.[1];
    if (!name) continue;
    const sel = /<option value="([^"]*)" selected[\s>]/.exec(m[2] ?? '')?.[1] ?? /<option value="([^"]*)"/.exec(m[2] ?? '')?.[1] ?? '';
    out.set(unesc(name), unesc(sel));
  }
  return out;
}

export function toFormData(fields: Map<string, string>, extra: Record<string, string> = {}): FormData {
  const fd = new FormData();
  for (const [k, v] of fields) if (!(k in extra)) fd.append(k, v);
  for (const [k, v] of Object.entries(extra)) fd.append(k, v);
  return fd;
}

/** The text of a page without its markup, entities decoded (what a reader sees). */
export function pageText(html: string): string {
  return html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, '\u00a0').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/[ \t\n]+/g, ' ');
}

export const EXAMPLES = path.resolve(__dirname, '..', '..', '..', 'shared', 'examples');

/** Uploads a file from a fresh upload page; the answer of the post. */
export async function upload(c: Client, bytes: Buffer, name = 'invoice.xml'): Promise<{ status: number; html: string; location: string | null }> {
  await c.get('/portal/upload');
  const fd = new FormData();
  fd.append('_csrf', c.csrf());
  fd.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/xml' }), name);
  return c.post('/portal/upload', fd);
}

/** Posts the invoice form with a button. */
export async function formAction(c: Client, f: Map<string, string>, act: string): Promise<{ status: number; html: string; location: string | null; res: Response }> {
  return c.post('/portal/invoices/new', toFormData(f, { _csrf: c.csrf(), action: act }));
}

/** A complete seller, payment and lines on a form (the recipient is chosen separately). */
export function fillForm(f: Map<string, string>, lines: { name: string; qty: string; price: string; rate?: string; cat?: string }[], number = `MAN-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`): void {
  for (const [k, v] of Object.entries({
    number, buyerReference: 'REF-42', 'seller.name': 'Atelier Test S.à r.l.', 'seller.vatId': 'LU11111139', 'seller.electronicAddress:scheme': '9938',
    'seller.electronicAddress': 'LU11111139', 'seller.address.line1': '1, rue du Test', 'seller.address.city': 'Luxembourg', 'seller.address.postCode': 'L-1111',
    dueDate: '2099-01-31', 'payment.creditTransfers[0].account': 'LU280019400644750000',
  })) f.set(k, v);
  f.set('count.lines', String(lines.length));
  lines.forEach((l, i) => {
    f.set(`lines[${i}].item.name`, l.name);
    f.set(`lines[${i}].quantity`, l.qty);
    f.set(`lines[${i}].price.netPrice`, l.price);
    f.set(`lines[${i}].unit`, 'C62');
    f.set(`lines[${i}].vat.category`, l.cat ?? 'S');
    f.set(`lines[${i}].vat.rate`, l.rate ?? '17');
  });
}

/** Confirms and sends a review; the receipt page and the document id. */
export async function confirmAndSend(c: Client, reviewPath: string): Promise<{ receipt: string; id: string; statusPath: string }> {
  const sent = await c.post(`${reviewPath}/send`, new URLSearchParams({ _csrf: c.csrf(), confirm: 'yes' }));
  if (sent.status !== 303) throw new Error(`send answered ${sent.status}: ${pageText(sent.html).slice(0, 500)}`);
  const receipt = (await c.follow(sent)).html;
  const id = /<code>([0-9a-f-]{36})<\/code>/.exec(receipt)?.[1];
  if (id === undefined) throw new Error('no tracking id on the receipt');
  return { receipt, id, statusPath: (sent.location as string).replace('/receipt/', '/status/') };
}
