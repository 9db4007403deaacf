/**
 * The register of service providers and the figures: per-provider statistics against a seeded
 * data set with known counts, the provider report (CSV, PDF), the dashboard (per day, month,
 * channel, body, type of body; rates; median and p95 reception → delivery) and its CSV exports.
 */
import { eq } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { saveBodies } from '../../db/directory/store';
import { serviceProviders, staffAudit } from '../../db/schema';
import { percentile, providerStats, ratio } from '../../services/console/queries';
import { body } from '../directory/helpers';
import { ADMIN, adminApi, seedDocument, staffClient, startConsoleHub, type Client, type ConsoleHub } from './helpers';

let hub: ConsoleHub;
let operator: Client;
const SEAT = 'PNL000777';

beforeAll(async () => {
  hub = await startConsoleHub('stats');
  operator = await staffClient(hub, 'otto', 'operator');
  const r = saveBodies(hub.deps.db, [body('min-a'), body('commune-b', { type: 'commune' })], { actor: 'test', source: 'api', effectiveFrom: '2020-01-01' });
  if (!r.ok) throw new Error('fixture');
  // provider PNL000777: 10 documents in 2025 — 6 delivered, 3 rejected, 1 duplicate
  const t = (m: string, d: string) => `2025-${m}-${d}T10:00:00.000Z`;
  for (const [i, secs] of [30, 60, 90, 120, 150, 3600].entries()) seedDocument(hub, { state: 'delivered', sendingAp: SEAT, receivedAt: t(i < 3 ? '03' : '04', '0' + (i + 1)), resolvedBodyId: i < 4 ? 'min-a' : 'commune-b', deliveredAfter: secs });
  seedDocument(hub, { state: 'rejected', sendingAp: SEAT, receivedAt: t('03', '10'), findings: [{ ruleId: 'BR-05', message: 'currency (BT-5)' }, { ruleId: 'BR-06', message: 'seller' }] });
  seedDocument(hub, { state: 'rejected', sendingAp: SEAT, receivedAt: t('04', '10'), findings: [{ ruleId: 'BR-05', message: 'currency (BT-5)' }, { ruleId: 'BR-05', message: 'currency (BT-5)' }] });
  seedDocument(hub, { state: 'rejected', sendingAp: SEAT, receivedAt: t('04', '11'), findings: [{ ruleId: 'PEPPOL-EN16931-R001', message: 'business process' }] });
  seedDocument(hub, { state: 'duplicate', sendingAp: SEAT, receivedAt: t('04', '12') });
  // another provider and other channels in the same period; one unroutable
  seedDocument(hub, { state: 'delivered', sendingAp: 'PBE000001', receivedAt: t('04', '01'), resolvedBodyId: 'min-a', deliveredAfter: 45 });
  seedDocument(hub, { state: 'delivered', channel: 'api', sendingAp: null, receivedAt: t('04', '02'), resolvedBodyId: 'min-a', deliveredAfter: 10 });
  seedDocument(hub, { state: 'unroutable', channel: 'portal-upload', sendingAp: null, receivedAt: t('04', '03') });
  seedDocument(hub, { state: 'rejected', channel: 'portal-form', sendingAp: null, receivedAt: t('04', '03'), findings: [{ ruleId: 'BR-01' }] });
  // outside the period
  seedDocument(hub, { state: 'delivered', sendingAp: SEAT, receivedAt: '2024-12-31T23:59:59.000Z', resolvedBodyId: 'min-a', deliveredAfter: 5 });
});
afterAll(async () => { await hub.stop(); });

