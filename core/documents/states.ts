/**
 * The document state machine: every state a document can be in, the pipeline stages with the one
 * state each picks documents up from, and the states no stage moves on by itself.
 */

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

export function isDocumentState(v: unknown): v is DocumentState {
  return typeof v === 'string' && (DOCUMENT_STATES as readonly string[]).includes(v);
}

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

/** The stage whose input is `state` (undefined for states no stage picks up). */
export function stageFor(state: string): StageDefinition | undefined {
  return STAGES.find((s) => s.input === state);
}

/** States no stage will move on by itself (the reconciler leaves them alone). */
export const TERMINAL_STATES: readonly DocumentState[] = [
  'rejected', 'duplicate', 'unroutable', 'acknowledged', 'validate_failed', 'route_failed', 'render_failed', 'dispatch_failed',
];

/** States of documents that passed validation: they count as "already received" for duplicate detection, and an MLS `AP` may answer them. */
export const PASSED_VALIDATION: readonly DocumentState[] = [
  'validated', 'routed', 'unroutable', 'rendered', 'delivered', 'acknowledged', 'route_failed', 'render_failed', 'dispatch_failed',
];

/** States of documents the hub refused (an MLS `RE` answers them). */
export const REFUSED: readonly DocumentState[] = ['rejected', 'duplicate'];

/** Failure states: a stage could not do its work (the Authority's queues). */
export const FAILURE_STATES: readonly DocumentState[] = STAGES.map((s) => s.failure);
