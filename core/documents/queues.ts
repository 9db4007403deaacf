/**
 * What the Authority's console reads about documents: the error queues (documents not marked
 * handled in their current state), their counts, the grouped views (by rule, sending provider,
 * recipient, day) with the 7-day trend, and what the document page shows — metadata, findings, the
 * canonical summary, the readable history with who did what, the MLS response. Findings come from the
 * stored validation reports, content-addressed and immutable, so they are cached by hash; the type
 * and amount of a document come from its payload, cached the same way.
 */
import type { Lang } from '../../config/languages';
import * as accounts from '../../db/repositories/accounts';
import * as repo from '../../db/repositories/console';
import type { Store } from '../../db/store';
import { byId } from '../../model/catalogue';
import { CREDIT_NOTE_TYPE_CODES, readInvoice } from '../../model/read';
import { summarize, type InvoiceSummary } from '../../model/summary';
import { withMessages } from '../../validation/messages';
import type { Finding, FindingMessages, ValidationReport } from '../../validation/types';
import { mlsOfDocument, type OutboxRow } from '../../db/repositories/outbox';
import * as responses from '../../db/repositories/responses';
import { config } from '../../config';
import { eventsOf, fileOf, getDocument, type DocumentRow, type EventRow } from './store';
import { findingsOf, type ShownFinding } from './view';

export const QUEUES = {
  rejected: ['rejected'],
  unroutable: ['unroutable'],
  duplicates: ['duplicate'],
  failed: ['validate_failed', 'route_failed', 'render_failed', 'dispatch_failed'],
  stuck: ['received', 'validated', 'routed', 'rendered'],
} as const;
export type DocumentQueue = keyof typeof QUEUES;
/**
 * Queues that are not states: webhook dead letters; documents awaiting the body (delivered more than
 * `EINVOICE_RESPONSE_DEADLINE_DAYS` ago with no status beyond AB); Invoice Responses that did not pass
 * T111 (never sent).
 */
export type OtherQueue = 'dead-letters' | 'awaiting-body' | 'invalid-responses';
export type QueueName = DocumentQueue | OtherQueue;
export const QUEUE_NAMES: readonly QueueName[] = ['rejected', 'unroutable', 'duplicates', 'failed', 'stuck', 'dead-letters', 'awaiting-body', 'invalid-responses'];

export function isDocumentQueue(q: QueueName): q is DocumentQueue {
  return Object.prototype.hasOwnProperty.call(QUEUES, q);
}

/** Documents delivered before this instant with no status beyond AB are awaiting the body. */
function awaitingBefore(): string {
  return new Date(Date.now() - config.responseDeadlineDays * 86_400_000).toISOString();
}

export function isQueueName(v: unknown): v is QueueName {
  return typeof v === 'string' && (QUEUE_NAMES as readonly string[]).includes(v);
}

export type GroupBy = 'rule' | 'provider' | 'recipient' | 'day';
export const GROUP_BYS: readonly GroupBy[] = ['rule', 'provider', 'recipient', 'day'];

export function isGroupBy(v: unknown): v is GroupBy {
  return typeof v === 'string' && (GROUP_BYS as readonly string[]).includes(v);
}

/** Documents are stuck when a stage's input state is untouched for 3× the reconciler's delay, at least 10 min. */
export function stuckBefore(now: Date, reconcileAfterMs: number): string {
  return new Date(now.getTime() - Math.max(reconcileAfterMs * 3, 600_000)).toISOString();
}

function scope(q: DocumentQueue, stuck: string): repo.QueueScope {
  return q === 'stuck' ? { states: QUEUES[q], stuckBefore: stuck } : { states: QUEUES[q] };
}

export async function queueCounts(store: Pick<Store, 'db'>, stuck: string): Promise<Record<QueueName, number>> {
  const out = {} as Record<QueueName, number>;
  for (const q of QUEUE_NAMES) {
    out[q] = q === 'dead-letters' ? await repo.countDeadLetters(store.db)
      : q === 'awaiting-body' ? await responses.countAwaiting(store.db, awaitingBefore())
        : q === 'invalid-responses' ? await responses.countInvalid(store.db)
          : await repo.countInQueue(store.db, scope(q, stuck));
  }
  return out;
}

/** Filters of a queue's list; `-` stands for "none" (documents without a sending provider, a recipient). */
export interface QueueFilter { provider?: string; recipient?: string; day?: string; rule?: string }

