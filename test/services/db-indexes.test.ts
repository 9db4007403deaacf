import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/client';
import { openTestStore } from '../helpers/store';

test('the migrations create the index on documents.received_at, and a date filter can use it', async () => {
  const store = await openTestStore('db-indexes');
  try {
    const idx = await rowsOf<{ indexdef: string }>(store.db, sql`select indexdef from pg_indexes where indexname = 'documents_received_at_idx'`);
    expect(idx[0]?.indexdef).toMatch(/ON public\.documents USING btree \(received_at\)/);
    // the planner would rather scan an empty table: ask it to use indexes where it can, as it does on a real one
    await store.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const plan = await rowsOf<{ 'QUERY PLAN': string }>(tx, sql`explain select count(*) from documents where received_at >= '2026-01-01' and received_at < '2026-02-01'`);
      expect(plan.map((p) => p['QUERY PLAN']).join('\n')).toMatch(/documents_received_at_idx/);
    });
  } finally {
    await store.close();
  }
});
