/**
 * The invoice lines (BG-25): one table row a line, its title and column headers repeated on every
 * page it runs on and never left alone at the bottom of a page. A row stays whole on a page unless it
 * is taller than a page (then it continues on the next). Secondary facts of a line run on shared lines:
 * identifiers on one, attributes on one, references and period on one, price details on one.
 */
import type { Identifier, InvoiceLine, LineAllowance, LineCharge } from '../../../model/canonical';
import { cleanText, formatQuantity } from '../../format';
import { columnWidths, CONTENT_WIDTH, S, TABLE_ROW, tableRow, type Ctx } from '../context';
import { Space, Stack, TextStrip, type Align, type Flow, type Run } from '../layout';
import { DEFAULT_MAX_LINES } from '../options';

/** Column ids and widths of the line table (exported for the header test). */
export const LINE_COLUMNS = { ids: ['BT-126', 'BG-31', 'BT-129', 'BT-146', 'BG-30', 'BT-131'], widths: [34, '*', 60, 58, 56, 64] as (number | '*')[] };
const ALIGNS: Align[] = ['left', 'left', 'right', 'right', 'center', 'right'];

function allowanceCharge(ctx: Ctx, b: LineAllowance | LineCharge, kind: 'allowance' | 'charge'): Run[] {
  const [amountId, baseId, pctId, reasonId, codeId] = kind === 'allowance' ? ['BT-136', 'BT-137', 'BT-138', 'BT-139', 'BT-140'] : ['BT-141', 'BT-142', 'BT-143', 'BT-144', 'BT-145'];
  const g = b as Record<string, string | undefined>;
  const amount = g[amountId];
  const out: Run[] = [...ctx.labelColon(kind === 'allowance' ? 'BG-27' : 'BG-28', '\n'), { text: (kind === 'allowance' ? '− ' : '+ ') + (amount !== undefined ? ctx.fmt(amountId, amount) : '—'), style: S.cellSmall }];
  let n = 0;
  for (const id of [reasonId, codeId, pctId, baseId]) {
    const v = g[id];
    if (v === undefined) continue;
    out.push(...ctx.labelColon(id, n++ > 0 ? '; ' : ' ('), { text: ctx.valueText(id, v), style: S.cellSmall });
  }
  if (n > 0) out.push({ text: ')', style: S.cellLabel });
  return out;
}

function itemCell(ctx: Ctx, line: InvoiceLine): Run[] {
  const item = line['BG-31'];
  const price = line['BG-29'];
  const out: Run[] = [{ text: item?.['BT-153'] !== undefined ? cleanText(item['BT-153']) : '—', style: S.cellBold }, ...ctx.tag('BT-153')];
  if (item?.['BT-154'] !== undefined) out.push({ text: `\n${cleanText(item['BT-154'])}`, style: S.cell }, ...ctx.tag('BT-154'));
  const run = (entries: [string, string][]): void => {
    entries.forEach(([id, value], i) => out.push(...ctx.labelColon(id, i === 0 ? '\n' : ' · '), { text: value, style: S.cellSmall }));
  };
  if (item) {
    const ids: [string, string][] = [];
    if (item['BT-155'] !== undefined) ids.push(['BT-155', cleanText(item['BT-155'])]);
    if (item['BT-156'] !== undefined) ids.push(['BT-156', cleanText(item['BT-156'])]);
    if (item['BT-157'] !== undefined) ids.push(['BT-157', ctx.identText(item['BT-157'])]);
    for (const c of item['BT-158'] as Identifier[]) ids.push(['BT-158', ctx.identText(c)]);
    if (item['BT-159'] !== undefined) ids.push(['BT-159', cleanText(item['BT-159'])]);
    run(ids);
    item['BG-32'].forEach((a, i) => {
      out.push({ text: (i === 0 ? '\n' : ' · ') + (a['BT-160'] !== undefined ? cleanText(a['BT-160']) : '—'), style: S.cellLabel }, ...ctx.tag('BT-160'), { text: ': ', style: S.cellLabel }, { text: a['BT-161'] !== undefined ? cleanText(a['BT-161']) : '', style: S.cellSmall }, ...ctx.tag('BT-161'));
    });
  }
  const refs: [string, string][] = [];
  if (line['BT-127'] !== undefined) refs.push(['BT-127', cleanText(line['BT-127'])]);
  if (line['BT-128'] !== undefined) refs.push(['BT-128', ctx.identText(line['BT-128'])]);
  if (line['BT-132'] !== undefined) refs.push(['BT-132', cleanText(line['BT-132'])]);
  if (line['BT-133'] !== undefined) refs.push(['BT-133', cleanText(line['BT-133'])]);
  run(refs);
  const period = line['BG-26'];
  if (period && (period['BT-134'] !== undefined || period['BT-135'] !== undefined)) {
    out.push(
      ...ctx.labelColon('BG-26', refs.length > 0 ? ' · ' : '\n'),
      { text: period['BT-134'] !== undefined ? ctx.fmt('BT-134', period['BT-134']) : '…', style: S.cellSmall },
      ...ctx.tag('BT-134'),
      { text: ' – ', style: S.cellSmall },
      { text: period['BT-135'] !== undefined ? ctx.fmt('BT-135', period['BT-135']) : '…', style: S.cellSmall },
      ...ctx.tag('BT-135'),
    );
  }
  // Gross price and price discount (BG-29) beside the item: the price column keeps the net price.
  const priceFacts: [string, string][] = [];
  if (price?.['BT-148'] !== undefined) priceFacts.push(['BT-148', ctx.fmt('BT-148', price['BT-148'])]);
  if (price?.['BT-147'] !== undefined) priceFacts.push(['BT-147', ctx.fmt('BT-147', price['BT-147'])]);
  run(priceFacts);
  for (const a of line['BG-27']) out.push(...allowanceCharge(ctx, a, 'allowance'));
  for (const c of line['BG-28']) out.push(...allowanceCharge(ctx, c, 'charge'));
  return out;
}

