/** The VAT breakdown (BG-23). */
import type { VatBreakdown } from '../../../model/canonical';
import { columnWidths, tableRow, S, type Ctx } from '../context';
import { keep, type Align, type Flow } from '../layout';

export const VAT_COLUMNS = { ids: ['BT-118', 'BT-119', 'BT-116', 'BT-117', 'BT-120', 'BT-121'] as const satisfies readonly (keyof VatBreakdown)[], widths: [96, 44, 68, 64, '*', 80] as (number | '*')[] };
const ALIGNS: Align[] = ['left', 'right', 'right', 'right', 'left', 'left'];

export function vatSection(ctx: Ctx, flow: Flow): void {
  const widths = columnWidths(VAT_COLUMNS.widths);
  const rows = ctx.terms['BG-23'].map((it) => tableRow(widths, VAT_COLUMNS.ids.map((id) => {
    const v = it[id];
    return [{ text: v !== undefined ? ctx.valueText(id, v) : '', style: S.cell }];
  }), ALIGNS));
  const head = ctx.headerRow(widths, VAT_COLUMNS.ids, ALIGNS);
  // small tables stay whole; a long one keeps its heading with its first rows
  if (rows.length <= 25) flow.add(keep([ctx.h2('BG-23'), head, ...rows]));
  else {
    flow.add(keep([ctx.h2('BG-23'), head, rows[0]]));
    for (const r of rows.slice(1)) flow.add(r);
  }
}
