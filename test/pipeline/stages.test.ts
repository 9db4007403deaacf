import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { closeDatabase, openDatabase } from '../../db/client';
import { fileOf, FileStore } from '../../db/file-store';
import { documents, events } from '../../db/schema';
import { documentView } from '../../services/api/documents';
import { ingestDocument } from '../../services/ingest/ingest';
import type { AppDeps } from '../../services/deps';
import { PipelineMetrics } from '../../workers/metrics';
import { failExhausted, runStage } from '../../workers/runner';
import { getDocument, PermanentStageError, STAGES, transition, TransientStageError, type DocumentState, type StageDeps } from '../../workers/stage-contract';
import { validateStage } from '../../workers/validate/stage';
import { invalidInvoice, invoice, silent, tmpDir } from './helpers';

let dataDir: string;
let deps: StageDeps;

beforeAll(() => {
  dataDir = tmpDir('stages');
  deps = { db: openDatabase(dataDir), files: new FileStore(dataDir), dataDir, logger: silent, clock: () => new Date() };
});
afterAll(() => {
  closeDatabase(deps.db);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function receive(bytes: Buffer): Promise<string> {
  const r = await ingestDocument({ ...deps, queues: null, available: new Set(), dedupWindowSeconds: 0 }, { bytes, channel: 'api', submittedBy: 'test' });
  return r.id;
}
const def = (name: string) => STAGES.find((s) => s.name === name) ?? (() => { throw new Error(name); })();
const eventsOf = (id: string) => deps.db.select().from(events).where(eq(events.documentId, id)).orderBy(events.seq).all();

test('migrations are applied once, also when the database is opened again', () => {
  const again = openDatabase(dataDir);
  const n = again.$client.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
  expect(n.n).toBeGreaterThanOrEqual(1);
  const third = openDatabase(dataDir);
  expect(third.$client.prepare('select count(*) as n from __drizzle_migrations').get()).toEqual(n);
  closeDatabase(again);
  closeDatabase(third);
});

test('transition is compare-and-set: one state change, one event, whatever the number of calls', async () => {
  const id = await receive(invoice('T-1'));
  const a = transition(deps.db, id, { from: 'received', to: 'validated', actor: 'test', details: { n: 1 } });
  const b = transition(deps.db, id, { from: 'received', to: 'validated', actor: 'test', details: { n: 2 } });
  expect(a).toEqual({ changed: true, state: 'validated', version: 2 });
  expect(b).toEqual({ changed: false, state: 'validated', version: 2 });
  expect(eventsOf(id).map((e) => [e.seq, e.fromState, e.toState])).toEqual([[1, null, 'received'], [2, 'received', 'validated']]);
  expect(() => transition(deps.db, '00000000-0000-0000-0000-000000000000', { from: 'received', to: 'validated', actor: 'x' })).toThrow(PermanentStageError);
});

test('validate: a valid invoice is validated, the report and rule packs are kept; a re-run does nothing', async () => {
  const id = await receive(invoice('V-1'));
  const r = await validateStage(id, deps);
  expect(r).toEqual(expect.objectContaining({ state: 'validated', changed: true }));
  const doc = getDocument(deps.db, id);
  expect(doc).toEqual(expect.objectContaining({ invoiceNumber: 'V-1', issueDate: '2017-11-13', typeCode: '380', sellerKey: 'GB1232434', buyerEndpointId: '0002:FR23342', scenario: 'peppol-bis-billing-ubl' }));
  const ev = eventsOf(id)[1];
  const details = JSON.parse(ev?.details ?? '{}') as { packs: { id: string; version: string; hash: string }[]; fatal: number };
  expect(ev?.actor).toBe('system:validate');
  expect(details.fatal).toBe(0);
  expect(details.packs.length).toBeGreaterThanOrEqual(1);
  expect(details.packs[0]).toEqual({ id: expect.any(String), version: expect.any(String), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  expect(fileOf(deps.db, id, 'validation-report')).toMatch(/^[0-9a-f]{64}$/);
  expect(await validateStage(id, deps)).toEqual({ state: 'validated', changed: false });
  expect(eventsOf(id)).toHaveLength(2);
});

test('validate: an invalid invoice is rejected and its findings are visible', async () => {
  const id = await receive(invalidInvoice('R-1'));
  expect((await validateStage(id, deps)).state).toBe('rejected');
  const view = documentView({ db: deps.db, files: deps.files } as AppDeps, getDocument(deps.db, id)!);
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
  expect(getDocument(deps.db, resent)?.duplicateOf).toBe(first);
  const view = documentView({ db: deps.db, files: deps.files } as AppDeps, getDocument(deps.db, resent)!);
  expect(view.findings).toEqual(expect.arrayContaining([expect.objectContaining({ ruleId: 'HUB-DUPLICATE', flag: 'fatal', message: expect.stringContaining(first) })]));
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
    const doc = getDocument(deps.db, id);
    expect(doc?.lastError).toBe('bytes-missing: bytes are gone');
    expect(JSON.parse(eventsOf(id)[1]?.details ?? '{}')).toEqual(expect.objectContaining({ reason: 'bytes-missing', permanent: true, attempts: 1 }));
  });

  test('a transient error is rethrown for a retry, and fails the document on the last attempt', async () => {
    const id = await receive(invoice('RUN-3'));
    const boom = async (): Promise<never> => { throw new TransientStageError('engine crashed', 'engine-error'); };
    await expect(runStage(def('validate'), boom, id, ctx(1))).rejects.toThrow('engine crashed');
    await expect(runStage(def('validate'), boom, id, ctx(2))).rejects.toThrow('engine crashed');
    expect(getDocument(deps.db, id)?.state).toBe('received');
    const out = await runStage(def('validate'), boom, id, ctx(3));
    expect(out.state).toBe('validate_failed');
    expect(eventsOf(id).map((e) => e.toState)).toEqual(['received', 'validate_failed']);
  });
});

test('a job that failed outside the stage (thread died) on its last attempt fails the document once, not forever', async () => {
  const id = await receive(invoice('RUN-4'));
  expect(failExhausted(deps, def('validate'), id, new Error('Worker terminated unexpectedly'), 5)).toBe(true);
  expect(failExhausted(deps, def('validate'), id, new Error('again'), 5)).toBe(false);
  expect(getDocument(deps.db, id)).toEqual(expect.objectContaining({ state: 'validate_failed', lastError: 'worker-failure: Worker terminated unexpectedly' }));
  expect(eventsOf(id).map((e) => e.toState)).toEqual(['received', 'validate_failed']);
});

test('metrics object can be created several times in one process', () => {
  expect(() => { new PipelineMetrics(); new PipelineMetrics(); }).not.toThrow();
  expect(documents).toBeDefined();
});