describe('figures', () => {
  it('ratio and percentile are exact', () => {
    expect(ratio(3, 10)).toBe('0.3000');
    expect(ratio(1, 3)).toBe('0.3333');
    expect(ratio(2, 3)).toBe('0.6667');
    expect(ratio(0, 0)).toBe('0.0000');
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
    expect(percentile([], 50)).toBeNull();
  });

  it('provider statistics match the seeded counts', () => {
    const s = providerStats(hub.deps.db, hub.deps.files, SEAT, { from: '2025-01-01', to: '2026-01-01' });
    expect(s).toMatchObject({ sent: 10, rejected: 3, duplicates: 1, rejectionRate: '0.3000' });
    expect(s.topRules).toEqual([
      { ruleId: 'BR-05', count: 2, text: 'currency (BT-5)' },
      { ruleId: 'BR-06', count: 1, text: 'seller' },
      { ruleId: 'PEPPOL-EN16931-R001', count: 1, text: 'business process' },
    ]);
    expect(s.months).toEqual([{ month: '2025-03', sent: 4, rejected: 1 }, { month: '2025-04', sent: 6, rejected: 2 }]);
    expect(providerStats(hub.deps.db, hub.deps.files, SEAT).sent).toBe(11);
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
      medianDeliverySeconds: 60, p95DeliverySeconds: 3600,
      deliveredToBodies: 8, bodiesReached: 2, bodiesReachedViaPeppol: 2,
    });
    expect(s.perBody).toEqual([{ key: 'min-a', count: 6 }, { key: 'commune-b', count: 2 }]);
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
  });
});

describe('provider register', () => {
  it('creates and edits a provider from the form (audited), escapes what it shows, refuses bad input', async () => {
    await operator.get('/console/providers');
    const bad = await operator.post('/console/providers', { seatId: 'XX', name: 'n', country: 'NL' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('seatId');
    await operator.get('/console/providers');
    const ok = await operator.post('/console/providers', { seatId: SEAT, name: 'Dutch <AP> & Co', country: 'nl', contact: 'ops@example.nl', status: 'active', takenOverAt: '2025-02-01', notes: '' });
    expect(ok.status).toBe(303);
    await operator.get('/console/providers');
    await operator.post('/console/providers', { seatId: SEAT, name: 'Dutch <AP> & Co', country: 'NL', contact: 'ops@example.nl', status: 'suspended', takenOverAt: '2025-02-01', notes: 'contacted about BR-05' });
    const row = hub.deps.db.select().from(serviceProviders).where(eq(serviceProviders.seatId, SEAT)).get();
    expect(row).toMatchObject({ name: 'Dutch <AP> & Co', country: 'NL', status: 'suspended', notes: 'contacted about BR-05' });
    const audit = hub.deps.db.select().from(staffAudit).where(eq(staffAudit.target, `provider:${SEAT}`)).all();
    expect(audit.map((a) => [a.action, a.actor])).toEqual([['provider-create', 'staff:otto'], ['provider-update', 'staff:otto']]);
    const page = await operator.get(`/console/providers/${SEAT}`);
    expect(page.text).toContain('Dutch &lt;AP&gt; &amp; Co');
    expect(page.text).not.toContain('<AP>');
    expect(page.text).toContain('0.2727'); // 3 rejected of 11 over all time
  });

  it('provider report as CSV and PDF', async () => {
    const csv = await operator.get(`/console/providers/${SEAT}/report.csv`);
    const rows = parse(csv.text) as string[][];
    expect(rows).toContainEqual(['totals', 'documents_sent', '11', '']);
    expect(rows).toContainEqual(['totals', 'rejection_rate', '0.2727', '']);
    expect(rows).toContainEqual(['top_rule', 'BR-05', '2', 'currency (BT-5)']);
    expect(rows.filter((r) => r[0] === 'rejected_document')).toHaveLength(3);
    const pdf = await fetch(`${hub.url}/console/providers/${SEAT}/report.pdf`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('PUT over the API, with validation', async () => {
    expect((await adminApi(hub, 'PUT', '/console/api/providers/PLU000009', { name: 'Lux AP', country: 'LU', status: 'weird' })).status).toBe(400);
    const ok = await adminApi(hub, 'PUT', '/console/api/providers/PLU000009', { name: 'Lux AP', country: 'LU' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ seatId: 'PLU000009', status: 'active' });
    const list = (await (await adminApi(hub, 'GET', '/console/api/providers')).json()) as { items: { seatId: string; sent: number }[] };
    expect(list.items.find((p) => p.seatId === SEAT)?.sent).toBe(11);
  });
});