/** One line of a queue, as the API answers it. */
export type QueueRow = Pick<repo.QueueDocumentRow, 'id' | 'state' | 'channel' | 'receivedAt' | 'updatedAt' | 'sendingAp' | 'recipient' | 'invoiceNumber' | 'lastError'> & {
  /** Dead letters: the delivery given up (one document may have several, one per webhook). */
  deliveryId?: string;
};

/** Type and amount of a document as the console shows them. */
export interface DocumentFacts {
  kind: 'invoice' | 'credit-note' | null;
  /** UNTDID 1001 (BT-3). */
  typeCode: string | null;
  /** BT-112 with the sign of the document: a credit note's amount is negative. */
  amount: string | null;
  currency: string | null;
}

/** A queue line with the document's type and amount, and why it is there (the console's pages). */
export interface QueueItem extends QueueRow {
  facts: DocumentFacts;
  /** The last error, else the first fatal finding of its report (`[rule] message`), else null. */
  reason: string | null;
  /** When the reason is a finding: the finding, with its French and German texts (the page shows the staff member's language). */
  reasonFinding: { ruleId: string; message: string; messages?: FindingMessages } | null;
}

const RULE_SCAN = 20_000;

export async function queueRows(store: Store, q: QueueName, stuck: string, f: QueueFilter = {}, limit = 200, offset = 0): Promise<QueueRow[]> {
  return (await queueLines(store, q, stuck, f, limit, offset)).map(apiRow);
}

export async function queueItems(store: Store, q: QueueName, stuck: string, f: QueueFilter, limit: number, offset: number): Promise<QueueItem[]> {
  const lines = await queueLines(store, q, stuck, f, limit, offset);
  const facts = await documentFacts(store, lines);
  const out: QueueItem[] = [];
  for (const l of lines) {
    const first = l.lastError === null ? (await fatalFindings(store, l.id))[0] : undefined;
    out.push({
      ...apiRow(l), facts: facts.get(l.payloadSha256) ?? NO_FACTS,
      reason: l.lastError ?? (first ? (first.message.startsWith(`[${first.ruleId}]`) ? first.message : `[${first.ruleId}] ${first.message}`) : null),
      reasonFinding: first ? { ruleId: first.ruleId, message: first.message, ...(first.messages ? { messages: first.messages } : {}) } : null,
    });
  }
  return out;
}

type Line = repo.QueueDocumentRow & { deliveryId?: string };

function apiRow(l: Line): QueueRow {
  const row: QueueRow = {
    id: l.id, state: l.state, channel: l.channel, receivedAt: l.receivedAt, updatedAt: l.updatedAt, sendingAp: l.sendingAp,
    recipient: l.recipient, invoiceNumber: l.invoiceNumber, lastError: l.lastError,
  };
  if (l.deliveryId !== undefined) row.deliveryId = l.deliveryId;
  return row;
}

async function queueLines(store: Store, q: QueueName, stuck: string, f: QueueFilter, limit: number, offset: number): Promise<Line[]> {
  if (q === 'dead-letters') return repo.deadLetterLines(store.db, limit, offset);
  if (q === 'invalid-responses') return responses.invalidLines(store.db, limit, offset);
  if (q === 'awaiting-body') {
    return (await responses.awaitingLines(store.db, awaitingBefore(), limit, offset))
      .map((l) => ({ ...l, lastError: `delivered ${l.deliveredAt}; no status beyond AB${l.remindedAt !== null ? `; reminder ${l.remindedAt}` : ''}` }));
  }
  const none = (v: string | undefined): string | null | undefined => (v === '-' ? null : v);
  const sqlFilter: repo.QueueFilterSql = { provider: none(f.provider), recipient: none(f.recipient), day: f.day };
  if (f.rule === undefined) return repo.queueDocuments(store.db, scope(q, stuck), sqlFilter, limit, offset);
  const rows = await repo.queueDocuments(store.db, scope(q, stuck), sqlFilter, RULE_SCAN, 0);
  const hits: Line[] = [];
  for (const r of rows) {
    if (hits.length >= offset + limit) break;
    if ((await fatalFindings(store, r.id)).some((x) => x.ruleId === f.rule)) hits.push(r);
  }
  return hits.slice(offset, offset + limit);
}

// ---------------------------------------------------------------- findings of the stored reports

const reportCache = new Map<string, Finding[]>();

