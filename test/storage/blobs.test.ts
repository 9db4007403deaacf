/** Both blob drivers behave the same: content-addressed, idempotent, streamed in chunks, a clear error for what is missing. */
import { BLOB_CHUNK_BYTES, BlobNotFoundError, FsBlobStore, PgBlobStore, sha256Of, type BlobStore } from '../../db/blob-store';
import { openTestStore, type TestStore } from '../helpers/store';

let store: TestStore;
let drivers: [string, BlobStore][];

beforeAll(async () => {
  store = await openTestStore('blobs');
  drivers = [['file system', new FsBlobStore(store.dataDir)], ['database', new PgBlobStore(store.db)]];
});
afterAll(() => store.close());

async function drain(s: AsyncIterable<unknown>): Promise<{ bytes: Buffer; chunks: number }> {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array));
  return { bytes: Buffer.concat(parts), chunks: parts.length };
}

test.each(['file system', 'database'])('%s driver: put / has / get / stream, idempotent, empty and multi-chunk blobs', async (name) => {
  const blobs = drivers.find(([n]) => n === name)![1];
  const small = Buffer.from('<Invoice/>');
  const sha = await blobs.put(small);
  expect(sha).toBe(sha256Of(small));
  expect(await blobs.put(small)).toBe(sha);
  expect(await blobs.has(sha)).toBe(true);
  expect((await blobs.get(sha)).equals(small)).toBe(true);
  const empty = await blobs.put(Buffer.alloc(0));
  expect((await blobs.get(empty)).length).toBe(0);
  const big = Buffer.alloc(BLOB_CHUNK_BYTES * 2 + 123, 7);
  big.write('start', 0); big.write('end', big.length - 3);
  const bigSha = await blobs.put(big);
  expect((await blobs.get(bigSha)).equals(big)).toBe(true);
  const streamed = await drain(await blobs.stream(bigSha));
  expect(streamed.bytes.equals(big)).toBe(true);
  if (blobs.kind === 'database') expect(streamed.chunks).toBe(3);
  const missing = 'f'.repeat(64);
  expect(await blobs.has(missing)).toBe(false);
  await expect(blobs.get(missing)).rejects.toThrow(BlobNotFoundError);
  await expect(blobs.stream(missing)).rejects.toThrow(BlobNotFoundError);
  await expect(blobs.get('../etc/passwd')).rejects.toThrow(/not a SHA-256/);
});

test('the store of the mode in use keeps blobs where the mode says: files when embedded, the database on a server', () => {
  expect(store.blobs.kind).toBe(store.mode === 'server' ? 'database' : 'fs');
});
