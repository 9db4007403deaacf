/**
 * What the pull API and the web inbox share: who is looking (a body and its accounting units, or
 * the Authority), the filtered list with cursor pagination, the visible item, downloads and
 * acknowledgements recorded as events, and the ZIP bundles.
 */
import { and, asc, desc, eq, gt, gte, inArray, isNotNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Response } from 'express';
import yazl from 'yazl';
import { fileOf } from '../../db/file-store';
import { events, inboxItems, type DocumentRow, type InboxItemRow } from '../../db/schema';
import { readInvoice } from '../../model';
import type { ValidationReport } from '../../validation/types';
import { appendEventTx } from '../../workers/dispatch/store';
import { getDocument, transition } from '../../workers/stage-contract';
import type { AppDeps } from '../deps';
import { ProblemError } from '../errors';

export const INBOX_STATUSES = ['new', 'fetched', 'acknowledged'] as const;
export type InboxStatus = (typeof INBOX_STATUSES)[number];
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface Viewer {
  /** What events record: `token:<id>`, `inbox-user:<id>`, `admin`. */
  actor: string;
  /** Bodies reached (the body and its accounting units); null = every body (Authority). */
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

function bad(detail: string): ProblemError {
  return new ProblemError(400, 'bad-parameter', 'Bad parameter', detail);
}

export function encodeCursor(seq: number): string {
  return Buffer.from(`seq:${seq}`).toString('base64url');
}

/** Parses the query string of a list request (shared by the API and the web page). */
export function parseListQuery(q: Record<string, unknown>, defaults: { limit: number; order: 'asc' | 'desc' }): ListQuery {
  const str = (k: string): string | undefined => {
    const v = q[k];
    if (v === undefined || v === '') return undefined;
    if (typeof v !== 'string') throw bad(`${k} must be given once`);
    if (v.length > 200) throw bad(`${k} is too long`);
    return v.trim();
  };
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
export function departmentsOf(deps: AppDeps, viewer: Viewer): string[] {
  const scope = viewer.bodies === null ? undefined : viewer.bodies.length === 0 ? sql`0` : inArray(inboxItems.bodyId, viewer.bodies);
  const rows = deps.db.selectDistinct({ department: inboxItems.department }).from(inboxItems).where(and(scope, isNotNull(inboxItems.department))).all();
  return rows.map((r) => r.department!).sort((a, b) => a.localeCompare(b));
}

export function listItems(deps: AppDeps, viewer: Viewer, q: ListQuery): { items: InboxItemRow[]; nextCursor: string | null } {
  const where: (SQL | undefined)[] = [];
  if (viewer.bodies !== null) {
    if (q.body !== undefined && !viewer.bodies.includes(q.body)) return { items: [], nextCursor: null };
    where.push(q.body !== undefined ? eq(inboxItems.bodyId, q.body) : viewer.bodies.length === 1 ? eq(inboxItems.bodyId, viewer.bodies[0]!) : inArray(inboxItems.bodyId, viewer.bodies));
  } else if (q.body !== undefined) where.push(eq(inboxItems.bodyId, q.body));
  if (q.status !== undefined) where.push(q.status.length === 1 ? eq(inboxItems.status, q.status[0]!) : inArray(inboxItems.status, q.status));
  if (q.since !== undefined) where.push(gte(inboxItems.deliveredAt, bound(q.since, false)));
  if (q.until !== undefined) where.push(lte(inboxItems.deliveredAt, bound(q.until, true)));
  if (q.issuedFrom !== undefined) where.push(gte(inboxItems.issueDate, q.issuedFrom.slice(0, 10)));
  if (q.issuedTo !== undefined) where.push(lte(inboxItems.issueDate, q.issuedTo.slice(0, 10)));
  if (q.department !== undefined) where.push(eq(inboxItems.department, q.department));
  if (q.supplier !== undefined) {
    const like = `%${q.supplier.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(eq(inboxItems.supplierKey, q.supplier), sql`lower(${inboxItems.supplierName}) like ${like} escape '\\'`));
  }
  if (q.cursor !== undefined) where.push(q.order === 'asc' ? gt(inboxItems.seq, q.cursor) : lt(inboxItems.seq, q.cursor));
  const rows = deps.db.select().from(inboxItems).where(and(...where))
    .orderBy(q.order === 'asc' ? asc(inboxItems.seq) : desc(inboxItems.seq)).limit(q.limit + 1).all();
  const more = rows.length > q.limit;
  const items = more ? rows.slice(0, q.limit) : rows;
  return { items, nextCursor: more ? encodeCursor(items[items.length - 1]!.seq) : null };
}

/** The item and document if `viewer` may see them; otherwise a 404 that does not tell whether it exists. */
export function loadVisible(deps: AppDeps, viewer: Viewer, id: string): { item: InboxItemRow; doc: DocumentRow } {
  const item = ID.test(id) ? deps.db.select().from(inboxItems).where(eq(inboxItems.documentId, id)).get() : undefined;
  const doc = item === undefined ? undefined : getDocument(deps.db, id);
  if (item === undefined || doc === undefined || (viewer.bodies !== null && !viewer.bodies.includes(item.bodyId))) {
    throw new ProblemError(404, 'document-not-found', 'Document not found', `No document ${id.slice(0, 64)} in this inbox.`);
  }
  return { item, doc };
}

export function itemView(item: InboxItemRow, base = '/inbox/v1/documents'): Record<string, unknown> {
  const summary = JSON.parse(item.summary) as Record<string, unknown>;
  const self = `${base}/${item.documentId}`;
  return {
    id: item.documentId, status: item.status, bodyId: item.bodyId, department: item.department,
    deliveredAt: item.deliveredAt, firstFetchedAt: item.firstFetchedAt, acknowledgedAt: item.acknowledgedAt,
    supplier: { name: item.supplierName, key: item.supplierKey }, invoiceNumber: item.invoiceNumber, issueDate: item.issueDate,
    summary,
    links: { self, xml: `${self}/xml`, pdf: `${self}/pdf`, bundle: `${self}/bundle`, ack: `${self}/ack` },
  };
}

function findingsOf(deps: AppDeps, documentId: string): unknown[] {
  const sha = fileOf(deps.db, documentId, 'validation-report');
  if (sha === undefined || !deps.files.has(sha)) return [];
  try {
    return (JSON.parse(deps.files.get(sha).toString('utf8')) as ValidationReport).findings ?? [];
  } catch {
    return [];
  }
}

/** Metadata of one document: summary, findings (validation and routing) and the document's events. */
export function documentMetadata(deps: AppDeps, item: InboxItemRow, doc: DocumentRow): Record<string, unknown> {
  const evs = deps.db.select().from(events).where(eq(events.documentId, doc.id)).orderBy(asc(events.seq)).all()
    .map((e) => ({ seq: e.seq, at: e.at, actor: e.actor, type: e.type, from: e.fromState, to: e.toState, details: JSON.parse(e.details) as Record<string, unknown> }));
  const routeFindings = evs.filter((e) => e.to === 'routed' && e.from !== e.to).flatMap((e) => (Array.isArray(e.details.findings) ? e.details.findings as unknown[] : []));
  return {
    ...itemView(item),
    documentStatus: doc.state,
    receivedAt: doc.receivedAt,
    sizeBytes: doc.sizeBytes,
    sha256: doc.payloadSha256,
    scenario: doc.scenario,
    findings: [...findingsOf(deps, doc.id), ...routeFindings],
    events: evs,
  };
}

/** Records a download (event; `new` → `fetched`) in one transaction. */
export function recordDownload(deps: AppDeps, viewer: Viewer, item: InboxItemRow, what: string): void {
  const at = deps.clock();
  deps.db.transaction((tx) => {
    appendEventTx(tx, item.documentId, viewer.actor, 'inbox.download', { what, via: viewer.via, bodyId: item.bodyId }, at);
    tx.update(inboxItems).set({ status: 'fetched', firstFetchedAt: at.toISOString() })
      .where(and(eq(inboxItems.seq, item.seq), eq(inboxItems.status, 'new'))).run();
  }, { behavior: 'immediate' });
}

/** The body acknowledges: document `delivered` → `acknowledged`. Idempotent. */
export function acknowledge(deps: AppDeps, viewer: Viewer, item: InboxItemRow): { status: string; changed: boolean } {
  const at = deps.clock();
  const tr = transition(deps.db, item.documentId, {
    from: 'delivered', to: 'acknowledged', actor: viewer.actor, at, type: 'inbox.ack', details: { via: viewer.via, bodyId: item.bodyId },
    also: (tx) => { tx.update(inboxItems).set({ status: 'acknowledged', acknowledgedAt: at.toISOString() }).where(eq(inboxItems.seq, item.seq)).run(); },
  });
  if (!tr.changed && tr.state !== 'acknowledged') throw new ProblemError(409, 'not-acknowledgeable', 'Cannot acknowledge', `The document is ${tr.state}, not delivered.`);
  return { status: 'acknowledged', changed: tr.changed };
}

export function xmlOf(deps: AppDeps, doc: DocumentRow, original = false): Buffer {
  return deps.files.get(original ? doc.originalSha256 : doc.payloadSha256);
}

export function pdfOf(deps: AppDeps, doc: DocumentRow): Buffer | null {
  const sha = fileOf(deps.db, doc.id, 'pdf');
  return sha !== undefined && deps.files.has(sha) ? deps.files.get(sha) : null;
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

/** Adds one document's bundle (XML, PDF, attachments, metadata.json) to a ZIP under `dir`. */
export function addBundle(zip: yazl.ZipFile, deps: AppDeps, item: InboxItemRow, doc: DocumentRow, dir = ''): void {
  const xml = xmlOf(deps, doc);
  const mtime = new Date(item.deliveredAt);
  zip.addBuffer(xml, `${dir}invoice.xml`, { mtime });
  const pdf = pdfOf(deps, doc);
  if (pdf !== null) zip.addBuffer(pdf, `${dir}invoice.pdf`, { mtime });
  for (const a of attachmentsOf(xml)) zip.addBuffer(a.bytes, `${dir}attachments/${a.name}`, { mtime });
  zip.addBuffer(Buffer.from(JSON.stringify(documentMetadata(deps, item, doc), null, 2)), `${dir}metadata.json`, { mtime });
}

export function sendZip(res: Response, filename: string, fill: (zip: yazl.ZipFile) => void): void {
  const zip = new yazl.ZipFile();
  fill(zip);
  zip.end();
  res.type('application/zip').set('Content-Disposition', `attachment; filename="${filename}"`);
  zip.outputStream.pipe(res);
}
