/** Document-level allowances (BG-20) and charges (BG-21): one table each. */
import type { DocumentAllowance, DocumentCharge } from '../../../model/canonical';
import { columnWidths, S, tableRow, type Ctx } from '../context';
import { keep, type Align, type Flow, type Strip } from '../layout';

/** Columns: reason, reason code, percentage, base amount, VAT category (and rate), amount. */
export const ALLOWANCE_COLUMNS = {
  'BG-20': ['BT-97', 'BT-98', 'BT-94', 'BT-93', 'BT-95', 'BT-92'],
  'BG-21': ['BT-104', 'BT-105', 'BT-101', 'BT-100', 'BT-102', 'BT-99'],
  widths: ['*', 70, 62, 68, 96, 68] as (number | '*')[],
};
const RATE = { 'BG-20': 'BT-96', 'BG-21': 'BT-103' } as const;
const ALIGNS: Align[] = ['left', 'left', 'right', 'right', 'left', 'right'];

function table(ctx: Ctx, groupId: 'BG-20' | 'BG-21', items: (DocumentAllowance | DocumentCharge)[]): Strip[] {
  if (items.length === 0) return [];
  const ids = ALLOWANCE_COLUMNS[groupId];
  const widths = columnWidths(ALLOWANCE_COLUMNS.widths);
  const rows = items.map((it) => {
    const g = it as Record<string, string | undefined>;
    const cells = ids.map((id) => [{ text: g[id] !== undefined ? ctx.valueText(id, g[id] as string) : '', style: S.cell }]);
    const rate = g[RATE[groupId]];
    if (rate !== undefined) cells[4].push({ text: `\n${ctx.fmt(RATE[groupId], rate)}`, style: S.cell });
    return tableRow(widths, cells, ALIGNS);
  });
  const head = ctx.headerRow(widths, ids, ALIGNS);
  return [keep([ctx.h2(groupId), head, rows[0]]), ...rows.slice(1)];
}

export function allowancesSection(ctx: Ctx, flow: Flow): void {
  for (const s of [...table(ctx, 'BG-20', ctx.terms['BG-20']), ...table(ctx, 'BG-21', ctx.terms['BG-21'])]) flow.add(s);
}

