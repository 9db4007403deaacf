/**
 * A document's history as people read it: what happened (in words, not event codes), when (in
 * Luxembourg time, the offset from UTC named), who (the staff member's name, the token's name, the
 * hub's stage — not ids), the change of state, and the facts of the event as labelled lines; what
 * only a developer needs is folded under "technical details".
 */
import { html, type Html, type HtmlValue, type Lang } from '../../web';
import { actorLabel, detailsList, readable, stateLabel, when, type ActorView } from './components';
import { fmtInt } from './format';
import { ct, labelOf } from './messages';

export interface EventView {
  seq: number;
  at: string;
  actor: string;
  type: string;
  fromState: string | null;
  toState: string;
  details: Record<string, unknown>;
}

const FAILURES = new Set(['validate_failed', 'route_failed', 'render_failed', 'dispatch_failed']);
const BAD = new Set(['rejected', 'duplicate', 'unroutable', ...FAILURES]);

/** The facts worth reading first, in this order; the rest is technical. */
const PRIMARY = ['reason', 'note', 'bodyId', 'fromBodyId', 'toBodyId', 'department', 'duplicateOf', 'error', 'message', 'fatal', 'warnings', 'responseCode', 'channel', 'webhooks', 'matchedBy', 'scenario'];
/** Repeats of what the entry already says. */
const SKIP = ['action', 'manual', 'finding'];

function title(e: EventView, lang: Lang): string {
  if (e.type === 'transition' && e.fromState !== e.toState) {
    if (FAILURES.has(e.toState)) return ct('ev_failed', lang);
    const k = `ev_to_${e.toState}`;
    const l = labelOf('', k, lang);
    if (l !== k) return l;
  }
  const l = labelOf('ev_', e.type, lang);
  return l !== e.type ? l : ct('ev_other', lang, { type: e.type });
}

function stateLine(e: EventView, lang: Lang): string {
  if (e.fromState === null) return ct('stateNow', lang, { state: stateLabel(e.toState, lang) });
  if (e.fromState === e.toState) return ct('stateSame', lang, { state: stateLabel(e.toState, lang) });
  return ct('stateChange', lang, { from: stateLabel(e.fromState, lang), to: stateLabel(e.toState, lang) });
}

/** Values that read better than their raw form: bodies and documents linked, counts of webhooks. */
function shownValues(d: Record<string, unknown>, lang: Lang): Record<string, HtmlValue> {
  const out: Record<string, HtmlValue> = {};
  for (const k of ['bodyId', 'fromBodyId', 'toBodyId']) {
    if (typeof d[k] === 'string') out[k] = html`<a href="/console/directory/bodies/${d[k] as string}">${d[k] as string}</a>`;
  }
  if (typeof d.duplicateOf === 'string') out.duplicateOf = html`<a href="/console/documents/${d.duplicateOf}">${d.duplicateOf}</a>`;
  if (Array.isArray(d.webhooks)) out.webhooks = fmtInt(d.webhooks.length, lang);
  if (typeof d.channel === 'string') out.channel = labelOf('ch_', d.channel, lang);
  if (typeof d.size === 'number') out.size = fmtInt(d.size, lang);
  return out;
}

export function timeline(events: readonly EventView[], actors: ReadonlyMap<string, ActorView>, lang: Lang): Html {
  if (events.length === 0) return html`<p>–</p>`;
  return html`<p class="hint">${ct('timeZoneNote', lang)}</p>
<ol class="timeline">${events.map((e) => html`<li${BAD.has(e.toState) && e.fromState !== e.toState ? html` class="bad"` : ''}>
<h3 class="tl-what">${title(e, lang)}</h3>
<p class="tl-meta">${when(e.at, lang)} · ${actorLabel(actors.get(e.actor), e.actor, lang)}</p>
<p class="tl-state">${stateLine(e, lang)}</p>
${detailsList(e.details, lang, { primary: PRIMARY, skip: SKIP, values: shownValues(e.details, lang) })}
</li>`)}</ol>`;
}

/** A row of the staff audit log's details, readable. */
export function auditDetails(action: string, d: Record<string, unknown>, lang: Lang): Html {
  const values: Record<string, HtmlValue> = {};
  if (typeof d.from === 'string') values.from = stateLabel(d.from, lang);
  if (typeof d.to === 'string') values.to = stateLabel(d.to, lang);
  if (typeof d.role === 'string') values.role = labelOf('role_', d.role, lang);
  if (typeof d.bodyId === 'string') values.bodyId = html`<a href="/console/directory/bodies/${d.bodyId}">${d.bodyId}</a>`;
  if (action.startsWith('provider-') && d.before !== undefined) values.before = readable(d.before, lang);
  return detailsList(d, lang, { primary: ['reason', 'note', 'from', 'to', 'bodyId', 'role', 'ip', 'added', 'changed', 'retired', 'effectiveFrom'], values });
}

export function auditActionLabel(action: string, lang: Lang): Html {
  const l = labelOf('au_', action, lang);
  return l === action ? html`<code>${action}</code>` : html`${l} <code class="hint">${action}</code>`;
}
