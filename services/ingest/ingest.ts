/**
 * Ingest: store a submitted document exactly as received and hand it to the validate queue.
 * Shared by the Peppol hand-off, the upload API and the portal forms.
 *
 * Idempotency (checked and written in one IMMEDIATE transaction, backed by unique indexes):
 * the same AS4 message id, or the same SBDH sender + instance identifier, or identical bytes from
 * the same submitter and sender within the dedup window, answer the first document's id and are
 * not processed again.
 *
 * Order: bytes to the content-addressed store (fsync'd), then the row + `received` event in one
 * transaction, then the enqueue. A crash between commit and enqueue is repaired by the
 * reconciler; a crash before the commit leaves at most an unreferenced file, never half a document.
 */
import crypto from 'node:crypto';
import { and, eq, gte, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '../../db/client';
import { attachFile, FileStore } from '../../db/file-store';
import { documents, events } from '../../db/schema';
import type { PipelineMetrics } from '../../workers/metrics';
import type { PipelineQueues } from '../../workers/queues';
import type { DocumentState, StageName } from '../../workers/stage-contract';
import { inspectSubmission } from './envelope';

export type Channel = 'peppol' | 'api' | 'portal-upload' | 'portal-form';

export interface IngestDeps {
  db: Database;
  files: FileStore;
  logger: Logger;
  queues: PipelineQueues | null;
  available: ReadonlySet<StageName>;
  metrics?: PipelineMetrics;
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
}

export async function ingestDocument(deps: IngestDeps, input: IngestInput): Promise<IngestResult> {
  const t0 = process.hrtime.bigint();
  const env = inspectSubmission(input.bytes);
  const now = (deps.clock ?? (() => new Date()))();
  const at = now.toISOString();
  const originalSha = deps.files.put(input.bytes);
  const payloadSha = env.payload === input.bytes ? originalSha : deps.files.put(env.payload);
  const sb = env.sbdh;
  const as4 = input.as4MessageId ?? null;
  const sendingAp = input.sendingAp ?? null;
  const senderId = sb?.senderId ?? null;
  const windowStart = new Date(now.getTime() - deps.dedupWindowSeconds * 1000).toISOString();

  const result = deps.db.transaction((tx): IngestResult => {
    const same = (row: { id: string; state: string } | undefined): IngestResult | null => (row ? { id: row.id, status: row.state as DocumentState, created: false } : null);
    const cols = { id: documents.id, state: documents.state };
    if (as4 !== null) {
      const r = same(tx.select(cols).from(documents).where(eq(documents.as4MessageId, as4)).get());
      if (r) return r;
    }
    if (sb?.instanceId && senderId !== null) {
      const r = same(tx.select(cols).from(documents).where(and(eq(documents.senderId, senderId), eq(documents.instanceId, sb.instanceId))).get());
      if (r) return r;
    }
    const r = same(tx.select(cols).from(documents).where(and(
      eq(documents.originalSha256, originalSha),
      eq(documents.submittedBy, input.submittedBy),
      sql`${documents.senderId} IS ${senderId}`,
      sql`${documents.sendingAp} IS ${sendingAp}`,
      gte(documents.receivedAt, windowStart),
    )).get());
    if (r) return r;
    const id = crypto.randomUUID();
    tx.insert(documents).values({
      id, state: 'received', version: 1, channel: input.channel, receivedAt: at, updatedAt: at, submittedBy: input.submittedBy,
      originalSha256: originalSha, payloadSha256: payloadSha, sizeBytes: input.bytes.length,
      rootName: env.rootName, rootNamespace: env.rootNamespace,
      senderId, receiverId: sb?.receiverId ?? null, documentTypeId: sb?.documentTypeId ?? null, processId: sb?.processId ?? null,
      instanceId: sb?.instanceId ?? null, c1Country: sb?.c1Country ?? null, as4MessageId: as4, sendingAp,
    }).run();
    tx.insert(events).values({
      documentId: id, seq: 1, at, actor: input.submittedBy, type: 'received', fromState: null, toState: 'received',
      details: JSON.stringify({ channel: input.channel, size: input.bytes.length, sbdh: sb !== null, as4MessageId: as4, sendingAp, root: env.rootName }),
    }).run();
    attachFile(tx, id, 'original', originalSha, input.bytes.length, 'application/xml', at);
    if (payloadSha !== originalSha) attachFile(tx, id, 'payload', payloadSha, env.payload.length, 'application/xml', at);
    return { id, status: 'received', created: true };
  }, { behavior: 'immediate' });

  const log = deps.logger.child({ documentId: result.id });
  if (result.created) {
    if (process.env.EINVOICE_FAULT_INJECT === 'crash-after-store') {
      // fault injection for the "API killed between storing and enqueueing" test: dies like kill -9
      process.kill(process.pid, 'SIGKILL');
    }
    if (deps.queues !== null && deps.available.has('validate')) {
      try {
        await deps.queues.enqueue('validate', result.id);
      } catch (err) {
        log.warn({ err: (err as Error).message }, 'enqueue failed; the reconciler will pick the document up');
      }
    }
    log.info({ channel: input.channel, size: input.bytes.length, as4MessageId: as4, sendingAp }, 'document received');
  } else {
    log.info({ channel: input.channel, as4MessageId: as4 }, 'replayed submission answered with the existing document');
  }
  deps.metrics?.ingested.inc({ channel: input.channel, result: result.created ? 'new' : 'replay' });
  deps.metrics?.ingestDuration.observe({ channel: input.channel }, Number(process.hrtime.bigint() - t0) / 1e9);
  return result;
}
