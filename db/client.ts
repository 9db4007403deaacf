/**
 * Opens the hub's PostgreSQL database, one SQL dialect with two drivers behind it:
 *
 * - embedded (default, `DATABASE_URL` unset): PGlite, PostgreSQL compiled to WebAssembly, persisted
 *   under `<dataDir>/pg`. One process owns it (API and workers together, as `npm start` runs); a
 *   second process on the same directory is refused with a message that says to set DATABASE_URL
 *   (db/embedded-lock.ts).
 * - server (`DATABASE_URL=postgres://…`): a node-postgres pool; any number of API and worker
 *   processes on any number of hosts.
 *
 * Both give the same drizzle `Database`; pending migrations are applied at open, under an advisory
 * lock (db/migrate.ts), so several processes may start at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { Pool } from 'pg';
import { acquireEmbeddedLock, type EmbeddedLock } from './embedded-lock';
import { onlyTextParsers, TEXT_PARSERS } from './pglite-parsers';
import { applyMigrations } from './migrate';
import * as schema from './schema';

export type Schema = typeof schema;
/** The drizzle handle of either driver. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle (`db.transaction(async (tx) => …)`); it is a `Database` too. */
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export type DatabaseMode = 'embedded' | 'server';

export interface OpenDatabaseOptions {
  /** `postgres://…`: server mode. Unset: embedded PGlite under `<dataDir>/pg`. */
  databaseUrl?: string;
  /** Data directory of the embedded database. */
  dataDir: string;
  /** Connections of the server pool (default 10). */
  poolSize?: number;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  /**
   * Embedded only: a tar of a data directory (PGlite `dumpDataDir`) to start from when the
   * directory is new, instead of initialising an empty cluster (tests start from a migrated template).
   */
  initFrom?: Blob;
}

/**
 * Runs `fn` unless another holder of the named lock is running it right now (another process of
 * the cluster, or this process): the periodic passes (MLS, alerts, reports…) take it so that two
 * hosts never do one pass at the same time. Answers undefined when skipped.
 */
export type Exclusive = <T>(name: string, fn: () => Promise<T>) => Promise<T | undefined>;

