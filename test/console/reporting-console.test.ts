/**
 * The console's "Peppol reporting" page and its API: each month with both reports, their validation
 * and status, the reminders, the figures as a table, the XML download, in French, German and English;
 * the rebuild action for operators only (audited); the JSON under /console/api/reports.
 */
import { addToOutbox } from '../../core/outbox';
import { buildMonth, type ReportingDeps } from '../../core/reporting/monthly';
import { insertLedgerRows } from '../../db/repositories/reporting';
import { validate } from '../../validation';
import { ADMIN, adminApi, auditRows, staffClient, startConsoleHub, type Client, type ConsoleHub } from './helpers';
import { DT, ledgerRow, PR } from './reporting-helpers';

jest.setTimeout(180_000);

let hub: ConsoleHub;
const now = new Date('2026-12-11T09:00:00.000Z');
let viewer: Client;
let operator: Client;
let novTsr = '';

const deps = (o: Partial<ReportingDeps> = {}): ReportingDeps => ({ store: hub.store, validate: (b, opts) => validate(b, opts), reporterId: 'PLU000000', handOff: addToOutbox, clock: () => now, ...o });

beforeAll(async () => {
  hub = await startConsoleHub('reporting-console', { clock: () => now });
  await insertLedgerRows(hub.store.db, [
    ledgerRow({ as4MessageId: 'n1', exchangedAt: '2026-11-02T10:00:00.000Z' }),
    ledgerRow({ as4MessageId: 'n2', exchangedAt: '2026-11-03T10:00:00.000Z', c2SeatId: 'PDE000002', c1Country: 'DE', endUserId: 'commune-b' }),
    ledgerRow({ as4MessageId: 'n3', exchangedAt: '2026-11-04T10:00:00.000Z', direction: 'sent', c2SeatId: 'PLU000000', c3SeatId: 'PBE000001', documentTypeValue: DT.invoiceResponse, processValue: PR.invoiceResponse, c1Country: 'LU', c4Country: null, identifiersFrom: 'outbox', outboxKind: 'invoice-response' }),
  ]);
  [{ report: { id: novTsr } }] = await buildMonth(deps(), '2026-11', 'system:reporting');
  // October: a TSR the rules refuse
  await buildMonth(deps({ validate: async (b, opts) => ({ ...(await validate(b, opts)), valid: false, findings: [{ source: 'schematron', ruleId: 'SCH-TSR-12', flag: 'fatal', location: '/TransactionStatisticsReport', message: 'sums do not add up <test>' }] }) }), '2026-10', 'system:reporting');
  viewer = await staffClient(hub, 'vera', 'viewer');
  operator = await staffClient(hub, 'otto', 'operator');
});

afterAll(async () => {
  await hub?.stop();
});

