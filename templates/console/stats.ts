/** The statistics dashboard: the period, the key figures, one SVG chart per breakdown with its CSV. */
import type { Lang } from '../../config/languages';
import { html, type Html } from '../../web';
import { barChart, factsTable, table, type Bar } from './components';
import { formatDecimal } from '../format';
import { fmtDay, fmtInt, fmtMonth, fmtRate, fmtSeconds } from './format';
import { consolePage, type Frame } from './layout';
import { ct, labelOf, type ConsoleKey } from './messages';

export interface StatsView {
  from: string;
  to: string;
  total: number;
  rejectionRate: string;
  unroutableRate: string;
  medianDeliverySeconds: number | null;
  p95DeliverySeconds: number | null;
  deliveredToBodies: number;
  bodiesReached: number;
  bodiesReachedViaPeppol: number;
  perDay: Bar[];
  perMonth: Bar[];
  perChannel: Bar[];
  perBody: Bar[];
  perBodyType: Bar[];
  /** The bodies' answers: the whole hub first (`*`), then per body. */
  answers: { bodyId: string; delivered: number; unanswered: number; unansweredShare: string; medianAcceptedSeconds: number | null; p95AcceptedSeconds: number | null; medianPaidSeconds: number | null; p95PaidSeconds: number | null }[];
}

/** A duration in days with one decimal when it is long (`3,5 j`), else in seconds. */
function fmtDuration(seconds: number | null, lang: Lang): string {
  if (seconds === null) return '–';
  if (seconds < 86_400) return fmtSeconds(seconds, lang);
  return `${formatDecimal((Math.round(seconds / 8640) / 10).toFixed(1), lang)}\u00a0${ct('daysUnit', lang)}`;
}

function answersTable(s: StatsView, lang: Lang): Html {
  const head = [ct('by_recipient', lang), ct('delivered', lang), ct('medianAccepted', lang), ct('p95Accepted', lang), ct('medianPaid', lang), ct('p95Paid', lang), ct('neverAnswered', lang)];
  return table(ct('answers', lang), head, s.answers.map((a) => [
    a.bodyId === '*' ? html`<strong>${ct('allBodies', lang)}</strong>` : a.bodyId, fmtInt(a.delivered, lang),
    fmtDuration(a.medianAcceptedSeconds, lang), fmtDuration(a.p95AcceptedSeconds, lang), fmtDuration(a.medianPaidSeconds, lang), fmtDuration(a.p95PaidSeconds, lang),
    `${fmtInt(a.unanswered, lang)} (${fmtRate(a.unansweredShare, lang)})`,
  ]), { id: 'answers', numeric: [1, 2, 3, 4, 5, 6], hideCaption: true });
}

const CHARTS = ['perDay', 'perMonth', 'perChannel', 'perBody', 'perBodyType'] as const;

function labelled(chart: (typeof CHARTS)[number], bars: Bar[], lang: Lang): Bar[] {
  const label = (key: string): string => {
    if (chart === 'perDay') return fmtDay(key, lang);
    if (chart === 'perMonth') return fmtMonth(key, lang);
    if (chart === 'perChannel') return labelOf('ch_', key, lang);
    if (chart === 'perBodyType') return labelOf('bt_', key, lang);
    return key;
  };
  return bars.map((b) => ({ ...b, label: label(b.key) }));
}

export function statsPage(f: Frame, s: StatsView): string {
  const lang = f.lang;
  const q = `from=${s.from}&to=${s.to}`;
  return consolePage(f, {
    title: ct('stats', lang), section: 'stats',
    body: html`<form method="get" action="/console/stats" class="inline-form"><div class="field"><label for="f-from">${ct('from', lang)}</label><input type="date" id="f-from" name="from" value="${s.from}"></div>
<div class="field"><label for="f-to">${ct('to', lang)}</label><input type="date" id="f-to" name="to" value="${s.to}"></div><button type="submit">${ct('show', lang)}</button></form>
<p>${ct('period', lang, { from: fmtDay(s.from, lang), to: fmtDay(s.to, lang) })}</p>
<h2>${ct('keyFigures', lang)}</h2>${factsTable(ct('keyFigures', lang), [
      [ct('total', lang), fmtInt(s.total, lang)], [ct('rejectionRate', lang), fmtRate(s.rejectionRate, lang)], [ct('unroutableRate', lang), fmtRate(s.unroutableRate, lang)],
      [ct('median', lang), fmtSeconds(s.medianDeliverySeconds, lang)], [ct('p95', lang), fmtSeconds(s.p95DeliverySeconds, lang)],
      [ct('delivered', lang), fmtInt(s.deliveredToBodies, lang)], [ct('bodiesReached', lang), fmtInt(s.bodiesReached, lang)], [ct('bodiesPeppol', lang), fmtInt(s.bodiesReachedViaPeppol, lang)],
    ], { hideCaption: true })}<p><a href="/console/stats/summary.csv?${q}">${ct('csv', lang)}</a></p>
<h2>${ct('answers', lang)}</h2>${answersTable(s, lang)}
${CHARTS.map((c) => {
      const title = ct(`c_${c}` as ConsoleKey, lang);
      return html`<h2>${title}</h2>${barChart(`chart-${c}`, title, labelled(c, s[c], lang), lang)}<p><a href="/console/stats/${c}.csv?${q}">${ct('csv', lang)} — ${title}</a></p>`;
    })}`,
  });
}
