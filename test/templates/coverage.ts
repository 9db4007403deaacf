/**
 * Coverage check of the standardised PDF: every BT value the canonical model carries must be found
 * in the text poppler extracts from the PDF. The expected text of each value is computed here
 * independently of templates/format.ts (numbers with Intl.NumberFormat on the exact decimal string,
 * dates by hand), and whitespace is ignored on both sides (line breaks, no-break spaces).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { byId, childrenOf } from '../../model/catalogue';
import type { CanonicalInvoice } from '../../model/canonical';

export type Lang = 'fr' | 'de' | 'en';

/**
 * BTs whose value is deliberately not shown as such (the documented exclusion list, docs/DECISIONS.md):
 * - BT-125 the attached file's content (its file name, mime code and size are shown; the file stays in the inbox);
 * - BT-87 and BT-91 are masked (only the last 4 characters shown): checked separately below.
 */
export const EXCLUDED = new Set(['BT-125']);
export const MASKED = new Set(['BT-87', 'BT-91']);

const LOCALE: Record<Lang, string> = { fr: 'fr-FR', de: 'de-DE', en: 'en-GB' };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function number(raw: string, lang: Lang, minFraction: number): string {
  const s = raw.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s)) return raw;
  const frac = s.includes('.') ? s.split('.')[1].length : 0;
  // format() takes the decimal string as an exact mathematical value (Intl.NumberFormat v3).
  const nf = new Intl.NumberFormat(LOCALE[lang], { minimumFractionDigits: Math.max(minFraction, frac), maximumFractionDigits: Math.max(minFraction, frac), useGrouping: true });
  return (nf.format as (v: string) => string)(s).replace(/^−/, '-').replace(/^\+/, '');
}

function date(raw: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw.trim());
  if (!m) return raw;
  if (lang === 'fr') return `${m[3]}/${m[2]}/${m[1]}`;
  if (lang === 'de') return `${m[3]}.${m[2]}.${m[1]}`;
  return `${m[3]} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

/** Whitespace-free text; a few characters normalised the way pdftotext may write them. */
export function squash(s: string): string {
  return s.replace(/[\s\u00a0\u202f\u2009]+/g, '').replace(/\ufb01/g, 'fi').replace(/\ufb02/g, 'fl');
}

export interface Expectation {
  term: string;
  /** Strings that must all appear. */
  present: string[];
  /** Strings that must not appear (masked values). */
  absent?: string[];
}

/** What the text of the PDF must contain for each BT value present in the model. */
export function expectations(model: CanonicalInvoice, lang: Lang): Expectation[] {
  const out: Expectation[] = [];
  const visit = (groupId: string | null, obj: Record<string, unknown>): void => {
    for (const t of childrenOf(groupId)) {
      const v = obj[t.id];
      if (v === undefined) continue;
      const values = Array.isArray(v) ? v : [v];
      for (const x of values) {
        if (t.type === 'group') {
          if (x && typeof x === 'object') visit(t.id, x as Record<string, unknown>);
          continue;
        }
        if (EXCLUDED.has(t.id)) {
          const b = x as { filename?: string; mimeCode?: string };
          out.push({ term: t.id, present: [b.filename ?? '', b.mimeCode ?? ''].filter((s) => s !== '') });
          continue;
        }
        if (t.type === 'scheme-identifier') {
          const id = x as { value: string; scheme?: string; schemeVersion?: string };
          out.push({ term: t.id, present: [id.value, id.scheme ?? '', id.schemeVersion ?? ''].filter((s) => s.trim() !== '') });
          continue;
        }
        const raw = String(x);
        if (raw.trim() === '') continue;
        if (MASKED.has(t.id)) {
          const compact = raw.replace(/\s+/g, '');
          out.push({ term: t.id, present: [compact.slice(-4)], absent: compact.length > 4 ? [compact] : [] });
          continue;
        }
        switch (t.type) {
          case 'amount':
          case 'unit-price-amount':
            out.push({ term: t.id, present: [number(raw, lang, 2)] });
            break;
          case 'quantity':
            out.push({ term: t.id, present: [number(raw, lang, 0)] });
            break;
          case 'percentage':
            out.push({ term: t.id, present: [number(raw, lang, 0)] });
            break;
          case 'date':
            out.push({ term: t.id, present: [date(raw, lang)] });
            break;
          default:
            out.push({ term: t.id, present: [raw] });
        }
      }
    }
  };
  visit(null, model.terms as Record<string, unknown>);
  return out;
}

/** Text of a PDF by poppler's pdftotext (content-stream order, which keeps each table cell together). */
export function pdfText(pdf: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'einvoice-pdftext-'));
  try {
    const file = path.join(dir, 'in.pdf');
    fs.writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface CoverageReport {
  checked: number;
  missing: { term: string; name: string; expected: string }[];
  leaked: { term: string; value: string }[];
}

export function coverage(model: CanonicalInvoice, text: string, lang: Lang): CoverageReport {
  const hay = squash(text);
  const report: CoverageReport = { checked: 0, missing: [], leaked: [] };
  for (const e of expectations(model, lang)) {
    report.checked++;
    for (const p of e.present) if (!hay.includes(squash(p))) report.missing.push({ term: e.term, name: byId(e.term)?.name ?? e.term, expected: p });
    for (const a of e.absent ?? []) if (squash(a) !== '' && hay.includes(squash(a))) report.leaked.push({ term: e.term, value: a });
  }
  return report;
}
