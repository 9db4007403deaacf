/**
 * The SQL of dispatch and the inbox: inbox items (what each body's inbox holds), push webhooks and
 * their secrets, webhook deliveries with their schedule and lease, attempts, pick-up alerts, and
 * the few directory reads dispatch needs (a body and its accounting units, its parent, its
 * contacts). Every function takes the database or a transaction handle; the decisions are in
 * core/dispatch and core/documents/inbox.ts.
 */
import { and, asc, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Database } from '../client';
import {
  bodies, bodyContacts, events, inboxItems, pickupAlerts, webhookAttempts, webhookDeliveries, webhooks,
  type InboxItemRow, type WebhookAttemptRow, type WebhookDeliveryRow, type WebhookRow,
} from '../schema';

export type { InboxItemRow, WebhookAttemptRow, WebhookDeliveryRow, WebhookRow } from '../schema';
export type NewInboxItem = Omit<InboxItemRow, 'seq'>;
export type PickupAlertRow = typeof pickupAlerts.$inferSelect;

// --- the directory as dispatch reads it ---

/** A body and its accounting units (children of type `accounting-unit`, recursively), the body first. */
export async function bodyWithAccountingUnits(db: Database, bodyId: string): Promise<string[]> {
  const rows = await rowsOf<{ id: string }>(db, sql`
    with recursive reach(id, depth) as (
      select ${bodyId}::text, 0
      union
      select b.id, reach.depth + 1 from ${bodies} b join reach on b.parent_id = reach.id
      where b.type = 'accounting-unit' and reach.depth < 50
    )
    select id from reach group by id order by min(depth), id`);
  return rows.map((r) => r.id);
}

/**
 * What delivering a document to a body reads, in one query: whether the body exists, and the department
 * of the document's latest transition to `routed` (its event's details; null when none or empty).
 */
export async function deliveryFacts(db: Database, documentId: string, bodyId: string): Promise<{ bodyExists: boolean; department: string | null }> {
  const rows = await rowsOf<{ body_exists: boolean; department: string | null }>(db, sql`
    select exists (select 1 from ${bodies} where ${bodies.id} = ${bodyId}) as body_exists,
      (select e.details ->> 'department' from ${events} e
        where e.document_id = ${documentId} and e.to_state = 'routed' and e.from_state is distinct from e.to_state
        order by e.seq desc limit 1) as department`);
  const r = rows[0];
  return { bodyExists: r?.body_exists === true, department: r?.department === undefined || r.department === null || r.department === '' ? null : r.department };
}

/**
 * The active webhooks that serve a body, in one query: its own; when it has none and is an accounting
 * unit, its parent's (and so on up, at most 20 levels); none at the top.
 */
export async function activeWebhooksServing(db: Database, bodyId: string): Promise<WebhookRow[]> {
  const chain = sql`with recursive chain(id, parent_id, type, depth) as (
      select ${bodyId}::text, b.parent_id, b.type, 0 from (select 1) one left join ${bodies} b on b.id = ${bodyId}
      union all
      select p.id, p.parent_id, p.type, c.depth + 1 from chain c join ${bodies} p on p.id = c.parent_id
      where c.type = 'accounting-unit' and c.depth < 20)`;
  const rows = await db.select().from(webhooks)
    .where(and(isNull(webhooks.disabledAt), sql`${webhooks.bodyId} in (${chain} select id from chain)`))
    .orderBy(sql`(${chain} select min(depth) from chain where chain.id = ${webhooks.bodyId})`, asc(webhooks.createdAt), asc(webhooks.id));
  const nearest = rows[0]?.bodyId;
  return rows.filter((w) => w.bodyId === nearest);
}

/** Open (current) contacts of a body with their role and e-mail. */
export async function openContacts(db: Database, bodyId: string): Promise<{ role: string; email: string | null }[]> {
  return db.select({ role: bodyContacts.role, email: bodyContacts.email }).from(bodyContacts)
    .where(and(eq(bodyContacts.bodyId, bodyId), isNull(bodyContacts.validTo))).orderBy(asc(bodyContacts.id));
}

// --- inbox items ---

/** Puts a document into an inbox (or replaces its row: a document re-delivered after a move). */
export async function upsertInboxItem(tx: Database, row: NewInboxItem): Promise<void> {
  await tx.insert(inboxItems).values(row).onConflictDoUpdate({ target: inboxItems.documentId, set: row });
}

