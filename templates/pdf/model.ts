/**
 * The one defensive boundary of the PDF: the canonical model as received (normally built by
 * model/read.ts, but the renderer must not crash on a hand-built or damaged one) is copied into a
 * model whose every value has the shape its catalogue data type says: strings for text, codes, dates,
 * amounts; `{ value, scheme? }` for scheme identifiers; arrays for repeating terms and groups. A value
 * of another shape is left out (an identifier given as a plain string is kept as `{ value }`).
 *
 * The options get the same treatment (`saneOptions`).
 *
 * The sections then read the model through the typed group aliases of model/canonical.ts
 * (`Seller`, `InvoiceLine`…), with no further checks.
 */
import { childrenOf, type Term } from '../../model/catalogue';
import type { BinaryObject, CanonicalInvoice, Identifier, InvoiceTerms } from '../../model/canonical';
import { isLang } from '../format';
import type { RenderOptions } from './options';

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
  return group(null, isBag(model) && isBag(model.terms) ? (model.terms as Bag) : {}) as InvoiceTerms;
}

const FLAGS = new Set(['fatal', 'warning', 'information']);

/** The options as the sections may trust them (a caller outside TypeScript may pass anything). */
export function saneOptions(opts: RenderOptions): RenderOptions {
  const o = (isBag(opts) ? opts : {}) as Record<string, unknown>;
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const out: RenderOptions = {
    lang: isLang(o.lang) ? o.lang : 'fr',
    btCodes: o.btCodes === true,
    documentId: str(o.documentId),
    receivedAt: str(o.receivedAt),
    maxLines: typeof o.maxLines === 'number' && Number.isFinite(o.maxLines) ? o.maxLines : undefined,
    source: o.source as RenderOptions['source'],
  };
  const d = o.deliveredTo;
  if (isBag(d) && typeof d.name === 'string') out.deliveredTo = { name: d.name, identifier: str(d.identifier) };
  const v = o.validation;
  if (isBag(v) && typeof v.valid === 'boolean') {
    const packs = Array.isArray(v.packs) ? v.packs.filter((p): p is Bag => isBag(p) && typeof p.id === 'string' && typeof p.version === 'string') : [];
    const findings = Array.isArray(v.findings) ? v.findings.filter((f): f is Bag => isBag(f) && typeof f.ruleId === 'string' && typeof f.message === 'string' && FLAGS.has(f.flag as string)) : [];
    out.validation = {
      valid: v.valid,
      scenario: str(v.scenario) ?? null,
      packs: packs.map((p) => ({ id: p.id as string, version: p.version as string, hash: str(p.hash) })),
      findings: findings.map((f) => ({ ruleId: f.ruleId as string, flag: f.flag as 'fatal' | 'warning' | 'information', message: f.message as string, location: str(f.location) })),
    };
  }
  return out;
}
