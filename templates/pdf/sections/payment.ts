/** Payment instructions (BG-16: credit transfers BG-17, card BG-18, direct debit BG-19) and payment terms (BT-20). */
import { cleanText } from '../../format';
import { CONTENT_WIDTH, S, type Ctx, type KvRow } from '../context';
import { keep, Stack, type Flow, type Run } from '../layout';

const LABEL = 120;

export function paymentSection(ctx: Ctx, flow: Flow): void {
  const p = ctx.terms['BG-16'];
  const terms = ctx.terms['BT-20'];
  if (!p && terms === undefined) return;
  const rows: KvRow[] = [...ctx.rows(p, ['BT-81', 'BT-82', 'BT-83'])];
  // nested groups: `Label: value` pieces on the value side of one row
  const nested = (groupId: string, g: object | undefined, ids: string[]): void => {
    const r = ctx.rows(g, ids);
    if (r.length === 0) return;
    const value: Run[] = [];
    r.forEach(([l, v], i) => value.push(...l.map((x, j) => (j === 0 ? { text: (i > 0 ? '\n' : '') + x.text, style: x.style } : x)), { text: ': ', style: S.label }, ...v));
    rows.push([ctx.label(groupId), value]);
  };
  for (const ct of p?.['BG-17'] ?? []) nested('BG-17', ct, ['BT-84', 'BT-85', 'BT-86']);
  nested('BG-18', p?.['BG-18'], ['BT-87', 'BT-88']);
  nested('BG-19', p?.['BG-19'], ['BT-89', 'BT-90', 'BT-91']);
  if (terms !== undefined) rows.push([ctx.label('BT-20'), [{ text: cleanText(terms), style: S.value }]]);
  if (rows.length === 0) return;
  const table = ctx.kv(rows, CONTENT_WIDTH, LABEL);
  const h2 = ctx.h2('BG-16');
  if (rows.length <= 25) flow.add(keep([h2, table]));
  else {
    flow.ensure(h2.height + 40);
    flow.add(new Stack([h2, table]));
  }
}
