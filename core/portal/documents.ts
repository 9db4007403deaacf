/**
 * What the portal's pages say of a document: its kind, number, dates, parties and amounts as the
 * XML states them (read by the model), and whether an earlier document with the same business key
 * was already received — the validate stage's duplicate rule (same seller, number, issue date and
 * type as a document that passed validation), asked before sending instead of after.
 */
import { readInvoice, summarize } from '../../model';
import type { FactsInput } from '../../templates/portal/views';
import type { Store } from '../../db/store';
import { earlierWithKey } from '../documents/duplicates';
import { extractBusinessKeys } from '../documents/keys';

/** What the pages show (templates/portal/views.ts), with the type code and the duplicate key's seller part. */
export interface DocumentFacts extends FactsInput {
  typeCode: string | null;
  /** The duplicate key's seller part (BT-31, else BT-30, else BT-29, else BT-34 as `scheme:value`). */
  sellerKey: string | null;
}

/** The facts of an XML invoice or credit note (UBL or CII), or null when the model cannot read it. */
export function factsOf(xml: Buffer): DocumentFacts | null {
  try {
    const model = readInvoice(xml);
    const sm = summarize(model);
    return {
      kind: sm.kind, typeCode: sm.typeCode, number: sm.number, issueDate: sm.issueDate, dueDate: sm.dueDate, currency: sm.currency,
      sellerName: sm.seller.name, buyerName: sm.buyer.name, buyerEndpoint: sm.buyer.endpoint, total: sm.totals.withVat, due: sm.totals.due,
      // the validate stage's own key, read the same way (core/documents/keys.ts)
      sellerKey: extractBusinessKeys(xml).sellerKey,
    };
  } catch {
    return null;
  }
}

export interface EarlierCopy {
  /** The tracking id (document id) of the document already received. */
  id: string;
  receivedAt: string;
}

/** The document already received with the same business key, or null (also when the key is incomplete). */
export async function earlierCopy(store: Pick<Store, 'db'>, facts: DocumentFacts | null): Promise<EarlierCopy | null> {
  if (facts === null || facts.sellerKey === null || facts.number === null) return null;
  return (await earlierWithKey(store.db, { sellerKey: facts.sellerKey, invoiceNumber: facts.number, issueDate: facts.issueDate, typeCode: facts.typeCode })) ?? null;
}
