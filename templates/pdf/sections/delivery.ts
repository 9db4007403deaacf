/** Delivery (BG-13, with its address BG-15) and the invoicing period (BG-14), side by side. */
import { CONTENT_WIDTH, type Ctx } from '../context';
import { Row, Stack, type Column, type Flow } from '../layout';
import { addressRow } from './address';

const GAP = 10;
const HALF = (CONTENT_WIDTH - GAP) / 2;

export function deliverySection(ctx: Ctx, flow: Flow): void {
  const d = ctx.terms['BG-13'];
  if (!d) return;
  const rows = [...ctx.rows(d, ['BT-70', 'BT-71', 'BT-72']), ...addressRow(ctx, d['BG-15'], 'BG-15')];
  const periodRows = ctx.rows(d['BG-14'], ['BT-73', 'BT-74']);
  const cols: Column[] = [];
  if (rows.length > 0) cols.push({ x: 0, strip: new Stack([ctx.h2('BG-13'), ctx.kv(rows, HALF, 96)]) });
  if (periodRows.length > 0) cols.push({ x: cols.length > 0 ? HALF + GAP : 0, strip: new Stack([ctx.h2('BG-14'), ctx.kv(periodRows, HALF, 96)]) });
  if (cols.length > 0) flow.add(new Row(CONTENT_WIDTH, cols));
}
