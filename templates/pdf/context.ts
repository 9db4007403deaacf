/**
 * What every section of the PDF shares: the language and the BT-codes option, the styles, labels from
 * the BT catalogue, value formatting by catalogue data type, code names from model/codes.ts, and the
 * few building blocks (section heading, key/value table) the sections are made of.
 */
import { byId, label as catalogueLabel } from '../../model/catalogue';
import type { Anomaly, Identifier, InvoiceTerms, Syntax } from '../../model/canonical';
import { ALLOWANCE_REASONS, codeWithName, DOCUMENT_TYPES, PAYMENT_MEANS, UNITS, VAT_CATEGORIES, VAT_POINT_DATE_CODES_CII, VAT_POINT_DATE_CODES_UBL, type CodeList } from '../../model/codes';
import { cleanText, formatAmount, formatDate, formatPercent, formatQuantity, mask, type Lang } from '../format';
import { hyphenate, t, type TextKey } from '../i18n';
import { PAGE_WIDTH, Row, Space, Stack, TextStrip, widestWord, type Align, type Run, type RowStyle, type Strip, type Style } from './layout';
import type { RenderOptions } from './options';

export const GREY = '#555555';
export const LIGHT = '#eef1f5';
export const RULE = '#b8c2cc';
export const ACCENT = '#1f3a5f';
const BLACK = '#000000';
const CODE = '#8a6d00';

export const MARGIN = { left: 36, right: 36, top: 40, bottom: 54 };
export const CONTENT_WIDTH = PAGE_WIDTH - MARGIN.left - MARGIN.right;

/** The styles (one object each: the layout merges runs of the same style object). */
export const S = {
  title: { font: 'bold', size: 16, color: ACCENT },
  number: { font: 'bold', size: 12, color: BLACK },
  h2: { font: 'bold', size: 10, color: ACCENT },
  label: { font: 'regular', size: 7.5, color: GREY },
  code: { font: 'regular', size: 6, color: CODE },
  value: { font: 'regular', size: 8.5, color: BLACK },
  strong: { font: 'bold', size: 8.5, color: BLACK },
  name: { font: 'bold', size: 9.5, color: BLACK },
  cell: { font: 'regular', size: 8, color: BLACK },
  cellBold: { font: 'bold', size: 8, color: BLACK },
  cellSmall: { font: 'regular', size: 7.5, color: BLACK },
  cellLabel: { font: 'regular', size: 7, color: GREY },
  th: { font: 'bold', size: 7.5, color: ACCENT },
  footer: { font: 'regular', size: 6.5, color: GREY },
  footerBold: { font: 'bold', size: 6.5, color: GREY },
  total: { font: 'regular', size: 9, color: BLACK },
  totalBold: { font: 'bold', size: 9, color: BLACK },
  totalLabel: { font: 'regular', size: 7.5, color: GREY },
  totalLabelBold: { font: 'bold', size: 8.5, color: BLACK },
} as const satisfies Record<string, Style>;

/** Smallest font size of a column header (a header is made smaller rather than broken inside a word). */
export const MIN_HEADER_SIZE = 6;

/** Padding of table cells. */
export const CELL_PAD = { x: 3, y: 2 };

/** A table row: a rule under it. */
export const TABLE_ROW: RowStyle = { padTop: CELL_PAD.y, padBottom: CELL_PAD.y, rule: { width: 0.4, color: RULE } };
/** A header row: shaded. */
export const TABLE_HEAD: RowStyle = { padTop: CELL_PAD.y, padBottom: CELL_PAD.y, fill: LIGHT, rule: { width: 0.4, color: RULE } };

/** Column widths: numbers as given, each `*` an equal share of what is left. */
export function columnWidths(widths: readonly (number | '*')[], total = CONTENT_WIDTH): number[] {
  const fixed = widths.reduce<number>((a, w) => a + (w === '*' ? 0 : w), 0);
  const stars = widths.filter((w) => w === '*').length;
  return widths.map((w) => (w === '*' ? (total - fixed) / Math.max(1, stars) : w));
}

