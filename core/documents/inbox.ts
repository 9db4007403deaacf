/**
 * The bodies' inbox, as the pull API and the web inbox share it: who is looking (a body and its
 * accounting units, or the Authority), the filtered list with cursor pagination, the visible item,
 * its metadata, downloads recorded as events (`new` → `fetched`), the acknowledgement (the document
 * moves to `acknowledged` by `transition`), and the files of a bundle.
 */
import * as repo from '../../db/repositories/dispatch';
import type { InboxItemRow } from '../../db/repositories/dispatch';
import { readInvoice } from '../../model';
import type { Store } from '../store';
import { CoreError } from '../errors';
import { appendEventTx, eventsOf, fileOf, getDocument, transition, type DocumentRow } from './store';
import { findingsOf } from './view';
import { badParameter, stringParam } from './query-params';

export type { InboxItemRow } from '../../db/repositories/dispatch';

export const INBOX_STATUSES = ['new', 'fetched', 'acknowledged'] as const;
export type InboxStatus = (typeof INBOX_STATUSES)[number];
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface Viewer {
  /** What events record: `token:<id>`, `inbox-user:<id>`, `admin`. */
  actor: string;
  /** Bodies reached (the body and its accounting units, core/dispatch/bodies.ts `reachableBodies`); null = every body (Authority). */
  bodies: string[] | null;
  via: 'api' | 'web';
}

export interface ListQuery {
  status?: InboxStatus[];
  /** Delivered on or after / before (ISO date or timestamp). */
  since?: string;
  until?: string;
  issuedFrom?: string;
  issuedTo?: string;
  /** Supplier: exact key (VAT id) or part of the name, case-insensitive. */
  supplier?: string;
  department?: string;
  body?: string;
  limit: number;
  cursor?: number;
  order: 'asc' | 'desc';
}

const DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/;

const bad = badParameter;

export function encodeCursor(seq: number): string {
  return Buffer.from(`seq:${seq}`).toString('base64url');
}

/** Parses the query string of a list request (shared by the API and the web page); a bad value is a 400 `bad-parameter`. */
export function parseListQuery(q: Record<string, unknown>, defaults: { limit: number; order: 'asc' | 'desc' }): ListQuery {
  const str = (k: string): string | undefined => stringParam(q, k);
  const out: ListQuery = { limit: defaults.limit, order: defaults.order };
  const status = str('status');
  if (status !== undefined && status !== 'all') {
    const list = status.split(',').map((s) => s.trim());
    for (const s of list) if (!(INBOX_STATUSES as readonly string[]).includes(s)) throw bad(`status must be one of ${INBOX_STATUSES.join(', ')} or all (got "${s.slice(0, 40)}")`);
    out.status = list as InboxStatus[];
  }
  for (const k of ['since', 'until', 'issuedFrom', 'issuedTo'] as const) {
    const v = str(k);
    if (v === undefined) continue;
    if (!DATE.test(v) || Number.isNaN(Date.parse(v))) throw bad(`${k} must be a date YYYY-MM-DD or an ISO timestamp`);
    out[k] = v;
  }
  out.supplier = str('supplier');
  out.department = str('department');
  out.body = str('body');
  const limit = str('limit');
  if (limit !== undefined) {
    const n = Number(limit);
    if (!Number.isInteger(n) || n < 1) throw bad('limit must be a positive integer');
    out.limit = Math.min(n, 500);
  }
  const order = str('order');
  if (order !== undefined) {
    if (order !== 'asc' && order !== 'desc') throw bad('order must be asc or desc');
    out.order = order;
  }
  const cursor = str('cursor');
  if (cursor !== undefined) {
    const m = /^seq:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (m === null) throw bad('cursor is not one this API returned');
    out.cursor = Number(m[1]);
  }
  return out;
}

/** Day bound: a date alone means the whole day (until = the end of it). */
function bound(v: string, end: boolean): string {
  return v.length === 10 ? (end ? `${v}T23:59:59.999Z` : `${v}T00:00:00.000Z`) : v;
}

