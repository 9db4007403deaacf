/** Invoice notes (BG-1): `[subject code] text`. */
import { cleanText } from '../../format';
import { CONTENT_WIDTH, S, type Ctx } from '../context';
import { keep, Space, TextStrip, type Flow } from '../layout';

export function notesSection(ctx: Ctx, flow: Flow): void {
  const notes = ctx.terms['BG-1'];
  if (notes.length === 0) return;
  const strips = notes.map((n) => TextStrip.of([
    ...(n['BT-21'] !== undefined ? [{ text: `[${cleanText(n['BT-21'])}] `, style: S.strong }, ...ctx.tag('BT-21')] : []),
    { text: cleanText(n['BT-22'] ?? ''), style: S.value },
    ...ctx.tag('BT-22'),
  ], CONTENT_WIDTH));
  // the heading stays with the first lines of the first note
  const first = strips[0].split(30);
  if (first && first[1].height > 0) {
    flow.add(keep([ctx.h2('BG-1'), first[0]]));
    flow.add(first[1]);
  } else flow.add(keep([ctx.h2('BG-1'), strips[0]]));
  for (const s of strips.slice(1)) {
    flow.add(new Space(2));
    flow.add(s);
  }
}
