/** Statuses in bulk: the CSV pasted, checked first (a table of the lines and what is wrong), then applied. */
import { html, type Lang } from '../../web';
import { inboxPage, type Frame } from './layout';
import { inboxText as t } from './messages';

export interface BulkLineView { line: number; documentId: string; code: string; ok: boolean; error: string | null; created?: boolean }

export interface BulkView {
  csv: string;
  /** The report of the last check or application, or null (nothing sent yet). */
  report: { dryRun: boolean; applied: boolean; errors: number; lines: BulkLineView[] } | null;
  /** A refusal of the whole file (not a CSV, too many lines). */
  error: string | null;
}

function result(l: BulkLineView, applied: boolean, lang: Lang): string {
  if (!l.ok) return l.error ?? '';
  if (!applied) return t('lineOk', lang);
  return l.created === false ? t('lineRepeated', lang) : t('lineApplied', lang);
}

export function bulkPage(f: Frame, v: BulkView): string {
  const lang = f.lang;
  const r = v.report;
  const canApply = r !== null && r.dryRun && r.errors === 0 && r.lines.length > 0;
  return inboxPage(f, {
    title: t('bulkTitle', lang),
    errors: v.error !== null ? [{ field: 'csv', message: v.error }] : r !== null && r.errors > 0 ? [{ field: null, message: t('bulkFixFirst', lang) }] : [],
    body: html`<p>${t('bulkIntro', lang)}</p>
${r !== null ? html`<p role="status">${r.applied ? t('bulkApplied', lang, { n: r.lines.length }) : t('bulkChecked', lang, { n: r.lines.length, errors: r.errors })}</p>
<table><caption>${t('result', lang)}</caption><thead><tr><th scope="col" class="num">${t('line', lang)}</th><th scope="col">${t('documentId', lang)}</th><th scope="col">${t('newStatus', lang)}</th><th scope="col">${t('result', lang)}</th></tr></thead>
<tbody>${r.lines.map((l) => html`<tr${l.ok ? '' : html` class="bad"`}><td class="num">${l.line}</td><td>${l.documentId}</td><td>${l.code}</td><td>${result(l, r.applied, lang)}</td></tr>`)}</tbody></table>` : ''}
<form method="post" action="/inbox/responses/import"><input type="hidden" name="csrf" value="${f.user?.csrf ?? ''}">
<div class="field"><label for="f-csv">${t('csv', lang)}</label><textarea id="f-csv" name="csv" rows="10" required spellcheck="false">${v.csv}</textarea></div>
<button type="submit" name="dryRun" value="1"${canApply ? html` class="secondary"` : ''}>${t('check', lang)}</button>${canApply ? html`<button type="submit" name="apply" value="1">${t('apply', lang)}</button>` : ''}</form>`,
  });
}
