/** Helpers of the dispatch tests: a database with bodies, documents driven to `rendered`, a real HTTP receiver. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { closeDatabase, openDatabase, type Database } from '../../db/client';
import { attachFile, FileStore } from '../../db/file-store';
import { saveBodies } from '../../db/directory/store';
import type { BodyInput } from '../../db/directory/types';
import { documents, events } from '../../db/schema';
import type { StageDeps } from '../../workers/stage-contract';

export const silent = pino({ level: 'silent' });
const EXAMPLES = path.resolve(__dirname, '..', '..', '..', 'shared', 'examples');
const BASE = fs.readFileSync(path.join(EXAMPLES, 'peppol-billing', 'base-example.xml'), 'utf8');

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

export interface Env { dir: string; db: Database; files: FileStore; deps: StageDeps; close: () => void }

export function tempEnv(name: string, bodies: BodyInput[] = [body('min-a'), body('min-b')]): Env {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `einvoice-dispatch-${name}-`));
  const db = openDatabase(dir);
  const files = new FileStore(dir);
  const r = saveBodies(db, bodies, { actor: 'test', source: 'api', effectiveFrom: '2020-01-01', now: new Date() });
  if (!r.ok) throw new Error(`bodies: ${JSON.stringify(r.errors)}`);
  return {
    dir, db, files, deps: { db, files, dataDir: dir, logger: silent, clock: () => new Date() },
    close: () => { closeDatabase(db); fs.rmSync(dir, { recursive: true, force: true }); },
  };
}

export const FAKE_PDF = Buffer.from('%PDF-1.4\n% test pdf\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/**
 * A document driven into `rendered` for a body, the way the earlier stages leave it: stored bytes,
 * a `routed` transition event (with the department) and a PDF attached as a derived file.
 */
export function renderedDocument(env: Env, bodyId: string, o: { number?: string; department?: string | null; xml?: Buffer; receivedAt?: string; seller?: string } = {}): string {
  const id = crypto.randomUUID();
  const number = o.number ?? `INV-${id.slice(0, 8)}`;
  const xml = o.xml ?? invoiceXml(number);
  const sha = env.files.put(xml);
  const pdfSha = env.files.put(FAKE_PDF);
  const at = o.receivedAt ?? new Date().toISOString();
  env.db.transaction((tx) => {
    tx.insert(documents).values({
      id, state: 'rendered', version: 3, channel: 'api', receivedAt: at, updatedAt: at, submittedBy: 'admin', originalSha256: sha, payloadSha256: sha,
      sizeBytes: xml.length, rootName: 'Invoice', invoiceNumber: number, issueDate: '2017-11-13', typeCode: '380', sellerKey: o.seller ?? 'BE0123456789', resolvedBodyId: bodyId,
    }).run();
    tx.insert(events).values({ documentId: id, seq: 1, at, actor: 'api', type: 'received', fromState: null, toState: 'received', details: '{}' }).run();
    tx.insert(events).values({ documentId: id, seq: 2, at, actor: 'system:route', type: 'transition', fromState: 'validated', toState: 'routed', details: JSON.stringify({ bodyId, department: o.department ?? null }) }).run();
    tx.insert(events).values({ documentId: id, seq: 3, at, actor: 'system:render', type: 'transition', fromState: 'routed', toState: 'rendered', details: '{}' }).run();
    attachFile(tx, id, 'pdf', pdfSha, FAKE_PDF.length, 'application/pdf', at);
  });
  return id;
}

export interface Received { headers: http.IncomingHttpHeaders; body: string; at: number }

/** A real HTTP receiver on 127.0.0.1; `respond` decides per request (status, or 'hang' to never answer). */
export async function startReceiver(respond: (n: number, r: Received) => number | 'hang'): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
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
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/einvoice`, received,
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
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const zlib = require('node:zlib') as typeof import('node:zlib');
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
