/** Document-level allowances (BG-20) and charges (BG-21): one table each. */
import type { DocumentAllowance, DocumentCharge } from '../../../model/canonical';
import { columnWidths, S, tableRow, type Ctx } from '../context';
import { keep, type Align, type Flow, type Run, type Strip } from '../layout';

/** Columns: reason, reason code, percentage, base amount, VAT category (and rate), amount. */
export const ALLOWANCE_COLUMNS = {
  'BG-20': ['BT-97', 'BT-98', 'BT-94', 'BT-93', 'BT-95', 'BT-92'] as const satisfies readonly (keyof DocumentAllowance)[],
  'BG-21': ['BT-104', 'BT-105', 'BT-101', 'BT-100', 'BT-102', 'BT-99'] as const satisfies readonly (keyof DocumentCharge)[],
  widths: ['*', 70, 62, 68, 96, 68] as (number | '*')[],
};
const ALIGNS: Align[] = ['left', 'left', 'right', 'right', 'left', 'right'];

/** The cells of one row: the values of the columns, the VAT rate under the category. */
function cells(ctx: Ctx, ids: readonly string[], values: readonly (string | undefined)[], rateId: string, rate: string | undefined): Run[][] {
  const out = ids.map((id, i) => [{ text: values[i] !== undefined ? ctx.valueText(id, values[i] as string) : '', style: S.cell }]);
  if (rate !== undefined) out[4].push({ text: `\n${ctx.fmt(rateId, rate)}`, style: S.cell });
  return out;
}

function table(ctx: Ctx, groupId: 'BG-20' | 'BG-21'): Strip[] {
  const widths = columnWidths(ALLOWANCE_COLUMNS.widths);
  const ids = ALLOWANCE_COLUMNS[groupId];
  const rows = groupId === 'BG-20'
    ? ctx.terms['BG-20'].map((a) => tableRow(widths, cells(ctx, ids, ALLOWANCE_COLUMNS['BG-20'].map((id) => a[id]), 'BT-96', a['BT-96']), ALIGNS))
    : ctx.terms['BG-21'].map((c) => tableRow(widths, cells(ctx, ids, ALLOWANCE_COLUMNS['BG-21'].map((id) => c[id]), 'BT-103', c['BT-103']), ALIGNS));
  if (rows.length === 0) return [];
  const head = ctx.headerRow(widths, ids, ALIGNS);
  return [keep([ctx.h2(groupId), head, rows[0]]), ...rows.slice(1)];
}

export function allowancesSection(ctx: Ctx, flow: Flow): void {
  for (const s of [...table(ctx, 'BG-20'), ...table(ctx, 'BG-21')]) flow.add(s);
}

