/** The store every core function takes: the database and the blob store of the mode in use (db/store.ts). */
export type { Store } from '../db/store';
export type { Database } from '../db/client';
export type { BlobStore } from '../db/blob-store';
export { BlobNotFoundError, sha256Of } from '../db/blob-store';
export { openStore, type StoreHandle } from '../db/store';