/** A row of cells in columns of the given widths (cells padded). */
export function tableRow(widths: readonly number[], cells: readonly Run[][], aligns: readonly Align[], style: RowStyle = TABLE_ROW, keep = true, breakWords = true): Row {
  let x = 0;
  const cols = widths.map((w, i) => {
    const col = { x: x + CELL_PAD.x, strip: TextStrip.of(cells[i] ?? [], w - 2 * CELL_PAD.x, aligns[i] ?? 'left', { breakWords }) };
    x += w;
    return col;
  });
  return new Row(x, cols, style, keep);
}

/** Key/value rows: label, value. */
export type KvRow = [Run[], Run[]];

/** The code list whose names are shown beside the codes of a term. */
function codeListOf(id: string, syntax: Syntax): CodeList | undefined {
  switch (id) {
    case 'BT-3':
      return DOCUMENT_TYPES;
    case 'BT-8':
      return syntax === 'cii' ? VAT_POINT_DATE_CODES_CII : VAT_POINT_DATE_CODES_UBL;
    case 'BT-81':
      return PAYMENT_MEANS;
    case 'BT-98':
    case 'BT-140':
      return ALLOWANCE_REASONS;
    case 'BT-95':
    case 'BT-102':
    case 'BT-118':
    case 'BT-151':
      return VAT_CATEGORIES;
    case 'BT-130':
    case 'BT-150':
      return UNITS;
    default:
      return undefined;
  }
}

export class Ctx {
  readonly lang: Lang;
  readonly btCodes: boolean;
  readonly currency: string;

  constructor(readonly terms: InvoiceTerms, readonly syntax: Syntax, readonly kind: 'invoice' | 'credit-note', readonly anomalies: readonly Anomaly[], readonly opts: RenderOptions) {
    this.lang = opts.lang ?? 'fr';
    this.btCodes = opts.btCodes === true;
    this.currency = terms['BT-5'] ?? '';
  }

  t(key: TextKey): string {
    return t(key, this.lang);
  }

  /** The catalogue label of a term (with its code when asked). */
  label(id: string, style: Style = S.label): Run[] {
    const text = catalogueLabel(id, this.lang);
    return this.btCodes ? [{ text, style }, { text: ` ${id}`, style: S.code }] : [{ text, style }];
  }

  /** `Label: ` (with the code when asked) in front of a value inside a cell. */
  labelColon(id: string, sep = '\n', style: Style = S.cellLabel): Run[] {
    const l = catalogueLabel(id, this.lang);
    // a no-break space after the colon: a label never ends a line without its value
    return this.btCodes ? [{ text: sep + l, style }, { text: ` ${id}`, style: S.code }, { text: ':\u00a0', style }] : [{ text: `${sep}${l}:\u00a0`, style }];
  }

  /** The code of a term after an unlabelled value (address lines, item name…). */
  tag(id: string): Run[] {
    return this.btCodes ? [{ text: ` ${id}`, style: S.code }] : [];
  }

  /** A value formatted according to its catalogue data type (anything unparsable as received). */
  fmt(id: string, raw: string): string {
    const text = cleanText(raw);
    switch (byId(id)?.type) {
      case 'date':
        return formatDate(text, this.lang).replace(/ /g, '\u00a0'); // `31 Dec 2024` never split over two lines
      case 'amount':
      case 'unit-price-amount':
        return formatAmount(text, this.lang);
      case 'quantity':
        return formatQuantity(text, this.lang);
      case 'percentage':
        return formatPercent(text, this.lang);
      default:
        return text;
    }
  }

  identText(v: Identifier): string {
    const value = cleanText(v.value);
    if (v.scheme === undefined || v.scheme === '') return value;
    const version = v.schemeVersion ? ` ${cleanText(v.schemeVersion)}` : '';
    return `${value} [${cleanText(v.scheme)}${version}]`;
  }