/** The departments of the documents the viewer can see (for the web inbox's filter), sorted. */
export async function departmentsOf(store: Pick<Store, 'db'>, viewer: Viewer): Promise<string[]> {
  return (await repo.inboxDepartments(store.db, viewer.bodies)).sort((a, b) => a.localeCompare(b));
}

export async function listItems(store: Pick<Store, 'db'>, viewer: Viewer, q: ListQuery): Promise<{ items: InboxItemRow[]; nextCursor: string | null }> {
  let bodies: readonly string[] | null = viewer.bodies;
  if (q.body !== undefined) {
    if (viewer.bodies !== null && !viewer.bodies.includes(q.body)) return { items: [], nextCursor: null };
    bodies = [q.body];
  }
  if (bodies !== null && bodies.length === 0) return { items: [], nextCursor: null };
  const rows = await repo.listInboxItems(store.db, {
    bodies, status: q.status, order: q.order, limit: q.limit + 1, cursor: q.cursor, department: q.department, supplier: q.supplier,
    deliveredFrom: q.since === undefined ? undefined : bound(q.since, false), deliveredTo: q.until === undefined ? undefined : bound(q.until, true),
    issuedFrom: q.issuedFrom?.slice(0, 10), issuedTo: q.issuedTo?.slice(0, 10),
  });
  const more = rows.length > q.limit;
  const items = more ? rows.slice(0, q.limit) : rows;
  return { items, nextCursor: more ? encodeCursor(items[items.length - 1]!.seq) : null };
}

/** The item and document if `viewer` may see them; otherwise a 404 that does not tell whether it exists. */
export async function loadVisible(store: Pick<Store, 'db'>, viewer: Viewer, id: string): Promise<{ item: InboxItemRow; doc: DocumentRow }> {
  const item = ID.test(id) ? await repo.inboxItemOf(store.db, id) : undefined;
  const visible = item !== undefined && (viewer.bodies === null || viewer.bodies.includes(item.bodyId));
  const doc = visible ? await getDocument(store, id) : undefined;
  if (item === undefined || doc === undefined) {
    throw new CoreError('not-found', 'document-not-found', 'Document not found', `No document ${id.slice(0, 64)} in this inbox.`);
  }
  return { item, doc };
}

export function itemView(item: InboxItemRow, base = '/inbox/v1/documents'): Record<string, unknown> {
  const self = `${base}/${item.documentId}`;
  return {
    id: item.documentId, status: item.status, bodyId: item.bodyId, department: item.department,
    deliveredAt: item.deliveredAt, firstFetchedAt: item.firstFetchedAt, acknowledgedAt: item.acknowledgedAt,
    supplier: { name: item.supplierName, key: item.supplierKey }, invoiceNumber: item.invoiceNumber, issueDate: item.issueDate,
    summary: item.summary,
    links: { self, xml: `${self}/xml`, pdf: `${self}/pdf`, bundle: `${self}/bundle`, ack: `${self}/ack` },
  };
}

export interface InboxEvent { seq: number; at: string; actor: string; type: string; from: string | null; to: string; details: Record<string, unknown> }

/** Metadata of one document: the item, summary, findings (validation warnings, routing notes) and the document's events. */
export async function documentMetadata(store: Store, item: InboxItemRow, doc: DocumentRow): Promise<Record<string, unknown> & { summary: Record<string, unknown>; findings: Record<string, unknown>[]; events: InboxEvent[] }> {
  const rows = await eventsOf(store, doc.id);
  const evs: InboxEvent[] = rows.map((e) => ({ seq: e.seq, at: e.at, actor: e.actor, type: e.type, from: e.fromState, to: e.toState, details: e.details }));
  const report = (await findingsOf(store, doc, rows)).report;
  const routeFindings = evs.filter((e) => e.to === 'routed' && e.from !== e.to).flatMap((e) => (Array.isArray(e.details.findings) ? e.details.findings as Record<string, unknown>[] : []));
  return {
    ...itemView(item),
    summary: item.summary,
    documentStatus: doc.state,
    receivedAt: doc.receivedAt,
    sizeBytes: doc.sizeBytes,
    sha256: doc.payloadSha256,
    scenario: doc.scenario,
    findings: [...((report?.findings ?? []) as unknown as Record<string, unknown>[]), ...routeFindings],
    events: evs,
  };
}

