/** The document totals (BG-22), right-aligned; the total with VAT and the amount due in bold. */
import type { DocumentTotals } from '../../../model/canonical';
import { CONTENT_WIDTH, S, tableRow, type Ctx } from '../context';
import { Indent, keep, type Flow } from '../layout';

const WIDTH = 260;

export function totalsSection(ctx: Ctx, flow: Flow): void {
  const tot: DocumentTotals = ctx.terms['BG-22'] ?? {};
  const vatCurrency = ctx.terms['BT-6'] ?? '';
  const widths = [WIDTH - 110, 110];
  const rows = [];
  for (const id of ['BT-106', 'BT-107', 'BT-108', 'BT-109', 'BT-110', 'BT-111', 'BT-112', 'BT-113', 'BT-114', 'BT-115'] as const satisfies readonly (keyof DocumentTotals)[]) {
    const v = tot[id];
    if (v === undefined) continue;
    const strong = id === 'BT-115' || id === 'BT-112';
    rows.push(tableRow(widths, [ctx.label(id, strong ? S.totalLabelBold : S.totalLabel), [{ text: ctx.money(id, v, id === 'BT-111' ? vatCurrency : ctx.currency), style: strong ? S.totalBold : S.total }]], ['left', 'right']));
  }
  if (rows.length === 0) rows.push(tableRow(widths, [[{ text: '—', style: S.total }], []], ['left', 'right']));
  const h2 = ctx.h2('BG-22');
  flow.add(new Indent(CONTENT_WIDTH - WIDTH, keep([h2, ...rows]), true));
}
