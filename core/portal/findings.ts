/**
 * Which business term and which form field a validation finding is about: the finding's location
 * (XPath, positions stripped) matched against the catalogue's UBL paths, falling back to the BT ids
 * the official message names; line, allowance, charge and attachment numbers come from the
 * positions in the location (UBL writes document allowances before charges). Wording is the
 * page's (templates/portal/findings.ts).
 */
import { byId, catalogue, type Term } from '../../model';
import { withMessages } from '../../validation/messages';
import type { Finding, FindingMessages } from '../../validation/types';

export interface MappedFinding {
  ruleId: string;
  flag: Finding['flag'];
  location: string;
  line?: number;
  /** The official text. */
  message: string;
  /** The same in French and German (`templates/findings.ts` `findingText` chooses). */
  messages?: FindingMessages;
  /** The BT (or BG) concerned, if known. */
  term: string | null;
  /** Form field name (manual-entry form), if the finding belongs to one that is on the form. */
  field: string | null;
}

/** Removes XPath predicates (`[1]`, `[cbc:ID='VAT']`…), keeping the steps. */
export function stripPredicates(xpath: string): string {
  let out = '';
  let depth = 0;
  for (const ch of xpath) {
    if (ch === '[') depth++;
    else if (ch === ']') depth = Math.max(0, depth - 1);
    else if (depth === 0) out += ch;
  }
  return out;
}

let pathIndex: { invoice: Map<string, Term>; creditNote: Map<string, Term> } | null = null;

function indexPaths(): { invoice: Map<string, Term>; creditNote: Map<string, Term> } {
  if (pathIndex) return pathIndex;
  const invoice = new Map<string, Term>();
  const creditNote = new Map<string, Term>();
  for (const t of catalogue) {
    if (t.ubl === '') continue; // a group without an element of its own (BG-2) is not "at" the root
    for (const [m, p] of [[invoice, t.fullPath.ubl], [creditNote, t.fullPath.ublCreditNote]] as const) {
      if (p === null) continue;
      for (const alt of p.split(' | ')) {
        const k = stripPredicates(alt.trim());
        if (!m.has(k)) m.set(k, t);
      }
    }
  }
  pathIndex = { invoice, creditNote };
  return pathIndex;
}

/** The catalogue term whose UBL path is the location or its nearest ancestor. */
export function termAtLocation(location: string): Term | null {
  const norm = stripPredicates(location);
  const m = norm.startsWith('/CreditNote') ? indexPaths().creditNote : indexPaths().invoice;
  let p = norm;
  for (;;) {
    const t = m.get(p);
    if (t) return t;
    const i = p.lastIndexOf('/');
    if (i <= 0) return null; // the root itself is no business term
    p = p.slice(0, i);
  }
}

function isDescendant(t: Term, ancestor: Term): boolean {
  let cur: Term | undefined = t;
  while (cur) {
    if (cur.id === ancestor.id) return true;
    cur = cur.parent === null ? undefined : byId(cur.parent);
  }
  return false;
}

/** Positions (1-based) read from a location: line, document-level AllowanceCharge, attachment. */
function positions(location: string): { line?: number; allowanceCharge?: number; docRef?: number } {
  const out: { line?: number; allowanceCharge?: number; docRef?: number } = {};
  const line = /\/cac:(?:Invoice|CreditNote)Line\[(\d+)\]/.exec(location);
  if (line) out.line = Number(line[1]);
  const ac = /^\/(?:Invoice|CreditNote)(?:\[\d+\])?\/cac:AllowanceCharge\[(\d+)\]/.exec(location);
  if (ac) out.allowanceCharge = Number(ac[1]);
  const dr = /^\/(?:Invoice|CreditNote)(?:\[\d+\])?\/cac:AdditionalDocumentReference\[(\d+)\]/.exec(location);
  if (dr) out.docRef = Number(dr[1]);
  return out;
}

export interface FieldContext {
  /** Number of document-level allowances on the form (UBL writes allowances before charges). */
  allowances: number;
  /** Field names present on the form; a finding is attached to a field only if it is one of them. */
  fields?: ReadonlySet<string>;
}

/** The form field of a term, with the group indexes filled from the location, or null. */
function fieldFor(t: Term, location: string, ctx: FieldContext): string | null {
  const pos = positions(location);
  let name = t.formField;
  if (name.startsWith('lines[]')) {
    if (pos.line === undefined) return null;
    name = name.replace('lines[]', `lines[${pos.line - 1}]`);
  } else if (name.startsWith('allowances[]') || name.startsWith('charges[]')) {
    if (pos.allowanceCharge === undefined) return null;
    const n = pos.allowanceCharge;
    name = name.startsWith('allowances[]') ? name.replace('allowances[]', `allowances[${n - 1}]`) : name.replace('charges[]', `charges[${n - 1 - ctx.allowances}]`);
  } else if (name.startsWith('attachments[]')) {
    if (pos.docRef === undefined) return null;
    name = name.replace('attachments[]', `attachments[${pos.docRef - 1}]`);
  }
  if (name.includes('[]')) name = name.replace(/\[\]/g, '[0]');
  if (ctx.fields && !ctx.fields.has(name)) return null;
  return name;
}

export function mapFinding(f: Finding, ctx: FieldContext = { allowances: 0 }): MappedFinding {
  const mentioned = [...new Set([...f.message.matchAll(/\b(B[TG]-\d+)\b/g)].map((m) => m[1] as string))].map((id) => byId(id)).filter((t): t is Term => t !== undefined);
  const atPath = f.location && f.location !== '/' ? termAtLocation(f.location) : null;
  const candidates: Term[] = [];
  if (atPath && atPath.type !== 'group') candidates.push(atPath);
  for (const t of mentioned) if (t.type !== 'group' && (atPath === null || isDescendant(t, atPath))) candidates.push(t);
  for (const t of mentioned) if (t.type !== 'group') candidates.push(t);
  if (atPath) candidates.push(atPath);
  candidates.push(...mentioned);
  let field: string | null = null;
  for (const t of candidates) {
    field = fieldFor(t, f.location, ctx);
    if (field !== null) break;
  }
  const { messages } = withMessages(f);
  return {
    ruleId: f.ruleId, flag: f.flag, location: f.location, ...(f.line !== undefined ? { line: f.line } : {}), message: f.message,
    ...(messages !== undefined ? { messages } : {}),
    term: candidates[0]?.id ?? null, field,
  };
}
