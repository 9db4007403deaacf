/**
 * The document store: read a document, move it from one state to the next with one append-only
 * event (compare-and-set, in one transaction), append events that do not change the state, and the
 * files attached to it. Everything the pipeline, the console and the inbox change on a document goes
 * through `transition` or `appendEvent`, so the history is complete and never rewritten.
 */
import type { Database } from '../../db/client';
import * as repo from '../../db/repositories/documents';
import type { DocumentRow } from '../../db/repositories/documents';
import { sha256Of } from '../../db/blob-store';
import type { Store } from '../../db/store';
import type { DocumentState } from './states';

export type { DocumentRow, EventRow } from '../../db/repositories/documents';

export class DocumentNotFoundError extends Error {
  constructor(readonly documentId: string) {
    super(`document ${documentId} does not exist`);
    this.name = 'DocumentNotFoundError';
  }
}

export async function getDocument(store: Pick<Store, 'db'>, documentId: string): Promise<DocumentRow | undefined> {
  return repo.findDocument(store.db, documentId);
}

/** The row and the SHA-256 of its file of `role` (null when it has none), in one read. */
export async function getDocumentWithFile(store: Pick<Store, 'db'>, documentId: string, role: string): Promise<{ doc: DocumentRow; fileSha256: string | null } | undefined> {
  return repo.findDocumentWithFile(store.db, documentId, role);
}

export type DocumentSet = repo.DocumentChanges;

export interface TransitionInput {
  from: DocumentState | readonly DocumentState[];
  to: DocumentState;
  /** `system:<stage>`, `token:<id>`, `admin`, `staff:<login>`, `body:<id>`. */
  actor: string;
  /** Event details (JSON): rule packs used, body resolved, delivery attempt, error… */
  details?: Record<string, unknown>;
  /** Other document columns to set in the same update (e.g. `{ resolvedBodyId }`). */
  set?: DocumentSet;
  /** More writes in the same transaction (derived file rows, delivery rows…), with the state the document came from. */
  also?: (tx: Database, current: Pick<DocumentRow, 'id' | 'state' | 'version'>) => Promise<void>;
  /** Event type (default `transition`). */
  type?: string;
  at?: Date;
  /**
   * Called inside the transaction once the state check passed, with the current row: may override
   * `to`, `details` and `set` from what it reads there (e.g. the duplicate check, which must see the
   * other documents under the same lock).
   */
  decide?: (tx: Database, current: DocumentRow) => Promise<{ to?: DocumentState; details?: Record<string, unknown>; set?: DocumentSet }>;
}

export interface TransitionResult {
  /** true when this call made the transition; false when the document was not in `from` (nothing written). */
  changed: boolean;
  state: DocumentState;
  version: number;
}

/**
 * Compare-and-set transition: in one transaction, locks the document row, moves it from `from` to
 * `to`, increments its version and appends the event with seq = new version. If the document is no
 * longer in `from`, nothing is written (idempotent re-run). Throws DocumentNotFoundError when unknown.
 */
export async function transition(store: Pick<Store, 'db'>, documentId: string, input: TransitionInput): Promise<TransitionResult> {
  const at = (input.at ?? new Date()).toISOString();
  const from: readonly string[] = typeof input.from === 'string' ? [input.from] : input.from;
  if (input.decide === undefined) return casOnly(store, documentId, from, at, input);
  const decide = input.decide;
  return store.db.transaction(async (tx) => {
    const current = await repo.lockDocument(tx, documentId);
    if (current === undefined) throw new DocumentNotFoundError(documentId);
    if (!from.includes(current.state)) return { changed: false, state: current.state as DocumentState, version: current.version };
    const decided = await decide(tx, current);
    const to = decided.to ?? input.to;
    // the row is locked: the update and the event in one statement (it checks the state again)
    const done = await repo.casTransition(tx, documentId, [current.state], to, { ...(input.set ?? {}), ...(decided.set ?? {}) }, at,
      { actor: input.actor, type: input.type ?? 'transition', details: { ...(input.details ?? {}), ...(decided.details ?? {}) } });
    if (done === undefined) return { changed: false, state: current.state as DocumentState, version: current.version };
    const version = done.version;
    if (input.also !== undefined) await input.also(tx, current);
    return { changed: true, state: to, version };
  });
}

