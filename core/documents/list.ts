/**
 * The documents API's list (`GET /api/v1/documents`): the documents a principal may see — exactly
 * those `GET /api/v1/documents/{id}` shows it (visibility.ts: the Authority every one, an API
 * client or access point what it submitted, a body token what was routed to its body or one of its
 * accounting units) —, newest first, filtered by state, reception date and invoice number, in pages
 * with an opaque cursor (keyset on the reception timestamp and the id: a page never repeats or skips
 * a row when documents arrive meanwhile).
 */
import * as repo from '../../db/repositories/documents';
import type { Store } from '../../db/store';
import type { Principal } from '../accounts/tokens';
import { reachableBodies } from '../directory/reachable';
import { DOCUMENT_STATES, type DocumentState } from './states';
import { badParameter, stringParam } from './query-params';

export interface DocumentListQuery {
  status?: DocumentState[];
  /** Received on or after (an ISO date: from the start of that day; or a timestamp). */
  receivedFrom?: string;
  /** Received on or before (an ISO date: to the end of that day; or a timestamp). */
  receivedTo?: string;
  /** BT-1 exactly as the document carries it. */
  invoiceNumber?: string;
  limit: number;
  cursor?: { receivedAt: string; id: string };
}

export interface DocumentListItem {
  id: string;
  status: string;
  channel: string;
  receivedAt: string;
  updatedAt: string;
  sizeBytes: number;
  invoice: { number: string | null; issueDate: string | null; typeCode: string | null; sellerKey: string | null };
  handOff: { senderId: string | null; receiverId: string | null; instanceId: string | null; as4MessageId: string | null };
  resolvedBodyId: string | null;
  links: { self: string };
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;
const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const bad = badParameter;

export function encodeListCursor(row: { receivedAt: string; id: string }): string {
  return Buffer.from(`${row.receivedAt}|${row.id}`, 'utf8').toString('base64url');
}

function decodeListCursor(v: string): { receivedAt: string; id: string } {
  const [at, id, ...rest] = Buffer.from(v, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || at === undefined || id === undefined || !ID.test(id) || !DATE.test(at) || Number.isNaN(Date.parse(at))) throw bad('cursor is not one this API returned');
  return { receivedAt: new Date(at).toISOString(), id };
}

/** A timestamp of a bound: a date alone means the whole day. */
function bound(v: string, end: boolean): string {
  if (v.length === 10) return end ? `${v}T23:59:59.999Z` : `${v}T00:00:00.000Z`;
  return new Date(v).toISOString();
}

/** Reads the query string of the list; a bad value is a CoreError `bad-parameter` (400). */
export function parseDocumentListQuery(q: Record<string, unknown>): DocumentListQuery {
  const str = (k: string): string | undefined => stringParam(q, k);
  const known = new Set(['status', 'receivedFrom', 'receivedTo', 'invoiceNumber', 'limit', 'cursor']);
  const unknown = Object.keys(q).filter((k) => !known.has(k));
  if (unknown.length > 0) throw bad(`unknown parameter ${unknown[0]!.slice(0, 40)} (the filters are ${[...known].join(', ')})`);
  const out: DocumentListQuery = { limit: DEFAULT_LIMIT };
  const status = str('status');
  if (status !== undefined) {
    const list = status.split(',').map((s) => s.trim()).filter((s) => s !== '');
    for (const s of list) if (!(DOCUMENT_STATES as readonly string[]).includes(s)) throw bad(`status must be one or more of ${DOCUMENT_STATES.join(', ')}, comma-separated (got "${s.slice(0, 40)}")`);
    out.status = list as DocumentState[];
  }
  for (const [k, end] of [['receivedFrom', false], ['receivedTo', true]] as const) {
    const v = str(k);
    if (v === undefined) continue;
    if (!DATE.test(v) || Number.isNaN(Date.parse(v))) throw bad(`${k} must be a date YYYY-MM-DD or an ISO timestamp`);
    out[k] = bound(v, end);
  }
  if (out.receivedFrom !== undefined && out.receivedTo !== undefined && out.receivedFrom > out.receivedTo) throw bad('receivedFrom is after receivedTo');
  const number = str('invoiceNumber');
  if (number !== undefined) out.invoiceNumber = number;
  const limit = str('limit');
  if (limit !== undefined) {
    const n = Number(limit);
    if (!Number.isInteger(n) || n < 1) throw bad('limit must be a positive integer');
    out.limit = Math.min(n, MAX_LIMIT);
  }
  const cursor = str('cursor');
  if (cursor !== undefined) out.cursor = decodeListCursor(cursor);
  return out;
}

/** Whose documents a principal sees: null = all (Authority), else a submitter or a set of bodies. */
async function scopeOf(store: Pick<Store, 'db'>, p: Principal): Promise<repo.DocumentListScope | 'nothing'> {
  if (p.scope === 'authority') return { all: true };
  if (p.scope === 'api-client' || p.scope === 'access-point') return { submittedBy: p.actor };
  if (p.scope === 'body' && p.bodyId !== null) {
    const bodies = await reachableBodies(store, p.bodyId);
    return bodies.length === 0 ? 'nothing' : { bodies };
  }
  return 'nothing';
}

function itemOf(d: repo.DocumentRow): DocumentListItem {
  return {
    id: d.id, status: d.state, channel: d.channel, receivedAt: d.receivedAt, updatedAt: d.updatedAt, sizeBytes: d.sizeBytes,
    invoice: { number: d.invoiceNumber, issueDate: d.issueDate, typeCode: d.typeCode, sellerKey: d.sellerKey },
    handOff: { senderId: d.senderId, receiverId: d.receiverId, instanceId: d.instanceId, as4MessageId: d.as4MessageId },
    resolvedBodyId: d.resolvedBodyId,
    links: { self: `/api/v1/documents/${d.id}` },
  };
}

/** One page of the documents `p` may see, newest first, and the cursor of the next page (null on the last). */
export async function listDocuments(store: Pick<Store, 'db'>, p: Principal, q: DocumentListQuery): Promise<{ items: DocumentListItem[]; nextCursor: string | null }> {
  const scope = await scopeOf(store, p);
  if (scope === 'nothing') return { items: [], nextCursor: null };
  const rows = await repo.listDocumentsPage(store.db, scope, {
    states: q.status, receivedFrom: q.receivedFrom, receivedTo: q.receivedTo, invoiceNumber: q.invoiceNumber, before: q.cursor, limit: q.limit + 1,
  });
  const more = rows.length > q.limit;
  const page = more ? rows.slice(0, q.limit) : rows;
  const last = page[page.length - 1];
  return { items: page.map(itemOf), nextCursor: more && last !== undefined ? encodeListCursor(last) : null };
}
