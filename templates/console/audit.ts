/** The staff audit log (administrators): when, who (names, not ids), what, on what, the details in words. */
import { html, type HtmlValue } from '../../web';
import { actorLabel, table, when, type ActorView } from './components';
import { consolePage, type Frame } from './layout';
import { ct } from './messages';
import { auditActionLabel, auditDetails } from './timeline';

export interface AuditLineView { at: string; actor: string; action: string; target: string | null; details: Record<string, unknown> }

function target(t: string | null): HtmlValue {
  if (t === null) return '–';
  const m = /^(document|provider|staff):(.+)$/.exec(t);
  if (m?.[1] === 'document') return html`<a href="/console/documents/${m[2] ?? ''}">${t}</a>`;
  if (m?.[1] === 'provider') return html`<a href="/console/providers/${m[2] ?? ''}">${t}</a>`;
  return t;
}

export function auditPage(f: Frame, v: { rows: AuditLineView[]; actors: ReadonlyMap<string, ActorView> }): string {
  const lang = f.lang;
  return consolePage(f, {
    title: ct('auditLog', lang), section: 'audit',
    body: html`<p class="hint">${ct('timeZoneNote', lang)}</p>${table(ct('auditLog', lang), [ct('when', lang), ct('who', lang), ct('what', lang), ct('target', lang), ct('details', lang)], v.rows.map((a) => [
      when(a.at, lang), actorLabel(v.actors.get(a.actor), a.actor, lang), auditActionLabel(a.action, lang), target(a.target), auditDetails(a.action, a.details, lang),
    ]), { hideCaption: true, cls: 'audit-log' })}`,
  });
}
