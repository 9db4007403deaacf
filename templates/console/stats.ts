/** The statistics dashboard: the period, the key figures, one SVG chart per breakdown with its CSV. */
import type { Lang } from '../../config/languages';
import { html } from '../../web';
import { barChart, factsTable, type Bar } from './components';
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
${CHARTS.map((c) => {
      const title = ct(`c_${c}` as ConsoleKey, lang);
      return html`<h2>${title}</h2>${barChart(`chart-${c}`, title, labelled(c, s[c], lang), lang)}<p><a href="/console/stats/${c}.csv?${q}">${ct('csv', lang)} — ${title}</a></p>`;
    })}`,
  });
}
