/**
 * Applies the drizzle-kit migrations of db/migrations/ (PostgreSQL) that the database lacks.
 *
 * Several processes may start at once: everything runs in one transaction that first takes a
 * transaction-level advisory lock, so exactly one applies the pending migrations and the others
 * wait, then find them applied. PostgreSQL's DDL is transactional: a failing migration leaves
 * nothing half-done. The bookkeeping table is drizzle's own (`drizzle.__drizzle_migrations`, hash +
 * folder timestamp), so drizzle-kit tooling stays compatible.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Database } from './client';

export const migrationsFolder = path.join(__dirname, 'migrations');
/** Key of the advisory lock held while migrating (any constant shared by every process of the hub). */
const MIGRATION_LOCK = 7_283_745_001;

interface JournalEntry { idx: number; when: number; tag: string }

export interface Migration { tag: string; when: number; hash: string; statements: string[] }

export function readMigrations(folder = migrationsFolder): Migration[] {
  const journal = JSON.parse(fs.readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: JournalEntry[] };
  return journal.entries.slice().sort((a, b) => a.idx - b.idx).map((e) => {
    const text = fs.readFileSync(path.join(folder, `${e.tag}.sql`), 'utf8');
    return {
      tag: e.tag,
      when: e.when,
      hash: crypto.createHash('sha256').update(text).digest('hex'),
      statements: text.split('--> statement-breakpoint').map((s) => s.trim()).filter((s) => s.length > 0),
    };
  });
}

/** Returns the tags applied by this call (empty when the database was up to date). */
export async function applyMigrations(db: Database, folder = migrationsFolder): Promise<string[]> {
  const migrations = readMigrations(folder);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.execute(sql`create schema if not exists drizzle`);
    await tx.execute(sql`create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)`);
    const res = (await tx.execute(sql`select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`)) as unknown as { rows: { created_at: string | number }[] };
    const last = res.rows[0] === undefined ? undefined : Number(res.rows[0].created_at);
    const applied: string[] = [];
    for (const m of migrations) {
      if (last !== undefined && last >= m.when) continue;
      for (const s of m.statements) await tx.execute(sql.raw(s));
      await tx.execute(sql`insert into drizzle.__drizzle_migrations (hash, created_at) values (${m.hash}, ${m.when})`);
      applied.push(m.tag);
    }
    return applied;
  });
}
