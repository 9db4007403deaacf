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
