import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/client';
import { applyMigrations } from '../../db/migrate';
import { ingestDocument } from '../../core/documents/ingest';
import { STAGES, type DocumentState } from '../../core/documents/states';
import { DocumentNotFoundError, eventsOf, fileOf, getDocument, transition } from '../../core/documents/store';
import { documentView } from '../../core/documents/view';
import { inlineCpu } from '../../workers/cpu/inline';
import { PipelineMetrics } from '../../workers/metrics';
import { failExhausted, runStage } from '../../workers/runner';
import { PermanentStageError, TransientStageError, type StageDeps } from '../../workers/stage-contract';
import { validateStage } from '../../workers/validate/stage';
import { EXAMPLES, invalidInvoice, invoice, openTestStore, silent, type TestStore } from './helpers';

let store: TestStore;
let deps: StageDeps;

beforeAll(async () => {
  store = await openTestStore('stages');
  deps = { store, cpu: inlineCpu, logger: silent, clock: () => new Date() };
});
afterAll(() => store.close());

async function receive(bytes: Buffer): Promise<string> {
  return (await ingestDocument({ store, dedupWindowSeconds: 0 }, { bytes, channel: 'api', submittedBy: 'test' })).id;
}
const def = (name: string) => STAGES.find((s) => s.name === name) ?? (() => { throw new Error(name); })();
const events = (id: string) => eventsOf(store, id);

test('migrations are applied once, also when they run again', async () => {
  const count = async (): Promise<number> => Number((await rowsOf<{ n: string }>(store.db, sql`select count(*) as n from drizzle.__drizzle_migrations`))[0]?.n);
  const n = await count();
  expect(n).toBeGreaterThanOrEqual(1);
  expect(await applyMigrations(store.db)).toEqual([]);
  expect(await count()).toBe(n);
});

test('the same bytes submitted twice at the same instant make one document', async () => {
  const bytes = invoice('I-RACE');
  const [a, b] = await Promise.all([1, 2].map(() => ingestDocument({ store, dedupWindowSeconds: 3600 }, { bytes, channel: 'api', submittedBy: 'racer' })));
  expect(a?.id).toBe(b?.id);
  expect([a?.created, b?.created].sort()).toEqual([false, true]);
});

test('many submissions at once are written together, and copies within one batch still answer the first document', async () => {
  const deps = { store, dedupWindowSeconds: 3600 };
  const distinct = Array.from({ length: 10 }, (_, i) => invoice(`BATCH-${i}`));
  // 4 copies of each, all at the same instant: one document per distinct invoice
  const results = await Promise.all(distinct.flatMap((bytes) => [1, 2, 3, 4].map(() => ingestDocument(deps, { bytes, channel: 'api', submittedBy: 'batcher' }))));
  for (let i = 0; i < distinct.length; i++) {
    const mine = results.slice(i * 4, i * 4 + 4);
    expect(new Set(mine.map((r) => r.id)).size).toBe(1);
    expect(mine.filter((r) => r.created)).toHaveLength(1);
  }
  // the same AS4 message id with other bytes, twice at once: one document
  const as4 = await Promise.all([invoice('AS4-A'), invoice('AS4-B')].map((bytes) => ingestDocument(deps, { bytes, channel: 'peppol', submittedBy: 'ap', as4MessageId: 'batch-as4-1', sendingAp: 'PLU000001' })));
  expect(as4[0]?.id).toBe(as4[1]?.id);
  for (const r of results.filter((x) => x.created)) expect((await eventsOf(store, r.id)).map((e) => e.type)).toEqual(['received']);
});

test('transition is compare-and-set: one state change, one event, whatever the number of calls', async () => {
  const id = await receive(invoice('T-1'));
  const a = await transition(store, id, { from: 'received', to: 'validated', actor: 'test', details: { n: 1 } });
  const b = await transition(store, id, { from: 'received', to: 'validated', actor: 'test', details: { n: 2 } });
  expect(a).toEqual({ changed: true, state: 'validated', version: 2 });
  expect(b).toEqual({ changed: false, state: 'validated', version: 2 });
  expect((await events(id)).map((e) => [e.seq, e.fromState, e.toState])).toEqual([[1, null, 'received'], [2, 'received', 'validated']]);
  await expect(transition(store, '00000000-0000-0000-0000-000000000000', { from: 'received', to: 'validated', actor: 'x' })).rejects.toThrow(DocumentNotFoundError);
});

