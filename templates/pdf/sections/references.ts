/** Document references (BT-10…19) and preceding invoices (BG-3), in two columns. */
import { cleanText } from '../../format';
import { CONTENT_WIDTH, S, type Ctx, type KvRow } from '../context';
import { Row, type Flow } from '../layout';

const GAP = 10;
const HALF = (CONTENT_WIDTH - GAP) / 2;

export function referencesSection(ctx: Ctx, flow: Flow): void {
  const r = ctx.terms;
  const rows: KvRow[] = ctx.rows(r, ['BT-10', 'BT-13', 'BT-14', 'BT-12', 'BT-11', 'BT-15', 'BT-16', 'BT-17', 'BT-18', 'BT-19']);
  for (const p of r['BG-3']) {
    const value = [{ text: p['BT-25'] !== undefined ? cleanText(p['BT-25']) : '—', style: S.value }, ...ctx.tag('BT-25')];
    if (p['BT-26'] !== undefined) value.push(...ctx.labelColon('BT-26', ' — ', S.label), { text: ctx.fmt('BT-26', p['BT-26']), style: S.value });
    rows.push([ctx.label('BG-3'), value]);
  }
  if (rows.length === 0) return;
  const half = Math.ceil(rows.length / 2);
  flow.add(ctx.h2('references'));
  flow.add(new Row(CONTENT_WIDTH, [
    { x: 0, strip: ctx.kv(rows.slice(0, half), HALF, 120) },
    { x: HALF + GAP, strip: ctx.kv(rows.slice(half), HALF, 120) },
  ], {}, false));
}
