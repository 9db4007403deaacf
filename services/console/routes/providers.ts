/** The register of Peppol service providers: the list with counts, the form (operators), one provider's figures and report. */
import { roleAtLeast } from '../../../core/accounts/staff';
import { CoreError } from '../../../core/errors';
import { isSeatId, listProviders, providerOf, saveProvider } from '../../../core/providers/register';
import { providerReportCsv, providerReportPdf } from '../../../core/providers/report';
import { providerOverview, providerStats } from '../../../core/providers/stats';
import { providerPage } from '../../../templates/console/provider';
import { providersPage } from '../../../templates/console/providers';
import type { FieldError } from '../../../web';
import { notFound, type RouteCall } from '../context';

export function seatOr404(x: RouteCall): string {
  const s = x.param('seat');
  if (!isSeatId(s)) throw notFound('Not a seat id.');
  return s;
}

async function showList(x: RouteCall, status = 200, errors: FieldError[] = [], values: Record<string, string> = {}): Promise<void> {
  const reg = new Map((await listProviders(x.store)).map((p) => [p.seatId, p]));
  const over = new Map((await providerOverview(x.store)).map((o) => [o.seatId, o]));
  const seats = [...new Set([...reg.keys(), ...over.keys()])].sort();
  x.page(status, providersPage(x.frame(), {
    canEdit: roleAtLeast(x.me.role, 'operator'), errors, values,
    lines: seats.map((s) => {
      const p = reg.get(s);
      const o = over.get(s);
      return { seatId: s, name: p?.name ?? null, country: p?.country ?? null, status: p?.status ?? null, takenOverAt: p?.takenOverAt ?? null, sent: o?.sent ?? 0, rejected: o?.rejected ?? 0, rejectionRate: o?.rejectionRate ?? '0.0000' };
    }),
  }));
}

export async function list(x: RouteCall): Promise<void> {
  await showList(x);
}

export async function save(x: RouteCall): Promise<void> {
  const f = await x.fields();
  if (f === null) return;
  const input = Object.fromEntries(f);
  try {
    const row = await saveProvider(x.store, input, x.me.actor, x.ctx.now());
    x.res.redirect(303, `/console/providers/${encodeURIComponent(row.seatId)}`);
  } catch (err) {
    if (!(err instanceof CoreError) || err.slug !== 'invalid-provider') throw err;
    await showList(x, 400, [{ field: typeof err.extra.field === 'string' ? err.extra.field : null, message: err.detail }], input);
  }
}

export async function provider(x: RouteCall): Promise<void> {
  const seat = seatOr404(x);
  const p = await providerOf(x.store, seat);
  x.page(200, providerPage(x.frame(), { seatId: seat, provider: p ?? null, stats: await providerStats(x.store, seat) }));
}

export async function reportCsv(x: RouteCall): Promise<void> {
  const seat = seatOr404(x);
  x.res.type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="provider-${seat}.csv"`).send(await providerReportCsv(x.store, seat));
}

export async function reportPdf(x: RouteCall): Promise<void> {
  const seat = seatOr404(x);
  x.res.type('application/pdf').set('Content-Disposition', `attachment; filename="provider-${seat}.pdf"`).send(await providerReportPdf(x.store, seat, x.ctx.now()));
}
