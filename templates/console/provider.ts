/** One service provider: the register entry, what it sent, its top failing rules (their text in the staff member's language), the monthly trend, the report links. */
import { html } from '../../web';
import type { ReadableFinding } from '../findings';
import { barChart, factsTable, table } from './components';
import { findingHtml as findingMessage } from '../findings';
import { fmtDay, fmtInt, fmtMonth, fmtRate } from './format';
import { consolePage, type Frame } from './layout';
import { ct, labelOf } from './messages';

export interface ProviderPageView {
  seatId: string;
  provider: { name: string; country: string; contact: string; status: string; takenOverAt: string | null; notes: string } | null;
  stats: {
    sent: number;
    rejected: number;
    duplicates: number;
    rejectionRate: string;
    topRules: { ruleId: string; count: number; text: string; messages?: ReadableFinding['messages'] }[];
    months: { month: string; sent: number; rejected: number }[];
  };
}

export function providerPage(f: Frame, v: ProviderPageView): string {
  const lang = f.lang;
  const p = v.provider;
  const st = v.stats;
  return consolePage(f, {
    title: `${p?.name ?? ct('unregistered', lang)} (${v.seatId})`, section: 'providers',
    body: html`${factsTable(ct('providers', lang), [
      [ct('country', lang), p?.country ?? '–'], [ct('contact', lang), p?.contact || '–'], [ct('status', lang), p ? labelOf('st_', p.status, lang) : '–'],
      [ct('takenOver', lang), fmtDay(p?.takenOverAt ?? null, lang)], [ct('notes', lang), p?.notes || '–'],
      [ct('sent', lang), fmtInt(st.sent, lang)], [ct('rejectedCount', lang), fmtInt(st.rejected, lang)], [ct('q_duplicates', lang), fmtInt(st.duplicates, lang)],
      [ct('rejectionRate', lang), fmtRate(st.rejectionRate, lang)],
    ], { hideCaption: true })}
<p><a href="/console/providers/${v.seatId}/report.csv">${ct('reportCsv', lang)}</a> · <a href="/console/providers/${v.seatId}/report.pdf">${ct('reportPdf', lang)}</a> · <a href="/console/queues/rejected?provider=${v.seatId}">${ct('q_rejected', lang)}</a></p>
<h2>${ct('topRules', lang)}</h2>${st.topRules.length === 0 ? html`<p>${ct('noData', lang)}</p>` : table(ct('topRules', lang), [ct('rule', lang), ct('count', lang), ct('ruleText', lang)], st.topRules.map((t) => [html`<code>${t.ruleId}</code>`, fmtInt(t.count, lang), findingMessage({ message: t.text, ...(t.messages ? { messages: t.messages } : {}) }, lang)]), { numeric: [1], hideCaption: true })}
<h2>${ct('trend', lang)}</h2>${barChart('chart-months', ct('trend', lang), st.months.map((m) => ({ key: m.month, label: fmtMonth(m.month, lang), count: m.sent })), lang)}
${table(ct('trend', lang), [ct('month', lang), ct('sent', lang), ct('rejectedCount', lang)], st.months.map((m) => [fmtMonth(m.month, lang), fmtInt(m.sent, lang), fmtInt(m.rejected, lang)]), { numeric: [1, 2], hideCaption: true })}`,
  });
}