  money(id: string, raw: string, currency = this.currency): string {
    if (raw.trim() === '') return '—'; // an empty amount (listed with the anomalies): no lone currency code
    const f = this.fmt(id, raw);
    return currency ? `${f}\u00a0${cleanText(currency)}` : f;
  }

  /** The text of a value as shown: masked, named from its code list, or formatted. */
  valueText(id: string, v: string): string {
    if (id === 'BT-87' || id === 'BT-91') return mask(v);
    const list = codeListOf(id, this.syntax);
    if (list) return codeWithName(list, cleanText(v), this.lang);
    return this.fmt(id, v);
  }

  /** A unit code with its name: `pièce (C62)`; an unknown code as received. */
  unitText(id: 'BT-130' | 'BT-150', code: string): string {
    const c = cleanText(code);
    const named = codeWithName(UNITS, c, this.lang);
    return named === c ? c : `${named.slice(c.length + 3)} (${c})`;
  }

  /** Key/value rows of the present terms of a group, in the given order. */
  rows(g: object | undefined, ids: readonly string[]): KvRow[] {
    const b = (g ?? {}) as Record<string, unknown>;
    const out: KvRow[] = [];
    for (const id of ids) {
      const v = b[id];
      if (v === undefined) continue;
      if (byId(id)?.type === 'scheme-identifier') {
        const vs = (Array.isArray(v) ? v : [v]) as Identifier[];
        if (vs.length > 0) out.push([this.label(id), [{ text: vs.map((x) => this.identText(x)).join('\n'), style: S.value }]]);
        continue;
      }
      if (typeof v !== 'string') continue;
      out.push([this.label(id), [{ text: this.valueText(id, v), style: S.value }]]);
    }
    return out;
  }

  /** Rows of a key/value table: labels in a column of `labelWidth`, values beside. */
  kv(rows: readonly KvRow[], width: number, labelWidth: number): Strip {
    const gap = 4;
    return new Stack(
      rows.map(
        ([l, v]) =>
          new Row(width, [
            { x: 0, strip: TextStrip.of(l, labelWidth) },
            { x: labelWidth + gap, strip: TextStrip.of(v, width - labelWidth - gap) },
          ], { padTop: 0.8, padBottom: 0.8 }),
      ),
    );
  }

  /**
   * A column header: the catalogue label (words hyphenated at the points i18n.ts gives), at the
   * header size, or smaller until no word needs breaking inside (never below MIN_HEADER_SIZE).
   */
  header(id: string, width: number): { runs: Run[]; size: number } {
    const inner = width - 2 * CELL_PAD.x;
    const base = this.label(id, S.th).map((r) => (r.style === S.th ? { text: hyphenate(r.text, this.lang), style: r.style } : r));
    const widest = widestWord(base);
    if (widest <= inner + 0.01) return { runs: base, size: S.th.size };
    const size = Math.max(MIN_HEADER_SIZE, Math.floor(((S.th.size * inner) / widest) * 10) / 10);
    const th = { ...S.th, size };
    const code = { ...S.code, size: Math.min(S.code.size, size) };
    return { runs: base.map((r) => ({ text: r.text, style: r.style === S.th ? th : code })), size };
  }

  /** The header row of a table. */
  headerRow(widths: readonly number[], ids: readonly string[], aligns: readonly Align[]): Row {
    return tableRow(widths, ids.map((id, i) => this.header(id, widths[i]).runs), aligns, TABLE_HEAD, true, false);
  }

  /** A section heading from the catalogue (or from i18n), with space above it. */
  h2(id: string, extra: Run[] = [], top = 10): Strip {
    const text = id.startsWith('B') ? this.label(id, S.h2) : [{ text: this.t(id as TextKey), style: S.h2 }];
    return new Stack([new Space(top), TextStrip.of([...text, ...extra], CONTENT_WIDTH), new Space(3)]);
  }
}
