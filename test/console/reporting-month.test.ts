/**
 * A month of synthetic Peppol traffic (November 2026) through the real hand-off (HTTP), the real
 * validate and route stages and the MLS producer, the access point's outbox calls (list, ack), then
 * the monthly pass: the TSR and EUSR built from the ledger table, validated, stored, handed to the
 * outbox with their SBDH, picked up and acknowledged; rebuilds (unchanged, new version, superseded),
 * reminders, an invalid report never offered, a ledger that cannot be reported.
 *
 * Every expected figure below is counted by hand from the list of exchanges (not by running the
 * builder): see the comments at each `expect`.
 */
process.env.EINVOICE_PEPPOL_SEAT_ID = 'PLU000777';

import crypto from 'node:crypto';
import { getDocument } from '../../core/documents/store';
import { addToOutbox } from '../../core/outbox';
import { produceMls } from '../../core/mls/produce';
import { readEusr, readTsr } from '../../core/reporting';
import { buildMonth, computeReport, runReportingPass, type ReportingDeps } from '../../core/reporting/monthly';
import { insertLedgerRows } from '../../db/repositories/reporting';
import { validate } from '../../validation';
import { inlineCpu } from '../../workers/cpu/inline';
import { routeStage } from '../../workers/route/stage';
import { validateStage } from '../../workers/validate/stage';
import { body, luVat, save } from '../directory/helpers';
import { invalidInvoice, invoice, post, silent } from '../pipeline/helpers';
import { ADMIN, adminApi, startConsoleHub, type ConsoleHub } from './helpers';
import { ack, creditNote, DT, envelope, handOff, ledgerOf, lines, outbox, PR } from './reporting-helpers';

jest.setTimeout(240_000);

const HUB = 'PLU000777';
const BE = 'PBE000001';
const DE = 'PDE000002';
const FR = 'PFR000003';
const MIN_A = `9938:${luVat(111111)}`;
const MIN_A_0240 = '0240:MINA111';
const UNIT_A1 = `9938:${luVat(111112)}`;
const COMMUNE_B = `9938:${luVat(222222)}`;
const UNKNOWN = `9938:${luVat(999999)}`;
const AS4 = 'peppol-transport-as4-v2_0';

let hub: ConsoleHub;
let now = new Date('2026-10-31T23:59:59.000Z');
const at = (iso: string): void => { now = new Date(iso); };
const ids: Record<string, string> = {};
const stageDeps = () => ({ store: hub.store, cpu: inlineCpu, logger: silent, clock: () => now });

function reportingDeps(o: { validate?: ReportingDeps['validate'] } = {}): ReportingDeps {
  return { store: hub.store, validate: o.validate ?? ((b, opts) => validate(b, opts)), reporterId: HUB, handOff: addToOutbox, clock: () => now };
}

async function receive(name: string, when: string, bytes: Buffer, as4: string, ap: string): Promise<string> {
  at(when);
  const r = await handOff(hub.url, ADMIN, bytes, as4, ap);
  expect([name, r.status]).toEqual([name, 202]);
  ids[name] = r.id;
  return r.id;
}

async function pipeline(id: string): Promise<string> {
  const v = await validateStage(id, stageDeps());
  if (v.state !== 'validated') return v.state;
  return (await routeStage(id, stageDeps())).state;
}

