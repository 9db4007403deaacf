/**
 * Validation findings as a supplier reads them: the business term with its label, the rule's text in
 * the page language (`findingText` of templates/findings.ts: the French or German rule text of the
 * pack and release that produced it, the official English one click away; the official English,
 * said so, only where a text were missing), a link to the form field it is about. The mapping of a
 * finding to its term and field is done before (the page gets it in the view model).
 */
import { label as btLabel } from '../../model';
import { fieldId, html, type Html, type Lang } from '../../web';
import { findingHtml, findingPlainText, findingText, type ReadableFinding } from '../findings';
import { pt, type PortalKey } from './messages';

/** A finding with the business term and form field it is about. */
export interface FindingInput extends ReadableFinding {
  ruleId: string;
  flag: 'fatal' | 'warning' | 'information';
  location: string;
  line?: number;
  /** The official text. */
  message: string;
  term: string | null;
  field: string | null;
}

/** The text in the page language, or null when only the official English text exists (or English is asked for). */
export function translatedText(f: ReadableFinding, lang: Lang): string | null {
  const t = findingText(f, lang);
  return t.official ? null : t.text;
}

/** `BR-CL-14 – Les codes pays…`: the line of the error summary and of the field's inline error. */
export function findingLine(f: Pick<FindingInput, 'ruleId' | 'message' | 'messages'>, lang: Lang): string {
  return `${f.ruleId} – ${findingPlainText(f, lang)}`;
}

/** The message cell: the text in the page language, the official English beside it (folded) or in its place (marked). */
export function findingsTable(findings: readonly FindingInput[], lang: Lang, caption: string = pt('findingsTitle', lang), linkFields = false): Html {
  if (findings.length === 0) return html`<p>${pt('noFindings', lang)}</p>`;
  return html`<table class="findings">
<caption class="visually-hidden">${caption}</caption>
<thead><tr><th scope="col">${pt('colSeverity', lang)}</th><th scope="col">${pt('colRule', lang)}</th><th scope="col">${pt('colTerm', lang)}</th><th scope="col">${pt('colMessage', lang)}</th><th scope="col">${pt('colLocation', lang)}</th></tr></thead>
<tbody>
${findings.map((f) => html`<tr>
<td class="flag-${f.flag}">${pt(`flag_${f.flag}` as PortalKey, lang)}</td>
<td><code>${f.ruleId}</code></td>
<td>${f.term ? html`${btLabel(f.term, lang)} (${f.term})` : '–'}${linkFields && f.field ? html`<br><a href="#${fieldId(f.field)}">${f.field}</a>` : ''}</td>
<td>${findingHtml(f, lang)}</td>
<td><code class="token">${f.location}</code>${f.line !== undefined ? html`<br>${pt('line', lang, { n: f.line })}` : ''}</td>
</tr>`)}
</tbody></table>`;
}
