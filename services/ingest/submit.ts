/**
 * The one way an HTTP route hands a document to the pipeline: core ingest (stored durably, the
 * row and its `received` event committed) with the validate stage enqueued, logged and counted.
 */
import { ingestDocument, type IngestInput, type IngestResult } from '../../core/documents/ingest';
import type { AppDeps } from '../deps';
import { asProblem } from '../errors';

/**
 * How long a submission waits for its validate job to be queued. With Redis down the enqueue would
 * wait for the reconnection: the document is already committed, so the answer goes out and the
 * reconciler queues the job once Redis is back (the same job id: never twice).
 */
export const ENQUEUE_TIMEOUT_MS = 2000;

function within(p: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`the queue did not answer within ${ms} ms`)), ms);
    p.then(() => { clearTimeout(t); resolve(); }, (err: unknown) => { clearTimeout(t); reject(err instanceof Error ? err : new Error(String(err))); });
  });
}

export async function submitDocument(deps: AppDeps, input: IngestInput): Promise<IngestResult> {
  const t0 = process.hrtime.bigint();
  let out: IngestResult;
  try {
    out = await ingestDocument({
      store: deps.store,
      dedupWindowSeconds: deps.dedupWindowSeconds,
      clock: deps.clock,
      enqueueValidate: deps.queues === null ? undefined : (id) => within(deps.queues!.enqueue('validate', id), ENQUEUE_TIMEOUT_MS),
    }, input);
  } catch (err) {
    const p = asProblem(err);
    if (p !== null) deps.metrics.ingestRejected.inc({ reason: p.slug });
    throw err;
  }
  const log = deps.logger.child({ documentId: out.id });
  if (out.enqueueError !== undefined) log.warn({ err: out.enqueueError }, 'enqueue failed; the reconciler will pick the document up');
  if (out.created) log.info({ channel: input.channel, size: input.bytes.length, as4MessageId: input.as4MessageId ?? null, sendingAp: input.sendingAp ?? null }, 'document received');
  else log.info({ channel: input.channel, as4MessageId: input.as4MessageId ?? null }, 'replayed submission answered with the existing document');
  deps.metrics.ingested.inc({ channel: input.channel, result: out.created ? 'new' : 'replay' });
  deps.metrics.ingestDuration.observe({ channel: input.channel }, Number(process.hrtime.bigint() - t0) / 1e9);
  return out;
}
