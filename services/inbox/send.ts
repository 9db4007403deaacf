/** Sending the inbox's files: a stored blob streamed chunk by chunk, a ZIP of bundle entries. */
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import yazl from 'yazl';
import type { BundleEntry } from '../../core/documents/inbox';
import type { Store } from '../../core/store';

/** Streams a stored blob; `opened` runs once the blob is found, before anything is sent (records the download). */
export async function sendStored(store: Store, res: Response, sha256: string, type: string, disposition: string, o: { headers?: Record<string, string>; opened?: () => Promise<void> } = {}): Promise<void> {
  const stream = await store.blobs.stream(sha256);
  try {
    await o.opened?.();
  } catch (err) {
    stream.destroy();
    throw err;
  }
  res.type(type).set({ 'Content-Disposition': disposition, ...(o.headers ?? {}) });
  await pipeline(stream, res);
}

/** A ZIP of the entries, written to the response as it is compressed. */
export async function sendZip(res: Response, filename: string, entries: readonly BundleEntry[]): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const e of entries) zip.addBuffer(e.bytes, e.path, { mtime: e.mtime });
  zip.end();
  res.type('application/zip').set('Content-Disposition', `attachment; filename="${filename}"`);
  await pipeline(zip.outputStream, res);
}
