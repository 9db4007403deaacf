/**
 * Content-addressed blob storage (original bytes, payloads, validation reports, PDFs, MLS and other
 * responses, attachments, bundles): bytes are written once under their SHA-256 and never modified.
 * Two drivers behind one interface:
 *
 * - `FsBlobStore` (embedded default): `<dataDir>/files/ab/cd/<sha256>`, written atomically
 *   (temporary file, fsync, rename) before the row that references it is committed.
 * - `PgBlobStore` (server mode): chunks of at most 1 MiB in `blob_chunks`, all written in one
 *   transaction, so every host of a cluster reads every blob and none needs a shared disk.
 *
 * Large blobs are read as a stream of chunks (`stream`), never assembled twice.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from './client';
import { blobChunks } from './schema';

export interface BlobStore {
  readonly kind: 'fs' | 'database';
  /** Writes the bytes (if not already there) and returns their SHA-256. Durable before it returns. */
  put(bytes: Buffer): Promise<string>;
  /**
   * Writes several blobs as part of the caller's transaction where the driver keeps blobs in the
   * database (one multi-row statement, committed with the rows that reference them); the file
   * system driver writes them at once, in parallel, and durably (call it before the transaction).
   */
  putMany(tx: Database | null, items: readonly { sha256: string; bytes: Buffer }[]): Promise<void>;
  /** The whole blob; throws `BlobNotFoundError` when it is not there. */
  get(sha256: string): Promise<Buffer>;
  has(sha256: string): Promise<boolean>;
  /** The blob as a stream of chunks (for HTTP responses of large files). */
  stream(sha256: string): Promise<Readable>;
}

export class BlobNotFoundError extends Error {
  constructor(readonly sha256: string) {
    super(`stored bytes ${sha256} are missing`);
    this.name = 'BlobNotFoundError';
  }
}

export function sha256Of(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

function checkSha(sha256: string): void {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256: ${sha256.slice(0, 80)}`);
}

export class FsBlobStore implements BlobStore {
  readonly kind = 'fs';
  readonly root: string;
  /** Directories known to exist (`ab/cd`): created once per process, not once per blob. */
  readonly #dirs = new Set<string>();

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'files');
  }

  pathOf(sha256: string): string {
    checkSha(sha256);
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(bytes: Buffer): Promise<string> {
    const sha = sha256Of(bytes);
    await this.write(sha, bytes);
    return sha;
  }

  async putMany(_tx: Database | null, items: readonly { sha256: string; bytes: Buffer }[]): Promise<void> {
    await Promise.all(items.map((i) => this.write(i.sha256, i.bytes)));
  }

  /** Temporary file, fsync, rename: a blob is whole or absent, and durable once this resolves. */
  private async write(sha: string, bytes: Buffer): Promise<void> {
    const target = this.pathOf(sha);
    if (fs.existsSync(target)) return;
    const dir = path.dirname(target);
    if (!this.#dirs.has(dir)) {
      await fs.promises.mkdir(dir, { recursive: true });
      this.#dirs.add(dir);
    }
    const tmp = `${target}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`;
    const fh = await fs.promises.open(tmp, 'w');
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.promises.rename(tmp, target);
  }

  async get(sha256: string): Promise<Buffer> {
    try {
      return await fs.promises.readFile(this.pathOf(sha256));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new BlobNotFoundError(sha256);
      throw err;
    }
  }

  async has(sha256: string): Promise<boolean> {
    return fs.existsSync(this.pathOf(sha256));
  }

  async stream(sha256: string): Promise<Readable> {
    if (!(await this.has(sha256))) throw new BlobNotFoundError(sha256);
    return fs.createReadStream(this.pathOf(sha256));
  }
}

/** Chunk size of blobs in the database. */
export const BLOB_CHUNK_BYTES = 1024 * 1024;

export class PgBlobStore implements BlobStore {
  readonly kind = 'database';
  constructor(private readonly db: Database) {}

  async put(bytes: Buffer): Promise<string> {
    const sha = sha256Of(bytes);
    // a blob of several chunks is looked for first (not sent again); a small one is written at once (ON CONFLICT DO NOTHING)
    if (bytes.length > BLOB_CHUNK_BYTES && (await this.has(sha))) return sha;
    await this.db.transaction((tx) => this.putMany(tx, [{ sha256: sha, bytes }]));
    return sha;
  }

  async putMany(tx: Database | null, items: readonly { sha256: string; bytes: Buffer }[]): Promise<void> {
    if (tx === null) {
      await this.db.transaction((t) => this.putMany(t, items));
      return;
    }
    const rows: { sha256: string; idx: number; data: Buffer }[] = [];
    for (const { sha256, bytes } of items) {
      const count = Math.max(1, Math.ceil(bytes.length / BLOB_CHUNK_BYTES));
      // subarray: a chunk shares the caller's buffer, nothing is copied before the driver sends it
      for (let i = 0; i < count; i++) rows.push({ sha256, idx: i, data: bytes.subarray(i * BLOB_CHUNK_BYTES, (i + 1) * BLOB_CHUNK_BYTES) });
    }
    // a few chunks per statement: a statement never carries more than a few MiB
    for (let i = 0; i < rows.length; i += 4) await tx.insert(blobChunks).values(rows.slice(i, i + 4)).onConflictDoNothing();
  }

  async get(sha256: string): Promise<Buffer> {
    checkSha(sha256);
    const rows = await this.db.select({ data: blobChunks.data }).from(blobChunks).where(eq(blobChunks.sha256, sha256)).orderBy(asc(blobChunks.idx));
    if (rows.length === 0) throw new BlobNotFoundError(sha256);
    return rows.length === 1 ? rows[0]!.data : Buffer.concat(rows.map((r) => r.data));
  }

  async has(sha256: string): Promise<boolean> {
    checkSha(sha256);
    const rows = await this.db.select({ one: sql<number>`1` }).from(blobChunks).where(and(eq(blobChunks.sha256, sha256), eq(blobChunks.idx, 0))).limit(1);
    return rows.length > 0;
  }

  async stream(sha256: string): Promise<Readable> {
    if (!(await this.has(sha256))) throw new BlobNotFoundError(sha256);
    const db = this.db;
    async function* chunks(): AsyncGenerator<Buffer> {
      // one chunk per query: a 50 MB blob is never held whole in memory
      for (let idx = 0; ; idx++) {
        const rows = await db.select({ data: blobChunks.data }).from(blobChunks).where(and(eq(blobChunks.sha256, sha256), eq(blobChunks.idx, idx)));
        if (rows.length === 0) return;
        yield rows[0]!.data;
      }
    }
    return Readable.from(chunks());
  }
}