/** Fatal findings of a document's stored validation report, with their French and German texts (empty when there is none). */
export async function fatalFindings(store: Store, documentId: string): Promise<Finding[]> {
  const sha = await fileOf(store, documentId, 'validation-report');
  if (sha === undefined) return [];
  const hit = reportCache.get(sha);
  if (hit) return hit;
  let findings: Finding[];
  try {
    findings = (JSON.parse((await store.blobs.get(sha)).toString('utf8')) as ValidationReport).findings.filter((x) => x.flag === 'fatal').map(withMessages);
  } catch {
    findings = [];
  }
  if (reportCache.size > 20_000) reportCache.clear();
  reportCache.set(sha, findings);
  return findings;
}

/** The BT/BG ids a rule message mentions, with their catalogue names. */
export function btConcerned(message: string, lang: Lang = 'en'): { id: string; name: string }[] {
  const out = new Map<string, string>();
  for (const m of message.matchAll(/\b(B[TG])-(\d{1,3})\b/g)) {
    const id = `${m[1]}-${m[2]}`;
    const t = byId(id);
    if (t !== undefined) out.set(id, t.labels[lang]);
  }
  return [...out].map(([id, name]) => ({ id, name }));
}

// ---------------------------------------------------------------- grouped views

export interface Group {
  key: string;
  count: number;
  /** Documents received in the last 7 days / the 7 days before. */
  last7: number;
  prev7: number;
  /** Rule groups: the rule's official text (English), the same in French and German, and the BT concerned. */
  text?: string;
  messages?: FindingMessages;
  bts?: { id: string; name: string }[];
}

