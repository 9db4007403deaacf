/** Seller and buyer (with the body the hub delivered to), payee and tax representative: boxes side by side. */
import { byId } from '../../../model/catalogue';
import { cleanText } from '../../format';
import { CONTENT_WIDTH, RULE, S, type Ctx, type KvRow } from '../context';
import { Row, Space, Stack, TextStrip, type Flow, type Strip } from '../layout';
import { addressRow } from './address';

const GAP = 10;
const BOX = (CONTENT_WIDTH - GAP) / 2;
const PAD = 5;

function box(ctx: Ctx, groupId: string, group: object | undefined, nameId: string, ids: string[], addressId: string | null, contactId: string | null, after: KvRow[] = []): Strip | null {
  if (!group) return null;
  const g = group as Record<string, unknown>;
  const inner = BOX - 2 * PAD;
  const rows = [...ctx.rows(g, ids), ...(addressId ? addressRow(ctx, g[addressId] as object | undefined, addressId) : [])];
  if (contactId) rows.push(...ctx.rows(g[contactId] as object | undefined, byId(contactId)?.children ?? []));
  const name = g[nameId];
  const children: Strip[] = [
    TextStrip.of(ctx.label(groupId, S.h2), inner),
    new Space(2),
    TextStrip.of([{ text: typeof name === 'string' ? cleanText(name) : '—', style: S.name }, ...ctx.tag(nameId)], inner),
    new Space(2),
  ];
  if (rows.length > 0) children.push(ctx.kv(rows, inner, 96));
  // what the hub adds (the body it delivered to) under a rule: it is not in the XML
  if (after.length > 0) children.push(new Row(inner, [], { padTop: 3, rule: { width: 0.4, color: RULE } }), new Space(3), ctx.kv(after, inner, 96));
  return new Row(BOX, [{ x: PAD, strip: new Stack(children) }], { padTop: 4, padBottom: 4, border: { width: 0.5, color: RULE } });
}

function pair(flow: Flow, a: Strip | null, b: Strip | null): void {
  if (!a && !b) return;
  flow.add(new Space(8));
  const cols = [];
  if (a) cols.push({ x: 0, strip: a });
  if (b) cols.push({ x: BOX + GAP, strip: b });
  flow.add(new Row(CONTENT_WIDTH, cols));
}

export function partiesSection(ctx: Ctx, flow: Flow): void {
  const r = ctx.terms;
  const delivered = ctx.opts.deliveredTo;
  const deliveredRows: KvRow[] = delivered && typeof delivered.name === 'string'
    ? [[[{ text: ctx.t('deliveredTo'), style: S.label }], [{ text: cleanText(delivered.name, 500), style: S.strong }, ...(typeof delivered.identifier === 'string' && delivered.identifier !== '' ? [{ text: `\n${cleanText(delivered.identifier, 500)}`, style: S.value }] : [])]]]
    : [];
  pair(
    flow,
    box(ctx, 'BG-4', r['BG-4'], 'BT-27', ['BT-28', 'BT-29', 'BT-30', 'BT-31', 'BT-32', 'BT-33', 'BT-34'], 'BG-5', 'BG-6'),
    box(ctx, 'BG-7', r['BG-7'], 'BT-44', ['BT-45', 'BT-46', 'BT-47', 'BT-48', 'BT-49'], 'BG-8', 'BG-9', deliveredRows) ?? (deliveredRows.length > 0 ? box(ctx, 'BG-7', {}, 'BT-44', [], null, null, deliveredRows) : null),
  );
  pair(flow, box(ctx, 'BG-10', r['BG-10'], 'BT-59', ['BT-60', 'BT-61'], null, null), box(ctx, 'BG-11', r['BG-11'], 'BT-62', ['BT-63'], 'BG-12', null));
}