function lineCells(ctx: Ctx, line: InvoiceLine): Run[][] {
  const price = line['BG-29'];
  const vat = line['BG-30'];
  const qty: Run[] = [{ text: line['BT-129'] !== undefined ? ctx.fmt('BT-129', line['BT-129']) : '—', style: S.cell }];
  if (line['BT-130'] !== undefined) qty.push({ text: `\n${ctx.unitText('BT-130', line['BT-130'])}`, style: S.cellLabel }, ...ctx.tag('BT-130'));
  const priceCell: Run[] = [{ text: price?.['BT-146'] !== undefined ? ctx.fmt('BT-146', price['BT-146']) : '—', style: S.cell }];
  if (price && (price['BT-149'] !== undefined || price['BT-150'] !== undefined)) {
    priceCell.push({ text: '\n/ ', style: S.cellLabel }, { text: price['BT-149'] !== undefined ? ctx.fmt('BT-149', price['BT-149']) : '', style: S.cellSmall }, ...ctx.tag('BT-149'));
    if (price['BT-150'] !== undefined) priceCell.push({ text: ` ${ctx.unitText('BT-150', price['BT-150'])}`, style: S.cellLabel }, ...ctx.tag('BT-150'));
  }
  const vatCell: Run[] = [{ text: vat?.['BT-151'] !== undefined ? cleanText(vat['BT-151']) : '—', style: S.cell }, ...ctx.tag('BT-151')];
  if (vat?.['BT-152'] !== undefined) vatCell.push({ text: `\n${ctx.fmt('BT-152', vat['BT-152'])}`, style: S.cell }, ...ctx.tag('BT-152'));
  return [
    [{ text: line['BT-126'] !== undefined ? cleanText(line['BT-126']) : '—', style: S.cell }],
    itemCell(ctx, line),
    qty,
    priceCell,
    vatCell,
    [{ text: line['BT-131'] !== undefined ? ctx.fmt('BT-131', line['BT-131']) : '—', style: S.cell }],
  ];
}

export function linesSection(ctx: Ctx, flow: Flow): void {
  const lines = ctx.terms['BG-25'];
  const widths = columnWidths(LINE_COLUMNS.widths);
  const title = TextStrip.of([
    ...ctx.label('BG-25', S.h2),
    { text: ` (${lines.length} — ${ctx.t('currency')} ${cleanText(ctx.currency)})`, style: S.label },
  ], CONTENT_WIDTH);
  // The section title is part of the header: repeated on every page with the column headers.
  const header = new Stack([title, new Space(2), ctx.headerRow(widths, LINE_COLUMNS.ids, ALIGNS)]);
  const max = Math.max(1, ctx.opts.maxLines ?? DEFAULT_MAX_LINES);
  const shown = lines.slice(0, max);
  const first = shown.length > 0 ? tableRow(widths, lineCells(ctx, shown[0]), ALIGNS) : null;
  flow.add(new Space(10));
  // the headers never stay alone at the bottom of a page: they come with (the start of) the first line
  flow.ensure(header.height + Math.min(first?.height ?? 0, 120));
  flow.add(header);
  flow.repeat(header);
  shown.forEach((l, i) => flow.add(i === 0 && first ? first : tableRow(widths, lineCells(ctx, l), ALIGNS, TABLE_ROW)));
  if (lines.length > max) {
    const notice = ctx.t('linesOmitted').replace('{from}', formatQuantity(String(max + 1), ctx.lang)).replace('{to}', formatQuantity(String(lines.length), ctx.lang));
    flow.add(tableRow([CONTENT_WIDTH], [[{ text: notice, style: S.strong }]], ['left']));
  }
  flow.repeat(null);
}