export async function groupQueue(store: Store, q: DocumentQueue, by: GroupBy, stuck: string, now: Date, lang: Lang = 'en'): Promise<Group[]> {
  if (by !== 'rule') return repo.queueGroups(store.db, scope(q, stuck), by, now.toISOString());
  const d7 = new Date(now.getTime() - 7 * 86_400_000).toISOString();
  const d14 = new Date(now.getTime() - 14 * 86_400_000).toISOString();
  const groups = new Map<string, Group>();
  for (const r of await repo.queueDocumentIds(store.db, scope(q, stuck), RULE_SCAN)) {
    const seen = new Set<string>();
    for (const f of await fatalFindings(store, r.id)) {
      if (seen.has(f.ruleId)) continue;
      seen.add(f.ruleId);
      const g = groups.get(f.ruleId) ?? { key: f.ruleId, count: 0, last7: 0, prev7: 0, text: f.message, ...(f.messages ? { messages: f.messages } : {}), bts: btConcerned(f.message, lang) };
      g.count++;
      if (r.receivedAt >= d7) g.last7++;
      else if (r.receivedAt >= d14) g.prev7++;
      groups.set(f.ruleId, g);
    }
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

// ---------------------------------------------------------------- type and amount

const NO_FACTS: DocumentFacts = { kind: null, typeCode: null, amount: null, currency: null };
const factsCache = new Map<string, DocumentFacts>();
/** Payloads larger than this are not read for a list line (the type comes from the row alone). */
const FACTS_MAX_BYTES = 5 * 1024 * 1024;

function signed(amount: string | null, kind: DocumentFacts['kind']): string | null {
  if (amount === null || kind !== 'credit-note') return amount;
  const a = amount.trim();
  return a.startsWith('-') ? a.slice(1) : `-${a.replace(/^\+/, '')}`;
}

function kindOf(typeCode: string | null, rootName: string | null): DocumentFacts['kind'] {
  if (typeCode !== null) return CREDIT_NOTE_TYPE_CODES.has(typeCode) ? 'credit-note' : 'invoice';
  if (rootName === 'CreditNote') return 'credit-note';
  if (rootName === 'Invoice' || rootName === 'CrossIndustryInvoice') return 'invoice';
  return null;
}

/** Facts from a summary of the canonical model, with the row's type code when the model has none. */
export function factsOf(s: InvoiceSummary | null, row: { typeCode: string | null; rootName: string | null }): DocumentFacts {
  const typeCode = s?.typeCode ?? row.typeCode;
  const kind = s?.kind ?? kindOf(typeCode, row.rootName);
  return { kind, typeCode, amount: signed(s?.totals.withVat ?? null, kind), currency: s?.currency ?? null };
}

/** Type and amount of documents, by payload SHA-256 (unreadable payloads: the row's type code only). */
export async function documentFacts(store: Pick<Store, 'blobs'>, rows: readonly Pick<repo.QueueDocumentRow, 'payloadSha256' | 'sizeBytes' | 'typeCode' | 'rootName'>[]): Promise<Map<string, DocumentFacts>> {
  const out = new Map<string, DocumentFacts>();
  for (const r of rows) {
    if (out.has(r.payloadSha256)) continue;
    const hit = factsCache.get(r.payloadSha256);
    if (hit !== undefined) {
      out.set(r.payloadSha256, hit);
      continue;
    }
    let summary: InvoiceSummary | null = null;
    if (r.sizeBytes <= FACTS_MAX_BYTES) {
      try {
        summary = summarize(readInvoice(await store.blobs.get(r.payloadSha256)));
      } catch {
        summary = null; // unreadable or missing payload: the findings say why
      }
    }
    const facts = factsOf(summary, r);
    if (factsCache.size > 20_000) factsCache.clear();
    factsCache.set(r.payloadSha256, facts);
    out.set(r.payloadSha256, facts);
  }
  return out;
}

// ---------------------------------------------------------------- who did it

export type ActorKind = 'staff' | 'token' | 'admin' | 'system' | 'inbox-user' | 'body' | 'anonymous' | 'other';

/** Who an event or an audit row names, as people read it: a staff member's name, a token's name, a stage. */
export interface Actor { actor: string; kind: ActorKind; id: string; name: string | null }

/** The people and tokens behind actor strings (`staff:<login>`, `token:<id>`, `system:<stage>`, `admin`…). */
export async function resolveActors(store: Pick<Store, 'db'>, actors: Iterable<string>): Promise<Map<string, Actor>> {
  const list = [...new Set(actors)];
  const staff = list.some((a) => a.startsWith('staff:')) ? new Map((await accounts.listStaffRows(store.db)).map((u) => [u.login, u.name])) : new Map<string, string>();
  const tokens = list.some((a) => a.startsWith('token:')) ? new Map((await accounts.listTokenRows(store.db)).map((t) => [t.id, t.name])) : new Map<string, string>();
  const out = new Map<string, Actor>();
  for (const a of list) {
    const i = a.indexOf(':');
    const prefix = i < 0 ? a : a.slice(0, i);
    const id = i < 0 ? '' : a.slice(i + 1);
    if (prefix === 'staff') out.set(a, { actor: a, kind: 'staff', id, name: staff.get(id) ?? null });
    else if (prefix === 'token') out.set(a, { actor: a, kind: 'token', id, name: tokens.get(id) ?? null });
    else if (prefix === 'inbox-user') out.set(a, { actor: a, kind: 'inbox-user', id, name: (await accounts.inboxUserById(store.db, id))?.login ?? null });
    else if (prefix === 'system' || prefix === 'body') out.set(a, { actor: a, kind: prefix, id, name: null });
    else if (a === 'admin' || a === 'anonymous') out.set(a, { actor: a, kind: a, id: '', name: null });
    else out.set(a, { actor: a, kind: 'other', id: a, name: null });
  }
  return out;
}

// ---------------------------------------------------------------- the document page

export interface ConsoleDocument {
  doc: DocumentRow;
  findings: ShownFinding[];
  summary: InvoiceSummary | null;
  facts: DocumentFacts;
  /** The business document as text, or null (missing, or too large to show). */
  xml: string | null;
  events: EventRow[];
  actors: Map<string, Actor>;
  mls: OutboxRow | null;
  hasPdf: boolean;
  handled: { state: string; at: string; actor: string; note: string } | null;
}

const XML_SHOWN_MAX = 2_000_000;

export async function consoleDocument(store: Store, id: string): Promise<ConsoleDocument | undefined> {
  const doc = await getDocument(store, id);
  if (doc === undefined) return undefined;
  const events = await eventsOf(store, doc.id);
  const { findings } = await findingsOf(store, doc, events);
  const payload = (await store.blobs.has(doc.payloadSha256)) ? await store.blobs.get(doc.payloadSha256) : null;
  let summary: InvoiceSummary | null = null;
  if (payload !== null) {
    try {
      summary = summarize(readInvoice(payload));
    } catch {
      summary = null; // unreadable documents have no canonical summary (the findings say why)
    }
  }
  const handled = await repo.handledMark(store.db, doc.id);
  return {
    doc, findings, summary, facts: factsOf(summary, doc),
    xml: payload === null || payload.length > XML_SHOWN_MAX ? null : payload.toString('utf8'),
    events,
    actors: await resolveActors(store, [...events.map((e) => e.actor), ...(handled ? [handled.actor] : [])]),
    mls: (await mlsOfDocument(store.db, doc.id)) ?? null,
    hasPdf: (await fileOf(store, doc.id, 'pdf')) !== undefined,
    handled: handled && handled.state === doc.state ? { state: handled.state, at: handled.at, actor: handled.actor, note: handled.note } : null,
  };
}
