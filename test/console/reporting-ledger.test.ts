/**
 * The exchange ledger and the reports at their edges: a hand-off without an SBDH (identifiers from the
 * document), an acknowledgement with a malformed body, a report fetched by its id, two builds of one
 * month at the same instant (one version), the worker's pass.
 */
import { addToOutbox } from '../../core/outbox';
import { buildMonth, type ReportingDeps } from '../../core/reporting/monthly';
import { insertLedgerRows, latestReport } from '../../db/repositories/reporting';
import { validate } from '../../validation';
import { startReportingBackground } from '../../workers/reporting/background';
import { body, luVat, save } from '../directory/helpers';
import { invoice, silent } from '../pipeline/helpers';
import { ADMIN, startConsoleHub, type ConsoleHub } from './helpers';
import { ack, DT, handOff, ledgerOf, ledgerRow, outbox, PR } from './reporting-helpers';

jest.setTimeout(180_000);

let hub: ConsoleHub;
let now = new Date('2026-11-05T10:00:00.000Z');
const deps = (): ReportingDeps => ({ store: hub.store, validate: (b, o) => validate(b, o), reporterId: 'PLU000000', handOff: addToOutbox, clock: () => now });

beforeAll(async () => {
  hub = await startConsoleHub('reporting-ledger', { clock: () => now });
  // the base example's buyer electronic address (BT-49) is 0002:FR23342
  await save(hub.store, [body('min-c', { identifiers: [{ scheme: '0002', value: 'FR23342', purpose: 'peppol' }, { scheme: '9938', value: luVat(333333), purpose: 'peppol' }] })], '2020-01-01');
});

afterAll(async () => {
  await hub?.stop();
});

it('a bare document on the Peppol hand-off: document type and process from the document, the receiver from BT-49', async () => {
  const r = await handOff(hub.url, ADMIN, invoice('BARE-1'), 'bare-1', 'PNL000004');
  expect(r.status).toBe(202);
  const [row] = await ledgerOf(hub.store, '2026-11');
  expect(row).toMatchObject({
    as4MessageId: 'bare-1', identifiersFrom: 'document', documentTypeScheme: 'busdox-docid-qns', documentTypeValue: DT.invoice,
    processScheme: 'cenbii-procid-ubl', processValue: PR.billing, c1Country: null, c2SeatId: 'PNL000004', hubParticipantId: '0002:FR23342', endUserId: 'min-c', endUserFrom: 'directory', documentId: r.id,
  });
});

it('an acknowledgement with a body that is not the expected JSON is refused, and changes nothing', async () => {
  const sha = await hub.store.blobs.put(Buffer.from('<ApplicationResponse/>'));
  const id = await hub.store.db.transaction((tx) => addToOutbox(tx, { kind: 'invoice-response', sha256: sha, receiverAp: 'PBE000001', checkedWith: 'test',
    sbdh: { senderId: `9938:${luVat(333333)}`, receiverId: '0088:1', documentTypeId: DT.invoiceResponse, processId: PR.invoiceResponse, c1Country: 'LU' }, at: now }));
  for (const b of [[1, 2], { as4MessageId: 42 }, { as4MessageId: '' }, { transportProfile: 'x'.repeat(300) }]) {
    expect([JSON.stringify(b).slice(0, 40), (await ack(hub.url, ADMIN, id, b as Record<string, unknown>)).status]).toEqual([JSON.stringify(b).slice(0, 40), 400]);
  }
  const broken = await fetch(`${hub.url}/peppol/v1/outbox/${id}/ack`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: '{' });
  expect(broken.status).toBe(400);
  expect((await outbox(hub.url, ADMIN, 'invoice-response')).map((o) => o.id)).toEqual([id]);
  now = new Date('2026-11-06T10:00:00.000Z');
  expect((await ack(hub.url, ADMIN, id, { transportProfile: 'peppol-transport-as4-v2_0', as4MessageId: 'ir@ap' })).status).toBe(200);
  const sent = (await ledgerOf(hub.store, '2026-11')).filter((r) => r.direction === 'sent');
  expect(sent.map((r) => [r.as4MessageId, r.endUserId, r.c3SeatId])).toEqual([['ir@ap', 'min-c', 'PBE000001']]);
});

it('two builds of one month at the same instant store one version; fetching a report by its id marks it picked up', async () => {
  now = new Date('2026-12-02T03:00:00.000Z');
  await insertLedgerRows(hub.store.db, [ledgerRow({ as4MessageId: 'x1', exchangedAt: '2026-11-20T10:00:00.000Z' })]);
  const [a, b] = await Promise.all([buildMonth(deps(), '2026-11', 'system:reporting'), buildMonth(deps(), '2026-11', 'staff:otto')]);
  const outcomes = [...a!, ...b!].map((o) => `${o.kind} ${o.outcome} v${o.report.version}`).sort();
  expect(outcomes).toEqual(['eusr created v1', 'eusr unchanged v1', 'tsr created v1', 'tsr unchanged v1']);
  const tsr = (await latestReport(hub.store.db, '2026-11', 'tsr'))!;
  const res = await fetch(`${hub.url}/peppol/v1/outbox/${tsr.outboxId}`, { headers: { authorization: `Bearer ${ADMIN}` } });
  expect(res.status).toBe(200);
  expect(await res.text()).toContain('<TransactionStatisticsReport');
  expect((await latestReport(hub.store.db, '2026-11', 'tsr'))!.status).toBe('picked-up');
  expect((await latestReport(hub.store.db, '2026-11', 'eusr'))!.status).toBe('built');
});

it('the worker\'s pass builds last month\'s reports from the build day, once', async () => {
  now = new Date('2027-01-02T00:10:00.000Z');
  const bg = startReportingBackground(hub.store, (b, o) => validate(b, o), silent, { intervalMs: 0, clock: () => now });
  try {
    expect(await bg.runNow()).toBe(2);
    expect(await bg.runNow()).toBe(0);
  } finally {
    await bg.stop();
  }
  expect((await latestReport(hub.store.db, '2026-12', 'tsr'))!.status).toBe('built');
});
