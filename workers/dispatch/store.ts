/**
 * Query functions of dispatch: events written inside a caller's transaction, which bodies a
 * principal reaches (a body and its accounting units), inbox items, webhooks and deliveries.
 */
import crypto from 'node:crypto';
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client';
import { bodies, bodyContacts, documents, events, inboxItems, webhookDeliveries, webhooks, type InboxItemRow, type WebhookRow } from '../../db/schema';

type Db = Database | Tx;

/**
 * Appends an event that does not change the state, inside the caller's transaction (so that the
 * event and the rows it describes are written together). Same numbering as `appendEvent()` of the
 * stage contract: the document's version is incremented and the event gets seq = new version.
 */
export function appendEventTx(tx: Db, documentId: string, actor: string, type: string, details: Record<string, unknown>, at: Date): void {
  const cur = tx.select({ state: documents.state, version: documents.version }).from(documents).where(eq(documents.id, documentId)).get();
  if (cur === undefined) throw new Error(`document ${documentId} does not exist`);
  const version = cur.version + 1;
  tx.update(documents).set({ version, updatedAt: at.toISOString() }).where(eq(documents.id, documentId)).run();
  tx.insert(events).values({ documentId, seq: version, at: at.toISOString(), actor, type, fromState: cur.state, toState: cur.state, details: JSON.stringify(details) }).run();
}

/**
 * The bodies whose documents `bodyId` reaches: itself and its accounting units (children of type
 * `accounting-unit`, recursively). Other child bodies (an administration under a ministry) have
 * their own inbox and credentials.
 */
export function reachableBodies(db: Db, bodyId: string): string[] {
  const out = [bodyId];
  const seen = new Set(out);
  for (let i = 0; i < out.length && out.length < 10_000; i++) {
    const kids = db.select({ id: bodies.id }).from(bodies).where(and(eq(bodies.parentId, out[i]!), eq(bodies.type, 'accounting-unit'))).all();
    for (const k of kids) if (!seen.has(k.id)) { seen.add(k.id); out.push(k.id); }
  }
  return out;
}

export function bodyExists(db: Db, bodyId: string): boolean {
  return db.select({ id: bodies.id }).from(bodies).where(eq(bodies.id, bodyId)).get() !== undefined;
}

/** Active webhooks of a body; an accounting unit without its own uses its parent's (and so on up). */
export function webhooksFor(db: Db, bodyId: string): WebhookRow[] {
  let id: string | null = bodyId;
  for (let depth = 0; id !== null && depth < 20; depth++) {
    const own = db.select().from(webhooks).where(and(eq(webhooks.bodyId, id), isNull(webhooks.disabledAt))).all();
    if (own.length > 0) return own;
    const b: { type: string; parentId: string | null } | undefined = db.select({ type: bodies.type, parentId: bodies.parentId }).from(bodies).where(eq(bodies.id, id)).get();
    id = b !== undefined && b.type === 'accounting-unit' ? b.parentId : null;
  }
  return [];
}

/** Creates one pending delivery per webhook, due now (inside the caller's transaction). */
export function createDeliveries(tx: Db, documentId: string, bodyId: string, hooks: WebhookRow[], at: Date): string[] {
  const ids: string[] = [];
  for (const h of hooks) {
    const id = crypto.randomUUID();
    tx.insert(webhookDeliveries).values({
      id, documentId, webhookId: h.id, bodyId, eventId: crypto.randomUUID(), status: 'pending', attempts: 0,
      createdAt: at.toISOString(), nextAttemptAt: at.toISOString(),
    }).run();
    ids.push(id);
  }
  return ids;
}

/** Cancels the pending deliveries of a document (it was moved to another body). */
export function cancelDeliveries(tx: Db, documentId: string, reason: string): number {
  return tx.update(webhookDeliveries).set({ status: 'cancelled', lastError: reason, leaseUntil: null })
    .where(and(eq(webhookDeliveries.documentId, documentId), eq(webhookDeliveries.status, 'pending'))).run().changes;
}

export function inboxItemOf(db: Db, documentId: string): InboxItemRow | undefined {
  return db.select().from(inboxItems).where(eq(inboxItems.documentId, documentId)).get();
}

/** E-mail addresses of a body's contacts (role `delivery` first; else every contact with an address). */
export function contactEmails(db: Db, bodyId: string): string[] {
  const rows = db.select({ role: bodyContacts.role, email: bodyContacts.email }).from(bodyContacts)
    .where(and(eq(bodyContacts.bodyId, bodyId), isNull(bodyContacts.validTo))).all()
    .filter((r) => r.email !== null && r.email.includes('@'));
  const delivery = rows.filter((r) => r.role === 'delivery');
  return [...new Set((delivery.length > 0 ? delivery : rows).map((r) => r.email as string))];
}

/** The department the route stage chose (details of the latest `routed` transition), or null. */
export function departmentOf(db: Db, documentId: string): string | null {
  const e = db.select({ details: events.details }).from(events)
    .where(and(eq(events.documentId, documentId), eq(events.toState, 'routed'), sql`${events.fromState} <> ${events.toState}`))
    .orderBy(desc(events.seq)).limit(1).get();
  if (e === undefined) return null;
  try {
    const d = JSON.parse(e.details) as { department?: unknown };
    return typeof d.department === 'string' && d.department !== '' ? d.department : null;
  } catch {
    return null;
  }
}

export function webhooksOfBody(db: Db, bodyId: string): WebhookRow[] {
  return db.select().from(webhooks).where(eq(webhooks.bodyId, bodyId)).all();
}

export function deliveriesOf(db: Db, documentIds: string[]): (typeof webhookDeliveries.$inferSelect)[] {
  if (documentIds.length === 0) return [];
  return db.select().from(webhookDeliveries).where(inArray(webhookDeliveries.documentId, documentIds)).all();
}

/** Registers a push webhook for a body; returns it with its signing secret (shown to the Authority once). */
export function createWebhook(db: Db, bodyId: string, url: string, secret: string, at: Date): WebhookRow {
  const row: WebhookRow = { id: crypto.randomUUID(), bodyId, url, secret, previousSecret: null, previousSecretUntil: null, createdAt: at.toISOString(), updatedAt: at.toISOString(), disabledAt: null };
  db.insert(webhooks).values(row).run();
  return row;
}

/** New secret; the previous one keeps signing (second `v1`) until now + graceMs. */
export function rotateWebhookSecret(db: Db, id: string, secret: string, graceMs: number, at: Date): WebhookRow | undefined {
  const cur = db.select().from(webhooks).where(eq(webhooks.id, id)).get();
  if (cur === undefined) return undefined;
  const set = { secret, previousSecret: cur.secret, previousSecretUntil: new Date(at.getTime() + graceMs).toISOString(), updatedAt: at.toISOString() };
  db.update(webhooks).set(set).where(eq(webhooks.id, id)).run();
  return { ...cur, ...set };
}
