/**
 * Validation findings as a supplier reads them: the business term with its label, the message in
 * the page language where a translation exists (`rules.ts`; the official English text otherwise,
 * said so), a link to the form field it is about. The mapping of a finding to its term and field is
 * done before (the page gets it in the view model).
 */
import { label as btLabel } from '../../model';
import { fieldId, html, type Html, type Lang } from '../../web';
import { pt, type PortalKey } from './messages';
import { RULE_TEXTS } from './rules';

/** A finding with the business term and form field it is about. */
export interface FindingInput {
  ruleId: string;
  flag: 'fatal' | 'warning' | 'information';
  location: string;
  line?: number;
  /** The official text. */
  message: string;
  term: string | null;
  field: string | null;
}

/** The text in the page language, or null when only the official English text exists. */
export function translatedText(f: Pick<FindingInput, 'ruleId'>, lang: Lang): string | null {
  const tr = RULE_TEXTS[f.ruleId];
  return lang === 'en' || tr === undefined ? null : tr[lang];
}

/** `BR-CL-14 – Les codes pays…`: the line of the error summary and of the field's inline error. */
export function findingLine(f: FindingInput, lang: Lang): string {
  return `${f.ruleId} – ${translatedText(f, lang) ?? f.message}`;
}

export function findingsTable(findings: readonly FindingInput[], lang: Lang, caption: string = pt('findingsTitle', lang), linkFields = false): Html {
  if (findings.length === 0) return html`<p>${pt('noFindings', lang)}</p>`;
  return html`<table class="findings">
<caption class="visually-hidden">${caption}</caption>
<thead><tr><th scope="col">${pt('colSeverity', lang)}</th><th scope="col">${pt('colRule', lang)}</th><th scope="col">${pt('colTerm', lang)}</th><th scope="col">${pt('colMessage', lang)}</th><th scope="col">${pt('colLocation', lang)}</th></tr></thead>
<tbody>
${findings.map((f) => {
    const translated = translatedText(f, lang);
    return html`<tr>
<td class="flag-${f.flag}">${pt(`flag_${f.flag}` as PortalKey, lang)}</td>
<td><code>${f.ruleId}</code></td>
<td>${f.term ? html`${btLabel(f.term, lang)} (${f.term})` : '–'}${linkFields && f.field ? html`<br><a href="#${fieldId(f.field)}">${f.field}</a>` : ''}</td>
<td>${translated ?? f.message}${translated ? html`<details><summary>${pt('officialText', lang)}</summary><p lang="en">${f.message}</p></details>` : ''}</td>
<td><code class="token">${f.location}</code>${f.line !== undefined ? html`<br>${pt('line', lang, { n: f.line })}` : ''}</td>
</tr>`;
  })}
</tbody></table>`;
}
