/**
 * Blob content in the database (server mode, `DATABASE_URL` set): every content-addressed file —
 * original bytes, payloads, validation reports, PDFs, MLS and other responses, attachments, bundles —
 * as chunks of at most 1 MiB keyed by its SHA-256, so no host needs a shared disk. Written in one
 * transaction (all chunks or none); never updated. The embedded mode keeps blobs on the file system
 * (`db/blob-store.ts`). What a document's files are is in `files` / `document_files`.
 */
import { integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { bytea } from './columns';

export const blobChunks = pgTable(
  'blob_chunks',
  {
    sha256: text('sha256').notNull(),
    /** 0, 1, 2…; a blob of 0 bytes is one empty chunk 0. */
    idx: integer('idx').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sha256, t.idx] })],
);
