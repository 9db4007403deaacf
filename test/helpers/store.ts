/**
 * A store of its own for every test: a fresh temporary data directory and a fresh database.
 *
 * - embedded (default): PGlite in the data directory, started from a migrated template (built once
 *   per migration set and cached under .cache/test-db/, so a test pays ≈ 1 s instead of an initdb);
 * - server (`EINVOICE_TEST_DB=server`, set by the jest project `server`; needs `TEST_DATABASE_URL`,
 *   e.g. postgres://postgres@127.0.0.1:5432/postgres): a new database created from a migrated
 *   template database, dropped when the test closes it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { config } from '../../config';
import { sql } from 'drizzle-orm';
import { migratedEmbeddedTemplate, openDatabase, rowsOf } from '../../db/client';
import { readMigrations } from '../../db/migrate';
import { openStore, type StoreHandle } from '../../db/store';

export type TestDbMode = 'embedded' | 'server';

export function testDbMode(): TestDbMode {
  return process.env.EINVOICE_TEST_DB === 'server' ? 'server' : 'embedded';
}

export function tmpDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `einvoice-${name}-`));
}

/** Changes whenever a migration changes: templates are keyed by it. */
export function migrationsKey(): string {
  const h = crypto.createHash('sha256');
  for (const m of readMigrations()) h.update(m.tag).update(m.hash);
  return h.digest('hex').slice(0, 16);
}

const templateDir = path.join(config.projectRoot, '.cache', 'test-db');

/** The migrated embedded template (built once, then read from the cache). */
export async function embeddedTemplate(): Promise<Blob> {
  const file = path.join(templateDir, `pglite-${migrationsKey()}.tar`);
  if (!fs.existsSync(file)) {
    const blob = await migratedEmbeddedTemplate();
    fs.mkdirSync(templateDir, { recursive: true });
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
    fs.writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
    fs.renameSync(tmp, file); // atomic: parallel workers may build it at the same time
  }
  return new Blob([fs.readFileSync(file)]);
}

function serverUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('EINVOICE_TEST_DB=server needs TEST_DATABASE_URL (a PostgreSQL server where the tests may create databases)');
  return url;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: serverUrl() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const isCode = (err: unknown, code: string): boolean => (err as { code?: unknown }).code === code;

/** The migrated template database on the test server (created once per migration set). */
export async function serverTemplate(): Promise<string> {
  const name = `einvoice_tpl_${migrationsKey()}`;
  const exists = await admin(async (c) => (await c.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1);
  if (exists) return name;
  const building = `${name}_b${process.pid}`;
  await admin((c) => c.query(`create database "${building}"`));
  const h = await openDatabase({ dataDir: os.tmpdir(), databaseUrl: withDatabase(serverUrl(), building), poolSize: 1 });
  await h.close();
  try {
    await admin((c) => c.query(`alter database "${building}" rename to "${name}"`));
  } catch (err) {
    if (!isCode(err, '42P04')) throw err; // another worker finished first
    await admin((c) => c.query(`drop database if exists "${building}"`));
  }
  return name;
}

export interface TestStore extends StoreHandle {
  dataDir: string;
  /** Server mode: the URL of this test's own database (give it to spawned hub processes). */
  databaseUrl?: string;
  /** Closes this handle but keeps the data (a hub process of the test may then own the embedded database). */
  release(): Promise<void>;
}

/** A handle that can be released early; `close()` then only removes the data. */
function releasable(s: StoreHandle, remove: () => Promise<void>): Pick<TestStore, 'release' | 'close'> {
  let released: Promise<void> | null = null;
  const release = (): Promise<void> => (released ??= s.close());
  return { release, close: async () => { await release(); await remove(); } };
}

/** A store for one test (file): its own data directory and database. `close()` removes both. */
export async function openTestStore(name: string, o: { dataDir?: string } = {}): Promise<TestStore> {
  const dataDir = o.dataDir ?? tmpDir(name);
  if (testDbMode() === 'embedded') {
    const s = await openStore({ dataDir, initFrom: await embeddedTemplate() });
    return { ...s, dataDir, ...releasable(s, async () => { if (o.dataDir === undefined) fs.rmSync(dataDir, { recursive: true, force: true }); }) };
  }
  const template = await serverTemplate();
  const db = `einvoice_t_${name.replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 20)}_${crypto.randomBytes(5).toString('hex')}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await admin((c) => c.query(`create database "${db}" template "${template}"`));
      break;
    } catch (err) {
      // 55006: the template is being copied by another test at this instant
      if (!isCode(err, '55006') || attempt > 50) throw err;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 150));
    }
  }
  const databaseUrl = withDatabase(serverUrl(), db);
  const s = await openStore({ dataDir, databaseUrl, poolSize: 4 });
  return {
    ...s, dataDir, databaseUrl,
    ...releasable(s, async () => {
      await admin((c) => c.query(`drop database if exists "${db}" with (force)`));
      if (o.dataDir === undefined) fs.rmSync(dataDir, { recursive: true, force: true });
    }),
  };
}

/** How many blobs a store holds (files under the data directory, or blobs in the database). */
export async function blobCount(store: TestStore): Promise<number> {
  if (store.blobs.kind === 'database') {
    return Number((await rowsOf<{ n: string }>(store.db, sql`select count(distinct sha256) as n from blob_chunks`))[0]?.n ?? 0);
  }
  const root = path.join(store.dataDir, 'files');
  if (!fs.existsSync(root)) return 0;
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => /^[0-9a-f]{64}$/.test(path.basename(f))).length;
}

/** How many documents a store holds. */
export async function documentCount(store: Pick<TestStore, 'db'>): Promise<number> {
  return Number((await rowsOf<{ n: string }>(store.db, sql`select count(*) as n from documents`))[0]?.n ?? 0);
}
