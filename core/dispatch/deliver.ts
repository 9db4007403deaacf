/**
 * Delivery of a rendered document to its body: `rendered` → `delivered`.
 *
 * In ONE transaction (core's `transition()`): the document becomes `delivered`, it enters its
 * body's inbox (`inbox_items`, status `new`: pull API and web inbox see it from then on) and one
 * pending webhook delivery is written per active webhook of the body (an accounting unit without
 * its own webhook uses its parent's). The webhook sender (sender.ts) then POSTs the signed
 * `document.delivered` event, retries, and records the receipt or the dead letter as events.
 *
 * `delivered` therefore means "available in the body's inbox by every channel it has"; the push
 * receipt (a 2xx of the webhook) and downloads are recorded as events, the body's acknowledgement
 * moves the document to `acknowledged`. The invoice is not parsed again here: the summary is the
 * `summary` file the render stage derived; documents rendered before it existed get the few fields
 * their row holds (`partial: true`).
 */
import crypto from 'node:crypto';
import type { Logger } from 'pino';
import * as repo from '../../db/repositories/dispatch';
import type { WebhookRow } from '../../db/repositories/dispatch';
import type { Database, Store } from '../store';
import type { InvoiceSummary } from '../../model';
import { CoreError } from '../errors';
import type { DocumentState } from '../documents/states';
import { getDocumentWithFile, readJsonFile, transition, type DocumentRow } from '../documents/store';
import { deliveryFacts, webhooksFor } from './bodies';

export interface DeliveredSummary extends Partial<InvoiceSummary> {
  /** true when the summary does not come from the model but from the document row only. */
  partial?: boolean;
}

/**
 * The canonical summary the render stage stored (`summary` file), or the few fields the document row
 * holds. `summarySha256`: the file's SHA-256 when the caller read it with the row (null: none).
 */
export async function summaryFor(store: Store, doc: DocumentRow, summarySha256?: string | null): Promise<DeliveredSummary> {
  const s = await readJsonFile<Partial<InvoiceSummary>>(store, doc.id, 'summary', summarySha256);
  if (s !== undefined && s !== null && typeof s === 'object' && !Array.isArray(s)) {
    return { ...s, number: s.number ?? doc.invoiceNumber, issueDate: s.issueDate ?? doc.issueDate, typeCode: s.typeCode ?? doc.typeCode };
  }
  return { partial: true, number: doc.invoiceNumber, issueDate: doc.issueDate, typeCode: doc.typeCode };
}

/** One pending delivery per webhook, due now (inside the caller's transaction); their ids. */
export async function createDeliveries(tx: Database, documentId: string, bodyId: string, hooks: readonly WebhookRow[], at: Date): Promise<string[]> {
  const rows = hooks.map((h) => ({
    id: crypto.randomUUID(), documentId, webhookId: h.id, bodyId, eventId: crypto.randomUUID(), status: 'pending', attempts: 0,
    createdAt: at.toISOString(), nextAttemptAt: at.toISOString(), leaseUntil: null, deliveredAt: null, lastError: null,
  }));
  await repo.insertDeliveries(tx, rows);
  return rows.map((r) => r.id);
}

/** Why a document cannot be delivered and retrying will not help (`slug`: the reason). */
const cannot = (slug: string, detail: string): CoreError => new CoreError('unprocessable', slug, 'Cannot deliver', detail);

export interface DeliverResult {
  state: DocumentState;
  /** false when the document was not `rendered` (nothing written). */
  changed: boolean;
  bodyId?: string;
  deliveries?: string[];
}

/**
 * Delivers a `rendered` document to its body's inbox (idempotent: any other state is left alone).
 * Throws a CoreError (`no-document`, `no-body`, `unknown-body`, `bytes-missing`) when it cannot.
 */
export async function deliverDocument(store: Store, documentId: string, o: { now: Date; logger?: Logger }): Promise<DeliverResult> {
  // the row with its summary file, then the body, the department and the webhooks: three reads
  const found = await getDocumentWithFile(store, documentId, 'summary');
  if (found === undefined) throw cannot('no-document', `document ${documentId} does not exist`);
  const doc = found.doc;
  if (doc.state !== 'rendered') return { state: doc.state as DocumentState, changed: false };
  const bodyId = doc.resolvedBodyId;
  if (bodyId === null || bodyId === '') throw cannot('no-body', 'the document has no resolved body');
  const { bodyExists, department } = await deliveryFacts(store.db, documentId, bodyId);
  if (!bodyExists) throw cannot('unknown-body', `body ${bodyId} is not in the directory`);
  if (!(await store.blobs.has(doc.payloadSha256))) throw cannot('bytes-missing', `stored bytes ${doc.payloadSha256} are missing`);
  const summary = await summaryFor(store, doc, found.fileSha256);
  const at = o.now;
  let deliveries: string[] = [];
  // the webhooks active now; one registered between this read and the commit gets the next document
  const hooks: WebhookRow[] = await webhooksFor(store.db, bodyId);
  const tr = await transition(store, documentId, {
    from: 'rendered', to: 'delivered', actor: 'system:dispatch', at,
    details: { bodyId, department, channels: ['pull', 'web', ...hooks.map((h) => `webhook:${h.id}`)] },
    also: async (tx) => {
      await repo.upsertInboxItem(tx, {
        documentId, bodyId, department, status: 'new', deliveredAt: at.toISOString(), firstFetchedAt: null, acknowledgedAt: null, alertedAt: null,
        supplierName: summary.seller?.name ?? null, supplierKey: doc.sellerKey, invoiceNumber: summary.number ?? doc.invoiceNumber,
        issueDate: summary.issueDate ?? doc.issueDate, summary: summary as Record<string, unknown>,
      });
      deliveries = await createDeliveries(tx, documentId, bodyId, hooks, at);
    },
  });
  if (tr.changed) o.logger?.info({ documentId, bodyId, webhooks: hooks.length }, 'delivered to inbox');
  return { state: tr.state, changed: tr.changed, bodyId, deliveries };
}
