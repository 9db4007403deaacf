/**
 * The one defensive boundary of the PDF: the canonical model as received (normally built by
 * model/read.ts, but the renderer must not crash on a hand-built or damaged one) is copied into a
 * model whose every value has the shape its catalogue data type says: strings for text, codes, dates,
 * amounts; `{ value, scheme? }` for scheme identifiers; arrays for repeating terms and groups. A value
 * of another shape is left out (an identifier given as a plain string is kept as `{ value }`).
 *
 * The sections then read the model through the typed group aliases of model/canonical.ts
 * (`Seller`, `InvoiceLine`…), with no further checks.
 */
import { childrenOf, type Term } from '../../model/catalogue';
import type { BinaryObject, CanonicalInvoice, Identifier, InvoiceTerms } from '../../model/canonical';

type Bag = Record<string, unknown>;

function isBag(v: unknown): v is Bag {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function identifier(v: unknown): Identifier | undefined {
  if (typeof v === 'string') return { value: v };
  if (!isBag(v) || typeof v.value !== 'string') return undefined;
  const out: Identifier = { value: v.value };
  if (typeof v.scheme === 'string') out.scheme = v.scheme;
  if (typeof v.schemeVersion === 'string') out.schemeVersion = v.schemeVersion;
  return out;
}

/** An attachment's metadata (the content itself is never read by the PDF). */
function binary(v: unknown): BinaryObject | undefined {
  if (!isBag(v)) return undefined;
  const b = v as { filename?: unknown; mimeCode?: unknown; size?: unknown };
  return {
    filename: typeof b.filename === 'string' ? b.filename : '',
    mimeCode: typeof b.mimeCode === 'string' ? b.mimeCode : '',
    size: typeof b.size === 'number' && Number.isFinite(b.size) ? b.size : 0,
  } as BinaryObject;
}

function value(t: Term, v: unknown): unknown {
  switch (t.type) {
    case 'group':
      return isBag(v) ? group(t.id, v) : undefined;
    case 'scheme-identifier':
      return identifier(v);
    case 'binary':
      return binary(v);
    default:
      return typeof v === 'string' ? v : isBag(v) && typeof v.value === 'string' ? v.value : undefined;
  }
}

function group(groupId: string | null, src: Bag): Bag {
  const out: Bag = {};
  for (const t of childrenOf(groupId)) {
    const raw = src[t.id];
    if (t.repeats) {
      const list: unknown[] = [];
      if (Array.isArray(raw)) {
        for (const x of raw) {
          const v = value(t, x);
          if (v !== undefined) list.push(v);
        }
      } else if (raw !== undefined && t.type !== 'group') {
        const v = value(t, raw);
        if (v !== undefined) list.push(v);
      }
      out[t.id] = list;
    } else if (raw !== undefined && !Array.isArray(raw)) {
      const v = value(t, raw);
      if (v !== undefined) out[t.id] = v;
    }
  }
  return out;
}

/** The terms of the model, each of the shape its type says. */
export function saneTerms(model: CanonicalInvoice): InvoiceTerms {
  return group(null, isBag(model.terms) ? (model.terms as Bag) : {}) as InvoiceTerms;
}
