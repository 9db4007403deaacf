/**
 * The register of service providers and the figures: per-provider statistics against a seeded
 * data set with known counts, the provider report (CSV, PDF), the dashboard (per day, month,
 * channel, body, type of body; rates; median and p95 reception → delivery) and its CSV exports, the
 * figures localised on the pages (FR/DE/EN numbers, rates as percentages).
 */
import { parse } from 'csv-parse/sync';
import { providerStats } from '../../core/providers/stats';
import { percentile, ratio } from '../../core/statistics/dashboard';
import { providerRow } from '../../db/repositories/providers';
import { body, save } from '../directory/helpers';
import { ADMIN, adminApi, auditRows, seedDocument, staffClient, startConsoleHub, type Client, type ConsoleHub } from './helpers';

// a hub with argon2id accounts and a fresh database per file: more than jest's default 5 s for the hooks
jest.setTimeout(120_000);

let hub: ConsoleHub;
let operator: Client;
const SEAT = 'PNL000777';

beforeAll(async () => {
  hub = await startConsoleHub('stats');
  operator = await staffClient(hub, 'otto', 'operator');
  await save(hub.store, [body('min-a'), body('commune-b', { type: 'commune' })], '2020-01-01');
  const seed = (s: Parameters<typeof seedDocument>[1]) => seedDocument(hub.store, s);
  // provider PNL000777: 10 documents in 2025 — 6 delivered, 3 rejected, 1 duplicate
  const t = (m: string, d: string) => `2025-${m}-${d}T10:00:00.000Z`;
  for (const [i, secs] of [30, 60, 90, 120, 150, 3600].entries()) await seed({ state: 'delivered', sendingAp: SEAT, receivedAt: t(i < 3 ? '03' : '04', '0' + (i + 1)), resolvedBodyId: i < 4 ? 'min-a' : 'commune-b', deliveredAfter: secs });
  await seed({ state: 'rejected', sendingAp: SEAT, receivedAt: t('03', '10'), findings: [{ ruleId: 'BR-05', message: 'currency (BT-5)' }, { ruleId: 'BR-06', message: 'seller' }] });
  await seed({ state: 'rejected', sendingAp: SEAT, receivedAt: t('04', '10'), findings: [{ ruleId: 'BR-05', message: 'currency (BT-5)' }, { ruleId: 'BR-05', message: 'currency (BT-5)' }] });
  await seed({ state: 'rejected', sendingAp: SEAT, receivedAt: t('04', '11'), findings: [{ ruleId: 'PEPPOL-EN16931-R001', message: 'business process' }] });
  await seed({ state: 'duplicate', sendingAp: SEAT, receivedAt: t('04', '12') });
  // another provider and other channels in the same period; one unroutable
  await seed({ state: 'delivered', sendingAp: 'PBE000001', receivedAt: t('04', '01'), resolvedBodyId: 'min-a', deliveredAfter: 45 });
  await seed({ state: 'delivered', channel: 'api', sendingAp: null, receivedAt: t('04', '02'), resolvedBodyId: 'min-a', deliveredAfter: 10 });
  await seed({ state: 'unroutable', channel: 'portal-upload', sendingAp: null, receivedAt: t('04', '03') });
  await seed({ state: 'rejected', channel: 'portal-form', sendingAp: null, receivedAt: t('04', '03'), findings: [{ ruleId: 'BR-01' }] });
  // outside the period: the last second of 2024, and the first of 2026 (the period ends before it)
  await seed({ state: 'delivered', sendingAp: SEAT, receivedAt: '2024-12-31T23:59:59.000Z', resolvedBodyId: 'min-a', deliveredAfter: 5 });
  await seed({ state: 'rejected', channel: 'api', sendingAp: null, receivedAt: '2026-01-01T00:00:00.000Z' });
});
afterAll(async () => { await hub.stop(); });

const plain = (s: string): string => s.replace(/\u00a0/g, ' ');

