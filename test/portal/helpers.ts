/** Helpers of the portal tests: a hub on a real port with a small directory, a cookie-keeping client, the pipeline run in-process. */
import { WebClient } from '../helpers/web-client';
import fs from 'node:fs';
import path from 'node:path';
import { saveBodies } from '../../db/directory/store';
import { loadStages } from '../../workers/stages';
import type { StageDeps } from '../../workers/stage-contract';
import { getDocument } from '../../workers/stage-contract';
import { luVat, body } from '../directory/helpers';
import { startTestServer, tmpDir, silent, type TestServer } from '../pipeline/helpers';

export { luVat };

/** The fixture body: a ministry addressed by 9938 that requires a buyer reference (BT-10). */
export const FIXTURE_VAT = luVat(424242);
export const FIXTURE_BODY = 'min-fixtures';
export const OTHER_BODY = 'commune-exemple';

export interface PortalHub extends TestServer {
  dir: string;
  stop: () => Promise<void>;
}

export async function startPortalHub(name: string): Promise<PortalHub> {
  const dir = tmpDir(`portal-${name}`);
  // every test client comes from 127.0.0.1: the per-client limits are tested on their own (web.test.ts), not met by accident here
  process.env.EINVOICE_PORTAL_RATE_LIMIT ??= '100000';
  process.env.EINVOICE_PORTAL_POST_RATE_LIMIT ??= '100000';
  const hub = await startTestServer(dir, { available: ['validate', 'route', 'render', 'dispatch'] });
  // the client (undici) drops idle connections after 4 s; a server that keeps them longer never closes one under a request being sent
  hub.server.keepAliveTimeout = 60_000;
  const r = saveBodies(hub.deps.db, [
    body(FIXTURE_BODY, {
      names: { fr: 'Ministère des Essais', de: 'Ministerium für Versuche', en: 'Ministry of Trials' },
      identifiers: [{ scheme: '9938', value: FIXTURE_VAT, purpose: 'peppol' }],
      requiredReferences: ['BT-10'],
    }),
    body(OTHER_BODY, {
      type: 'commune', names: { fr: 'Commune d’Exemple', de: 'Gemeinde Beispiel' },
      identifiers: [{ scheme: '9938', value: luVat(515151), purpose: 'peppol' }],
    }),
  ], { actor: 'test', source: 'api', effectiveFrom: '2020-01-01' });
  if (!r.ok) throw new Error(`fixture directory refused: ${JSON.stringify([...r.errors])}`);
  return { ...hub, dir, stop: async () => { await hub.close(); hub.deps.db.$client.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

/** Runs every stage of this build in order on a document until none moves it (no Redis: the stage contract allows it). */
export async function runPipeline(hub: PortalHub, documentId: string): Promise<string> {
  const stages = loadStages();
  const deps: StageDeps = { db: hub.deps.db, files: hub.deps.files, dataDir: hub.dir, logger: silent, clock: () => new Date() };
  for (let round = 0; round < 10; round++) {
    let moved = false;
    for (const [, fn] of stages) {
      const r = await fn(documentId, deps);
      if (r.changed) moved = true;
    }
    if (!moved) break;
  }
  return getDocument(hub.deps.db, documentId)?.state ?? 'missing';
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
    const sel = /<option value="([^"]*)" selected>/.exec(m[2] ?? '')?.[1] ?? /<option value="([^"]*)"/.exec(m[2] ?? '')?.[1] ?? '';
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

export const EXAMPLES = path.resolve(__dirname, '..', '..', '..', 'shared', 'examples');
