/**
 * The MLS pass of a worker process (workers/mls/worker.ts), with its own validation thread: a
 * rejected Peppol document left without a response gets one on the next pass; a second pass adds
 * nothing; stopping closes the thread.
 */
import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { openDatabase } from '../../db/client';
import { FileStore } from '../../db/file-store';
import { mlsOutbox } from '../../db/schema';
import { validate } from '../../validation';
import { pendingMlsDocuments, produceMlsPending } from '../../workers/mls/produce';
import { startMlsBackground } from '../../workers/mls/worker';
import { silent, tmpDir } from '../pipeline/helpers';
import { seedDocument } from './helpers';
import type { TestServer } from '../pipeline/helpers';

it('produces the missing responses once, validated in its own thread', async () => {
  const dir = tmpDir('console-mls-worker');
  const db = openDatabase(dir);
  const files = new FileStore(dir);
  const fake = { deps: { db, files } } as unknown as TestServer; // seedDocument only needs db and files
  const rejected = seedDocument(fake, { state: 'rejected', receivedAt: new Date().toISOString(), findings: [{ ruleId: 'BR-01', location: '/*:Invoice[1]', message: '[BR-01]-An Invoice shall have a Specification identifier (BT-24).' }] });
  const api = seedDocument(fake, { state: 'rejected', channel: 'api', sendingAp: null, receivedAt: new Date().toISOString(), findings: [{ ruleId: 'BR-01' }] });
  const bg = startMlsBackground(db, files, silent, { intervalMs: 0 });
  try {
    expect(await bg.runNow()).toBe(1);
    expect(await bg.runNow()).toBe(0);
    const row = db.select().from(mlsOutbox).where(eq(mlsOutbox.documentId, rejected)).get();
    expect(row?.checkedWith).toBe('peppol-mls@1.0.1');
    expect(files.get(row!.sha256).toString('utf8')).toContain('[BR-01]-An Invoice shall have a Specification identifier (BT-24).');
    expect(db.select().from(mlsOutbox).where(eq(mlsOutbox.documentId, api)).get()).toBeUndefined();
  } finally {
    await bg.stop();
    db.$client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

it('a response that fails the MLS rules is not stored, and set aside so it does not hold back the others', async () => {
  const dir = tmpDir('console-mls-skip');
  const db = openDatabase(dir);
  const files = new FileStore(dir);
  const fake = { deps: { db, files } } as unknown as TestServer;
  const a = seedDocument(fake, { state: 'rejected', receivedAt: '2026-01-01T00:00:00.000Z', findings: [{ ruleId: 'BR-01' }] });
  const b = seedDocument(fake, { state: 'rejected', receivedAt: '2026-01-02T00:00:00.000Z', findings: [{ ruleId: 'BR-02' }] });
  // the real engine never fails a response the builder made, so this one stands in for a broken rule pack on document a
  let first = true;
  const deps = {
    db, files, hubSeat: 'PLU000001', acceptance: false, clock: () => new Date(),
    validate: async (bytes: Buffer, opts?: Parameters<typeof validate>[1]) => {
      const r = await validate(bytes, opts);
      if (first) { first = false; return { ...r, valid: false, findings: [{ source: 'schematron' as const, ruleId: 'SCH-MLS-99', flag: 'fatal' as const, location: '/', message: 'broken' }] }; }
      return r;
    },
  };
  try {
    const errors: string[] = [];
    expect(await produceMlsPending(deps, (id) => errors.push(id), 1)).toBe(0);
    expect(errors).toEqual([a]);
    expect(db.select().from(mlsOutbox).where(eq(mlsOutbox.documentId, a)).get()).toBeUndefined();
    expect(pendingMlsDocuments(db, false, 1, new Set(errors))).toEqual([b]);
    expect(await produceMlsPending(deps, (id) => errors.push(id), 1, new Set(errors))).toBe(1);
    expect(db.select().from(mlsOutbox).where(eq(mlsOutbox.documentId, b)).get()?.responseCode).toBe('RE');
  } finally {
    db.$client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
