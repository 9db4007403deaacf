/**
 * The store: the database and the blob store of one mode, opened together.
 *
 * - embedded (`DATABASE_URL` unset): PGlite under `<dataDir>/pg`, blobs under `<dataDir>/files`;
 * - server (`DATABASE_URL` set): a PostgreSQL server for rows AND blobs (`blob_chunks`), so a
 *   process needs nothing of its host's disk but the compiled rule cache.
 *
 * Core functions take a `Store`; repositories take its `db` (or a transaction of it).
 */
import { openDatabase, type Database, type DatabaseMode, type Exclusive } from './client';
import { FsBlobStore, PgBlobStore, type BlobStore } from './blob-store';

export interface Store {
  db: Database;
  blobs: BlobStore;
  mode: DatabaseMode;
  /** Runs a periodic pass unless another process (or this one) is running it (db/client.ts). */
  exclusive: Exclusive;
}

export interface StoreHandle extends Store {
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  dataDir: string;
  databaseUrl?: string;
  poolSize?: number;
  /** Embedded only: a migrated data directory (tar) to start a new database from (tests). */
  initFrom?: Blob;
}

export async function openStore(opts: OpenStoreOptions): Promise<StoreHandle> {
  const h = await openDatabase({ dataDir: opts.dataDir, databaseUrl: opts.databaseUrl, poolSize: opts.poolSize, initFrom: opts.initFrom });
  const blobs: BlobStore = h.mode === 'server' ? new PgBlobStore(h.db) : new FsBlobStore(opts.dataDir);
  return { db: h.db, blobs, mode: h.mode, exclusive: h.exclusive, ping: h.ping, close: h.close };
}
