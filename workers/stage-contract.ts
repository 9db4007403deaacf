/**
 * THE STAGE CONTRACT — how a pipeline stage (validate, route, render, dispatch) is written.
 *
 * A stage processor is a plain async function `(documentId, deps) => StageResult`. It:
 *  1. reads the document row from the database (the source of truth; the job carries only the id);
 *  2. returns at once `{ state, changed: false }` when the document is not in the stage's input
 *     state (already processed by an earlier attempt, or moved on by staff): this is what makes a
 *     stage idempotent — a job may run twice (stalled worker, reconciler, lost Redis);
 *  3. does its work outside any transaction (validation and rendering in worker threads, lookups);
 *  4. writes the new state and ONE append-only event in ONE transaction with core's `transition()`,
 *     which only succeeds if the document is still in the input state (compare-and-set under a row
 *     lock); extra rows of the same step (a derived file, a delivery row…) go in `also(tx)`.
 *
 * Outcomes that are part of the business flow (invalid → `rejected`, no body → `unroutable`) are
 * ordinary transitions. Errors:
 *  - throw `PermanentStageError` when retrying cannot help (the document's bytes are missing, the
 *    body's endpoint refuses it for good): the runner (workers/runner.ts) moves the document to the
 *    stage's failure state (`<stage>_failed`) with the reason; no retry.
 *  - throw `TransientStageError` (or let any other error escape) when it may work later (database
 *    busy, engine crashed, remote down): BullMQ retries with exponential backoff; after the last
 *    attempt the runner moves the document to `<stage>_failed` too, so the Authority sees it.
 *
 * Next step: after a stage the runner enqueues the stage whose input is the document's new state
 * (core/documents/states.ts `STAGES`); a stage never enqueues by itself. The reconciler re-enqueues
 * documents that sit too long in a stage's input state. The four processors are listed in
 * workers/stages.ts.
 */
import type { Logger } from 'pino';
import type { DocumentState } from '../core/documents/states';
import type { Store } from '../core/store';
import type { RenderJob, RenderOutput, ValidateJobOutput } from './cpu/tasks';
import type { ValidateOptions } from '../validation/types';

export type { DocumentState, StageDefinition, StageName } from '../core/documents/states';

/** CPU-heavy work, done off the event loop (workers/cpu/pool.ts) or inline in tests. */
export interface CpuWork {
  /** Full validation of a business document, with the business keys read from it. */
  validate(bytes: Buffer, opts: ValidateOptions): Promise<ValidateJobOutput>;
  /** The standardised PDF of a business document, with its summary for the inbox. */
  render(job: RenderJob): Promise<RenderOutput>;
}

export interface StageDeps {
  /** Database and blob store (original bytes, payload, derived files). */
  store: Store;
  cpu: CpuWork;
  /** pino logger; stages log with `{ documentId }`. */
  logger: Logger;
  /** Current time (tests may pin it). */
  clock: () => Date;
}

export interface StageResult {
  /** The document's state after the stage. */
  state: DocumentState;
  /** false when nothing was done (document was not in the input state). */
  changed: boolean;
  /** Optional details for logs/metrics (e.g. `{ reason: 'no-body' }`). */
  details?: Record<string, unknown>;
}

export type StageProcessor = (documentId: string, deps: StageDeps) => Promise<StageResult>;

/** Retrying cannot help: the document goes to the stage's failure state with this reason. */
export class PermanentStageError extends Error {
  override readonly name = 'PermanentStageError';
  constructor(message: string, readonly reason = 'permanent', readonly details: Record<string, unknown> = {}) {
    super(message);
  }
}

/** May work later: retried with exponential backoff (any other thrown error counts as transient too). */
export class TransientStageError extends Error {
  override readonly name = 'TransientStageError';
  constructor(message: string, readonly reason = 'transient') {
    super(message);
  }
}
