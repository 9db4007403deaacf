/** Helpers of the dispatch tests: a store with bodies, documents driven to `rendered`, a real HTTP receiver. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import pino from 'pino';
import { saveBodies } from '../../core/directory/write';
import type { BodyInput } from '../../core/directory/types';
import type { OutboundPolicy } from '../../core/dispatch/outbound-url';
import type { SenderSettings } from '../../core/dispatch/sender';
import { attachFile, insertDocument, insertEvent } from '../../db/repositories/documents';
import { insertWebhook, type WebhookRow } from '../../db/repositories/dispatch';
import { readInvoice, summarize } from '../../model';
import type { StageDeps } from '../../workers/stage-contract';
import { openTestStore, type TestStore } from '../helpers/store';

export const silent = pino({ level: 'silent' });
const EXAMPLES = path.resolve(__dirname, '..', '..', '..', 'shared', 'examples');
const BASE = fs.readFileSync(path.join(EXAMPLES, 'peppol-billing', 'base-example.xml'), 'utf8');

/**
 * The outbound rules of the tests: the receivers listen on 127.0.0.1, which the hub reaches only
 * because this configuration names that host (as `EINVOICE_WEBHOOK_ALLOW_HTTP_HOSTS=127.0.0.1` would).
 */
export const LOCAL_RECEIVERS: OutboundPolicy = { allowHttpHosts: ['127.0.0.1'] };

/** Sender settings with short delays, for the local receivers. */
export const FAST: SenderSettings = { timeoutMs: 3000, backoffMs: 20, maxBackoffMs: 100, retryWindowMs: 60_000, concurrency: 4, pollMs: 20, publicUrl: 'https://hub.example.lu', outbound: LOCAL_RECEIVERS };

/** The Peppol BIS base example with its invoice number replaced (and optionally an embedded attachment). */
export function invoiceXml(number: string, o: { attachment?: { name: string; mime: string; bytes: Buffer } } = {}): Buffer {
  let x = BASE.replace('<cbc:ID>Snippet1</cbc:ID>', `<cbc:ID>${number}</cbc:ID>`);
  if (o.attachment) {
    const a = o.attachment;
    x = x.replace('<cac:AccountingSupplierParty>', `<cac:AdditionalDocumentReference><cbc:ID>ATT-1</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode="${a.mime}" filename="${a.name}">${a.bytes.toString('base64')}</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>\n  <cac:AccountingSupplierParty>`);
  }
  return Buffer.from(x, 'utf8');
}

export function body(id: string, over: Partial<BodyInput> = {}): BodyInput {
  return {
    id, type: 'ministry', parentId: null, status: 'active', names: { fr: `Nom ${id}`, de: `Name ${id}` },
    validFrom: '2020-01-01', validTo: null, language: 'fr', identifiers: [], successors: [], requiredReferences: [], routingRules: [], contacts: [],
    ...over,
  };
}

/** Writes bodies into the directory (as an Authority change); fails the test when the directory refuses them. */
export async function saveTestBodies(store: TestStore, bodies: BodyInput[]): Promise<void> {
  const r = await saveBodies(store, bodies, { actor: 'test', source: 'api', effectiveFrom: '2020-01-01' });
  if (!r.ok) throw new Error(`bodies: ${JSON.stringify([...r.errors])}`);
}

/** Dispatch does no CPU work: a stage that asks for it fails the test. */
const NO_CPU: StageDeps['cpu'] = {
  validate: () => Promise.reject(new Error('dispatch must not validate')),
  render: () => Promise.reject(new Error('dispatch must not render')),
};

export interface Env { store: TestStore; deps: StageDeps; close: () => Promise<void> }

export async function tempEnv(name: string, bodies: BodyInput[] = [body('min-a'), body('min-b')]): Promise<Env> {
  const store = await openTestStore(`dispatch-${name}`);
  try {
    await saveTestBodies(store, bodies);
  } catch (err) {
    await store.close();
    throw err;
  }
  return { store, deps: { store, cpu: NO_CPU, logger: silent, clock: () => new Date() }, close: () => store.close() };
}

