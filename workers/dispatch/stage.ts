/**
 * The dispatch stage: `rendered` → `delivered`.
 *
 * In ONE transaction (the contract's `transition()`): the document becomes `delivered`, it enters
 * its body's inbox (`inbox_items`, status `new`: pull API and web inbox see it from then on) and
 * one pending webhook delivery is written per active webhook of the body (an accounting unit
 * without its own webhook uses its parent's). The webhook sender (sender.ts) then POSTs the signed
 * `document.delivered` event, retries, and records the receipt or the dead letter as events.
 *
 * `delivered` therefore means "available in the body's inbox by every channel it has"; the push
 * receipt (a 2xx of the webhook) and downloads are recorded as events, the body's acknowledgement
 * moves the document to `acknowledged`.
 */
import { readInvoice, summarize } from '../../model';
import type { InvoiceSummary } from '../../model';
import type { DocumentRow } from '../../db/schema';
import { inboxItems } from '../../db/schema';
import type { FileStore } from '../../db/file-store';
import { getDocument, PermanentStageError, transition, type DocumentState, type StageProcessor } from '../stage-contract';
import { bodyExists, createDeliveries, departmentOf, webhooksFor } from './store';

export interface DeliveredSummary extends Partial<InvoiceSummary> {
  /** true when the summary could not be read from the model and comes from the document row only. */
  partial?: boolean;
}

/** The canonical summary of the document (model/summary.ts), or the few fields the document row holds. */
export function summaryOf(doc: DocumentRow, files: FileStore): DeliveredSummary {
  try {
    if (files.has(doc.payloadSha256)) {
      const s = summarize(readInvoice(files.get(doc.payloadSha256)));
      return { ...s, number: s.number ?? doc.invoiceNumber, issueDate: s.issueDate ?? doc.issueDate, typeCode: s.typeCode ?? doc.typeCode };
    }
  } catch {
    // an unreadable model never blocks delivery: the validated XML is what the body receives
  }
  return { partial: true, number: doc.invoiceNumber, issueDate: doc.issueDate, typeCode: doc.typeCode };
}

export const dispatchStage: StageProcessor = async (documentId, deps) => {
  const doc = getDocument(deps.db, documentId);
  if (doc === undefined) throw new PermanentStageError(`document ${documentId} does not exist`, 'no-document');
  if (doc.state !== 'rendered') return { state: doc.state as DocumentState, changed: false };
  const bodyId = doc.resolvedBodyId;
  if (bodyId === null || bodyId === '') throw new PermanentStageError('the document has no resolved body', 'no-body');
  if (!bodyExists(deps.db, bodyId)) throw new PermanentStageError(`body ${bodyId} is not in the directory`, 'unknown-body');
  if (!deps.files.has(doc.payloadSha256)) throw new PermanentStageError(`stored bytes ${doc.payloadSha256} are missing`, 'bytes-missing');
  const summary = summaryOf(doc, deps.files);
  const department = departmentOf(deps.db, documentId);
  const at = deps.clock();
  let deliveryIds: string[] = [];
  let hookIds: string[] = [];
  const tr = transition(deps.db, documentId, {
    from: 'rendered', to: 'delivered', actor: 'system:dispatch', at,
    decide: (tx) => {
      const hooks = webhooksFor(tx, bodyId);
      hookIds = hooks.map((h) => h.id);
      return { details: { bodyId, department, channels: ['pull', 'web', ...hookIds.map((h) => `webhook:${h}`)] } };
    },
    also: (tx) => {
      const row = {
        documentId, bodyId, department, status: 'new', deliveredAt: at.toISOString(), firstFetchedAt: null, acknowledgedAt: null, alertedAt: null,
        supplierName: summary.seller?.name ?? null, supplierKey: doc.sellerKey, invoiceNumber: summary.number ?? doc.invoiceNumber,
        issueDate: summary.issueDate ?? doc.issueDate, summary: JSON.stringify(summary),
      };
      tx.insert(inboxItems).values(row).onConflictDoUpdate({ target: inboxItems.documentId, set: row }).run();
      deliveryIds = createDeliveries(tx, documentId, bodyId, webhooksFor(tx, bodyId), at);
    },
  });
  if (tr.changed) deps.logger.info({ documentId, bodyId, webhooks: hookIds.length }, 'delivered to inbox');
  return { state: tr.state, changed: tr.changed, details: { bodyId, deliveries: deliveryIds.length } };
};
