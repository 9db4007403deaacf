/**
 * What every page carries, drawn once the page count is known: the footer (document id, reception
 * stamp, rule packs, validation outcome, page x / y) and, from page 2 on, a header line (invoice
 * number — seller). Each part is cut to fit its line: the full texts are in the final section.
 */
import { cleanText, formatTimestamp } from '../../format';
import { CONTENT_WIDTH, MARGIN, RULE, S, type Ctx } from '../context';
import { PAGE_HEIGHT, textWidth, type Canvas, type Style } from '../layout';
import { outcome } from './validation';

/** The text cut with an ellipsis so that it is at most `width` points wide. */
function fit(text: string, style: Style, width: number): string {
  if (textWidth(text, style) <= width) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (textWidth(`${text.slice(0, mid)}…`, style) <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}…`;
}

export function pageFurniture(ctx: Ctx, page: Canvas, n: number, count: number): void {
  const x = MARGIN.left;
  const v = ctx.opts.validation;
  const top = PAGE_HEIGHT - MARGIN.bottom + 8;
  page.line(x, top, x + CONTENT_WIDTH, top, 0.5, RULE);
  const pageText = `${ctx.t('page')} ${n} / ${count}`;
  const pageWidth = textWidth(pageText, S.footerBold);
  const id = ctx.opts.documentId ? cleanText(ctx.opts.documentId, 200) : '—';
  const received = ctx.opts.receivedAt ? `${ctx.t('received')} ${formatTimestamp(ctx.opts.receivedAt, ctx.lang)}` : ctx.t('notReceived');
  const packs = v && v.packs.length > 0 ? v.packs.map((p) => `${cleanText(p.id, 200)} ${cleanText(p.version, 100)}`).join(', ') : '—';
  const line1 = `${ctx.t('document')} ${fit(id, S.footer, CONTENT_WIDTH * 0.45)} · ${received}`;
  const base1 = top + 1 + 6.5;
  page.text(x, base1, fit(line1, S.footer, CONTENT_WIDTH - pageWidth - 12), S.footer);
  page.text(x + CONTENT_WIDTH - pageWidth, base1, pageText, S.footerBold);
  const tail = ` · ${ctx.t('validation')}: ${outcome(ctx)}`;
  const rules = `${ctx.t('rules')}: ${fit(packs, S.footer, CONTENT_WIDTH - textWidth(`${ctx.t('rules')}: ${tail}`, S.footer) - 4)}${tail}`;
  page.text(x, base1 + 8, fit(rules, S.footer, CONTENT_WIDTH), S.footer);
  if (n > 1) {
    const head = `${cleanText(ctx.terms['BT-1'] ?? '', 300)} — ${cleanText(ctx.terms['BG-4']?.['BT-27'] ?? '', 300)}`;
    page.text(x, 16 + 6.5, fit(head, S.footer, CONTENT_WIDTH), S.footer);
  }
}
