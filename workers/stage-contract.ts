/**
 * THE STAGE CONTRACT — how a pipeline stage (validate, route, render, dispatch) is written.
 *
 * A stage processor is a plain async function `(documentId, deps) => StageResult`. It:
 *  1. reads the document row from the database (the source of truth; the job carries only the id);
 *  2. returns at once `{ state, changed: false }` when the document is not in the stage's input
 *     state (already processed by an earlier attempt, or moved on by staff): this is what makes a
 *     stage idempotent — a job may run twice (stalled worker, reconciler, lost Redis);
 *  3. does its work (outside any transaction: validation, lookup, PDF…);
 *  4. writes the new state and ONE append-only event in ONE transaction with `transition()`,
 *     which only succeeds if the document is still in the input state (compare-and-set);
 *     extra rows of the same step (a derived file, a delivery row…) go in `also(tx)`.
 *
 * Outcomes that are part of the business flow (invalid → `rejected`, no body → `unroutable`) are
 * ordinary transitions. Errors:
 *  - throw `PermanentStageError` when retrying cannot help (e.g. the document's bytes are missing,
 *    the body's endpoint refuses it for good): the runner (workers/runner.ts) moves the document to
 *    the stage's failure state (`<stage>_failed`) with the reason; no retry.
 *  - throw `TransientStageError` (or let any other error escape) when it may work later (database
 *    busy, engine crashed, remote down): BullMQ retries with exponential backoff; after the last
 *    attempt the runner moves the document to `<stage>_failed` too, so the Authority sees it.
 *
 * Next step: after a stage the runner enqueues the stage whose input is the document's new state
 * (see STAGES); a stage never enqueues by itself. The reconciler re-enqueues documents that sit
 * too long in a stage's input state.
 *
 * Plug points: the route stage is `workers/route/stage.ts` exporting `routeStage`; render and
 * dispatch come as `workers/render/stage.ts` exporting `renderStage` and
 * `workers/dispatch/stage.ts` exporting `dispatchStage`. workers/stages.ts loads whichever exist;
 * a missing stage simply ends the pipeline at its input state.
 */
import type { Logger } from 'pino';
import { and, eq, sql } from 'drizzle-orm';
import type { Database, Tx } from '../db/client';
import type { FileStore } from '../db/file-store';
import { documents, events, type DocumentRow } from '../db/schema';

export const DOCUMENT_STATES = [
  'received', // stored exactly as received, waiting for validation
  'validated', // valid (EN 16931 / Peppol rules), waiting for routing
  'rejected', // invalid: fatal findings (terminal; the sender is told)
  'duplicate', // valid but same seller + invoice number + issue date + type as an earlier document (terminal)
  'routed', // recipient body resolved (`resolvedBodyId`), waiting for rendering
  'unroutable', // no body found for the receiver (terminal until the Authority reroutes)
  'rendered', // standardised PDF produced, waiting for dispatch
  'delivered', // in the body's inbox / pushed to its webhook
  'acknowledged', // the body acknowledged it (terminal)
  'validate_failed', // validation could not run (fail closed) — Authority attention
  'route_failed',
  'render_failed',
  'dispatch_failed',
] as const;
export type DocumentState = (typeof DOCUMENT_STATES)[number];

export type StageName = 'validate' | 'route' | 'render' | 'dispatch';

export interface StageDefinition {
  name: StageName;
  /** The only state the stage picks documents up from. */
  input: DocumentState;
  /** States a successful run may produce. */
  outputs: readonly DocumentState[];
  /** State on permanent failure / retries exhausted. */
  failure: DocumentState;
}

export const STAGES: readonly StageDefinition[] = [
  { name: 'validate', input: 'received', outputs: ['validated', 'rejected', 'duplicate'], failure: 'validate_failed' },
  { name: 'route', input: 'validated', outputs: ['routed', 'unroutable'], failure: 'route_failed' },
  { name: 'render', input: 'routed', outputs: ['rendered'], failure: 'render_failed' },
  { name: 'dispatch', input: 'rendered', outputs: ['delivered'], failure: 'dispatch_failed' },
];

/** States no stage will move on by itself (the reconciler leaves them alone). */
export const TERMINAL_STATES: readonly DocumentState[] = [
  'rejected', 'duplicate', 'unroutable', 'acknowledged', 'validate_failed', 'route_failed', 'render_failed', 'dispatch_failed',
];

