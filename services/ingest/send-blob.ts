/** Sends a stored blob as a download, streamed chunk by chunk (a 50 MB original is never held twice). */
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import type { Store } from '../../core/store';

export async function sendBlob(store: Store, res: Response, sha256: string, mediaType: string, filename: string): Promise<void> {
  const stream = await store.blobs.stream(sha256);
  res.type(mediaType).set('Content-Disposition', `attachment; filename="${filename}"`);
  await pipeline(stream, res);
}
