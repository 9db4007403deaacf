/**
 * Content-addressed file store under `<dataDir>/files/ab/cd/<sha256>`: bytes are written once,
 * atomically (temporary file + rename), and never modified. The `files` table records each one;
 * `document_files` says which file plays which role for a document.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { Database, Tx } from './client';
import { documentFiles, files } from './schema';

export class FileStore {
  readonly root: string;
  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'files');
  }

  static sha256(bytes: Buffer): string {
    return crypto.createHash('sha256').update(bytes).digest('hex');
  }

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /** Writes the bytes (if not already there) and returns their SHA-256. Durable before it returns. */
  put(bytes: Buffer): string {
    const sha = FileStore.sha256(bytes);
    const target = this.pathOf(sha);
    if (fs.existsSync(target)) return sha;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, target);
    return sha;
  }

  get(sha256: string): Buffer {
    return fs.readFileSync(this.pathOf(sha256));
  }

  has(sha256: string): boolean {
    return fs.existsSync(this.pathOf(sha256));
  }
}

/** Records a stored file and attaches it to a document under a role (inside the caller's transaction). Re-attaching the same role replaces the link (derived files may be regenerated). */
export function attachFile(tx: Tx | Database, documentId: string, role: string, sha256: string, size: number, mediaType: string, at: string): void {
  tx.insert(files).values({ sha256, size, mediaType, createdAt: at }).onConflictDoNothing().run();
  tx.insert(documentFiles)
    .values({ documentId, role, sha256, createdAt: at })
    .onConflictDoUpdate({ target: [documentFiles.documentId, documentFiles.role], set: { sha256, createdAt: at } })
    .run();
}

/** SHA-256 of the file attached to a document under a role, or undefined. */
export function fileOf(db: Tx | Database, documentId: string, role: string): string | undefined {
  const row = db.select({ sha256: documentFiles.sha256 }).from(documentFiles)
    .where(and(eq(documentFiles.documentId, documentId), eq(documentFiles.role, role))).get();
  return row?.sha256;
}