export interface StageDeps {
  db: Database;
  /** Content-addressed store under the data directory (original bytes, payload, derived files). */
  files: FileStore;
  dataDir: string;
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

export interface TransitionInput {
  from: DocumentState | readonly DocumentState[];
  to: DocumentState;
  /** `system:<stage>`, `token:<id>`, `admin`, `staff:<login>`, `body:<id>`. */
  actor: string;
  /** Event details (JSON-serialisable): rule packs used, body resolved, delivery attempt, error… */
  details?: Record<string, unknown>;
  /** Other document columns to set in the same update (e.g. `{ resolvedBodyId }`). */
  set?: Partial<Omit<DocumentRow, 'id' | 'state' | 'version' | 'updatedAt'>>;
  /** More writes in the same transaction (derived file rows, delivery rows…). */
  also?: (tx: Tx) => void;
  /** Event type (default `transition`). */
  type?: string;
  at?: Date;
  /**
   * Called inside the transaction once the state check passed, with the current row: may
   * override `to`, `details` and `set` from what it reads there (e.g. the duplicate check, which
   * must see the other documents in the same transaction).
   */
  decide?: (tx: Tx, current: DocumentRow) => { to?: DocumentState; details?: Record<string, unknown>; set?: TransitionInput['set'] };
}

export interface TransitionResult {
  /** true when this call made the transition; false when the document was not in `from` (nothing written). */
  changed: boolean;
  state: DocumentState;
  version: number;
}

/**
 * Compare-and-set transition: in one transaction, moves the document from `from` to `to`,
 * increments its version and appends the event with seq = new version. If the document is no
 * longer in `from`, nothing is written (idempotent re-run). Throws if the document does not exist.
 */
export function transition(db: Database, documentId: string, input: TransitionInput): TransitionResult {
  const at = (input.at ?? new Date()).toISOString();
  const from = typeof input.from === 'string' ? [input.from] : [...input.from];
  return db.transaction((tx) => {
    const current = tx.select().from(documents).where(eq(documents.id, documentId)).get();
    if (current === undefined) throw new PermanentStageError(`document ${documentId} does not exist`, 'no-document');
    if (!from.includes(current.state as DocumentState)) {
      return { changed: false, state: current.state as DocumentState, version: current.version };
    }
    const decided = input.decide?.(tx, current) ?? {};
    const to = decided.to ?? input.to;
    const details = { ...(input.details ?? {}), ...(decided.details ?? {}) };
    const version = current.version + 1;
    const res = tx.update(documents)
      .set({ ...(input.set ?? {}), ...(decided.set ?? {}), state: to, version, updatedAt: at })
      .where(and(eq(documents.id, documentId), eq(documents.version, current.version), eq(documents.state, current.state)))
      .run();
    if (res.changes !== 1) {
      const now = tx.select({ state: documents.state, version: documents.version }).from(documents).where(eq(documents.id, documentId)).get();
      return { changed: false, state: (now?.state ?? current.state) as DocumentState, version: now?.version ?? current.version };
    }
    tx.insert(events).values({
      documentId, seq: version, at, actor: input.actor, type: input.type ?? 'transition',
      fromState: current.state, toState: to, details: JSON.stringify(details),
    }).run();
    input.also?.(tx);
    return { changed: true, state: to, version };
  }, { behavior: 'immediate' });
}

/** Reads one document row (undefined when unknown). */
export function getDocument(db: Database | Tx, documentId: string): DocumentRow | undefined {
  return db.select().from(documents).where(eq(documents.id, documentId)).get();
}

/** Appends an event that does not change the state (a note, a delivery attempt…), with the next seq. */
export function appendEvent(db: Database, documentId: string, actor: string, type: string, details: Record<string, unknown> = {}, at = new Date()): void {
  db.transaction((tx) => {
    const cur = tx.select({ state: documents.state, version: documents.version }).from(documents).where(eq(documents.id, documentId)).get();
    if (cur === undefined) throw new Error(`document ${documentId} does not exist`);
    const version = cur.version + 1;
    tx.update(documents).set({ version: sql`${documents.version} + 1`, updatedAt: at.toISOString() }).where(eq(documents.id, documentId)).run();
    tx.insert(events).values({ documentId, seq: version, at: at.toISOString(), actor, type, fromState: cur.state, toState: cur.state, details: JSON.stringify(details) }).run();
  }, { behavior: 'immediate' });
}