describe('the page', () => {
  it('every month with both reports, the reminders, the figures of the newest month', async () => {
    const r = await viewer.get('/console/reporting');
    expect(r.status).toBe(200);
    expect(r.text).toContain('<h1>Peppol reporting</h1>');
    expect(r.text).toContain('href="/console/reporting" aria-current="page"');
    // the 11th: last month's reports are built but not acknowledged as sent
    expect(r.text).toContain('TSR of November 2026: not acknowledged as sent yet (built, in the outbox); deadline 15 Dec 2026.');
    expect(r.text).toContain('EUSR of November 2026: not acknowledged as sent yet');
    expect(r.text).toContain('Details of November 2026');
    expect(r.text).toContain('Details of October 2026');
    expect(r.text).toContain('<h2>Reports of November 2026</h2>');
    // the figures: 2 incoming (n1, n2), 1 outgoing (n3)
    const tsr = /<table id="figures-tsr">[\s\S]*?<\/table>/.exec(r.text)?.[0] ?? '';
    expect(tsr).toMatch(/<td>Total<\/td><td>–<\/td><td class="num">2<\/td><td class="num">1<\/td>/);
    expect(tsr).toContain('SP=PDE000002');
    const eusr = /<table id="figures-eusr">[\s\S]*?<\/table>/.exec(r.text)?.[0] ?? '';
    // receiving min-a and commune-b; sending min-a (the Invoice Response); either: 2
    expect(eusr).toMatch(/<td>Full set<\/td><td>–<\/td><td class="num">1<\/td><td class="num">2<\/td><td class="num">2<\/td>/);
    expect(r.text).toContain(`href="/console/reporting?download=${novTsr}"`);
    // a viewer does not rebuild
    expect(r.text).not.toContain('action="/console/reporting/rebuild"');
  });

  it('an invalid report shows with its findings, never offered', async () => {
    const r = await viewer.get('/console/reporting?month=2026-10');
    expect(r.text).toContain('<h2>Reports of October 2026</h2>');
    expect(r.text).toContain('invalid, never offered for sending');
    const tsr = /<section aria-labelledby="h-tsr">[\s\S]*?<\/section>/.exec(r.text)?.[0] ?? '';
    expect(tsr).toContain('<code>SCH-TSR-12</code> sums do not add up &lt;test&gt;');
    expect(tsr).toContain('invalid (1 error(s))');
    // the XML can be read (download), it is only never offered for sending
    expect(tsr).toContain('?download=');
  });

  it('in French and German', async () => {
    const fr = await viewer.inLang('fr').get('/console/reporting');
    expect(fr.text).toContain('<h1>Rapports Peppol</h1>');
    expect(fr.text).toContain('Statistiques de transactions (TSR)');
    expect(fr.text).toContain('TSR de novembre 2026\u00a0: pas encore acquitté comme envoyé');
    const de = await viewer.inLang('de').get('/console/reporting');
    expect(de.text).toContain('<h1>Peppol-Berichte</h1>');
    expect(de.text).toContain('Endnutzerstatistik (EUSR)');
    expect(de.text).toContain('<td>Gesamt</td>');
  });

  it('the download is the stored XML', async () => {
    const r = await viewer.get(`/console/reporting?download=${novTsr}`);
    expect(r.status).toBe(200);
    expect(r.res.headers.get('content-type')).toContain('application/xml');
    expect(r.res.headers.get('content-disposition')).toBe('attachment; filename="tsr-2026-11-v1.xml"');
    expect(r.text).toContain('<Incoming>2</Incoming>');
    expect((await viewer.get('/console/reporting?download=00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});

describe('rebuild', () => {
  it('operators only; the same month again is unchanged; audited', async () => {
    await viewer.get('/console/reporting');
    expect((await viewer.post('/console/reporting/rebuild', { month: '2026-11' })).status).toBe(403);
    const page = await operator.get('/console/reporting');
    expect(page.text).toContain('action="/console/reporting/rebuild"');
    const r = await operator.post('/console/reporting/rebuild', { month: '2026-11' });
    expect(r.status).toBe(200);
    expect(r.text).toContain('TSR of November 2026: unchanged (version 1, built, in the outbox); nothing new.');
    expect(r.text).toContain('EUSR of November 2026: unchanged (version 1, built, in the outbox); nothing new.');
    const rows = await auditRows(hub.store, { action: 'report-rebuild' });
    expect(rows.map((a) => [a.actor, a.target])).toEqual([['staff:otto', '2026-11']]);
  });

  it('a month never built is built; a month not over or not a month is refused', async () => {
    await operator.get('/console/reporting');
    const r = await operator.post('/console/reporting/rebuild', { month: '2026-09' });
    expect(r.text).toContain('TSR of September 2026: version 1 built, valid, put in the outbox.');
    for (const month of ['2026-12', '2026-13', 'nope']) {
      await operator.get('/console/reporting');
      const bad = await operator.post('/console/reporting/rebuild', { month });
      expect([month, bad.status]).toEqual([month, 400]);
      expect(bad.text).toContain('Give a month that is over, written YYYY-MM.');
    }
  });
});

describe('the API', () => {
  it('GET /console/api/reports: months, reminders, one month in detail with its figures', async () => {
    const r = await adminApi(hub, 'GET', '/console/api/reports?month=2026-11&months=3');
    expect(r.status).toBe(200);
    const j = await r.json() as { reporterId: string; current: unknown; months: { month: string }[]; reminders: { kind: string }[]; selected: { month: string; tsr: { latest: { figures: { total: unknown }; xml: string } } } };
    expect([j.reporterId, j.current]).toEqual(['PLU000000', { month: '2026-11', phase: 'remind' }]);
    expect(j.months.map((m) => m.month)).toEqual(['2026-11', '2026-10', '2026-09']);
    expect(j.reminders.map((x) => x.kind)).toEqual(['tsr', 'eusr']);
    expect([j.selected.month, j.selected.tsr.latest.figures.total, j.selected.tsr.latest.xml]).toEqual(['2026-11', { incoming: 2, outgoing: 1 }, `/console/reporting?download=${novTsr}`]);
    expect((await adminApi(hub, 'GET', '/console/api/reports?months=0')).status).toBe(400);
  });

  it('POST /console/api/reports/rebuild', async () => {
    const r = await adminApi(hub, 'POST', '/console/api/reports/rebuild', { month: '2026-11' });
    expect(r.status).toBe(200);
    const j = await r.json() as { month: string; outcomes: { kind: string; outcome: string; message: string }[] };
    expect(j.outcomes.map((o) => [o.kind, o.outcome])).toEqual([['tsr', 'unchanged'], ['eusr', 'unchanged']]);
    const bad = await adminApi(hub, 'POST', '/console/api/reports/rebuild', { month: '2026-12' });
    expect([bad.status, ((await bad.json()) as { type: string }).type]).toEqual([400, '/problems/month-not-over']);
    expect(((await (await adminApi(hub, 'POST', '/console/api/reports/rebuild', { month: '2026-13' })).json()) as { type: string }).type).toBe('/problems/bad-month');
    // a session needs the CSRF header; a viewer may not
    expect((await viewer.req('POST', '/console/api/reports/rebuild', JSON.stringify({ month: '2026-11' }), { 'content-type': 'application/json' })).status).toBe(403);
    expect(ADMIN).toBeTruthy();
  });
});
