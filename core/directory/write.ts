/**
 * Changing the directory: bodies written (created or replaced) all or nothing, effective-dated and
 * audited (one change event per changed body), the API's create and replace, the seed of an empty
 * directory. Every write holds the directory's write lock for its
 * transaction, so the checks across the directory (one identifier, one body; parents and
 * successors exist; no cycle) hold between processes too.
 */
import type { Database } from '../../db/client';
import * as repo from '../../db/repositories/directory';
import type { Store } from '../../db/store';
import { CoreError } from '../errors';
import { directoryWritten } from './directory-index';
import { currentBodiesFromRows, planChanges, writesOf, type PlannedChange } from './plan';
import { isIsoDate, isoDate, type BodyError, type BodyInput } from './types';
import { parseBodyJson } from './validate';
import { currentBody } from './view';

export interface SaveOptions {
  /** `admin`, `token:<id>`, `staff:<login>`, `seed`. */
  actor: string;
  source: 'api' | 'import' | 'seed';
  /**
   * Date from which the change applies (YYYY-MM-DD, default: today). Rows removed are closed on
   * this date and rows added start on it; a new body's rows start on its own validFrom.
   */
  effectiveFrom?: string;
  now?: Date;
  /** Refuse (nothing written, `exists` lists them) when a body already exists. */
  createOnly?: boolean;
}

export type SaveResult = { ok: true; changes: PlannedChange[] } | { ok: false; errors: Map<string, BodyError[]>; changes: PlannedChange[]; exists: string[] };

/**
 * A transaction that writes the directory: once it has ended, this process's directory caches read
 * the version again (core/directory/directory-index.ts), so the change is seen by its next lookup.
 */
export async function directoryTransaction<T>(store: Pick<Store, 'db'>, fn: (tx: Database) => Promise<T>): Promise<T> {
  try {
    return await store.db.transaction(fn);
  } finally {
    directoryWritten();
  }
}

/** The current directory inside a write transaction, after taking the write lock. */
export async function lockedCurrent(tx: Database): Promise<Map<string, BodyInput>> {
  await repo.lockDirectory(tx);
  return currentBodiesFromRows(await repo.loadOpenRowsIn(tx));
}

/** Writes already checked changes inside the caller's transaction (which holds the write lock). */
export async function applyChanges(tx: Database, changes: readonly PlannedChange[], opts: Omit<SaveOptions, 'createOnly'>): Promise<void> {
  const now = opts.now ?? new Date();
  await repo.writeBodies(tx, writesOf(changes, opts.effectiveFrom ?? isoDate(now)), { actor: opts.actor, source: opts.source, at: now.toISOString() });
}

async function saveIn(tx: Database, inputs: BodyInput[], opts: SaveOptions): Promise<SaveResult> {
  const current = await lockedCurrent(tx);
  const exists = opts.createOnly ? inputs.filter((b) => current.has(b.id)).map((b) => b.id) : [];
  const plan = planChanges(current, inputs);
  if (exists.length > 0 || plan.errors.size > 0) return { ok: false, errors: plan.errors, changes: plan.changes, exists };
  await applyChanges(tx, plan.changes, opts);
  return { ok: true, changes: plan.changes };
}

/**
 * Validates and writes bodies (create or replace), all or nothing, in one transaction, with one
 * audited event per changed body. Unchanged bodies write nothing.
 */
export async function saveBodies(store: Pick<Store, 'db'>, inputs: BodyInput[], opts: SaveOptions): Promise<SaveResult> {
  return directoryTransaction(store, (tx) => saveIn(tx, inputs, opts));
}

function invalid(errors: BodyError[] | Map<string, BodyError[]>): CoreError {
  const list = errors instanceof Map ? [...errors].flatMap(([id, es]) => es.map((e) => ({ id, ...e }))) : errors;
  return new CoreError('unprocessable', 'invalid-body', 'Invalid body', list.map((e) => `${e.field}: ${e.message}`).join('; '), { errors: list });
}