export const FAKE_PDF = Buffer.from('%PDF-1.4\n% test pdf\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/**
 * A document driven into `rendered` for a body, the way the earlier stages leave it: stored bytes,
 * a `routed` transition event (with the department), the PDF and — when the invoice can be read —
 * the model summary attached as derived files (roles `pdf`, `summary`).
 */
export async function renderedDocument(env: Env, bodyId: string, o: { number?: string; department?: string | null; xml?: Buffer; receivedAt?: string; seller?: string; pdf?: Buffer } = {}): Promise<string> {
  const id = crypto.randomUUID();
  const number = o.number ?? `INV-${id.slice(0, 8)}`;
  const xml = o.xml ?? invoiceXml(number);
  const sha = await env.store.blobs.put(xml);
  const pdf = o.pdf ?? FAKE_PDF;
  const pdfSha = await env.store.blobs.put(pdf);
  let summary: Buffer | null = null;
  try {
    summary = Buffer.from(JSON.stringify(summarize(readInvoice(xml))));
  } catch {
    // an unreadable invoice: the render stage would not have derived a summary
  }
  const summarySha = summary === null ? null : await env.store.blobs.put(summary);
  const at = o.receivedAt ?? new Date().toISOString();
  await env.store.db.transaction(async (tx) => {
    await insertDocument(tx, {
      id, state: 'rendered', version: 3, channel: 'api', receivedAt: at, updatedAt: at, submittedBy: 'admin', originalSha256: sha, payloadSha256: sha,
      sizeBytes: xml.length, rootName: 'Invoice', invoiceNumber: number, issueDate: '2017-11-13', typeCode: '380', sellerKey: o.seller ?? 'BE0123456789', resolvedBodyId: bodyId,
    });
    await insertEvent(tx, { documentId: id, seq: 1, at, actor: 'api', type: 'received', fromState: null, toState: 'received', details: {} });
    await insertEvent(tx, { documentId: id, seq: 2, at, actor: 'system:route', type: 'transition', fromState: 'validated', toState: 'routed', details: { bodyId, department: o.department ?? null } });
    await insertEvent(tx, { documentId: id, seq: 3, at, actor: 'system:render', type: 'transition', fromState: 'routed', toState: 'rendered', details: {} });
    await attachFile(tx, id, 'pdf', pdfSha, pdf.length, 'application/pdf', at);
    if (summary !== null && summarySha !== null) await attachFile(tx, id, 'summary', summarySha, summary.length, 'application/json', at);
  });
  return id;
}

/** A webhook row as a fixture (URL and secret chosen by the test; the URL checks are the sender's and the API's). */
export async function fixtureWebhook(env: Pick<Env, 'store'>, bodyId: string, url: string, secret: string): Promise<WebhookRow> {
  const at = new Date().toISOString();
  const row: WebhookRow = { id: crypto.randomUUID(), bodyId, url, secret, previousSecret: null, previousSecretUntil: null, createdAt: at, updatedAt: at, disabledAt: null };
  await insertWebhook(env.store.db, row);
  return row;
}

export interface Received { headers: http.IncomingHttpHeaders; body: string; at: number }

/** A real HTTP receiver on 127.0.0.1 (or `host`); `respond` decides per request (status, or 'hang' to never answer). */
export async function startReceiver(respond: (n: number, r: Received) => number | 'hang', host = '127.0.0.1'): Promise<{ url: string; port: number; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      received.push(r);
      const what = respond(received.length, r);
      if (what === 'hang') return;
      res.writeHead(what, { 'content-type': 'text/plain' });
      res.end(what < 300 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://${host}:${port}/hooks/einvoice`, port, received,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** A port on which nothing listens (bound then released). */
export async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export { waitFor } from '../helpers/wait';

/** Reads a ZIP (central directory; stored or deflated entries) into name → bytes. */
export function unzip(buf: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a ZIP');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory');
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const nlen = buf.readUInt16LE(p + 28);
    const xlen = buf.readUInt16LE(p + 30);
    const clen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nlen).toString('utf8');
    const lstart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(lstart, lstart + csize);
    out.set(name, method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data));
    p += 46 + nlen + xlen + clen;
  }
  return out;
}