/**
 * A transition that needs nothing read first: the compare-and-set and the event are one statement
 * (with `also`, in one transaction with its writes); only when nothing changed is the current state
 * read, to answer it.
 */
async function casOnly(store: Pick<Store, 'db'>, documentId: string, from: readonly string[], at: string, input: TransitionInput): Promise<TransitionResult> {
  const event = { actor: input.actor, type: input.type ?? 'transition', details: input.details ?? {} };
  const run = async (tx: Database): Promise<TransitionResult | null> => {
    const done = await repo.casTransition(tx, documentId, from, input.to, input.set ?? {}, at, event);
    if (done === undefined) return null;
    if (input.also !== undefined) await input.also(tx, { id: documentId, state: done.fromState, version: done.version - 1 });
    return { changed: true, state: input.to, version: done.version };
  };
  const changed = input.also === undefined ? await run(store.db) : await store.db.transaction(run);
  if (changed !== null) return changed;
  const now = await repo.findDocument(store.db, documentId);
  if (now === undefined) throw new DocumentNotFoundError(documentId);
  return { changed: false, state: now.state as DocumentState, version: now.version };
}

/** Appends an event that does not change the state (a note, a delivery attempt…), inside the caller's transaction. */
export async function appendEventTx(tx: Database, documentId: string, actor: string, type: string, details: Record<string, unknown>, at: Date): Promise<void> {
  const iso = at.toISOString();
  const v = await repo.bumpVersion(tx, documentId, iso);
  if (v === undefined) throw new DocumentNotFoundError(documentId);
  await repo.insertEvent(tx, { documentId, seq: v.version, at: iso, actor, type, fromState: v.state, toState: v.state, details });
}

/** The same, in a transaction of its own. */
export async function appendEvent(store: Pick<Store, 'db'>, documentId: string, actor: string, type: string, details: Record<string, unknown> = {}, at = new Date()): Promise<void> {
  await store.db.transaction((tx) => appendEventTx(tx, documentId, actor, type, details, at));
}

export const eventsOf = (store: Pick<Store, 'db'>, documentId: string): ReturnType<typeof repo.eventsOf> => repo.eventsOf(store.db, documentId);
export const fileOf = (store: Pick<Store, 'db'>, documentId: string, role: string): Promise<string | undefined> => repo.fileOf(store.db, documentId, role);
export const filesOf = (store: Pick<Store, 'db'>, documentId: string): ReturnType<typeof repo.filesOf> => repo.filesOf(store.db, documentId);
export const attachFile = repo.attachFile;

export const attachFiles = repo.attachFiles;

/**
 * Derived bytes (a report, a PDF…) a transition attaches: on the file system written now, durably, before
 * the transaction; in the database written by `writeIn` inside the transition's transaction, so the
 * blobs, the links and the state commit together (one commit instead of one per blob).
 */
export async function derivedBlobs(store: Pick<Store, 'blobs'>, items: readonly Buffer[]): Promise<{ sha256: string[]; writeIn: (tx: Database) => Promise<void> }> {
  const rows = items.map((bytes) => ({ sha256: sha256Of(bytes), bytes }));
  if (store.blobs.kind === 'fs') {
    await store.blobs.putMany(null, rows);
    return { sha256: rows.map((r) => r.sha256), writeIn: async () => undefined };
  }
  return { sha256: rows.map((r) => r.sha256), writeIn: (tx) => store.blobs.putMany(tx, rows) };
}

/** Stores derived bytes (PDF, report, response…) and returns what `attachFile` needs. */
export async function putDerived(store: Pick<Store, 'blobs'>, bytes: Buffer): Promise<{ sha256: string; size: number }> {
  return { sha256: await store.blobs.put(bytes), size: bytes.length };
}

/**
 * The JSON a document's file of `role` holds, or undefined (absent, missing bytes, not JSON). `sha256`:
 * the file's reference when the caller already read it with the row (`getDocumentWithFile`; null: none).
 */
export async function readJsonFile<T>(store: Store, documentId: string, role: string, sha256?: string | null): Promise<T | undefined> {
  const sha = sha256 === undefined ? await repo.fileOf(store.db, documentId, role) : sha256;
  if (sha === undefined || sha === null) return undefined;
  try {
    return JSON.parse((await store.blobs.get(sha)).toString('utf8')) as T;
  } catch {
    return undefined; // bytes missing or not JSON
  }
}
