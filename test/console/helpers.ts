/** Helpers of the console tests: a hub on a real port over a test store, staff accounts of each role, a cookie-keeping client, seeded documents. */
import crypto from 'node:crypto';
import { listAuditRows, type StaffAuditRow } from '../../db/repositories/accounts';
import { attachFile, insertDocument, insertEvent } from '../../db/repositories/documents';
import type { Store } from '../../core/store';
import type { Finding } from '../../validation/types';
import type { PipelineQueues } from '../../workers/queues';
import { openTestStore, startTestServer, type TestServer, type TestStore } from '../pipeline/helpers';
import { WebClient } from '../helpers/web-client';

export const ADMIN = 'console-admin-secret';
export const PASSWORD = 'correct horse battery staple';

export interface ConsoleHub extends TestServer {
  store: TestStore;
  stop: () => Promise<void>;
}

export async function startConsoleHub(name: string, o: { queues?: PipelineQueues; clock?: () => Date } = {}): Promise<ConsoleHub> {
  const store = await openTestStore(`console-${name}`);
  const hub = await startTestServer(store, { adminToken: ADMIN, ...o });
  // validation in the test's main thread can block the loop for seconds on a loaded machine: a server closing an idle
  // keep-alive socket at that moment makes the client's next request fail with ECONNRESET
  hub.server.keepAliveTimeout = 120_000;
  return { ...hub, store, stop: async () => { await hub.close(); await store.close(); } };
}

export async function adminApi(hub: TestServer, method: string, p: string, body?: unknown): Promise<Response> {
  return fetch(hub.url + p, { method, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** The console's browser: requests with the session, form posts with the page's CSRF token, staff login. */
export class Client extends WebClient {
  req(method: string, p: string, body?: URLSearchParams | string | FormData, headers: Record<string, string> = {}): ReturnType<WebClient['request']> {
    return this.request(method, p, { body, headers });
  }

  get(p: string): ReturnType<Client['req']> {
    return this.req('GET', p);
  }

  /** Posts a form from the last page (its CSRF token added). */
  post(p: string, fields: Record<string, string>): ReturnType<Client['req']> {
    return this.req('POST', p, new URLSearchParams({ _csrf: this.csrf(), ...fields }));
  }

  /** The same session in another language (the browser's preference; no language chosen on a page yet). */
  inLang(lang: string): Client {
    const c = new Client(this.base, lang);
    c.cookies = new Map([...this.cookies].filter(([k]) => k !== 'hub_lang'));
    return c;
  }

  async login(login: string, password = PASSWORD): Promise<number> {
    await this.get('/console/login');
    return (await this.post('/console/login', { login, password })).status;
  }
}

export async function staffClient(hub: TestServer, login: string, role: 'viewer' | 'operator' | 'administrator', lang = 'en'): Promise<Client> {
  const res = await adminApi(hub, 'POST', '/console/api/staff', { login, name: `Staff ${login}`, role, password: PASSWORD });
  if (res.status !== 201) throw new Error(`staff ${login}: ${res.status} ${await res.text()}`);
  const c = new Client(hub.url, lang);
  const st = await c.login(login);
  if (st !== 303) throw new Error(`login ${login}: ${st}`);
  return c;
}

export interface SeedDoc {
  state: string;
  channel?: string;
  sendingAp?: string | null;
  receivedAt: string;
  resolvedBodyId?: string | null;
  findings?: Partial<Finding>[];
  /** Seconds from reception to delivery (adds a `delivered` transition event). */
  deliveredAfter?: number;
  invoiceNumber?: string;
  /** SBDH receiver, BT-49 as `scheme:value`. */
  receiverId?: string | null;
  buyerEndpointId?: string | null;
  /** The business document (default: a bare invoice with the document id as BT-1). */
  payload?: Buffer;
  typeCode?: string | null;
}

/** Inserts a document row as the pipeline would have left it, with its validation report and events. */
export async function seedDocument(store: Store, s: SeedDoc): Promise<string> {
  const id = crypto.randomUUID();
  const payload = s.payload ?? Buffer.from(`<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>${id}</ID></Invoice>`);
  const sha = await store.blobs.put(payload);
  const report = {
    valid: (s.findings ?? []).length === 0, scenario: 'peppol-bis-billing-ubl', engine: 'test', date: s.receivedAt.slice(0, 10), packs: [], phases: [],
    findings: (s.findings ?? []).map((f) => ({ source: 'schematron', flag: 'fatal', location: '/Invoice', message: 'x', ruleId: 'X', ...f })),
  };
  const rb = Buffer.from(JSON.stringify(report));
  const rsha = await store.blobs.put(rb);
  const channel = s.channel ?? 'peppol';
  await store.db.transaction(async (tx) => {
    await insertDocument(tx, {
      id, state: s.state, version: s.deliveredAfter === undefined ? 1 : 2, channel, receivedAt: s.receivedAt, updatedAt: s.receivedAt, submittedBy: 'test',
      originalSha256: sha, payloadSha256: sha, sizeBytes: payload.length, sendingAp: s.sendingAp === undefined ? (channel === 'peppol' ? 'PBE000123' : null) : s.sendingAp,
      resolvedBodyId: s.resolvedBodyId ?? null, invoiceNumber: s.invoiceNumber ?? null, instanceId: `inst-${id}`, as4MessageId: `as4-${id}`,
      receiverId: s.receiverId ?? null, buyerEndpointId: s.buyerEndpointId ?? null, typeCode: s.typeCode ?? null, rootName: 'Invoice',
    });
    await insertEvent(tx, { documentId: id, seq: 1, at: s.receivedAt, actor: 'test', type: 'received', fromState: null, toState: 'received', details: {} });
    await attachFile(tx, id, 'validation-report', rsha, rb.length, 'application/json', s.receivedAt);
    if (s.deliveredAfter !== undefined) {
      const at = new Date(Date.parse(s.receivedAt) + s.deliveredAfter * 1000).toISOString();
      await insertEvent(tx, { documentId: id, seq: 2, at, actor: 'system:dispatch', type: 'transition', fromState: 'rendered', toState: 'delivered', details: {} });
    }
  });
  return id;
}

/** Rows of the staff audit log, the latest first (filtered by target and/or action). */
export async function auditRows(store: Store, o: { target?: string; action?: string } = {}): Promise<StaffAuditRow[]> {
  const rows = await listAuditRows(store.db, { target: o.target, limit: 10_000 });
  return o.action === undefined ? rows : rows.filter((r) => r.action === o.action);
}