/** Records a download (event; `new` → `fetched`) in one transaction. */
export async function recordDownload(store: Pick<Store, 'db'>, viewer: Viewer, item: InboxItemRow, what: string, now: Date): Promise<void> {
  await store.db.transaction(async (tx) => {
    await appendEventTx(tx, item.documentId, viewer.actor, 'inbox.download', { what, via: viewer.via, bodyId: item.bodyId }, now);
    await repo.markFetched(tx, item.seq, now.toISOString());
  });
}

/** The body acknowledges: document `delivered` → `acknowledged`, the item too. Idempotent; 409 `not-acknowledgeable` in any other state. */
export async function acknowledge(store: Pick<Store, 'db'>, viewer: Viewer, item: InboxItemRow, now: Date): Promise<{ status: 'acknowledged'; changed: boolean }> {
  const tr = await transition(store, item.documentId, {
    from: 'delivered', to: 'acknowledged', actor: viewer.actor, at: now, type: 'inbox.ack', details: { via: viewer.via, bodyId: item.bodyId },
    also: async (tx) => { await repo.markAcknowledged(tx, item.seq, now.toISOString()); },
  });
  if (!tr.changed && tr.state !== 'acknowledged') throw new CoreError('conflict', 'not-acknowledgeable', 'Cannot acknowledge', `The document is ${tr.state}, not delivered.`);
  return { status: 'acknowledged', changed: tr.changed };
}

/** SHA-256 of the business document (or of the bytes as received, Peppol envelope included). */
export function xmlSha(doc: DocumentRow, original = false): string {
  return original ? doc.originalSha256 : doc.payloadSha256;
}

/** SHA-256 of the standardised PDF when it is stored, else null. */
export async function pdfSha(store: Store, doc: DocumentRow): Promise<string | null> {
  const sha = await fileOf(store, doc.id, 'pdf');
  return sha !== undefined && (await store.blobs.has(sha)) ? sha : null;
}

function safeName(name: string, fallback: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[^\w.-]+/g, '_').replace(/^\.+/, '').slice(0, 100);
  return clean === '' ? fallback : clean;
}

/** Embedded attachments (BG-24 / BT-125) of the business document. */
export function attachmentsOf(xml: Buffer): { name: string; bytes: Buffer }[] {
  try {
    const model = readInvoice(xml);
    const out: { name: string; bytes: Buffer }[] = [];
    const used = new Set<string>();
    (model.terms['BG-24'] ?? []).forEach((g, i) => {
      const bin = g['BT-125'];
      if (bin === undefined) return;
      let name = safeName(bin.filename, `attachment-${i + 1}`);
      while (used.has(name)) name = `${i + 1}-${name}`;
      used.add(name);
      out.push({ name, bytes: bin.bytes() });
    });
    return out;
  } catch {
    return [];
  }
}

export interface BundleEntry { path: string; bytes: Buffer; mtime: Date }

/** One document's bundle under `dir`: `invoice.xml`, `invoice.pdf` (once rendered), `attachments/…`, `metadata.json`. */
export async function bundleEntries(store: Store, item: InboxItemRow, doc: DocumentRow, dir = ''): Promise<BundleEntry[]> {
  const mtime = new Date(item.deliveredAt);
  const xml = await store.blobs.get(xmlSha(doc));
  const out: BundleEntry[] = [{ path: `${dir}invoice.xml`, bytes: xml, mtime }];
  const pdf = await pdfSha(store, doc);
  if (pdf !== null) out.push({ path: `${dir}invoice.pdf`, bytes: await store.blobs.get(pdf), mtime });
  for (const a of attachmentsOf(xml)) out.push({ path: `${dir}attachments/${a.name}`, bytes: a.bytes, mtime });
  out.push({ path: `${dir}metadata.json`, bytes: Buffer.from(JSON.stringify(await documentMetadata(store, item, doc), null, 2)), mtime });
  return out;
}
