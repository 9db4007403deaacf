/**
 * The VAT categories the form offers and what EN 16931 requires of each: the rate (free for S,
 * 0 for Z/E/AE/K/G — BR-Z/E/AE/IC/G-05 —, none at all for O — BR-O-05), and whether the VAT
 * breakdown needs an exemption reason, code (BT-121, CEF VATEX list) or text (BT-120)
 * (BR-E/AE/IC/G/O-10). Categories whose reason has one code only get it by default.
 */
export const VAT_CATEGORIES = ['S', 'Z', 'E', 'AE', 'K', 'G', 'O'] as const;
export type VatCategory = (typeof VAT_CATEGORIES)[number];

export interface CategoryRule {
  /** `free`: the supplier's rate (S); `zero`: always 0; `none`: no rate is written. */
  rate: 'free' | 'zero' | 'none';
  /** Exemption reason codes (VATEX) that fit the category; empty: no reason is needed. */
  reasonCodes: readonly string[];
}

const E_CODES = [
  'VATEX-EU-132', 'VATEX-EU-132-1A', 'VATEX-EU-132-1B', 'VATEX-EU-132-1C', 'VATEX-EU-132-1G', 'VATEX-EU-132-1I', 'VATEX-EU-132-1J',
  'VATEX-EU-132-1N', 'VATEX-EU-143', 'VATEX-EU-148', 'VATEX-EU-151', 'VATEX-EU-79-C', 'VATEX-EU-309', 'VATEX-EU-F', 'VATEX-EU-I', 'VATEX-EU-J',
] as const;

export const CATEGORY_RULES: Readonly<Record<VatCategory, CategoryRule>> = {
  S: { rate: 'free', reasonCodes: [] },
  Z: { rate: 'zero', reasonCodes: [] },
  E: { rate: 'zero', reasonCodes: E_CODES },
  AE: { rate: 'zero', reasonCodes: ['VATEX-EU-AE'] },
  K: { rate: 'zero', reasonCodes: ['VATEX-EU-IC'] },
  G: { rate: 'zero', reasonCodes: ['VATEX-EU-G'] },
  O: { rate: 'none', reasonCodes: ['VATEX-EU-O'] },
};

/** Categories whose breakdown needs an exemption reason. */
export const EXEMPT_CATEGORIES: readonly VatCategory[] = VAT_CATEGORIES.filter((c) => CATEGORY_RULES[c].reasonCodes.length > 0);

export function isVatCategory(v: string | undefined): v is VatCategory {
  return v !== undefined && (VAT_CATEGORIES as readonly string[]).includes(v);
}

/** The rate a line of that category must carry: the typed one (S), '0', or '' (no rate). */
export function rateFor(category: string | undefined, typed: string): string {
  if (!isVatCategory(category)) return typed;
  const r = CATEGORY_RULES[category].rate;
  return r === 'free' ? typed : r === 'zero' ? '0' : '';
}

/** The code chosen when a category has one code only. */
export function defaultReasonCode(category: VatCategory): string | null {
  const codes = CATEGORY_RULES[category].reasonCodes;
  return codes.length === 1 ? (codes[0] ?? null) : null;
}

const STANDARD_TEXTS: Record<string, string> = {
  'VATEX-EU-AE': 'Reverse charge',
  'VATEX-EU-IC': 'Intra-Community supply',
  'VATEX-EU-G': 'Export outside the EU',
  'VATEX-EU-O': 'Not subject to VAT',
  'VATEX-EU-F': 'Second hand goods',
  'VATEX-EU-I': 'Works of art',
  'VATEX-EU-J': 'Collectors items and antiques',
  'VATEX-EU-309': 'Travel agents VAT scheme',
};

/**
 * The standard text of a VATEX code (written as BT-120 beside the code when the supplier typed no
 * text): `Exempt based on article 132, section 1 (i) of Council Directive 2006/112/EC`.
 */
export function standardReasonText(code: string): string {
  const fixed = STANDARD_TEXTS[code];
  if (fixed !== undefined) return fixed;
  if (code === 'VATEX-EU-79-C') return 'Exempt based on article 79, point c of Council Directive 2006/112/EC';
  const m = /^VATEX-EU-(\d+)(?:-(\d+)([A-Z]))?$/.exec(code);
  if (!m) return code;
  return m[2] === undefined
    ? `Exempt based on article ${m[1]} of Council Directive 2006/112/EC`
    : `Exempt based on article ${m[1]}, section ${m[2]} (${(m[3] ?? '').toLowerCase()}) of Council Directive 2006/112/EC`;
}
