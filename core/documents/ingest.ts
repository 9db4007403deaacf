/**
 * Ingest: store a submitted document exactly as received and hand it to validation. Shared by the
 * Peppol hand-off, the upload API and the portal forms.
 *
 * Idempotency: the same AS4 message id, or the same SBDH sender + instance identifier, or identical
 * bytes from the same submitter and sender within the dedup window, answer the first document's id
 * and are not processed again. The check and the insert run in one transaction under an advisory
 * lock on the bytes' hash (two processes receiving the same file at the same instant create one
 * document); the unique indexes on the AS4 id and the SBDH instance back it up.
 *
 * Order: bytes to the blob store (durable), then the row + `received` event in one transaction,
 * then the enqueue. A crash between commit and enqueue is repaired by the reconciler; a crash
 * before the commit leaves at most an unreferenced blob, never half a document.
 */
import crypto from 'node:crypto';
import { isUniqueViolation } from '../../db/client';
import * as repo from '../../db/repositories/documents';
import type { Store } from '../../db/store';
import type { DocumentState } from './states';
import { inspectSubmission } from './envelope';

export type Channel = 'peppol' | 'api' | 'portal-upload' | 'portal-form';

export interface IngestDeps {
  store: Store;
  /** Hands the new document to the validate stage (a BullMQ queue in production); failures are left to the reconciler. */
  enqueueValidate?: (documentId: string) => Promise<void>;
  dedupWindowSeconds: number;
  clock?: () => Date;
}

export interface IngestInput {
  bytes: Buffer;
  channel: Channel;
  /** Actor that submitted it (`token:<id>`, `admin`, `portal:<session>`). */
  submittedBy: string;
  as4MessageId?: string | null;
  sendingAp?: string | null;
}

export interface IngestResult {
  id: string;
  status: DocumentState;
  /** false when this was a replay of an earlier submission. */
  created: boolean;
  /** Set when the enqueue failed (the reconciler picks the document up later). */
  enqueueError?: string;
}

export async function ingestDocument(deps: IngestDeps, input: IngestInput): Promise<IngestResult> {
  const env = inspectSubmission(input.bytes);
  const now = (deps.clock ?? (() => new Date()))();
  const at = now.toISOString();
  const { store } = deps;
  const originalSha = await store.blobs.put(input.bytes);
  const payloadSha = env.payload === input.bytes ? originalSha : await store.blobs.put(env.payload);
  const sb = env.sbdh;
  const as4 = input.as4MessageId ?? null;
  const sendingAp = input.sendingAp ?? null;
  const senderId = sb?.senderId ?? null;
  const instanceId = sb?.instanceId || null;
  const since = new Date(now.getTime() - deps.dedupWindowSeconds * 1000).toISOString();
  const replayQuery = { as4MessageId: as4, senderId, instanceId, originalSha256: originalSha, submittedBy: input.submittedBy, sendingAp, since };

  const write = (): Promise<IngestResult> => store.db.transaction(async (tx) => {
    await repo.lockKey(tx, 'ingest', originalSha);
    const earlier = await repo.findReplay(tx, replayQuery);
    if (earlier !== undefined) return { id: earlier.id, status: earlier.state as DocumentState, created: false };
    const id = crypto.randomUUID();
    await repo.insertDocument(tx, {
      id, state: 'received', version: 1, channel: input.channel, receivedAt: at, updatedAt: at, submittedBy: input.submittedBy,
      originalSha256: originalSha, payloadSha256: payloadSha, sizeBytes: input.bytes.length,
      rootName: env.rootName, rootNamespace: env.rootNamespace,
      senderId, receiverId: sb?.receiverId ?? null, documentTypeId: sb?.documentTypeId ?? null, processId: sb?.processId ?? null,
      instanceId, c1Country: sb?.c1Country ?? null, as4MessageId: as4, sendingAp,
    });
    await repo.insertEvent(tx, {
      documentId: id, seq: 1, at, actor: input.submittedBy, type: 'received', fromState: null, toState: 'received',
      details: { channel: input.channel, size: input.bytes.length, sbdh: sb !== null, as4MessageId: as4, sendingAp, root: env.rootName },
    });
    await repo.attachFile(tx, id, 'original', originalSha, input.bytes.length, 'application/xml', at);
    if (payloadSha !== originalSha) await repo.attachFile(tx, id, 'payload', payloadSha, env.payload.length, 'application/xml', at);
    return { id, status: 'received' as DocumentState, created: true };
  });

  let result: IngestResult;
  try {
    result = await write();
  } catch (err) {
    // the same AS4 id or SBDH instance committed by another process between our check and insert
    if (!isUniqueViolation(err)) throw err;
    const earlier = await repo.findReplay(store.db, replayQuery);
    if (earlier === undefined) throw err;
    result = { id: earlier.id, status: earlier.state as DocumentState, created: false };
  }
  if (result.created) {
    if (process.env.EINVOICE_FAULT_INJECT === 'crash-after-store') {
      // fault injection for the "API killed between storing and enqueueing" test: dies like kill -9
      process.kill(process.pid, 'SIGKILL');
    }
    if (deps.enqueueValidate !== undefined) {
      try {
        await deps.enqueueValidate(result.id);
      } catch (err) {
        result.enqueueError = (err as Error).message;
      }
    }
  }
  return result;
}