describe('figures', () => {
  it('ratio and percentile are exact (the definitions the SQL follows)', () => {
    expect(ratio(3, 10)).toBe('0.3000');
    expect(ratio(1, 3)).toBe('0.3333');
    expect(ratio(2, 3)).toBe('0.6667');
    expect(ratio(0, 0)).toBe('0.0000');
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
    expect(percentile([], 50)).toBeNull();
  });

  it('provider statistics match the seeded counts', async () => {
    const s = await providerStats(hub.store, SEAT, { from: '2025-01-01', to: '2026-01-01' });
    expect(s).toMatchObject({ sent: 10, rejected: 3, duplicates: 1, rejectionRate: ratio(3, 10) });
    expect(s.topRules).toEqual([
      { ruleId: 'BR-05', count: 2, text: 'currency (BT-5)' },
      { ruleId: 'BR-06', count: 1, text: 'seller' },
      { ruleId: 'PEPPOL-EN16931-R001', count: 1, text: 'business process' },
    ]);
    expect(s.months).toEqual([{ month: '2025-03', sent: 4, rejected: 1 }, { month: '2025-04', sent: 6, rejected: 2 }]);
    expect((await providerStats(hub.store, SEAT)).sent).toBe(11);
    expect((await adminApi(hub, 'GET', `/console/api/providers/${SEAT}/stats?from=2025-01-01&to=2026-01-01`)).status).toBe(200);
    expect((await adminApi(hub, 'GET', `/console/api/providers/${SEAT}/stats?from=yesterday`)).status).toBe(400);
  });

  it('dashboard figures for 2025', async () => {
    const res = await adminApi(hub, 'GET', '/console/api/stats?from=2025-01-01&to=2026-01-01');
    const s = (await res.json()) as Record<string, unknown>;
    expect(s).toMatchObject({
      total: 14, rejected: 4, unroutable: 1, rejectionRate: '0.2857', unroutableRate: '0.0714',
      perChannel: [{ key: 'api', count: 1 }, { key: 'peppol', count: 11 }, { key: 'portal-form', count: 1 }, { key: 'portal-upload', count: 1 }],
      perMonth: [{ key: '2025-03', count: 4 }, { key: '2025-04', count: 10 }],
      perBodyType: [{ key: 'commune', count: 2 }, { key: 'ministry', count: 6 }],
      // delivery times: 10, 30, 45, 60, 90, 120, 150, 3600 s
      medianDeliverySeconds: percentile([10, 30, 45, 60, 90, 120, 150, 3600], 50), p95DeliverySeconds: 3600,
      deliveredToBodies: 8, bodiesReached: 2, bodiesReachedViaPeppol: 2,
    });
    expect(s.medianDeliverySeconds).toBe(60);
    expect(s.rejectionRate).toBe(ratio(4, 14));
    expect(s.perBody).toEqual([{ key: 'min-a', count: 6 }, { key: 'commune-b', count: 2 }]);
    expect((s.perDay as { key: string }[]).map((d) => d.key)).toEqual(['2025-03-01', '2025-03-02', '2025-03-03', '2025-03-10', '2025-04-01', '2025-04-02', '2025-04-03', '2025-04-04', '2025-04-05', '2025-04-06', '2025-04-10', '2025-04-11', '2025-04-12']);
    const empty = (await (await adminApi(hub, 'GET', '/console/api/stats?from=2030-01-01&to=2031-01-01')).json()) as Record<string, unknown>;
    expect(empty).toMatchObject({ total: 0, rejectionRate: '0.0000', medianDeliverySeconds: null, p95DeliverySeconds: null, perDay: [] });
  });

  it('dashboard page: SVG charts drawn on the server, CSV per chart', async () => {
    const page = await operator.get('/console/stats?from=2025-01-01&to=2026-01-01');
    expect(page.status).toBe(200);
    expect((page.text.match(/<svg /g) ?? []).length).toBe(5);
    expect(page.text).toContain('role="img"');
    expect(page.text).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    const csv = await operator.get('/console/stats/perChannel.csv?from=2025-01-01&to=2026-01-01');
    expect(csv.res.headers.get('content-type')).toContain('text/csv');
    expect(parse(csv.text)).toEqual([['key', 'count'], ['api', '1'], ['peppol', '11'], ['portal-form', '1'], ['portal-upload', '1']]);
    const sum = parse((await operator.get('/console/stats/summary.csv?from=2025-01-01&to=2026-01-01')).text) as string[][];
    expect(sum).toContainEqual(['bodies_reached_via_peppol', '2']);
    expect(sum).toContainEqual(['p95_delivery_seconds', '3600']);
    expect(sum).toContainEqual(['rejection_rate', '0.2857']);
  });

  it('numbers, rates, days and months are localised on the pages', async () => {
    const q = '/console/stats?from=2025-01-01&to=2026-01-01';
    const en = plain((await operator.get(q)).text);
    expect(en).toContain('<td>28.57%</td>');
    expect(en).toContain('<td>3,600 s</td>');
    expect(en).toContain('>April 2025</text>');
    expect(en).toContain('>01 Apr 2025</text>');
    const fr = await operator.inLang('fr').get(q);
    expect(fr.text).toContain('<td>28,57\u00a0%</td>');
    expect(fr.text).toContain('<td>3\u00a0600\u00a0s</td>');
    expect(fr.text).toContain('>avril 2025</text>');
    expect(fr.text).toContain('>01/04/2025</text>');
    expect(fr.text).toContain('Période\u00a0: du 01/01/2025 au 01/01/2026 (exclu)');
    const de = await operator.inLang('de').get(q);
    expect(de.text).toContain('<td>28,57\u00a0%</td>');
    expect(de.text).toContain('<td>3.600\u00a0s</td>');
    expect(de.text).toContain('>April 2025</text>');
    expect(de.text).toContain('Zeitraum: 01.01.2025 bis 01.01.2026 (ausschließlich)');
    expect(de.text).toContain('>Gemeinde</text>');
  });
});