test('concurrent transitions of one document: exactly one wins, one event', async () => {
  const id = await receive(invoice('T-2'));
  const results = await Promise.all(Array.from({ length: 8 }, (_, i) => transition(store, id, { from: 'received', to: 'validated', actor: `racer-${i}` })));
  expect(results.filter((r) => r.changed)).toHaveLength(1);
  expect((await events(id)).map((e) => e.toState)).toEqual(['received', 'validated']);
});

test('validate: a valid invoice is validated, the report and rule packs are kept; a re-run does nothing', async () => {
  const id = await receive(invoice('V-1'));
  const r = await validateStage(id, deps);
  expect(r).toEqual(expect.objectContaining({ state: 'validated', changed: true }));
  const doc = await getDocument(store, id);
  expect(doc).toEqual(expect.objectContaining({ invoiceNumber: 'V-1', issueDate: '2017-11-13', typeCode: '380', sellerKey: 'GB1232434', buyerEndpointId: '0002:FR23342', scenario: 'peppol-bis-billing-ubl' }));
  const ev = (await events(id))[1];
  const details = ev?.details as { packs: { id: string; version: string; hash: string }[]; fatal: number };
  expect(ev?.actor).toBe('system:validate');
  expect(details.fatal).toBe(0);
  expect(details.packs.length).toBeGreaterThanOrEqual(1);
  expect(details.packs[0]).toEqual({ id: expect.any(String), version: expect.any(String), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  expect(await fileOf(store, id, 'validation-report')).toMatch(/^[0-9a-f]{64}$/);
  expect(await validateStage(id, deps)).toEqual({ state: 'validated', changed: false });
  expect(await events(id)).toHaveLength(2);
});

test('validate: an invalid invoice is rejected and its findings are visible', async () => {
  const id = await receive(invalidInvoice('R-1'));
  expect((await validateStage(id, deps)).state).toBe('rejected');
  const view = await documentView(store, (await getDocument(store, id))!);
  expect(view.status).toBe('rejected');
  expect((view.findings as { flag: string }[]).some((f) => f.flag === 'fatal')).toBe(true);
});

test('validate: the same seller, invoice number, issue date and type again is a duplicate', async () => {
  const first = await receive(invoice('D-1'));
  const resent = await receive(Buffer.from(invoice('D-1').toString('utf8').replace('<cbc:DueDate>2017-12-01</cbc:DueDate>', '<cbc:DueDate>2017-12-02</cbc:DueDate>')));
  const other = await receive(invoice('D-2'));
  expect((await validateStage(first, deps)).state).toBe('validated');
  expect((await validateStage(resent, deps)).state).toBe('duplicate');
  expect((await validateStage(other, deps)).state).toBe('validated');
  expect((await getDocument(store, resent))?.duplicateOf).toBe(first);
  const view = await documentView(store, (await getDocument(store, resent))!);
  expect(view.findings).toEqual(expect.arrayContaining([expect.objectContaining({ ruleId: 'HUB-DUPLICATE', flag: 'fatal', message: expect.stringContaining(first) })]));
});

test('validate: two copies of one invoice validated at the same instant give one validated and one duplicate', async () => {
  const a = await receive(invoice('D-RACE'));
  const b = await receive(Buffer.from(invoice('D-RACE').toString('utf8').replace('<cbc:DueDate>2017-12-01</cbc:DueDate>', '<cbc:DueDate>2017-12-03</cbc:DueDate>')));
  const states = (await Promise.all([validateStage(a, deps), validateStage(b, deps)])).map((r) => r.state).sort();
  expect(states).toEqual(['duplicate', 'validated']);
});

test('validate: documents that are not invoices (MLS, Invoice Response, Peppol report) are refused as such, no pack runs', async () => {
  const files = [
    path.join(EXAMPLES, 'peppol-mls', fs.readdirSync(path.join(EXAMPLES, 'peppol-mls')).filter((f) => f.endsWith('.xml')).sort()[0]!),
    path.join(EXAMPLES, 'peppol-invoice-response', 'T111-uc003-Invoice-is-accepted.xml'),
    path.join(EXAMPLES, 'peppol-reporting', 'tsr', 'transaction-statistics-minimal.xml'),
  ];
  for (const f of files) {
    const id = await receive(fs.readFileSync(f));
    expect((await validateStage(id, deps)).state).toBe('rejected');
    const view = await documentView(store, (await getDocument(store, id))!);
    expect(view.findings).toEqual([expect.objectContaining({ ruleId: 'HUB-SCENARIO-NOT-ACCEPTED', flag: 'fatal', message: expect.stringMatching(/Only invoices and credit notes are received here/) })]);
    expect((view.validation as { packs: unknown[] }).packs).toEqual([]);
  }
});

describe('runner', () => {
  const next: [DocumentState, string][] = [];
  const ctx = (attempt: number, maxAttempts = 3) => ({ deps, attempt, maxAttempts, enqueueNext: async (s: DocumentState, id: string) => { next.push([s, id]); } });

  test('success: enqueues the stage for the new state, also when the stage had nothing to do', async () => {
    const id = await receive(invoice('RUN-1'));
    const out = await runStage(def('validate'), validateStage, id, ctx(1));
    expect(out).toEqual(expect.objectContaining({ stage: 'validate', state: 'validated', changed: true, ms: expect.any(Number) }));
    await runStage(def('validate'), validateStage, id, ctx(1));
    expect(next.filter(([, d]) => d === id)).toEqual([['validated', id], ['validated', id]]);
  });

  test('a permanent error moves the document to the failure state at once, with the reason', async () => {
    const id = await receive(invoice('RUN-2'));
    const out = await runStage(def('validate'), async () => { throw new PermanentStageError('bytes are gone', 'bytes-missing'); }, id, ctx(1));
    expect(out.state).toBe('validate_failed');
    expect(out.failure).toEqual({ reason: 'bytes-missing', message: 'bytes are gone', permanent: true });
    const doc = await getDocument(store, id);
    expect(doc?.lastError).toBe('bytes-missing: bytes are gone');
    expect((await events(id))[1]?.details).toEqual(expect.objectContaining({ reason: 'bytes-missing', permanent: true, attempts: 1 }));
  });

  test('a transient error is rethrown for a retry, and fails the document on the last attempt', async () => {
    const id = await receive(invoice('RUN-3'));
    const boom = async (): Promise<never> => { throw new TransientStageError('engine crashed', 'engine-error'); };
    await expect(runStage(def('validate'), boom, id, ctx(1))).rejects.toThrow('engine crashed');
    await expect(runStage(def('validate'), boom, id, ctx(2))).rejects.toThrow('engine crashed');
    expect((await getDocument(store, id))?.state).toBe('received');
    const out = await runStage(def('validate'), boom, id, ctx(3));
    expect(out.state).toBe('validate_failed');
    expect((await events(id)).map((e) => e.toState)).toEqual(['received', 'validate_failed']);
  });
});

test('a job that failed outside the stage (stalled) on its last attempt fails the document once, not forever', async () => {
  const id = await receive(invoice('RUN-4'));
  expect(await failExhausted(deps, def('validate'), id, new Error('Worker terminated unexpectedly'), 5)).toBe(true);
  expect(await failExhausted(deps, def('validate'), id, new Error('again'), 5)).toBe(false);
  expect(await getDocument(store, id)).toEqual(expect.objectContaining({ state: 'validate_failed', lastError: 'worker-failure: Worker terminated unexpectedly' }));
  expect((await events(id)).map((e) => e.toState)).toEqual(['received', 'validate_failed']);
});

test('metrics object can be created several times in one process', () => {
  expect(() => { new PipelineMetrics(); new PipelineMetrics(); }).not.toThrow();
});
