/** Helpers of the console tests: a hub on a real port with staff accounts of each role, a cookie-keeping client, seeded documents. */
import { WebClient } from '../helpers/web-client';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { attachFile } from '../../db/file-store';
import { documents, events } from '../../db/schema';
import type { Finding } from '../../validation/types';
import { startTestServer, tmpDir, type TestServer } from '../pipeline/helpers';

export const ADMIN = 'console-admin-secret';
export const PASSWORD = 'correct horse battery staple';

export interface ConsoleHub extends TestServer {
  dir: string;
  stop: () => Promise<void>;
}

export async function startConsoleHub(name: string): Promise<ConsoleHub> {
  const dir = tmpDir(`console-${name}`);
  const hub = await startTestServer(dir, { adminToken: ADMIN, available: ['validate', 'route', 'render', 'dispatch'] });
  // validation in the test's main thread can block the loop for seconds on a loaded machine: a server closing an idle
  // keep-alive socket at that moment makes the client's next request fail with ECONNRESET
  hub.server.keepAliveTimeout = 120_000;
  return { ...hub, dir, stop: async () => { await hub.close(); hub.deps.db.$client.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

export async function adminApi(hub: TestServer, method: string, p: string, body?: unknown): Promise<Response> {
  return fetch(hub.url + p, { method, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** The console's browser: requests with the session, form posts with the page's CSRF token, staff login. */
export class Client extends WebClient {
  req(method: string, p: string, body?: URLSearchParams | string, headers: Record<string, string> = {}): ReturnType<WebClient['request']> {
    return this.request(method, p, { body, headers });
  }

  get(p: string): ReturnType<Client['req']> {
    return this.req('GET', p);
  }

  /** Posts a form from the last page (its CSRF token added). */
  post(p: string, fields: Record<string, string>): ReturnType<Client['req']> {
    return this.req('POST', p, new URLSearchParams({ _csrf: this.csrf(), ...fields }));
  }

  async login(login: string, password = PASSWORD): Promise<number> {
    await this.get('/console/login');
    return (await this.post('/console/login', { login, password })).status;
  }
}

export async function staffClient(hub: TestServer, login: string, role: 'viewer' | 'operator' | 'administrator'): Promise<Client> {
  const res = await adminApi(hub, 'POST', '/console/api/staff', { login, name: `Staff ${login}`, role, password: PASSWORD });
  if (res.status !== 201) throw new Error(`staff ${login}: ${res.status} ${await res.text()}`);
  const c = new Client(hub.url);
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
}

/** Inserts a document row as the pipeline would have left it, with its validation report and events. */
export function seedDocument(hub: TestServer, s: SeedDoc): string {
  const id = crypto.randomUUID();
  const db = hub.deps.db;
  const payload = Buffer.from(`<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>${id}</ID></Invoice>`);
  const sha = hub.deps.files.put(payload);
  db.insert(documents).values({
    id, state: s.state, version: 1, channel: s.channel ?? 'peppol', receivedAt: s.receivedAt, updatedAt: s.receivedAt, submittedBy: 'test',
    originalSha256: sha, payloadSha256: sha, sizeBytes: payload.length, sendingAp: s.sendingAp === undefined ? ((s.channel ?? 'peppol') === 'peppol' ? 'PBE000123' : null) : s.sendingAp,
    resolvedBodyId: s.resolvedBodyId ?? null, invoiceNumber: s.invoiceNumber ?? null, instanceId: `inst-${id}`, as4MessageId: `as4-${id}`,
  }).run();
  db.insert(events).values({ documentId: id, seq: 1, at: s.receivedAt, actor: 'test', type: 'received', fromState: null, toState: 'received', details: '{}' }).run();
  const report = {
    valid: (s.findings ?? []).length === 0, scenario: 'peppol-bis-billing-ubl', engine: 'test', date: s.receivedAt.slice(0, 10), packs: [], phases: [],
    findings: (s.findings ?? []).map((f) => ({ source: 'schematron', flag: 'fatal', location: '/Invoice', message: 'x', ruleId: 'X', ...f })),
  };
  const rb = Buffer.from(JSON.stringify(report));
  const rsha = hub.deps.files.put(rb);
  attachFile(db, id, 'validation-report', rsha, rb.length, 'application/json', s.receivedAt);
  if (s.deliveredAfter !== undefined) {
    const at = new Date(Date.parse(s.receivedAt) + s.deliveredAfter * 1000).toISOString();
    db.$client.prepare('UPDATE documents SET version = 2 WHERE id = ?').run(id);
    db.insert(events).values({ documentId: id, seq: 2, at, actor: 'system:dispatch', type: 'transition', fromState: 'rendered', toState: 'delivered', details: '{}' }).run();
  }
  return id;
}