describe('provider register', () => {
  it('creates and edits a provider from the form (audited), escapes what it shows, refuses bad input', async () => {
    await operator.get('/console/providers');
    const bad = await operator.post('/console/providers', { seatId: 'XX', name: 'n', country: 'NL' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('seatId');
    expect(bad.text).toContain('<a href="#f-seatId">');
    expect(bad.text).toMatch(/id="f-name" name="name" value="n"/);
    await operator.get('/console/providers');
    const ok = await operator.post('/console/providers', { seatId: SEAT, name: 'Dutch <AP> & Co', country: 'nl', contact: 'ops@example.nl', status: 'active', takenOverAt: '2025-02-01', notes: '' });
    expect(ok.status).toBe(303);
    await operator.get('/console/providers');
    await operator.post('/console/providers', { seatId: SEAT, name: 'Dutch <AP> & Co', country: 'NL', contact: 'ops@example.nl', status: 'suspended', takenOverAt: '2025-02-01', notes: 'contacted about BR-05' });
    expect(await providerRow(hub.store.db, SEAT)).toMatchObject({ name: 'Dutch <AP> & Co', country: 'NL', status: 'suspended', notes: 'contacted about BR-05' });
    const audit = await auditRows(hub.store, { target: `provider:${SEAT}` });
    expect(audit.map((a) => [a.action, a.actor]).reverse()).toEqual([['provider-create', 'staff:otto'], ['provider-update', 'staff:otto']]);
    const page = await operator.get(`/console/providers/${SEAT}`);
    expect(page.text).toContain('Dutch &lt;AP&gt; &amp; Co');
    expect(page.text).not.toContain('<AP>');
    expect(page.text).toContain('27.27%'); // 3 rejected of 11 over all time
    expect(page.text).toContain('01 Feb 2025');
    const fr = await operator.inLang('fr').get(`/console/providers/${SEAT}`);
    expect(fr.text).toContain('27,27\u00a0%');
    expect(fr.text).toContain('01/02/2025');
    expect(fr.text).toContain('suspendu');
    const list = await operator.get('/console/providers');
    expect(plain(list.text)).toContain('<td class="num">27.27%</td>');
  });

  it('provider report as CSV and PDF', async () => {
    const csv = await operator.get(`/console/providers/${SEAT}/report.csv`);
    const rows = parse(csv.text) as string[][];
    expect(rows).toContainEqual(['totals', 'documents_sent', '11', '']);
    expect(rows).toContainEqual(['totals', 'rejection_rate', '0.2727', '']);
    expect(rows).toContainEqual(['top_rule', 'BR-05', '2', 'currency (BT-5)']);
    expect(rows.filter((r) => r[0] === 'rejected_document')).toHaveLength(3);
    expect(rows.filter((r) => r[0] === 'month').map((r) => r[1])).toEqual(['2024-12', '2025-03', '2025-04']);
    const pdf = await fetch(`${hub.url}/console/providers/${SEAT}/report.pdf`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('PUT over the API, with validation', async () => {
    const weird = await adminApi(hub, 'PUT', '/console/api/providers/PLU000009', { name: 'Lux AP', country: 'LU', status: 'weird' });
    expect(weird.status).toBe(400);
    expect(await weird.json()).toMatchObject({ type: '/problems/invalid-provider', field: 'status' });
    const ok = await adminApi(hub, 'PUT', '/console/api/providers/PLU000009', { name: 'Lux AP', country: 'LU' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ seatId: 'PLU000009', status: 'active' });
    const list = (await (await adminApi(hub, 'GET', '/console/api/providers')).json()) as { items: { seatId: string; sent: number; rejectionRate: string }[] };
    expect(list.items.find((p) => p.seatId === SEAT)).toMatchObject({ sent: 11, rejectionRate: '0.2727' });
    expect(list.items.find((p) => p.seatId === 'PLU000009')).toMatchObject({ sent: 0, rejectionRate: '0.0000' });
  });
});
