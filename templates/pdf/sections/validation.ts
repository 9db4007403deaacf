/**
 * The final section: the validation outcome, the scenario, the rule packs with their hashes, the fatal
 * findings and warnings (at most 500; information findings left out), the values the model kept as
 * received (anomalies), and the source XML attached to the PDF.
 */
import { cleanText, formatBytes } from '../../format';
import { columnWidths, CONTENT_WIDTH, S, tableRow, type Ctx } from '../context';
import { keep, Space, TextStrip, type Flow, type Strip } from '../layout';
import type { SourceFile } from '../writer';
import crypto from 'node:crypto';

/** `valid, 1 warning` — the outcome as the footer and this section say it. */
export function outcome(ctx: Ctx): string {
  const v = ctx.opts.validation;
  if (!v) return ctx.t('notValidated');
  const warnings = v.findings.filter((f) => f.flag === 'warning').length;
  const fatal = v.findings.filter((f) => f.flag === 'fatal').length;
  const parts = [v.valid ? ctx.t('valid') : ctx.t('invalid')];
  if (fatal > 0) parts.push(`${fatal} ${ctx.t('fatal')}`);
  parts.push(`${warnings} ${warnings === 1 ? ctx.t('warning') : ctx.t('warnings')}`);
  return parts.join(', ');
}

const small = (text: string): Strip => TextStrip.of([{ text, style: S.label }], CONTENT_WIDTH);

export function validationSection(ctx: Ctx, flow: Flow, source: SourceFile | null | undefined): void {
  const v = ctx.opts.validation;
  const head: Strip[] = [ctx.h2('validation', [], 14), TextStrip.of([{ text: `${ctx.t('validation')}: ${outcome(ctx)}`, style: S.strong }], CONTENT_WIDTH)];
  if (v?.scenario) head.push(TextStrip.of([{ text: `${ctx.t('scenario')}: ${cleanText(v.scenario)}`, style: S.cell }], CONTENT_WIDTH));
  flow.add(keep(head));
  if (v && v.packs.length > 0) {
    const widths = columnWidths([200, 80, '*']);
    const rows = v.packs.slice(0, 50).map((p) => tableRow(widths, [[{ text: cleanText(p.id, 200), style: S.cellSmall }], [{ text: cleanText(p.version, 100), style: S.cellSmall }], [{ text: cleanText(p.hash ?? '', 200), style: S.cellLabel }]], ['left', 'left', 'left']));
    flow.add(keep([new Space(3), small(ctx.t('rulePacks')), new Space(1), ...rows]));
  }
  if (v) {
    const findings = v.findings.filter((f) => f.flag !== 'information').slice(0, 500);
    const title = [new Space(4), small(ctx.t('findings')), new Space(1)];
    if (findings.length === 0) flow.add(keep([...title, TextStrip.of([{ text: ctx.t('noWarnings'), style: S.cell }], CONTENT_WIDTH)]));
    else {
      const widths = columnWidths([64, 120, '*']);
      const rows = findings.map((f) => tableRow(widths, [
        [{ text: f.flag === 'fatal' ? ctx.t('fatalFlag') : ctx.t('warning'), style: f.flag === 'fatal' ? S.cellBold : S.cellSmall }],
        [{ text: cleanText(f.ruleId, 200), style: S.cellSmall }],
        [{ text: cleanText(f.message, 2000), style: S.cellSmall }, ...(f.location ? [{ text: `\n${cleanText(f.location, 400)}`, style: S.cellLabel }] : [])],
      ], ['left', 'left', 'left']));
      flow.add(keep([...title, rows[0]]));
      for (const r of rows.slice(1)) flow.add(r);
    }
  }
  const anomalies = ctx.anomalies.slice(0, 500);
  if (anomalies.length > 0) {
    const widths = columnWidths([120, '*']);
    const rows = anomalies.map((a) => tableRow(widths, [ctx.label(a.term, S.cellLabel), [{ text: cleanText(a.message, 500), style: S.cellSmall }, { text: `\n${cleanText(a.location, 400)}`, style: S.cellLabel }]], ['left', 'left']));
    flow.add(keep([new Space(4), small(ctx.t('anomalies')), new Space(1), rows[0]]));
    for (const r of rows.slice(1)) flow.add(r);
  }
  if (source) {
    const sha = crypto.createHash('sha256').update(source.bytes).digest('hex');
    flow.add(keep([new Space(6), small(ctx.t('sourceAttached')), TextStrip.of([{ text: `${cleanText(source.filename, 200)} · ${cleanText(source.mediaType ?? 'application/xml', 100)} · ${formatBytes(source.bytes.length, ctx.lang)} · SHA-256 ${sha}`, style: S.cellSmall }], CONTENT_WIDTH)]));
  }
}
