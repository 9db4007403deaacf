/**
 * Pieces shared by the console's pages: tables, notices, the CSRF field, the pager, SVG bar charts
 * drawn on the server (no script, no CDN; titled, with the same figures in a table and a CSV), the
 * action form of documents with its body picker, and readable renderings of structured details
 * (events, audit rows, directory changes) — never JSON.
 */
import { CSRF_FIELD, html, join, type Html, type HtmlValue, type Lang } from '../../web';
import { fmtDateTime, fmtInt } from './format';
import { ct, labelOf } from './messages';

export function hiddenCsrf(token: string): Html {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${token}">`;
}

export function notice(kind: 'ok' | 'error', lines: readonly string[]): Html {
  if (lines.length === 0) return html``;
  return html`<div class="notice notice-${kind}" role="${kind === 'error' ? 'alert' : 'status'}"><ul>${lines.map((l) => html`<li>${l}</li>`)}</ul></div>`;
}

export interface Notes { ok: string[]; errors: string[] }
export const NO_NOTES: Notes = { ok: [], errors: [] };

export function notes(n: Notes): Html {
  return html`${notice('ok', n.ok)}${notice('error', n.errors)}`;
}

/** A table with a caption; `numeric`: indexes of right-aligned columns (figures). */
export function table(caption: string, head: readonly string[], rows: readonly HtmlValue[][], o: { id?: string; cls?: string; numeric?: readonly number[]; hideCaption?: boolean } = {}): Html {
  const num = new Set(o.numeric ?? []);
  return html`<table${o.id ? html` id="${o.id}"` : ''}${o.cls ? html` class="${o.cls}"` : ''}><caption${o.hideCaption ? html` class="visually-hidden"` : ''}>${caption}</caption>
<thead><tr>${head.map((h, i) => html`<th scope="col"${num.has(i) ? html` class="num"` : ''}>${h}</th>`)}</tr></thead>
<tbody>${rows.map((r) => html`<tr>${r.map((c, i) => html`<td${num.has(i) ? html` class="num"` : ''}>${c}</td>`)}</tr>`)}</tbody></table>`;
}

/** A key/value table (two columns, header cells in the first). */
export function factsTable(caption: string, rows: readonly [string, HtmlValue][], o: { hideCaption?: boolean } = {}): Html {
  return html`<table class="facts"><caption${o.hideCaption ? html` class="visually-hidden"` : ''}>${caption}</caption>
<tbody>${rows.map(([k, v]) => html`<tr><th scope="row">${k}</th><td>${v}</td></tr>`)}</tbody></table>`;
}

export function subNav(label: string, items: readonly { href: string; label: string; current?: boolean }[]): Html {
  return html`<nav aria-label="${label}" class="sub-nav"><ul>${items.map((i) => html`<li><a href="${i.href}"${i.current ? html` aria-current="page"` : ''}>${i.label}</a></li>`)}</ul></nav>`;
}

export function pager(lang: Lang, prev: string | null, next: string | null): Html {
  if (prev === null && next === null) return html``;
  return html`<nav aria-label="${ct('pages', lang)}" class="sub-nav"><ul>${prev !== null ? html`<li><a href="${prev}">${ct('previous', lang)}</a></li>` : ''}${next !== null ? html`<li><a href="${next}">${ct('next', lang)}</a></li>` : ''}</ul></nav>`;
}

/** An instant in Luxembourg time, machine-readable in `datetime`. */
export function when(iso: string | null, lang: Lang): Html {
  return iso === null ? html`–` : html`<time datetime="${iso}">${fmtDateTime(iso, lang)}</time>`;
}

export interface Bar { key: string; label?: string; count: number }

/** A horizontal bar chart as inline SVG (role img, titled; the same figures follow as a table or CSV). */
export function barChart(id: string, title: string, bars: readonly Bar[], lang: Lang): Html {
  if (bars.length === 0) return html`<p>${ct('noData', lang)}</p>`;
  const rowH = 22;
  const labelW = 190;
  const width = 640;
  const max = Math.max(...bars.map((b) => b.count), 1);
  const height = bars.length * rowH + 10;
  const rows = bars.map((b, i) => {
    const w = Math.round(((width - labelW - 70) * b.count) / max);
    const y = 5 + i * rowH;
    const text = b.label ?? b.key;
    const label = text.length > 28 ? `${text.slice(0, 27)}…` : text;
    return html`<text x="${labelW - 6}" y="${y + 15}" text-anchor="end" fill="#1b1b1b">${label}</text><rect x="${labelW}" y="${y + 3}" width="${Math.max(w, 1)}" height="${rowH - 6}" fill="#1d5b8f"></rect><text x="${labelW + w + 4}" y="${y + 15}" fill="#1b1b1b">${fmtInt(b.count, lang)}</text>`;
  });
  return html`<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${id}-title" viewBox="0 0 ${width} ${height}" width="100%" class="chart" font-family="sans-serif" font-size="12">
<title id="${id}-title">${title}</title>
${rows}
</svg>`;
}

