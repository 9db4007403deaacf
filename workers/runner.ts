/**
 * Runs one stage job: calls the stage processor, turns a permanent error (or the last attempt's
 * transient error) into the stage's failure state, then enqueues the next stage for whatever
 * state the document is in now — also when the stage found nothing to do, so a job re-run after a
 * crash between "commit" and "enqueue" still moves the document on.
 */
import { performance } from 'node:perf_hooks';
import { getDocument, transition } from '../core/documents/store';
import type { DocumentState, StageDefinition, StageDeps, StageProcessor, StageResult } from './stage-contract';

export interface RunContext {
  deps: StageDeps;
  /** Enqueue the stage whose input is `state` (no-op for states no stage picks up). */
  enqueueNext: (state: DocumentState, documentId: string) => Promise<unknown>;
  /** 1-based attempt number and the maximum. */
  attempt: number;
  maxAttempts: number;
}

export interface JobOutcome extends StageResult {
  stage: string;
  ms: number;
  /** Set when the stage failed (permanent, or transient on the last attempt). */
  failure?: { reason: string; message: string; permanent: boolean };
}

function isPermanent(err: unknown): err is Error & { reason: string; details: Record<string, unknown> } {
  // by name, not instanceof: the error may come from another copy of the module (worker thread, plug-in)
  return err instanceof Error && err.name === 'PermanentStageError';
}

function reasonOf(err: unknown): string {
  const r = (err as { reason?: unknown }).reason;
  return typeof r === 'string' ? r : err instanceof Error && err.name !== 'Error' ? err.name : 'error';
}

export async function runStage(def: StageDefinition, proc: StageProcessor, documentId: string, ctx: RunContext): Promise<JobOutcome> {
  const t0 = performance.now();
  const { deps } = ctx;
  const log = deps.logger.child({ documentId, stage: def.name, attempt: ctx.attempt });
  let result: StageResult;
  let failure: JobOutcome['failure'];
  try {
    result = await proc(documentId, deps);
  } catch (err) {
    const permanent = isPermanent(err);
    const message = err instanceof Error ? err.message : String(err);
    const reason = reasonOf(err);
    if (!permanent && ctx.attempt < ctx.maxAttempts) {
      log.warn({ err: message, reason }, 'stage failed, will retry');
      throw err;
    }
    if ((await getDocument(deps.store, documentId)) === undefined) {
      log.error('document does not exist; job dropped');
      return { stage: def.name, state: 'received', changed: false, ms: performance.now() - t0, failure: { reason: 'no-document', message, permanent: true } };
    }
    log.error({ err: message, reason, permanent }, 'stage failed for good');
    const tr = await transition(deps.store, documentId, {
      from: def.input, to: def.failure, actor: `system:${def.name}`, at: deps.clock(),
      details: { reason, error: message, permanent, attempts: ctx.attempt, ...(permanent ? (err as { details?: Record<string, unknown> }).details ?? {} : {}) },
      set: { lastError: `${reason}: ${message}`.slice(0, 2000) },
    });
    result = { state: tr.state, changed: tr.changed };
    failure = { reason, message, permanent };
  }
  await ctx.enqueueNext(result.state, documentId);
  const ms = performance.now() - t0;
  log.info({ state: result.state, changed: result.changed, ms: Math.round(ms) }, 'stage done');
  return { ...result, stage: def.name, ms, ...(failure ? { failure } : {}) };
}

/**
 * Safety net for failures that happen outside `runStage` (a worker thread that died, a job that
 * stalled too often): once BullMQ has used up the job's attempts, the document goes to the stage's
 * failure state instead of coming back through the reconciler forever (poison document).
 */
export async function failExhausted(deps: Pick<StageDeps, 'store' | 'logger' | 'clock'>, def: StageDefinition, documentId: string, err: Error, attempts: number): Promise<boolean> {
  if ((await getDocument(deps.store, documentId)) === undefined) return false;
  const reason = reasonOf(err) === 'error' ? 'worker-failure' : reasonOf(err);
  const tr = await transition(deps.store, documentId, {
    from: def.input, to: def.failure, actor: `system:${def.name}`, at: deps.clock(),
    details: { reason, error: err.message, permanent: false, attempts },
    set: { lastError: `${reason}: ${err.message}`.slice(0, 2000) },
  });
  if (tr.changed) deps.logger.error({ documentId, stage: def.name, reason, err: err.message }, 'attempts exhausted outside the stage: failure state');
  return tr.changed;
}
