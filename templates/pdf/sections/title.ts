/** The title block: document kind and number on the left, the document-level terms on the right. */
import { documentTypeOf } from '../../../model/codes';
import { cleanText } from '../../format';
import { CONTENT_WIDTH, Ctx, S } from '../context';
import { Row, Space, Stack, TextStrip, type Flow, type Strip } from '../layout';

const RIGHT = 270;
const GAP = 12;

/** What the document is: invoice or credit note, self-billed or not (from BT-3, else from the syntax's root element). */
export function documentKind(ctx: Ctx): { creditNote: boolean; selfBilled: boolean } {
  const t = documentTypeOf(ctx.terms['BT-3'], ctx.kind === 'credit-note' ? 'credit-note' : 'invoice');
  return { creditNote: t.kind === 'credit-note', selfBilled: t.selfBilled };
}

/** The title: the usual word for the four main kinds (380, 381, 389, 261 and unknown codes), the code's name for the others. */
export function titleOf(ctx: Ctx): string {
  return documentTypeOf(ctx.terms['BT-3'], ctx.kind === 'credit-note' ? 'credit-note' : 'invoice').names[ctx.lang];
}

export function titleSection(ctx: Ctx, flow: Flow): void {
  const r = ctx.terms;
  const leftWidth = CONTENT_WIDTH - RIGHT - GAP;
  const { creditNote, selfBilled } = documentKind(ctx);
  const left: Strip[] = [
    TextStrip.of([{ text: titleOf(ctx), style: S.title }], leftWidth),
    new Space(2),
    TextStrip.of([{ text: r['BT-1'] !== undefined ? cleanText(r['BT-1']) : '—', style: S.number }, ...ctx.tag('BT-1')], leftWidth),
    new Space(4),
    TextStrip.of([{ text: ctx.t('generatedBy'), style: S.label }], leftWidth),
  ];
  if (selfBilled) left.push(new Space(2), TextStrip.of([{ text: ctx.t('selfBilled'), style: S.label }], leftWidth));
  if (creditNote) left.push(new Space(2), TextStrip.of([{ text: ctx.t('creditNoteSign'), style: S.label }], leftWidth));
  const rows = [...ctx.rows(r, ['BT-1', 'BT-3', 'BT-2', 'BT-9', 'BT-7', 'BT-8', 'BT-5', 'BT-6']), ...ctx.rows(r['BG-2'], ['BT-24', 'BT-23'])];
  flow.add(new Row(CONTENT_WIDTH, [
    { x: 0, strip: new Stack(left) },
    { x: leftWidth + GAP, strip: ctx.kv(rows, RIGHT, 92) },
  ]));
}