// ---------------------------------------------------------------- readable structured details

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function humanKey(k: string): string {
  return k.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
}

/** The label of a detail key (`reason` → Motif), else the key in words. */
export function keyLabel(k: string, lang: Lang): string {
  const l = labelOf('dk_', k, lang);
  return l === k ? humanKey(k) : l;
}

function scalar(v: string | number | boolean, lang: Lang): HtmlValue {
  if (typeof v === 'boolean') return ct(v ? 'yes' : 'no', lang);
  if (typeof v === 'number') return Number.isInteger(v) ? fmtInt(v, lang) : String(v);
  if (ISO_INSTANT.test(v)) return when(v, lang);
  return v;
}

/** A value of any shape as readable HTML: lists as lists, objects as labelled lines, no JSON. */
export function readable(v: unknown, lang: Lang, depth = 0): HtmlValue {
  if (v === null || v === undefined || v === '') return '–';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return scalar(v, lang);
  if (depth > 3) return '…';
  if (Array.isArray(v)) {
    if (v.length === 0) return '–';
    if (v.every((x) => x === null || ['string', 'number', 'boolean'].includes(typeof x))) return v.map((x) => (x === null ? '–' : String(x))).join(', ');
    return html`<ul class="plain">${v.slice(0, 50).map((x) => html`<li>${readable(x, lang, depth + 1)}</li>`)}${v.length > 50 ? html`<li>… (${fmtInt(v.length, lang)})</li>` : ''}</ul>`;
  }
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    if (entries.length === 0) return '–';
    return html`<dl class="details">${entries.map(([k, x]) => html`<dt>${keyLabel(k, lang)}</dt><dd>${readable(x, lang, depth + 1)}</dd>`)}</dl>`;
  }
  return String(v);
}

/** Details as a definition list, the `primary` keys first; the rest folded under "technical details". */
export function detailsList(d: Record<string, unknown>, lang: Lang, o: { primary?: readonly string[]; skip?: readonly string[]; values?: Record<string, HtmlValue> } = {}): Html {
  const skip = new Set(o.skip ?? []);
  const entries = Object.entries(d).filter(([k, v]) => !skip.has(k) && v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0));
  const primary = new Set(o.primary ?? []);
  const main = entries.filter(([k]) => primary.has(k)).sort(([a], [b]) => (o.primary ?? []).indexOf(a) - (o.primary ?? []).indexOf(b));
  const rest = entries.filter(([k]) => !primary.has(k));
  const dl = (list: [string, unknown][]): Html => html`<dl class="details">${list.map(([k, v]) => html`<dt>${keyLabel(k, lang)}</dt><dd>${o.values?.[k] ?? readable(v, lang)}</dd>`)}</dl>`;
  return html`${main.length > 0 ? dl(main) : ''}${rest.length > 0 ? html`<details><summary>${ct('moreDetails', lang)}</summary>${dl(rest)}</details>` : ''}`;
}

/** A document state in words. */
export function stateLabel(state: string, lang: Lang): string {
  return labelOf('ds_', state, lang);
}

export function channelLabel(channel: string, lang: Lang): string {
  return labelOf('ch_', channel, lang);
}

/** Who an event or audit row names, as the console resolved it. */
export interface ActorView { actor: string; kind: string; id: string; name: string | null }

export function actorLabel(a: ActorView | undefined, raw: string, lang: Lang): Html {
  if (a === undefined) return html`${raw}`;
  switch (a.kind) {
    case 'staff': return a.name !== null ? html`${a.name} <span class="hint">(${a.id})</span>` : html`${ct('ac_formerStaff', lang, { login: a.id })}`;
    case 'token': return html`${a.name !== null ? ct('ac_token', lang, { name: a.name }) : ct('ac_tokenGone', lang)}`;
    case 'admin': return html`${ct('ac_admin', lang)}`;
    case 'system': return html`${ct('ac_system', lang, { stage: labelOf('stage_', a.id, lang) })}`;
    case 'inbox-user': return html`${ct('ac_inbox', lang, { login: a.name ?? a.id })}`;
    case 'body': return html`${ct('ac_body', lang, { id: a.id })}`;
    case 'anonymous': return html`${ct('ac_anonymous', lang)}`;
    default: return html`${raw}`;
  }
}

/** A message with `{name}` placeholders (as `ct` gives it without values) filled with HTML parts, escaped as usual. */
export function fill(template: string, parts: Record<string, HtmlValue>): Html {
  return join(template.split(/(\{\w+\})/).map((piece) => {
    const m = /^\{(\w+)\}$/.exec(piece);
    return m !== null && m[1] !== undefined && m[1] in parts ? parts[m[1]] : piece;
  }));
}