export interface DatabaseHandle {
  db: Database;
  mode: DatabaseMode;
  exclusive: Exclusive;
  /** What `/readyz` reports about the database (`select 1`). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function embeddedDir(dataDir: string): string {
  return path.join(dataDir, 'pg');
}

export async function openDatabase(opts: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const handle = opts.databaseUrl ? openServer(opts.databaseUrl, opts.poolSize ?? 10) : await openEmbedded(opts.dataDir, opts.initFrom);
  try {
    if (opts.migrate !== false) await applyMigrations(handle.db);
  } catch (err) {
    await handle.close();
    throw err;
  }
  return handle;
}

function openServer(url: string, poolSize: number): DatabaseHandle {
  const pool = new Pool({ connectionString: url, max: poolSize });
  // an idle client that loses its connection must not crash the process; the next query reconnects
  pool.on('error', () => undefined);
  const db = drizzlePg(pool, { schema }) as unknown as Database; // NodePgDatabase is a PgDatabase with the node-postgres result type
  let closed = false;
  const local = localExclusive();
  const exclusive: Exclusive = (name, fn) => local(name, async () => {
    // a session-level advisory lock on a connection of its own, held while fn runs on the others
    const client = await pool.connect();
    try {
      const got = await client.query<{ ok: boolean }>('select pg_try_advisory_lock(hashtextextended($1, 0)) as ok', [name]);
      if (got.rows[0]?.ok !== true) return undefined;
      try {
        return await fn();
      } finally {
        await client.query('select pg_advisory_unlock(hashtextextended($1, 0))', [name]);
      }
    } finally {
      client.release();
    }
  }).then((r) => r ?? undefined);
  return {
    db,
    mode: 'server',
    exclusive,
    ping: async () => { await db.execute(sql`select 1`); },
    close: async () => { if (!closed) { closed = true; await pool.end(); } },
  };
}

async function openEmbedded(dataDir: string, initFrom: Blob | undefined): Promise<DatabaseHandle> {
  const dir = embeddedDir(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const lock: EmbeddedLock = acquireEmbeddedLock(dir);
  let client: PGlite;
  try {
    const fresh = !fs.existsSync(path.join(dir, 'PG_VERSION'));
    client = await PGlite.create({ dataDir: dir, parsers: TEXT_PARSERS, ...(fresh && initFrom !== undefined ? { loadDataDir: initFrom } : {}) });
  } catch (err) {
    lock.release();
    throw err;
  }
  withInstanceParsers(client);
  if (process.env.EINVOICE_DB_TRACE) traceQueries(client, process.env.EINVOICE_DB_TRACE);
  const db = drizzlePglite(client, { schema }) as unknown as Database; // PgliteDatabase is a PgDatabase with PGlite's result type
  let closed = false;
  return {
    db,
    mode: 'embedded',
    // one process owns the embedded database: a lock within the process is enough
    exclusive: localExclusive(),
    ping: async () => { await db.execute(sql`select 1`); },
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await client.close();
      } finally {
        lock.release();
      }
    },
  };
}

type QueryFn = (q: string, ...rest: unknown[]) => Promise<unknown>;
interface QueryTarget { query: QueryFn; exec: QueryFn; transaction: (cb: (tx: unknown) => Promise<unknown>) => Promise<unknown> }
type Wrap = (fn: QueryFn) => QueryFn;

/** Wraps PGlite's `query` and `exec`, on the instance and on every transaction it opens. */
function wrapStatements(client: PGlite, w: { query?: Wrap; exec?: Wrap }): void {
  const apply = (t: Pick<QueryTarget, 'query' | 'exec'>, self: unknown): void => {
    if (w.query) t.query = w.query(t.query.bind(self));
    if (w.exec) t.exec = w.exec(t.exec.bind(self));
  };
  const target = client as unknown as QueryTarget;
  apply(target, client);
  const transaction = target.transaction.bind(client);
  target.transaction = (cb) => transaction((tx) => {
    apply(tx as QueryTarget, tx);
    return cb(tx);
  });
}

/**
 * drizzle hands PGlite the text parsers with every query; the instance is created with them
 * (db/pglite-parsers.ts), so a query whose parsers are only those runs without them: same rows, less
 * work. A query with any other parser keeps its own.
 */
function withInstanceParsers(client: PGlite): void {
  wrapStatements(client, {
    query: (fn) => (q, params, options) => {
      const o = options as { parsers?: Record<string, unknown> } | undefined;
      if (o?.parsers !== undefined && onlyTextParsers(o.parsers)) return fn(q, params, { ...o, parsers: undefined });
      return fn(q, params, options);
    },
  });
}

/**
 * Diagnostics (`EINVOICE_DB_TRACE=<file>`, embedded mode): every statement's count and wall time (waiting
 * for PGlite's one connection included), grouped by its text, written to the file at exit;
 * `EINVOICE_DB_TRACE_STACK=1` groups by the hub's calling functions too (slower: a stack per statement).
 */
function traceQueries(client: PGlite, file: string): void {
  const stats = new Map<string, { n: number; ms: number }>();
  const withStack = process.env.EINVOICE_DB_TRACE_STACK === '1';
  const root = `${path.resolve(__dirname, '..')}${path.sep}`;
  // the three nearest frames of the hub's own code (not its packages, not this file), paths relative to the repository
  const callers = (stack: string): string => stack.split('\n')
    .filter((l) => l.includes(root) && !l.includes(`${path.sep}node_modules${path.sep}`) && !l.includes(__filename))
    .slice(0, 3).map((l) => l.trim().replace(/^at /, '').split(root).join('')).join(' < ');
  const timed = (fn: QueryFn): QueryFn => async (q, ...rest) => {
    const t0 = performance.now();
    try {
      return await fn(q, ...rest);
    } finally {
      const where = withStack ? ` @ ${callers(new Error().stack ?? '')}` : '';
      const key = q.replace(/\s+/g, ' ').slice(0, 100) + where;
      const st = stats.get(key) ?? { n: 0, ms: 0 };
      st.n++;
      st.ms += performance.now() - t0;
      stats.set(key, st);
    }
  };
  wrapStatements(client, { query: timed, exec: timed });
  process.on('exit', () => {
    const rows = [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms).map(([q, st]) => `${st.n}\t${st.ms.toFixed(0)}\t${q}`);
    fs.writeFileSync(file, `${rows.join('\n')}\n`);
  });
}

/** Skips `fn` while the same name runs in this process. */
function localExclusive(): Exclusive {
  const running = new Set<string>();
  return async (name, fn) => {
    if (running.has(name)) return undefined;
    running.add(name);
    try {
      return await fn();
    } finally {
      running.delete(name);
    }
  };
}

/** Rows of a raw SQL query, whichever driver runs it (both answer `{ rows }`). */
export async function rowsOf<T>(db: Database, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

/** True when an error is PostgreSQL's unique violation (SQLSTATE 23505), from either driver. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  return e?.code === '23505' || e?.cause?.code === '23505';
}

/** A migrated, empty embedded database as a tar (PGlite `dumpDataDir`), for `initFrom`. */
export async function migratedEmbeddedTemplate(): Promise<Blob> {
  const client = await PGlite.create();
  try {
    await applyMigrations(drizzlePglite(client, { schema }) as unknown as Database);
    return await client.dumpDataDir('none');
  } finally {
    await client.close();
  }
}
