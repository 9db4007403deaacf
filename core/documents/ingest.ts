/**
 * Ingest: store a submitted document exactly as received and hand it to validation. Shared by the
 * Peppol hand-off, the upload API and the portal forms.
 *
 * Idempotency: the same AS4 message id, or the same SBDH sender + instance identifier, or identical
 * bytes from the same submitter and sender within the dedup window, answer the first document's id
 * and are not processed again. The check and the insert run in one transaction under advisory locks
 * on the bytes' hashes (two processes receiving the same file at the same instant create one
 * document); the unique indexes on the AS4 id and the SBDH instance back it up.
 *
 * Order: bytes to the blob store (durable: files fsync'd before the transaction, or chunks inside
 * it in server mode), then the row + `received` event + files in one transaction, then the enqueue.
 * A crash between commit and enqueue is repaired by the reconciler; a crash before the commit leaves
 * at most an unreferenced blob, never half a document. The 202 is answered after the commit.
 *
 * Group commit: submissions that arrive while a transaction is being written wait for it and are
 * then written together, in one transaction with multi-row statements (a lone submission is written
 * at once). Under load a document costs a fraction of a transaction instead of a whole one; the
 * rules above hold per document, within a batch too (a copy later in the same batch replays the
 * first).
 */
import crypto from 'node:crypto';
import type { Database } from '../../db/client';
import { isUniqueViolation } from '../../db/client';
import { sha256Of } from '../../db/blob-store';
import * as repo from '../../db/repositories/documents';
import type { Store } from '../../db/store';
import type { DocumentState } from './states';
import { inspectSubmission, type Envelope } from './envelope';
import { directoryView } from '../directory/view';
import { recordPeppolReceptions } from '../reporting/record';

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

/** A submission ready to be written: bytes hashed (and, on the file system, already stored). */
interface Prepared {
  input: IngestInput;
  env: Envelope;
  at: string;
  since: string;
  originalSha: string;
  payloadSha: string;
  senderId: string | null;
  instanceId: string | null;
  as4: string | null;
  sendingAp: string | null;
}

interface Waiting { p: Prepared; resolve: (r: IngestResult) => void; reject: (e: unknown) => void }

/** The earlier document (of the database or of this batch) a submission replays, by the rules of the header. */
function replayOf(p: Prepared, earlier: readonly repo.ReplayCandidate[]): repo.ReplayCandidate | undefined {
  if (p.as4 !== null) {
    const hit = earlier.find((e) => e.as4MessageId === p.as4);
    if (hit) return hit;
  }
  if (p.instanceId !== null && p.senderId !== null) {
    const hit = earlier.find((e) => e.senderId === p.senderId && e.instanceId === p.instanceId);
    if (hit) return hit;
  }
  return earlier.find((e) => e.originalSha256 === p.originalSha && e.submittedBy === p.input.submittedBy && e.senderId === p.senderId
    && e.sendingAp === p.sendingAp && e.receivedAt >= p.since);
}