export interface WriteContext {
  actor: string;
  /** Date from which the change applies, as given (YYYY-MM-DD; absent or empty: today). */
  effectiveFrom: unknown;
  now: Date;
}

/** The effective date of a write as given (absent or empty: `today`); refused when not a date. */
export function effectiveDate(given: unknown, today: string): string {
  if (given === undefined || given === null || given === '') return today;
  if (!isIsoDate(given)) throw new CoreError('invalid', 'bad-parameter', 'Bad parameter', `effectiveFrom must be a date YYYY-MM-DD, got "${String(given).slice(0, 40)}"`);
  return given;
}

/** Creates a body from untrusted JSON (validFrom default today); refused when the id exists. Returns the body as written. */
export async function createBody(store: Pick<Store, 'db'>, raw: unknown, ctx: WriteContext): Promise<BodyInput> {
  const today = isoDate(ctx.now);
  const { body, errors } = parseBodyJson(raw, today);
  if (!body || errors.length > 0) throw invalid(errors);
  const effectiveFrom = effectiveDate(ctx.effectiveFrom, today);
  const r = await saveBodies(store, [body], { actor: ctx.actor, source: 'api', effectiveFrom, now: ctx.now, createOnly: true });
  if (!r.ok && r.exists.length > 0) throw new CoreError('conflict', 'body-exists', 'Body exists', `body ${body.id} already exists; use PUT /api/v1/bodies/${body.id} to change it`);
  if (!r.ok) throw invalid(r.errors);
  return r.changes[0]!.after;
}

/**
 * Creates or replaces body `id` from its full representation (untrusted JSON). validFrom left out:
 * an existing body keeps its own, a new one starts today.
 */
export async function replaceBody(store: Pick<Store, 'db'>, id: string, raw: unknown, ctx: WriteContext): Promise<PlannedChange> {
  const today = isoDate(ctx.now);
  const existing = await currentBody(store, id);
  const { body, errors } = parseBodyJson(raw, existing?.validFrom ?? today, id);
  if (!body || errors.length > 0) throw invalid(errors);
  const effectiveFrom = effectiveDate(ctx.effectiveFrom, today);
  const r = await saveBodies(store, [body], { actor: ctx.actor, source: 'api', effectiveFrom, now: ctx.now });
  if (!r.ok) throw invalid(r.errors);
  return r.changes[0]!;
}

export interface SeedStep {
  /** Date from which the step's changes apply. */
  effectiveFrom: string;
  description: string;
  bodies: BodyInput[];
}

/**
 * Writes the steps (each like an Authority change of its date) into an EMPTY directory, in one
 * transaction under the write lock: of several processes starting at once on one database, one
 * seeds and the others find bodies and do nothing. Returns the number of bodies created.
 */
export async function seedIfEmpty(store: Pick<Store, 'db'>, steps: readonly SeedStep[], opts: { actor: string; now?: Date }): Promise<{ seeded: boolean; bodies: number }> {
  return directoryTransaction(store, async (tx) => {
    await repo.lockDirectory(tx);
    if (!(await repo.directoryIsEmpty(tx))) return { seeded: false, bodies: 0 };
    let n = 0;
    for (const step of steps) {
      const r = await saveIn(tx, step.bodies, { actor: opts.actor, source: 'seed', effectiveFrom: step.effectiveFrom, ...(opts.now ? { now: opts.now } : {}) });
      if (!r.ok) {
        const first = [...r.errors].slice(0, 5).map(([id, e]) => `${id}: ${e.map((x) => `${x.field} ${x.message}`).join('; ')}`);
        throw new Error(`directory seed step "${step.description}" is invalid: ${first.join(' | ')}`);
      }
      n += r.changes.filter((c) => c.action === 'create').length;
    }
    return { seeded: true, bodies: n };
  });
}
