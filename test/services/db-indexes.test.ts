import fs from 'node:fs';
import { closeDatabase, openDatabase } from '../../db/client';
import { tmpDir } from '../pipeline/helpers';

test('the migrations create the index on documents.received_at, and a date filter uses it', () => {
  const dir = tmpDir('db-indexes');
  const db = openDatabase(dir);
  try {
    const idx = db.$client.prepare("select sql from sqlite_master where type = 'index' and name = 'documents_received_at_idx'").get() as { sql: string } | undefined;
    expect(idx?.sql).toMatch(/ON `documents` \(`received_at`\)/);
    const plan = db.$client.prepare('explain query plan select count(*) from documents where received_at >= ? and received_at < ?').all('2026-01-01', '2026-02-01') as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/documents_received_at_idx/);
  } finally {
    closeDatabase(db);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