beforeAll(async () => {
  hub = await startConsoleHub('reporting-month', { clock: () => now });
  await save(hub.store, [
    body('min-a', { identifiers: [{ scheme: '9938', value: luVat(111111), purpose: 'peppol' }, { scheme: '0240', value: 'MINA111', purpose: 'peppol' }] }),
    body('au-a1', { type: 'accounting-unit', parentId: 'min-a', identifiers: [{ scheme: '9938', value: luVat(111112), purpose: 'peppol' }] }),
    body('commune-b', { type: 'commune', identifiers: [{ scheme: '9938', value: luVat(222222), purpose: 'peppol' }] }),
  ], '2020-01-01');

  // October, last second: counted in October only, although its AS4 retry comes after midnight
  await receive('R10', '2026-10-31T23:59:59.000Z', envelope(invoice('INV-10'), { receiver: COMMUNE_B, country: 'BE' }), 'r10', BE);
  // November
  await receive('R10b', '2026-11-01T00:00:05.000Z', envelope(invoice('INV-10'), { receiver: COMMUNE_B, country: 'BE' }), 'r10', BE); // same AS4 message: a replayed hand-off
  const r1 = envelope(invoice('INV-1'), { receiver: MIN_A, country: 'BE', instanceId: 'inst-1' });
  await receive('R1', '2026-11-03T09:00:00.000Z', r1, 'r1', BE);
  const r2 = envelope(invoice('INV-2'), { receiver: MIN_A_0240, country: 'BE', instanceId: 'inst-2' });
  await receive('R2', '2026-11-04T09:00:00.000Z', r2, 'r2', BE);
  await receive('R3', '2026-11-05T09:00:00.000Z', envelope(creditNote('CN-1'), { receiver: COMMUNE_B, country: 'DE', type: 'CreditNote' }), 'r3', DE);
  await receive('R4', '2026-11-06T09:00:00.000Z', envelope(invalidInvoice('INV-4'), { receiver: COMMUNE_B, country: 'DE' }), 'r4', DE);
  await receive('R5', '2026-11-07T09:00:00.000Z', envelope(invoice('INV-5'), { receiver: UNIT_A1, country: null }), 'r5', FR);
  await receive('R6', '2026-11-08T09:00:00.000Z', r1, 'r1', BE); // R1's AS4 message again
  await receive('R7', '2026-11-09T09:00:00.000Z', r2, 'r7', BE); // R2 resent in a new AS4 message
  await receive('R8', '2026-11-10T09:00:00.000Z', envelope(creditNote('CN-1'), { receiver: COMMUNE_B, country: 'DE', type: 'CreditNote' }), 'r8', DE); // a business duplicate of R3
  await receive('R9', '2026-11-11T09:00:00.000Z', envelope(invoice('INV-9'), { receiver: UNKNOWN, country: 'NL' }), 'r9', FR);
  // not a Peppol exchange: the upload API
  at('2026-11-12T09:00:00.000Z');
  expect((await post(`${hub.url}/api/v1/documents`, invoice('API-1'), { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/xml' })).status).toBe(202);
  // December
  await receive('R11', '2026-12-01T00:00:00.000Z', envelope(invoice('INV-11'), { receiver: MIN_A, country: 'DE' }), 'r11', DE);

  for (const n of ['R10', 'R1', 'R2', 'R3', 'R4', 'R5', 'R8', 'R9', 'R11']) await pipeline(ids[n]!);
});

afterAll(async () => {
  await hub?.stop();
});

describe('the ledger', () => {
  it('the pipeline did what the exchanges were meant to do', async () => {
    const state = async (n: string): Promise<string> => (await getDocument(hub.store, ids[n]!))!.state;
    expect(await Promise.all(['R1', 'R2', 'R3', 'R4', 'R5', 'R8', 'R9'].map(state))).toEqual(['routed', 'routed', 'routed', 'rejected', 'routed', 'duplicate', 'unroutable']);
    expect([ids.R6, ids.R7, ids.R10b]).toEqual([ids.R1, ids.R2, ids.R10]);
  });

  it('one row per AS4 message received over Peppol, complete at reception', async () => {
    const nov = await ledgerOf(hub.store, '2026-11');
    // R1 R2 R3 R4 R5 R7 R8 R9: not R6 (R1's message again), not R10b (October's message again), not the upload
    expect(nov.map((r) => r.as4MessageId)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r7', 'r8', 'r9']);
    const by = Object.fromEntries(nov.map((r) => [r.as4MessageId, r]));
    expect(by.r1).toMatchObject({
      direction: 'received', c2SeatId: BE, c3SeatId: HUB, documentTypeScheme: 'busdox-docid-qns', documentTypeValue: DT.invoice,
      processScheme: 'cenbii-procid-ubl', processValue: PR.billing, identifiersFrom: 'sbdh', transportProtocol: AS4,
      c1Country: 'BE', c4Country: 'LU', hubParticipantId: MIN_A, endUserId: 'min-a', endUserFrom: 'directory', documentId: ids.R1, exchangedAt: '2026-11-03T09:00:00.000Z',
    });
    // the same ministry under its other participant id, and through its accounting unit
    expect([by.r2!.endUserId, by.r5!.endUserId, by.r5!.c1Country]).toEqual(['min-a', 'min-a', null]);
    // R7 is R2 again in a new AS4 message: a new exchange, traced to R2's document
    expect([by.r7!.documentId, by.r7!.endUserId]).toEqual([ids.R2, 'min-a']);
    // rejected and duplicate documents are counted, with their end user
    expect([by.r4!.endUserId, by.r8!.endUserId, by.r8!.documentTypeValue]).toEqual(['commune-b', 'commune-b', DT.creditNote]);
    // an unknown receiver is an end user of its own: its participant id
    expect([by.r9!.endUserId, by.r9!.endUserFrom]).toEqual([UNKNOWN.toLowerCase(), 'participant']);
    // the route stage resolved the accounting unit later; the ledger keeps what reception recorded
    expect((await getDocument(hub.store, ids.R5!))!.resolvedBodyId).toBe('au-a1');
    expect((await ledgerOf(hub.store, '2026-10')).map((r) => r.as4MessageId)).toEqual(['r10']);
  });

  it('MLS and Invoice Responses acknowledged by the access point are sent rows; their acknowledgement records the AS4 message', async () => {
    const mlsDeps = { store: hub.store, validate, hubSeat: HUB, acceptance: false, clock: () => now };
    at('2026-11-19T10:00:00.000Z');
    expect((await produceMls(mlsDeps, ids.R4!)).status).toBe('created');
    expect((await produceMls(mlsDeps, ids.R8!)).status).toBe('created');
    // Invoice Responses of the bodies, as another code path puts them in the outbox
    const irSha = await hub.store.blobs.put(Buffer.from('<ApplicationResponse/>'));
    const ir1 = await hub.store.db.transaction((tx) => addToOutbox(tx, { kind: 'invoice-response', documentId: ids.R1, responseCode: 'AP', sha256: irSha, receiverAp: BE, checkedWith: 'test',
      sbdh: { senderId: MIN_A, receiverId: '0088:9482348239847239874', documentTypeId: DT.invoiceResponse, processId: PR.invoiceResponse, c1Country: 'LU' }, at: now }));
    const ir2 = await hub.store.db.transaction((tx) => addToOutbox(tx, { kind: 'invoice-response', documentId: ids.R3, responseCode: 'RE', sha256: irSha, receiverAp: null, checkedWith: 'test',
      sbdh: { senderId: COMMUNE_B, receiverId: '0088:9482348239847239874', documentTypeId: DT.invoiceResponse, processId: PR.invoiceResponse, c1Country: 'LU' }, at: now }));

    const pending = await outbox(hub.url, ADMIN);
    const mlsR4 = pending.find((e) => e.kind === 'mls' && e.documentId === ids.R4)!;
    const mlsR8 = pending.find((e) => e.kind === 'mls' && e.documentId === ids.R8)!;
    at('2026-11-20T10:00:00.000Z');
    expect((await ack(hub.url, ADMIN, mlsR4.id, { as4MessageId: 'mls-r4@ap.hub.lu' })).status).toBe(200);
    expect((await ack(hub.url, ADMIN, mlsR4.id, { as4MessageId: 'mls-r4@ap.hub.lu' })).status).toBe(200); // again: nothing new
    at('2026-11-21T10:00:00.000Z');
    expect((await ack(hub.url, ADMIN, ir1, { as4MessageId: 'ir-1@ap.hub.lu' })).status).toBe(200);
    // the entry names no receiving access point: the acknowledgement must
    const refused = await ack(hub.url, ADMIN, ir2);
    expect([refused.status, refused.json.type]).toEqual([400, '/problems/receiver-ap-required']);
    expect((await ack(hub.url, ADMIN, ir2, { receiverAp: 'PXX1' })).status).toBe(400);
    at('2026-11-22T10:00:00.000Z');
    expect((await ack(hub.url, ADMIN, ir2, { receiverAp: DE })).status).toBe(200);
    at('2026-12-01T00:00:01.000Z');
    expect((await ack(hub.url, ADMIN, mlsR8.id)).status).toBe(200); // December

    const sent = (await ledgerOf(hub.store, '2026-11')).filter((r) => r.direction === 'sent');
    expect(sent.map((r) => [r.outboxKind, r.as4MessageId, r.c2SeatId, r.c3SeatId, r.documentTypeValue, r.processValue, r.c1Country, r.endUserId, r.endUserFrom])).toEqual([
      ['mls', 'mls-r4@ap.hub.lu', HUB, DE, DT.mls, PR.mls, 'LU', null, 'none'],
      ['invoice-response', 'ir-1@ap.hub.lu', HUB, BE, DT.invoiceResponse, PR.invoiceResponse, 'LU', 'min-a', 'directory'],
      ['invoice-response', `outbox:${ir2}`, HUB, DE, DT.invoiceResponse, PR.invoiceResponse, 'LU', 'commune-b', 'directory'],
    ]);
    expect((await ledgerOf(hub.store, '2026-12')).map((r) => [r.direction, r.outboxKind ?? r.as4MessageId])).toEqual([['received', 'r11'], ['sent', 'mls']]);
  });
});

describe('the monthly reports', () => {
  let tsrId = '';

  it('nothing is built before the build day; on the 2nd both reports are built, valid, in the outbox', async () => {
    at('2026-12-01T12:00:00.000Z');
    expect(await runReportingPass(reportingDeps(), { buildDay: 2, reminderDay: 10, deadlineDay: 15 })).toEqual({ month: null, outcomes: [] });
    at('2026-12-02T00:30:00.000Z');
    const pass = await runReportingPass(reportingDeps(), { buildDay: 2, reminderDay: 10, deadlineDay: 15 });
    expect(pass.month).toBe('2026-11');
    expect(pass.outcomes.map((o) => [o.kind, o.outcome, o.report.version, o.report.status, o.report.valid])).toEqual([['tsr', 'created', 1, 'built', true], ['eusr', 'created', 1, 'built', true]]);
    expect(pass.outcomes.map((o) => o.report.checkedWith)).toEqual([expect.stringMatching(/^peppol-tsr@/), expect.stringMatching(/^peppol-eusr@/)]);
    tsrId = pass.outcomes[0]!.report.id;
    // a second pass (another worker, an hour later) builds nothing
    at('2026-12-02T01:30:00.000Z');
    expect((await runReportingPass(reportingDeps(), { buildDay: 2, reminderDay: 10, deadlineDay: 15 })).outcomes).toEqual([]);
  });

  it('the TSR of November, counted by hand', async () => {
    const [item] = await outbox(hub.url, ADMIN, 'tsr');
    const f = readTsr(item!.xml);
    expect(f.header).toMatchObject({ startDate: '2026-11-01', endDate: '2026-11-30', reporter: { schemeID: 'CertSubjectCN', value: HUB } });
    // incoming R1 R2 R3 R4 R5 R7 R8 R9; outgoing MLS(R4), IR1, IR2 (MLS(R8) was acknowledged in December)
    expect(f.total).toEqual({ incoming: 8, outgoing: 3 });
    const sp = (s: string) => `SP/CertSubjectCN=${s}`;
    const dt = (d: string) => `DT/busdox-docid-qns=${d}`;
    const pr = (p: string) => `PR/cenbii-procid-ubl=${p}`;
    expect(lines(f)).toEqual([
      `PerSP-DT-PR ${sp(BE)} ${dt(DT.invoiceResponse)} ${pr(PR.invoiceResponse)} → 0/1`, // IR1
      `PerSP-DT-PR ${sp(BE)} ${dt(DT.invoice)} ${pr(PR.billing)} → 3/0`, // R1 R2 R7
      `PerSP-DT-PR ${sp(DE)} ${dt(DT.invoiceResponse)} ${pr(PR.invoiceResponse)} → 0/1`, // IR2
      `PerSP-DT-PR ${sp(DE)} ${dt(DT.mls)} ${pr(PR.mls)} → 0/1`, // MLS(R4)
      `PerSP-DT-PR ${sp(DE)} ${dt(DT.creditNote)} ${pr(PR.billing)} → 2/0`, // R3 R8
      `PerSP-DT-PR ${sp(DE)} ${dt(DT.invoice)} ${pr(PR.billing)} → 1/0`, // R4
      `PerSP-DT-PR ${sp(FR)} ${dt(DT.invoice)} ${pr(PR.billing)} → 2/0`, // R5 R9
      `PerSP-DT-PR-CC ${sp(BE)} ${dt(DT.invoice)} ${pr(PR.billing)} CC/SenderCountry=BE CC/ReceiverCountry=LU → 3/0`,
      `PerSP-DT-PR-CC ${sp(DE)} ${dt(DT.creditNote)} ${pr(PR.billing)} CC/SenderCountry=DE CC/ReceiverCountry=LU → 2/0`,
      `PerSP-DT-PR-CC ${sp(DE)} ${dt(DT.invoice)} ${pr(PR.billing)} CC/SenderCountry=DE CC/ReceiverCountry=LU → 1/0`,
      `PerSP-DT-PR-CC ${sp(FR)} ${dt(DT.invoice)} ${pr(PR.billing)} CC/SenderCountry=NL CC/ReceiverCountry=LU → 1/0`, // R9
      `PerSP-DT-PR-CC ${sp(FR)} ${dt(DT.invoice)} ${pr(PR.billing)} CC/SenderCountry=ZZ CC/ReceiverCountry=LU → 1/0`, // R5: no COUNTRY_C1
      `PerTP TP/Peppol=${AS4} → 8/3`,
    ]);
  });

  it('the EUSR of November, counted by hand', async () => {
    const [item] = await outbox(hub.url, ADMIN, 'eusr');
    const f = readEusr(item!.xml);
    // receiving: min-a (R1 R2 R5 R7), commune-b (R3 R4 R8), the unknown participant (R9); sending: min-a (IR1), commune-b (IR2); the MLS has none
    expect(f.fullSet).toEqual({ sending: 2, receiving: 3, sendingOrReceiving: 3 });
    const dt = (d: string) => `DT/busdox-docid-qns=${d}`;
    const pr = (p: string) => `PR/cenbii-procid-ubl=${p}`;
    const lu = 'CC/EndUserCountry=LU';
    expect(lines(f)).toEqual([
      `PerDT-EUC ${dt(DT.invoiceResponse)} ${lu} → 2/0/2`,
      `PerDT-EUC ${dt(DT.creditNote)} ${lu} → 0/1/1`,
      `PerDT-EUC ${dt(DT.invoice)} ${lu} → 0/3/3`,
      `PerDT-PR ${dt(DT.invoiceResponse)} ${pr(PR.invoiceResponse)} → 2/0/2`,
      `PerDT-PR ${dt(DT.creditNote)} ${pr(PR.billing)} → 0/1/1`,
      `PerDT-PR ${dt(DT.invoice)} ${pr(PR.billing)} → 0/3/3`,
      `PerDT-PR-EUC ${dt(DT.invoiceResponse)} ${pr(PR.invoiceResponse)} ${lu} → 2/0/2`,
      `PerDT-PR-EUC ${dt(DT.creditNote)} ${pr(PR.billing)} ${lu} → 0/1/1`,
      `PerDT-PR-EUC ${dt(DT.invoice)} ${pr(PR.billing)} ${lu} → 0/3/3`,
      `PerEUC ${lu} → 2/3/3`,
    ]);
  });

  it('the reports go to OpenPeppol with the SBDH of the Peppol Reporting specifications; fetching marks them picked up', async () => {
    const items = [...(await outbox(hub.url, ADMIN, 'tsr')), ...(await outbox(hub.url, ADMIN, 'eusr'))];
    expect(items.map((i) => [i.kind, i.sbdh, i.receiverAp, i.referenceId])).toEqual([
      ['tsr', { senderId: '0242:000777', receiverId: '9925:be0848934496', documentTypeId: DT.tsr, processId: PR.reporting, c1Country: 'LU' }, null, 'tsr:2026-11:v1'],
      ['eusr', { senderId: '0242:000777', receiverId: '9925:be0848934496', documentTypeId: DT.eusr, processId: PR.reporting, c1Country: 'LU' }, null, 'eusr:2026-11:v1'],
    ]);
    const api = await (await adminApi(hub, 'GET', '/console/api/reports')).json() as { months: { month: string; tsr: { status: string; pickedUpAt: string }; eusr: { status: string } }[] };
    const nov = api.months.find((m) => m.month === '2026-11')!;
    expect([nov.tsr.status, nov.eusr.status, nov.tsr.pickedUpAt]).toEqual(['picked-up', 'picked-up', '2026-12-02T01:30:00.000Z']);
  });

  it('acknowledged as sent: the report is acknowledged, and never counted itself', async () => {
    const [tsr] = await outbox(hub.url, ADMIN, 'tsr');
    at('2026-12-02T02:00:00.000Z');
    expect((await ack(hub.url, ADMIN, tsr!.id, { as4MessageId: 'tsr-2026-11@ap.hub.lu' })).status).toBe(200);
    const api = await (await adminApi(hub, 'GET', '/console/api/reports?month=2026-11')).json() as { selected: { tsr: { latest: { id: string; status: string; acknowledgedAt: string; acknowledgedBy: string; figures: { total: unknown } } } } };
    const one = api.selected.tsr.latest;
    expect(one.id).toBe(tsrId);
    expect([one.status, one.acknowledgedAt, one.acknowledgedBy, one.figures.total]).toEqual(['acknowledged', '2026-12-02T02:00:00.000Z', 'admin', { incoming: 8, outgoing: 3 }]);
    expect((await ledgerOf(hub.store, '2026-12')).map((r) => r.outboxKind ?? r.as4MessageId)).toEqual(['r11', 'mls']);
    expect((await computeReport(hub.store, '2026-12', 'tsr', HUB)).figures).toMatchObject({ total: { incoming: 1, outgoing: 1 } });
    // October: R10 only, its retry after midnight not again in November
    expect((await computeReport(hub.store, '2026-10', 'tsr', HUB)).figures).toMatchObject({ total: { incoming: 1, outgoing: 0 } });
  });

  it('from the 10th, a report not acknowledged as sent is a reminder; after the 15th it is late', async () => {
    at('2026-12-09T23:00:00.000Z');
    let api = await (await adminApi(hub, 'GET', '/console/api/reports')).json() as { reminders: unknown[]; current: unknown };
    expect([api.current, api.reminders]).toEqual([{ month: '2026-11', phase: 'due' }, []]);
    at('2026-12-10T08:00:00.000Z');
    api = await (await adminApi(hub, 'GET', '/console/api/reports')).json() as typeof api;
    expect(api.reminders).toEqual([{ month: '2026-11', kind: 'eusr', status: 'picked-up', deadline: '2026-12-15', late: false }]);
    at('2026-12-16T08:00:00.000Z');
    api = await (await adminApi(hub, 'GET', '/console/api/reports')).json() as typeof api;
    expect(api.reminders).toEqual([{ month: '2026-11', kind: 'eusr', status: 'picked-up', deadline: '2026-12-15', late: true }]);
  });

  it('rebuilding: the same ledger is unchanged; changed figures make a new version and say what it replaces', async () => {
    at('2026-12-03T09:00:00.000Z');
    const again = await (await adminApi(hub, 'POST', '/console/api/reports/rebuild', { month: '2026-11' })).json() as { outcomes: { kind: string; outcome: string; report: { version: number } }[] };
    expect(again.outcomes.map((o) => [o.kind, o.outcome, o.report.version])).toEqual([['tsr', 'unchanged', 1], ['eusr', 'unchanged', 1]]);
    // an exchange of November recorded late (e.g. restored from the access point's own log): the TSR changes, the EUSR does not (min-a already received)
    const late = {
      id: crypto.randomUUID(), direction: 'received', as4MessageId: 'late-1', exchangedAt: '2026-11-30T12:00:00.000Z', acknowledged: true, c2SeatId: BE, c3SeatId: HUB,
      documentTypeScheme: 'busdox-docid-qns', documentTypeValue: DT.invoice, processScheme: 'cenbii-procid-ubl', processValue: PR.billing, identifiersFrom: 'sbdh',
      transportProtocol: AS4, c1Country: 'BE', c4Country: 'LU', hubParticipantId: MIN_A, endUserId: 'min-a', endUserFrom: 'directory', documentId: null, outboxId: null, outboxKind: null, recordedAt: '2026-12-03T09:00:00.000Z',
    };
    await insertLedgerRows(hub.store.db, [late]);
    const changed = await buildMonth(reportingDeps(), '2026-11', 'staff:test');
    expect(changed.map((o) => [o.kind, o.outcome, o.report.version, o.report.status, o.previous?.version ?? null, o.previous?.status ?? null])).toEqual([
      ['tsr', 'new-version', 2, 'built', 1, 'acknowledged'], ['eusr', 'unchanged', 1, 'picked-up', null, null],
    ]);
    expect(changed[0]!.message).toContain('version 2 replaces version 1 (acknowledged)');
    const api = await (await adminApi(hub, 'GET', '/console/api/reports?month=2026-11')).json() as { selected: { tsr: { latest: { id: string; figures: { total: unknown } }; versions: { version: number; status: string }[] } } };
    expect([api.selected.tsr.latest.id, api.selected.tsr.latest.figures.total]).toEqual([changed[0]!.report.id, { incoming: 9, outgoing: 3 }]);
    expect(api.selected.tsr.versions.map((v) => [v.version, v.status])).toEqual([[2, 'built'], [1, 'acknowledged']]);
    // changed again before the access point fetched version 2: version 2 is withdrawn, only version 3 is offered
    await insertLedgerRows(hub.store.db, [{ ...late, id: crypto.randomUUID(), as4MessageId: 'late-2' }]);
    at('2026-12-03T10:00:00.000Z');
    const [v3] = await buildMonth(reportingDeps(), '2026-11', 'staff:test');
    expect([v3!.outcome, v3!.report.version, v3!.previous?.version, v3!.previous?.status]).toEqual(['new-version', 3, 2, 'superseded']);
    const offered = await outbox(hub.url, ADMIN, 'tsr');
    expect(offered.map((o) => [o.referenceId, readTsr(o.xml).total])).toEqual([['tsr:2026-11:v3', { incoming: 10, outgoing: 3 }]]);
  });

  it('a report that does not pass the rules is stored with its findings and never offered', async () => {
    at('2026-12-04T09:00:00.000Z');
    const refuseTsr: ReportingDeps['validate'] = async (bytes, opts) => {
      const r = await validate(bytes, opts);
      return opts.scenario !== 'peppol-tsr' ? r : { ...r, valid: false, findings: [{ source: 'schematron', ruleId: 'SCH-TSR-TEST', flag: 'fatal', location: '/', message: 'refused for the test' }] };
    };
    const before = (await outbox(hub.url, ADMIN)).map((o) => o.id);
    const [tsr, eusr] = await buildMonth(reportingDeps({ validate: refuseTsr }), '2026-09', 'staff:test');
    expect([tsr!.outcome, tsr!.report.status, tsr!.report.valid, tsr!.report.outboxId, tsr!.report.findings]).toEqual(['invalid', 'invalid', false, null, [expect.objectContaining({ ruleId: 'SCH-TSR-TEST' })]]);
    // September had no traffic: its EUSR is the empty report, valid, offered
    expect([eusr!.outcome, eusr!.report.valid]).toEqual(['created', true]);
    const added = (await outbox(hub.url, ADMIN)).filter((o) => !before.includes(o.id));
    expect(added.map((o) => [o.kind, o.referenceId])).toEqual([['eusr', 'eusr:2026-09:v1']]);
    expect(readEusr(added[0]!.xml).fullSet).toEqual({ sending: 0, receiving: 0, sendingOrReceiving: 0 });
    // the same refusal again: no second invalid version
    const [again] = await buildMonth(reportingDeps({ validate: refuseTsr }), '2026-09', 'staff:test');
    expect([again!.outcome, again!.report.version]).toEqual(['unchanged', 1]);
    // the periodic pass retries an invalid report; the same bytes now pass the rules: version 2, the first offered
    at('2026-10-05T09:00:00.000Z');
    const pass = await runReportingPass(reportingDeps(), { buildDay: 2, reminderDay: 10, deadlineDay: 15 });
    expect(pass.outcomes.map((o) => [o.kind, o.outcome, o.report.version, o.report.status, o.previous?.status])).toEqual([['tsr', 'created', 2, 'built', 'invalid']]);
    expect(pass.outcomes[0]!.report.sha256).toBe(tsr!.report.sha256);
  });

  it('a ledger that cannot be reported is a failed build, with the problem, and no XML', async () => {
    at('2026-12-04T10:00:00.000Z');
    // an Invoice Response whose sender country is no ISO code (EUSR has no ZZ)
    await insertLedgerRows(hub.store.db, [{
      id: crypto.randomUUID(), direction: 'sent', as4MessageId: 'ir-xx', exchangedAt: '2026-08-15T12:00:00.000Z', acknowledged: true, c2SeatId: HUB, c3SeatId: BE,
      documentTypeScheme: 'busdox-docid-qns', documentTypeValue: DT.invoiceResponse, processScheme: 'cenbii-procid-ubl', processValue: PR.invoiceResponse, identifiersFrom: 'outbox',
      transportProtocol: AS4, c1Country: 'XX', c4Country: null, hubParticipantId: MIN_A, endUserId: 'min-a', endUserFrom: 'directory', documentId: null, outboxId: null, outboxKind: 'invoice-response', recordedAt: '2026-08-15T12:00:00.000Z',
    }]);
    const [tsr, eusr] = await buildMonth(reportingDeps(), '2026-08', 'staff:test');
    expect([tsr!.outcome, tsr!.report.valid]).toEqual(['created', true]);
    expect([eusr!.outcome, eusr!.report.status, eusr!.report.sha256, eusr!.report.outboxId]).toEqual(['failed', 'failed', null, null]);
    expect(eusr!.report.findings).toEqual([{ source: 'ledger', message: expect.stringContaining('"XX"') }]);
    // a month that is not over cannot be built
    await expect(buildMonth(reportingDeps(), '2026-12', 'staff:test')).rejects.toMatchObject({ slug: 'month-not-over' });
  });
});