export async function inboxItemOf(db: Database, documentId: string): Promise<InboxItemRow | undefined> {
  const rows = await db.select().from(inboxItems).where(eq(inboxItems.documentId, documentId)).limit(1);
  return rows[0];
}

export interface InboxFilter {
  /** Bodies whose items are listed; null = every body. */
  bodies: readonly string[] | null;
  status?: readonly string[];
  /** Delivered at or after / at or before (ISO timestamps). */
  deliveredFrom?: string;
  deliveredTo?: string;
  issuedFrom?: string;
  issuedTo?: string;
  department?: string;
  /** Exact supplier key, or a part of the supplier name (case-insensitive). */
  supplier?: string;
  /** Items after (asc) / before (desc) this seq. */
  cursor?: number;
  order: 'asc' | 'desc';
  limit: number;
}

export async function listInboxItems(db: Database, f: InboxFilter): Promise<InboxItemRow[]> {
  const where: (SQL | undefined)[] = [];
  if (f.bodies !== null) where.push(f.bodies.length === 1 ? eq(inboxItems.bodyId, f.bodies[0]!) : inArray(inboxItems.bodyId, [...f.bodies]));
  if (f.status !== undefined) where.push(f.status.length === 1 ? eq(inboxItems.status, f.status[0]!) : inArray(inboxItems.status, [...f.status]));
  if (f.deliveredFrom !== undefined) where.push(gte(inboxItems.deliveredAt, f.deliveredFrom));
  if (f.deliveredTo !== undefined) where.push(lte(inboxItems.deliveredAt, f.deliveredTo));
  if (f.issuedFrom !== undefined) where.push(gte(inboxItems.issueDate, f.issuedFrom));
  if (f.issuedTo !== undefined) where.push(lte(inboxItems.issueDate, f.issuedTo));
  if (f.department !== undefined) where.push(eq(inboxItems.department, f.department));
  if (f.supplier !== undefined) {
    const like = `%${f.supplier.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(eq(inboxItems.supplierKey, f.supplier), sql`lower(${inboxItems.supplierName}) like ${like} escape '\\'`));
  }
  if (f.cursor !== undefined) where.push(f.order === 'asc' ? gt(inboxItems.seq, f.cursor) : lt(inboxItems.seq, f.cursor));
  return db.select().from(inboxItems).where(and(...where))
    .orderBy(f.order === 'asc' ? asc(inboxItems.seq) : desc(inboxItems.seq)).limit(f.limit);
}

/** The departments of the items of these bodies (null = every body), sorted. */
export async function inboxDepartments(db: Database, bodyIds: readonly string[] | null): Promise<string[]> {
  if (bodyIds !== null && bodyIds.length === 0) return [];
  const rows = await db.selectDistinct({ department: inboxItems.department }).from(inboxItems)
    .where(and(bodyIds === null ? undefined : inArray(inboxItems.bodyId, [...bodyIds]), isNotNull(inboxItems.department)));
  return rows.map((r) => r.department as string);
}

/** `new` → `fetched` (first download); nothing when already fetched or acknowledged. */
export async function markFetched(tx: Database, seq: number, at: string): Promise<void> {
  await tx.update(inboxItems).set({ status: 'fetched', firstFetchedAt: at }).where(and(eq(inboxItems.seq, seq), eq(inboxItems.status, 'new')));
}

export async function markAcknowledged(tx: Database, seq: number, at: string): Promise<void> {
  await tx.update(inboxItems).set({ status: 'acknowledged', acknowledgedAt: at }).where(eq(inboxItems.seq, seq));
}

/** A redelivered document shows as new again, delivered now, with a new pick-up alert period. */
export async function resetInboxItem(tx: Database, documentId: string, at: string): Promise<void> {
  await tx.update(inboxItems).set({ status: 'new', acknowledgedAt: null, alertedAt: null, deliveredAt: at }).where(eq(inboxItems.documentId, documentId));
}

export async function deleteInboxItem(tx: Database, documentId: string): Promise<void> {
  await tx.delete(inboxItems).where(eq(inboxItems.documentId, documentId));
}

/**
 * Claims up to `limit` items still `new`, delivered at or before `cutoff` and never alerted: marks
 * them alerted at `now` and returns them. Rows another transaction holds are skipped (`SKIP LOCKED`).
 */
export async function claimOverdueItems(tx: Database, cutoff: string, now: string, limit: number): Promise<InboxItemRow[]> {
  const due = tx.select({ seq: inboxItems.seq }).from(inboxItems)
    .where(and(eq(inboxItems.status, 'new'), lte(inboxItems.deliveredAt, cutoff), isNull(inboxItems.alertedAt)))
    .orderBy(asc(inboxItems.deliveredAt)).limit(limit).for('update', { skipLocked: true });
  const rows = await tx.update(inboxItems).set({ alertedAt: now }).where(inArray(inboxItems.seq, due)).returning();
  return rows.sort((a, b) => a.deliveredAt.localeCompare(b.deliveredAt) || a.seq - b.seq);
}

/** A transaction-level advisory lock on a text key, without waiting: false when another transaction holds it. */
export async function tryLockKey(tx: Database, key: string): Promise<boolean> {
  const rows = await rowsOf<{ locked: boolean }>(tx, sql`select pg_try_advisory_xact_lock(hashtextextended(${key}, 0)) as locked`);
  return rows[0]?.locked === true;
}

// --- webhooks ---

export async function insertWebhook(db: Database, row: WebhookRow): Promise<void> {
  await db.insert(webhooks).values(row);
}

/** Every webhook of a body (disabled ones included), oldest first. */
export async function webhooksOfBody(db: Database, bodyId: string): Promise<WebhookRow[]> {
  return db.select().from(webhooks).where(eq(webhooks.bodyId, bodyId)).orderBy(asc(webhooks.createdAt), asc(webhooks.id));
}

export async function findWebhook(db: Database, id: string): Promise<WebhookRow | undefined> {
  const rows = await db.select().from(webhooks).where(eq(webhooks.id, id)).limit(1);
  return rows[0];
}

/**
 * New secret in one statement: the current one becomes the previous one, valid until `previousUntil`.
 * Only a webhook of `bodyId` (when given); undefined when there is none.
 */
export async function rotateWebhookRow(db: Database, id: string, bodyId: string | null, secret: string, previousUntil: string, at: string): Promise<WebhookRow | undefined> {
  const rows = await db.update(webhooks)
    .set({ previousSecret: sql`${webhooks.secret}`, secret, previousSecretUntil: previousUntil, updatedAt: at })
    .where(and(eq(webhooks.id, id), bodyId === null ? undefined : eq(webhooks.bodyId, bodyId))).returning();
  return rows[0];
}

/** Disables a webhook of a body; false when the body has no webhook with this id. */
export async function disableWebhookRow(db: Database, id: string, bodyId: string, at: string): Promise<boolean> {
  const rows = await db.update(webhooks).set({ disabledAt: at }).where(and(eq(webhooks.id, id), eq(webhooks.bodyId, bodyId))).returning({ id: webhooks.id });
  return rows.length === 1;
}

export async function webhookUrls(db: Database, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: webhooks.id, url: webhooks.url }).from(webhooks).where(inArray(webhooks.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.url]));
}

// --- deliveries and attempts ---

export async function insertDeliveries(tx: Database, rows: WebhookDeliveryRow[]): Promise<void> {
  if (rows.length > 0) await tx.insert(webhookDeliveries).values(rows);
}

/** Cancels the pending deliveries of a document; how many. */
export async function cancelPendingDeliveries(tx: Database, documentId: string, reason: string): Promise<number> {
  const rows = await tx.update(webhookDeliveries).set({ status: 'cancelled', lastError: reason, leaseUntil: null })
    .where(and(eq(webhookDeliveries.documentId, documentId), eq(webhookDeliveries.status, 'pending'))).returning({ id: webhookDeliveries.id });
  return rows.length;
}

/** The dead letters of a document become `redelivered` (they leave the Authority's list, rows kept). */
export async function supersedeDeadDeliveries(tx: Database, documentId: string): Promise<void> {
  await tx.update(webhookDeliveries).set({ status: 'redelivered' }).where(and(eq(webhookDeliveries.documentId, documentId), eq(webhookDeliveries.status, 'dead')));
}

/**
 * Claims up to `limit` due deliveries (pending, next attempt due, no live lease) in one statement:
 * the rows are locked while they are picked (`FOR UPDATE SKIP LOCKED`: rows another claim holds are
 * skipped) and leased until `leaseUntil`, so no other sender takes them meanwhile.
 */
export async function claimDueDeliveries(db: Database, now: string, limit: number, leaseUntil: string): Promise<WebhookDeliveryRow[]> {
  const due = db.select({ id: webhookDeliveries.id }).from(webhookDeliveries)
    .where(and(
      eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, now),
      or(isNull(webhookDeliveries.leaseUntil), lte(webhookDeliveries.leaseUntil, now)),
    ))
    .orderBy(asc(webhookDeliveries.nextAttemptAt)).limit(limit).for('update', { skipLocked: true });
  const rows = await db.update(webhookDeliveries).set({ leaseUntil }).where(inArray(webhookDeliveries.id, due)).returning();
  return rows.sort((a, b) => a.nextAttemptAt.localeCompare(b.nextAttemptAt) || a.id.localeCompare(b.id));
}

/** The delivery row, locked for the rest of the transaction. */
export async function lockDelivery(tx: Database, id: string): Promise<WebhookDeliveryRow | undefined> {
  const rows = await tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)).limit(1).for('update');
  return rows[0];
}

export async function updateDelivery(tx: Database, id: string, set: Partial<Omit<WebhookDeliveryRow, 'id'>>): Promise<void> {
  await tx.update(webhookDeliveries).set(set).where(eq(webhookDeliveries.id, id));
}

export async function insertAttempt(tx: Database, row: Omit<WebhookAttemptRow, 'id'>): Promise<void> {
  await tx.insert(webhookAttempts).values(row);
}

/** Attempts of these deliveries, in attempt order. */
export async function attemptsOfDeliveries(db: Database, deliveryIds: readonly string[]): Promise<WebhookAttemptRow[]> {
  if (deliveryIds.length === 0) return [];
  return db.select().from(webhookAttempts).where(inArray(webhookAttempts.deliveryId, [...deliveryIds])).orderBy(asc(webhookAttempts.attempt), asc(webhookAttempts.id));
}

export async function attemptsOfDocument(db: Database, documentId: string): Promise<WebhookAttemptRow[]> {
  return db.select().from(webhookAttempts).where(eq(webhookAttempts.documentId, documentId)).orderBy(asc(webhookAttempts.attempt), asc(webhookAttempts.id));
}

export async function deliveriesOfDocuments(db: Database, documentIds: readonly string[]): Promise<WebhookDeliveryRow[]> {
  if (documentIds.length === 0) return [];
  return db.select().from(webhookDeliveries).where(inArray(webhookDeliveries.documentId, [...documentIds])).orderBy(asc(webhookDeliveries.createdAt), asc(webhookDeliveries.id));
}

/** Dead letters, the latest given up first. */
export async function deadDeliveries(db: Database, limit: number): Promise<WebhookDeliveryRow[]> {
  return db.select().from(webhookDeliveries).where(eq(webhookDeliveries.status, 'dead')).orderBy(desc(webhookDeliveries.nextAttemptAt), asc(webhookDeliveries.id)).limit(limit);
}

export async function deliveryCountsByStatus(db: Database): Promise<{ status: string; n: number }[]> {
  const rows = await db.select({ status: webhookDeliveries.status, n: sql<string>`count(*)` }).from(webhookDeliveries).groupBy(webhookDeliveries.status);
  return rows.map((r) => ({ status: r.status, n: Number(r.n) }));
}

/** Average and longest attempt duration (ms), over every attempt recorded. */
export async function attemptDurations(db: Database): Promise<{ avgMs: number; maxMs: number; n: number }> {
  const rows = await db.select({ avg: sql<string | null>`avg(${webhookAttempts.durationMs})`, max: sql<number | null>`max(${webhookAttempts.durationMs})`, n: sql<string>`count(*)` }).from(webhookAttempts);
  return { avgMs: Number(rows[0]?.avg ?? 0), maxMs: Number(rows[0]?.max ?? 0), n: Number(rows[0]?.n ?? 0) };
}

// --- pick-up alerts ---

export async function insertPickupAlert(tx: Database, row: Omit<PickupAlertRow, 'id'>): Promise<void> {
  await tx.insert(pickupAlerts).values(row);
}

/** Pick-up alerts, the latest first. */
export async function recentPickupAlerts(db: Database, limit: number): Promise<PickupAlertRow[]> {
  return db.select().from(pickupAlerts).orderBy(desc(pickupAlerts.id)).limit(limit);
}
