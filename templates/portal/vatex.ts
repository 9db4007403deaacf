/**
 * Names of the VAT exemption reason codes the form offers (CEF VATEX list, BT-121) in FR/DE/EN:
 * the categories' own codes by name, the exemptions of Council Directive 2006/112/EC by article.
 */
import type { Lang } from '../../web';

const NAMED: Record<string, Record<Lang, string>> = {
  'VATEX-EU-AE': { fr: 'Autoliquidation', de: 'Umkehrung der Steuerschuld', en: 'Reverse charge' },
  'VATEX-EU-IC': { fr: 'Livraison intracommunautaire', de: 'Innergemeinschaftliche Lieferung', en: 'Intra-Community supply' },
  'VATEX-EU-G': { fr: 'Exportation hors de l’UE', de: 'Ausfuhr aus der EU', en: 'Export outside the EU' },
  'VATEX-EU-O': { fr: 'Hors du champ de la TVA', de: 'Nicht steuerbar', en: 'Not subject to VAT' },
  'VATEX-EU-F': { fr: 'Biens d’occasion (régime de la marge)', de: 'Gebrauchtgegenstände (Differenzbesteuerung)', en: 'Second hand goods (margin scheme)' },
  'VATEX-EU-I': { fr: 'Objets d’art (régime de la marge)', de: 'Kunstgegenstände (Differenzbesteuerung)', en: 'Works of art (margin scheme)' },
  'VATEX-EU-J': { fr: 'Objets de collection et d’antiquité (régime de la marge)', de: 'Sammlungsstücke und Antiquitäten (Differenzbesteuerung)', en: 'Collectors items and antiques (margin scheme)' },
  'VATEX-EU-309': { fr: 'Agences de voyages (art. 309)', de: 'Reisebüros (Art. 309)', en: 'Travel agents (art. 309)' },
  'VATEX-EU-79-C': { fr: 'Art. 79, point c) de la directive 2006/112/CE', de: 'Art. 79 Buchst. c der Richtlinie 2006/112/EG', en: 'Article 79(c) of Directive 2006/112/EC' },
};

const EXEMPT: Record<Lang, (article: string) => string> = {
  fr: (a) => `Exonération, art. ${a} de la directive 2006/112/CE`,
  de: (a) => `Steuerbefreiung, Art. ${a} der Richtlinie 2006/112/EG`,
  en: (a) => `Exempt, article ${a} of Directive 2006/112/EC`,
};

/** `VATEX-EU-132-1I – Exonération, art. 132(1)(i) de la directive 2006/112/CE`. */
export function vatexLabel(code: string, lang: Lang): string {
  const named = NAMED[code];
  if (named) return `${code} – ${named[lang]}`;
  const m = /^VATEX-EU-(\d+)(?:-(\d+)([A-Z]))?$/.exec(code);
  if (!m) return code;
  const article = m[2] === undefined ? (m[1] ?? '') : `${m[1]}(${m[2]})(${(m[3] ?? '').toLowerCase()})`;
  return `${code} – ${EXEMPT[lang](article)}`;
}