/** Writes a batch in one transaction; answers each submission in order. */
async function writeBatch(store: Store, batch: readonly Prepared[]): Promise<IngestResult[]> {
  // the ledger's end users from the process's directory index (no query when it is fresh)
  const index = batch.some((p) => p.input.channel === 'peppol') ? (await directoryView(store)).index : undefined;
  return store.db.transaction(async (tx: Database) => {
    if (store.blobs.kind === 'database') {
      const blobs = new Map<string, Buffer>();
      for (const p of batch) {
        blobs.set(p.originalSha, p.input.bytes);
        blobs.set(p.payloadSha, p.env.payload);
      }
      await store.blobs.putMany(tx, [...blobs].map(([sha256, bytes]) => ({ sha256, bytes })));
    }
    await repo.lockKeys(tx, 'ingest', batch.map((p) => p.originalSha));
    const known = await repo.replayCandidates(tx, {
      as4: batch.flatMap((p) => (p.as4 === null ? [] : [p.as4])),
      instances: batch.flatMap((p) => (p.instanceId === null ? [] : [p.instanceId])),
      shas: batch.map((p) => p.originalSha),
      since: batch.reduce((m, p) => (p.since < m ? p.since : m), batch[0]!.since),
    });
    const docs: repo.NewDocumentRow[] = [];
    const evs: repo.NewEvent[] = [];
    const attached: Parameters<typeof repo.attachFiles>[1][number][] = [];
    const results: IngestResult[] = [];
    for (const p of batch) {
      const earlier = replayOf(p, known);
      if (earlier !== undefined) {
        results.push({ id: earlier.id, status: earlier.state as DocumentState, created: false });
        continue;
      }
      const id = crypto.randomUUID();
      const { input, env, at } = p;
      const sb = env.sbdh;
      docs.push({
        id, state: 'received', version: 1, channel: input.channel, receivedAt: at, updatedAt: at, submittedBy: input.submittedBy,
        originalSha256: p.originalSha, payloadSha256: p.payloadSha, sizeBytes: input.bytes.length,
        rootName: env.rootName, rootNamespace: env.rootNamespace,
        senderId: p.senderId, receiverId: sb?.receiverId ?? null, documentTypeId: sb?.documentTypeId ?? null, processId: sb?.processId ?? null,
        instanceId: p.instanceId, c1Country: sb?.c1Country ?? null, as4MessageId: p.as4, sendingAp: p.sendingAp,
      });
      evs.push({
        documentId: id, seq: 1, at, actor: input.submittedBy, type: 'received', fromState: null, toState: 'received',
        details: { channel: input.channel, size: input.bytes.length, sbdh: sb !== null, as4MessageId: p.as4, sendingAp: p.sendingAp, root: env.rootName },
      });
      attached.push({ documentId: id, role: 'original', sha256: p.originalSha, size: input.bytes.length, mediaType: 'application/xml', at });
      if (p.payloadSha !== p.originalSha) attached.push({ documentId: id, role: 'payload', sha256: p.payloadSha, size: env.payload.length, mediaType: 'application/xml', at });
      // a copy later in this batch replays this one
      known.push({ id, state: 'received', as4MessageId: p.as4, senderId: p.senderId, instanceId: p.instanceId, originalSha256: p.originalSha, submittedBy: input.submittedBy, sendingAp: p.sendingAp, receivedAt: at });
      results.push({ id, status: 'received', created: true });
    }
    await repo.insertDocuments(tx, docs);
    await repo.insertEvents(tx, evs);
    await repo.attachFiles(tx, attached);
    // the Peppol exchange ledger (monthly TSR/EUSR): one row per AS4 message received, replays included
    await recordPeppolReceptions(tx, batch.map((p, i) => ({ ...p.env, channel: p.input.channel, as4MessageId: p.as4, sendingAp: p.sendingAp, at: p.at, documentId: results[i]!.id })), index === undefined ? {} : { index });
    return results;
  });
}

/** The group-commit queue of one store (one per process and database). */
class IngestBatcher {
  readonly #waiting: Waiting[] = [];
  #writing = false;

  constructor(private readonly store: Store, private readonly maxBatch = 64) {}

  submit(p: Prepared): Promise<IngestResult> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ p, resolve, reject });
      if (!this.#writing) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#writing = true;
    try {
      while (this.#waiting.length > 0) {
        const batch = this.#waiting.splice(0, this.maxBatch);
        try {
          const results = await writeBatch(this.store, batch.map((w) => w.p));
          batch.forEach((w, i) => w.resolve(results[i]!));
        } catch {
          // a batch fails as a whole (e.g. another process committed the same AS4 id in between): each alone
          for (const w of batch) await this.#alone(w);
        }
      }
    } finally {
      this.#writing = false;
    }
  }

  async #alone(w: Waiting): Promise<void> {
    try {
      w.resolve((await writeBatch(this.store, [w.p]))[0]!);
    } catch (err) {
      if (!isUniqueViolation(err)) return w.reject(err);
      // committed by another process between our check and our insert: that one is the document
      const earlier = replayOf(w.p, await repo.replayCandidates(this.store.db, {
        as4: w.p.as4 === null ? [] : [w.p.as4], instances: w.p.instanceId === null ? [] : [w.p.instanceId], shas: [w.p.originalSha], since: w.p.since,
      }));
      if (earlier === undefined) return w.reject(err);
      w.resolve({ id: earlier.id, status: earlier.state as DocumentState, created: false });
    }
  }
}

const batchers = new WeakMap<Store, IngestBatcher>();

export async function ingestDocument(deps: IngestDeps, input: IngestInput): Promise<IngestResult> {
  const env = inspectSubmission(input.bytes);
  const now = (deps.clock ?? (() => new Date()))();
  const { store } = deps;
  const originalSha = sha256Of(input.bytes);
  const payloadSha = env.payload === input.bytes ? originalSha : sha256Of(env.payload);
  // on the file system the bytes are durable before the transaction; in the database they are part of it
  if (store.blobs.kind === 'fs') {
    await store.blobs.putMany(null, payloadSha === originalSha ? [{ sha256: originalSha, bytes: input.bytes }] : [{ sha256: originalSha, bytes: input.bytes }, { sha256: payloadSha, bytes: env.payload }]);
  }
  let batcher = batchers.get(store);
  if (batcher === undefined) batchers.set(store, (batcher = new IngestBatcher(store)));
  const result = await batcher.submit({
    input, env, at: now.toISOString(), since: new Date(now.getTime() - deps.dedupWindowSeconds * 1000).toISOString(),
    originalSha, payloadSha, senderId: env.sbdh?.senderId ?? null, instanceId: env.sbdh?.instanceId || null,
    as4: input.as4MessageId ?? null, sendingAp: input.sendingAp ?? null,
  });
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
  return { ...result };
}
