/** Helpers of the status tests: bodies with Peppol identifiers, delivered documents of each channel, tokens, HTTP calls, the T111 check of a stored response. */
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { registerNotifyAddress } from '../../core/mls/notify';
import { documents } from '../../db/schema';
import { validate } from '../../validation';
import { dispatchStage } from '../../workers/dispatch/stage';
import { body, invoiceXml, renderedDocument, tempEnv, type Env } from '../dispatch/helpers';
import { startTestServer, type TestServer } from '../pipeline/helpers';
import { readInvoice } from '../../model';
import { renderPdf } from '../../templates/render';

export { body, invoiceXml, silent, startReceiver, fixtureWebhook, waitFor, FAST } from '../dispatch/helpers';
export type { Env } from '../dispatch/helpers';

const EXAMPLES = path.resolve(__dirname, '..', '..', '..', 'shared', 'examples', 'peppol-billing');
export const CREDIT_NOTE = fs.readFileSync(path.join(EXAMPLES, 'base-creditnote-correction.xml'), 'utf8');

export function creditNoteXml(number: string): Buffer {
  return Buffer.from(CREDIT_NOTE.replace(/<cbc:ID>Snippet1<\/cbc:ID>/, `<cbc:ID>${number}</cbc:ID>`), 'utf8');
}

/** The bodies of the tests: commune-a (Peppol id, a delivery contact) and its accounting unit, commune-b, and one without any Peppol id. */
export const BODIES = [
  body('commune-a', { type: 'commune', identifiers: [{ scheme: '9938', value: 'LU11111139', purpose: 'peppol' }], contacts: [{ role: 'delivery', name: 'Recette', email: 'recette@commune-a.lu' }] }),
  body('commune-a-unit', { type: 'accounting-unit', parentId: 'commune-a' }),
  body('commune-b', { type: 'commune', identifiers: [{ scheme: '9938', value: 'LU22222278', purpose: 'peppol' }] }),
  body('no-peppol', { type: 'commune' }),
];

export interface Channel { channel: 'peppol' | 'api' | 'portal-upload'; notify?: { email: string; lang: 'fr' | 'de' | 'en' } }

/** A document delivered to `bodyId` that came in by `channel` (Peppol: from provider POP000777). */
/** `realPdf`: the standardised PDF of the XML (for pages people look at) instead of a placeholder. */
export async function deliveredDocument(env: Env, bodyId: string, o: { number: string; xml?: Buffer; deliveredAt?: string; realPdf?: boolean } & Partial<Channel> = { number: 'X' }): Promise<string> {
  const xml = o.xml ?? invoiceXml(o.number);
  const pdf = o.realPdf === true ? await renderPdf(readInvoice(xml), { lang: 'fr', documentId: o.number }) : undefined;
  const id = await renderedDocument(env, bodyId, { number: o.number, xml, ...(o.deliveredAt ? { receivedAt: o.deliveredAt } : {}), ...(pdf ? { pdf } : {}) });
  const channel = o.channel ?? 'api';
  await env.store.db.update(documents).set({
    channel, ...(channel === 'peppol' ? { sendingAp: 'POP000777', instanceId: `inst-${o.number}`, senderId: '0088:7300010000001', receiverId: '9938:LU11111139' } : {}),
  }).where(eq(documents.id, id));
  if (o.notify) await registerNotifyAddress(env.store, id, o.notify.email, o.notify.lang);
  const at = o.deliveredAt ? new Date(o.deliveredAt) : new Date();
  await dispatchStage(id, { ...env.deps, clock: () => at });
  return id;
}

export async function statusEnv(name: string): Promise<{ env: Env; srv: TestServer; tokens: Record<string, string>; close: () => Promise<void> }> {
  const env = await tempEnv(`ir-${name}`, BODIES);
  const srv = await startTestServer(env.store);
  const tokens: Record<string, string> = {};
  for (const b of ['commune-a', 'commune-a-unit', 'commune-b', 'no-peppol']) {
    const r = await fetch(`${srv.url}/api/v1/bodies/${b}/tokens`, { method: 'POST', headers: { Authorization: 'Bearer admin-secret', 'Content-Type': 'application/json' }, body: JSON.stringify({ name: `erp ${b}` }) });
    tokens[b] = String(((await r.json()) as { token: string }).token);
  }
  return { env, srv, tokens, close: async () => { await srv.close(); await env.close(); } };
}

export interface Answer { status: number; json: Record<string, unknown>; text: string; type: string }

export async function call(url: string, token: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, { ...init, headers: { Authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined ?? {}) } });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try { json = JSON.parse(text) as Record<string, unknown>; } catch { /* not JSON */ }
  return { status: res.status, json, text, type: res.headers.get('content-type') ?? '' };
}

export const postJson = (url: string, token: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> =>
  call(url, token, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** The hub's own engine over an Invoice Response: its fatal findings (none expected). */
export async function t111Fatal(xml: Buffer): Promise<string[]> {
  const r = await validate(xml, { scenario: 'peppol-invoice-response' });
  return [...(r.valid ? [] : ['not valid']), ...r.findings.filter((f) => f.flag === 'fatal').map((f) => `${f.ruleId}: ${f.message}`)];
}
