/** The business document of a document, as a stage reads it: missing bytes are a permanent failure (retrying cannot bring them back). */
import type { DocumentRow } from '../core/documents/store';
import { BlobNotFoundError, type Store } from '../core/store';
import { PermanentStageError } from './stage-contract';

export async function payloadOf(store: Store, doc: Pick<DocumentRow, 'payloadSha256'>): Promise<Buffer> {
  try {
    return await store.blobs.get(doc.payloadSha256);
  } catch (err) {
    if (err instanceof BlobNotFoundError) throw new PermanentStageError(`stored bytes ${doc.payloadSha256} are missing`, 'bytes-missing');
    throw err;
  }
}
