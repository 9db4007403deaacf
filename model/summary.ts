/** The few facts about an invoice that lists, routing and inboxes show. */
import type { CanonicalInvoice, DocumentKind, Identifier } from './canonical';

export interface PartySummary {
  name: string | null;
  vatId: string | null;
  /** Electronic address (BT-34/BT-49) as `scheme:value`, the Peppol participant id form. */
  endpoint: string | null;
  /** Party identifiers (BT-29/BT-46) and legal registration (BT-30/BT-47) as `scheme:value` (or the bare value). */
  identifiers: string[];
}

export interface InvoiceSummary {
  kind: DocumentKind;
  number: string | null;
  typeCode: string | null;
  issueDate: string | null;
  dueDate: string | null;
  currency: string | null;
  buyerReference: string | null;
  purchaseOrderReference: string | null;
  seller: PartySummary;
  buyer: PartySummary;
  totals: {
    /** BT-109 */
    withoutVat: string | null;
    /** BT-110 */
    vat: string | null;
    /** BT-112 */
    withVat: string | null;
    /** BT-115 */
    due: string | null;
  };
  lineCount: number;
  /** Number of values kept raw because they could not be read (see `anomalies`). */
  anomalyCount: number;
}

function ref(id: Identifier | undefined): string | null {
  if (!id) return null;
  return id.scheme ? `${id.scheme}:${id.value}` : id.value;
}

/** Seller, buyer, number, dates, currency and totals of a canonical invoice. */
export function summarize(model: CanonicalInvoice): InvoiceSummary {
  const t = model.terms;
  const seller = t['BG-4'];
  const buyer = t['BG-7'];
  const totals = t['BG-22'];
  return {
    kind: model.kind,
    number: t['BT-1'] ?? null,
    typeCode: t['BT-3'] ?? null,
    issueDate: t['BT-2'] ?? null,
    dueDate: t['BT-9'] ?? null,
    currency: t['BT-5'] ?? null,
    buyerReference: t['BT-10'] ?? null,
    purchaseOrderReference: t['BT-13'] ?? null,
    seller: {
      name: seller?.['BT-27'] ?? seller?.['BT-28'] ?? null,
      vatId: seller?.['BT-31'] ?? null,
      endpoint: ref(seller?.['BT-34']),
      identifiers: [...(seller?.['BT-29'] ?? []), ...(seller?.['BT-30'] ? [seller['BT-30']] : [])].map((i) => ref(i) as string),
    },
    buyer: {
      name: buyer?.['BT-44'] ?? buyer?.['BT-45'] ?? null,
      vatId: buyer?.['BT-48'] ?? null,
      endpoint: ref(buyer?.['BT-49']),
      identifiers: [buyer?.['BT-46'], buyer?.['BT-47']].filter((i): i is Identifier => i !== undefined).map((i) => ref(i) as string),
    },
    totals: {
      withoutVat: totals?.['BT-109'] ?? null,
      vat: totals?.['BT-110'] ?? null,
      withVat: totals?.['BT-112'] ?? null,
      due: totals?.['BT-115'] ?? null,
    },
    lineCount: t['BG-25'].length,
    anomalyCount: model.anomalies.length,
  };
}
