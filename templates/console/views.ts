/**
 * Page bodies of the Authority console (the frame is services/web's `page`). Every value is
 * escaped by the `html` template; charts are SVG drawn here on the server (no script, no CDN),
 * each with a title, a text alternative and the same figures as a table and a CSV link.
 */
import { CSRF_FIELD, html, join, type Html, type HtmlValue, type WebLang } from '../../services/web';
import { ct, type ConsoleKey } from './messages';

export interface Bar { key: string; count: number }

/** A horizontal bar chart as inline SVG (role img, titled, described by the table that follows it). */
export function barChart(id: string, title: string, bars: Bar[], lang: WebLang): Html {
  if (bars.length === 0) return html`<p>${ct('noData', lang)}</p>`;
  const rowH = 22;
  const labelW = 170;
  const width = 640;
  const max = Math.max(...bars.map((b) => b.count), 1);
  const height = bars.length * rowH + 10;
  const rows = bars.map((b, i) => {
    const w = Math.round(((width - labelW - 60) * b.count) / max);
    const y = 5 + i * rowH;
    const label = b.key.length > 26 ? `${b.key.slice(0, 25)}…` : b.key;
    return html`<text x="${labelW - 6}" y="${y + 15}" text-anchor="end" fill="#1b1b1b">${label}</text><rect x="${labelW}" y="${y + 3}" width="${Math.max(w, 1)}" height="${rowH - 6}" fill="#1d5b8f"></rect><text x="${labelW + w + 4}" y="${y + 15}" fill="#1b1b1b">${b.count}</text>`;
  });
  return html`<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${id}-title" viewBox="0 0 ${width} ${height}" width="100%" class="chart" font-family="sans-serif" font-size="12">
<title id="${id}-title">${title}</title>
${rows}
</svg>`;
}

export function table(caption: string, head: string[], rows: HtmlValue[][], opts: { id?: string } = {}): Html {
  return html`<table${opts.id ? html` id="${opts.id}"` : ''}><caption>${caption}</caption>
<thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${rows.map((r) => html`<tr>${r.map((c) => html`<td>${c}</td>`)}</tr>`)}</tbody></table>`;
}

export function hiddenCsrf(token: string): Html {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${token}">`;
}

export function notice(kind: 'ok' | 'error', lines: string[]): Html {
  if (lines.length === 0) return html``;
  return html`<div class="notice notice-${kind}" role="${kind === 'error' ? 'alert' : 'status'}"><ul>${lines.map((l) => html`<li>${l}</li>`)}</ul></div>`;
}

/** The action fields shared by the single and the bulk form. */
/** The action choice, reason and body fields; `redeliver` is the dead-letters queue's only action. */
export function actionFields(lang: WebLang, idPrefix: string, kind: 'documents' | 'redeliver' = 'documents'): Html {
  const actions: ConsoleKey[] = kind === 'redeliver' ? ['a_redeliver'] : ['a_reprocess', 'a_route', 'a_reject', 'a_handled'];
  return html`<fieldset><legend>${ct('action', lang)}</legend>
${actions.map((a, i) => html`<div class="radio"><input type="radio" id="${idPrefix}-${a}" name="action" value="${a.slice(2)}"${i === 0 ? html` checked` : ''}><label for="${idPrefix}-${a}">${ct(a, lang)}</label></div>`)}
</fieldset>
<div class="field"><label for="${idPrefix}-reason">${ct('reason', lang)}</label>
<p class="hint" id="${idPrefix}-reason-hint">${ct(kind === 'redeliver' ? 'redeliverHint' : 'reasonHint', lang)}</p>
<textarea id="${idPrefix}-reason" name="reason" rows="2" maxlength="2000" aria-describedby="${idPrefix}-reason-hint"></textarea></div>
${kind === 'redeliver' ? '' : html`<div class="field"><label for="${idPrefix}-body">${ct('bodyId', lang)}</label>
<input type="text" id="${idPrefix}-body" name="bodyId" maxlength="100" autocomplete="off"></div>`}`;
}

/** Pretty display of the original XML: numbered lines, lines with findings marked and linked from the findings table. */
export function xmlView(xml: string, marks: Map<number, string[]>, lang: WebLang): Html {
  const lines = xml.split(/\r?\n/);
  return html`<div class="xml-view" role="region" aria-label="${ct('xml', lang)}" tabindex="0"><ol class="xml-lines">${lines.map((l, i) => {
    const n = i + 1;
    const m = marks.get(n);
    return m
      ? html`<li id="xml-line-${n}" class="xml-marked"><code>${l}</code> <strong class="xml-mark">← ${join(m, ', ')}</strong></li>`
      : html`<li><code>${l}</code></li>`;
  })}</ol></div>`;
}

/** Reasonable indentation of an XML document for reading (only when it arrived on very few lines). */
export function indentXml(xml: string): string {
  if (xml.split('\n').length > 3 || xml.length > 2_000_000) return xml;
  let depth = 0;
  const out: string[] = [];
  for (const tok of xml.replace(/>\s*</g, '>\n<').split('\n')) {
    const closing = /^<\//.test(tok);
    const selfContained = /^<[^!?/][^>]*\/>$/.test(tok) || /^<([^\s>/]+)[^>]*>.*<\/\1>$/.test(tok) || /^<[?!]/.test(tok);
    if (closing) depth = Math.max(0, depth - 1);
    out.push(`${'  '.repeat(depth)}${tok}`);
    if (!closing && !selfContained && tok.startsWith('<')) depth++;
  }
  return out.join('\n');
}
