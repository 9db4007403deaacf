/**
 * The MLS pass of a worker process (workers/mls/background.ts): a rejected Peppol document left
 * without a response gets one on the next pass; a second pass adds nothing; a response that fails
 * the MLS rules is not stored and does not hold back the others.
 */
import { pendingMlsDocuments, produceMlsPending, type MlsDeps } from '../../core/mls/produce';
import { mlsOfDocument } from '../../db/repositories/outbox';
import { validate } from '../../validation';
import { startMlsBackground } from '../../workers/mls/background';
import { openTestStore, silent } from '../pipeline/helpers';
import { seedDocument } from './helpers';

// a hub with argon2id accounts and a fresh database per file: more than jest's default 5 s for the hooks
jest.setTimeout(120_000);

it('produces the missing responses once, each checked against the MLS rules', async () => {
  const store = await openTestStore('console-mls-worker');
  const rejected = await seedDocument(store, { state: 'rejected', receivedAt: new Date().toISOString(), findings: [{ ruleId: 'BR-01', location: '/*:Invoice[1]', message: '[BR-01]-An Invoice shall have a Specification identifier (BT-24).' }] });
  const api = await seedDocument(store, { state: 'rejected', channel: 'api', sendingAp: null, receivedAt: new Date().toISOString(), findings: [{ ruleId: 'BR-01' }] });
  const bg = startMlsBackground(store, validate, silent, { intervalMs: 0, transport: null });
  try {
    expect(await bg.runNow()).toBe(1);
    expect(await bg.runNow()).toBe(0);
    const row = await mlsOfDocument(store.db, rejected);
    expect(row?.checkedWith).toBe('peppol-mls@1.0.1');
    expect((await store.blobs.get(row!.sha256)).toString('utf8')).toContain('[BR-01]-An Invoice shall have a Specification identifier (BT-24).');
    expect(await mlsOfDocument(store.db, api)).toBeUndefined();
  } finally {
    await bg.stop();
    await store.close();
  }
});

it('a response that fails the MLS rules is not stored, and set aside so it does not hold back the others', async () => {
  const store = await openTestStore('console-mls-skip');
  const a = await seedDocument(store, { state: 'rejected', receivedAt: '2026-01-01T00:00:00.000Z', findings: [{ ruleId: 'BR-01' }] });
  const b = await seedDocument(store, { state: 'rejected', receivedAt: '2026-01-02T00:00:00.000Z', findings: [{ ruleId: 'BR-02' }] });
  // the real engine never fails a response the builder made, so this one stands in for a broken rule pack on document a
  let first = true;
  const deps: MlsDeps = {
    store, hubSeat: 'PLU000001', acceptance: false, clock: () => new Date(),
    validate: async (bytes, opts) => {
      const r = await validate(bytes, opts);
      if (first) { first = false; return { ...r, valid: false, findings: [{ source: 'schematron' as const, ruleId: 'SCH-MLS-99', flag: 'fatal' as const, location: '/', message: 'broken' }] }; }
      return r;
    },
  };
  try {
    const errors: string[] = [];
    expect(await produceMlsPending(deps, (id) => errors.push(id), 1)).toBe(0);
    expect(errors).toEqual([a]);
    expect(await mlsOfDocument(store.db, a)).toBeUndefined();
    expect(await pendingMlsDocuments(store, false, 1, new Set(errors))).toEqual([b]);
    expect(await produceMlsPending(deps, (id) => errors.push(id), 1, new Set(errors))).toBe(1);
    expect((await mlsOfDocument(store.db, b))?.responseCode).toBe('RE');
  } finally {
    await store.close();
  }
});
