/** Additional supporting documents (BG-24): reference, description, external location, attached file (name, type, size). */
import { cleanText, formatBytes } from '../../format';
import { columnWidths, S, tableRow, type Ctx } from '../context';
import { keep, type Align, type Flow } from '../layout';

export const ATTACHMENT_COLUMNS = { ids: ['BT-122', 'BT-123', 'BT-124', 'BT-125'], widths: [96, '*', 136, 136] as (number | '*')[] };
const ALIGNS: Align[] = ['left', 'left', 'left', 'left'];

export function attachmentsSection(ctx: Ctx, flow: Flow): void {
  const docs = ctx.terms['BG-24'];
  if (docs.length === 0) return;
  const widths = columnWidths(ATTACHMENT_COLUMNS.widths);
  const rows = docs.map((d) => {
    const bin = d['BT-125'];
    let binText = '';
    if (bin) {
      const parts = [bin.filename !== '' ? cleanText(bin.filename) : null, bin.mimeCode !== '' ? cleanText(bin.mimeCode) : null, formatBytes(bin.size, ctx.lang)].filter((x): x is string => x !== null);
      binText = `${parts.join(' · ')}\n(${ctx.t('embedded')})`;
    }
    const cell = (v: string | undefined): { text: string; style: typeof S.cell }[] => [{ text: cleanText(v ?? ''), style: S.cell }];
    return tableRow(widths, [cell(d['BT-122']), cell(d['BT-123']), cell(d['BT-124']), [{ text: binText, style: S.cell }]], ALIGNS);
  });
  const head = ctx.headerRow(widths, ATTACHMENT_COLUMNS.ids, ALIGNS);
  if (rows.length <= 15) flow.add(keep([ctx.h2('BG-24'), head, ...rows]));
  else {
    flow.add(keep([ctx.h2('BG-24'), head, rows[0]]));
    for (const r of rows.slice(1)) flow.add(r);
  }
}
