/** The statistics dashboard and the CSV of each of its figures. */
import { stringify } from 'csv-stringify/sync';
import { dashboardStats, isChart, periodOf, summaryRows } from '../../../core/statistics/dashboard';
import { statsPage } from '../../../templates/console/stats';
import { notFound, type RouteCall } from '../context';

function period(x: RouteCall): { from: string; to: string } {
  return periodOf(x.qs('from'), x.qs('to'), x.ctx.now());
}

export async function dashboard(x: RouteCall): Promise<void> {
  const p = period(x);
  x.page(200, statsPage(x.frame(), await dashboardStats(x.store, p.from, p.to)));
}

export async function chartCsv(x: RouteCall): Promise<void> {
  const name = x.param('chart').replace(/\.csv$/, '');
  if (name !== 'summary' && !isChart(name)) throw notFound('No such chart.');
  const p = period(x);
  const s = await dashboardStats(x.store, p.from, p.to);
  const rows = name === 'summary' ? summaryRows(s) : [['key', 'count'], ...s[name].map((b) => [b.key, b.count])];
  x.res.type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="${name}-${p.from}-${p.to}.csv"`).send(stringify(rows));
}
