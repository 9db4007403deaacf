/**
 * The directory's SQL: read every row (history included) or only the open ones, the directory
 * version, write a batch of body changes (effective-dated: rows no longer wanted are closed, new
 * ones opened, one change event per body), a body's history, the changes feed, emptiness.
 *
 * What a change is (which rows a body should have, from which date) is decided by core/directory;
 * this module stores it. Every function takes the database or a transaction handle.
 */
import { and, asc, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../client';
import {
  bodies, bodyContacts, bodyIdentifiers, bodyNames, bodyRequiredRefs, bodyRoutingRules, bodySuccessors, directoryEvents,
  type BodyContactRow, type BodyIdentifierRow, type BodyNameRow, type BodyRequiredRefRow, type BodyRoutingRuleRow, type BodyRow,
  type BodySuccessorRow, type DirectoryEventRow,
} from '../schema/directory';

export type {
  BodyContactRow, BodyIdentifierRow, BodyNameRow, BodyRequiredRefRow, BodyRoutingRuleRow, BodyRow, BodySuccessorRow, DirectoryEventRow,
} from '../schema/directory';

/** Every row of the directory (or, from `loadOpenRows`, the open-ended ones only). */
export interface DirectoryRows {
  /** Id of the last change event when the rows were read (0: empty directory). */
  version: number;
  bodies: BodyRow[];
  names: BodyNameRow[];
  identifiers: BodyIdentifierRow[];
  successors: BodySuccessorRow[];
  /** Ordered by priority. */
  routingRules: BodyRoutingRuleRow[];
  requiredRefs: BodyRequiredRefRow[];
  contacts: BodyContactRow[];
}

/**
 * Serialises directory writes between processes until the transaction ends: the checks across the
 * directory (one identifier, one body; parents and successors exist) read the current rows first,
 * and two writers must not both pass them on the same snapshot.
 */
export async function lockDirectory(tx: Database): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('directory:write', 0))`);
}

/** Changes whenever the directory changes: id of the last change event (0 when there is none). */
export async function directoryVersion(db: Database): Promise<number> {
  const rows = await db.select({ id: directoryEvents.id }).from(directoryEvents).orderBy(desc(directoryEvents.id)).limit(1);
  return rows[0]?.id ?? 0;
}

async function readRows(db: Database, openOnly: boolean): Promise<DirectoryRows> {
  const open = <T extends typeof bodyNames | typeof bodyIdentifiers | typeof bodySuccessors | typeof bodyRequiredRefs | typeof bodyContacts | typeof bodyRoutingRules>(t: T) => (openOnly ? isNull(t.validTo) : undefined);
  return {
    version: await directoryVersion(db),
    bodies: await db.select().from(bodies).orderBy(asc(bodies.id)),
    names: await db.select().from(bodyNames).where(open(bodyNames)).orderBy(asc(bodyNames.id)),
    identifiers: await db.select().from(bodyIdentifiers).where(open(bodyIdentifiers)).orderBy(asc(bodyIdentifiers.id)),
    successors: await db.select().from(bodySuccessors).where(open(bodySuccessors)).orderBy(asc(bodySuccessors.id)),
    routingRules: await db.select().from(bodyRoutingRules).where(open(bodyRoutingRules)).orderBy(asc(bodyRoutingRules.priority), asc(bodyRoutingRules.id)),
    requiredRefs: await db.select().from(bodyRequiredRefs).where(open(bodyRequiredRefs)).orderBy(asc(bodyRequiredRefs.id)),
    contacts: await db.select().from(bodyContacts).where(open(bodyContacts)).orderBy(asc(bodyContacts.id)),
  };
}

/**
 * Every row, closed (historical) ones included, and the version they correspond to, read in one
 * repeatable-read snapshot (consistent even while another process writes).
 */
export async function loadDirectoryRows(db: Database): Promise<DirectoryRows> {
  return db.transaction((tx) => readRows(tx, false), { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

/** The open-ended rows only (the current directory), in one repeatable-read snapshot. */
export async function loadCurrentRows(db: Database): Promise<DirectoryRows> {
  return db.transaction((tx) => readRows(tx, true), { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

/** The open-ended rows, read in the caller's write transaction (after `lockDirectory`: nothing else writes them). */
export async function loadOpenRowsIn(tx: Database): Promise<DirectoryRows> {
  return readRows(tx, true);
}

/** True when the directory holds no body yet. */
export async function directoryIsEmpty(db: Database): Promise<boolean> {
  return (await db.select({ id: bodies.id }).from(bodies).limit(1)).length === 0;
}

export async function bodyExists(db: Database, id: string): Promise<boolean> {
  return (await db.select({ id: bodies.id }).from(bodies).where(eq(bodies.id, id)).limit(1)).length === 1;
}

/** The rows one body should have open after a change, per child table (data columns only). */
export interface WantedRows {
  names: { lang: string; name: string }[];
  identifiers: { scheme: string; value: string; valueNorm: string; purpose: string }[];
  successors: { successorId: string; isPrimary: boolean }[];
  routingRules: { field: string; pattern: string; department: string; priority: number }[];
  requiredRefs: { ref: string }[];
  contacts: { role: string; name: string | null; email: string | null; phone: string | null }[];
}

/** One body's change, as core/directory decided it. */
export interface BodyWrite {
  /** The `bodies` row (current values). */
  body: Pick<BodyRow, 'id' | 'type' | 'parentId' | 'status' | 'validFrom' | 'validTo' | 'language'>;
  /** true: a new body (no rows yet). */
  isNew: boolean;
  /** Date rows removed are closed on (never before their own start) and rows added start on. */
  from: string;
  /** The same for successor links. */
  successorsFrom: string;
  wanted: WantedRows;
  event: { action: string; before: unknown; after: unknown };
}

export interface WriteContext {
  /** `admin`, `token:<id>`, `staff:<login>`, `seed`. */
  actor: string;
  /** `api`, `import`, `seed`. */
  source: string;
  /** Instant of the change (ISO 8601). */
  at: string;
}

type ChildTable = typeof bodyNames | typeof bodyIdentifiers | typeof bodySuccessors | typeof bodyRoutingRules | typeof bodyRequiredRefs | typeof bodyContacts;
type Child = keyof WantedRows;

/** Each child table, its wanted rows' key (the data columns that make a row the same row). */
const CHILDREN: { [K in Child]: { table: ChildTable; key: (r: WantedRows[K][number]) => string } } = {
  names: { table: bodyNames, key: (r) => `${r.lang}|${r.name}` },
  identifiers: { table: bodyIdentifiers, key: (r) => `${r.scheme}|${r.value}|${r.purpose}` },
  successors: { table: bodySuccessors, key: (r) => `${r.successorId}|${r.isPrimary ? 1 : 0}` },
  routingRules: { table: bodyRoutingRules, key: (r) => `${r.field}|${r.pattern}|${r.department}|${r.priority}` },
  requiredRefs: { table: bodyRequiredRefs, key: (r) => r.ref },
  contacts: { table: bodyContacts, key: (r) => `${r.role}|${r.name ?? ''}|${r.email ?? ''}|${r.phone ?? ''}` },
};
const CHILD_KEYS = Object.keys(CHILDREN) as Child[];

/** An open child row as read back: the data columns plus id, validFrom. */
type OpenRow = { id: number; bodyId: string; validFrom: string } & Record<string, unknown>;

async function insertRows(tx: Database, table: ChildTable | typeof bodies | typeof directoryEvents, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    // rows were built for this very table; drizzle's insert typing cannot follow a union of tables
    await tx.insert(table as typeof bodyNames).values(rows.slice(i, i + 500) as (typeof bodyNames.$inferInsert)[]);
  }
}

/** Sets the current values of existing bodies, many per statement (`update … from (values …)`). */
async function updateBodies(tx: Database, rows: readonly BodyWrite['body'][], at: string): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const values = sql.join(rows.slice(i, i + 500).map((b) => sql`(${b.id}, ${b.type}, ${b.parentId}, ${b.status}, ${b.validFrom}::date, ${b.validTo}::date, ${b.language})`), sql`, `);
    await tx.execute(sql`update ${bodies} as b set type = v.type, parent_id = v.parent_id, status = v.status, valid_from = v.valid_from, valid_to = v.valid_to,
      language = v.language, updated_at = ${at} from (values ${values}) as v(id, type, parent_id, status, valid_from, valid_to, language) where b.id = v.id`);
  }
}

/**
 * Writes a batch of body changes inside the caller's transaction: new `bodies` rows, updated ones,
 * open child rows brought in line with `wanted` (closed on `from`, never before their own start;
 * new ones opened on `from`), one `directory_events` row per body. Rows land in dependency order
 * (bodies first: child rows, successor links to a body of the same batch included, reference them).
 */
export async function writeBodies(tx: Database, writes: readonly BodyWrite[], ctx: WriteContext): Promise<void> {
  if (writes.length === 0) return;
  const existing = writes.filter((w) => !w.isNew).map((w) => w.body.id);
  const openRows = new Map<Child, Map<string, OpenRow[]>>();
  for (const child of CHILD_KEYS) {
    const t = CHILDREN[child].table as typeof bodyNames; // the child tables share bodyId / validFrom / validTo / id
    const byBody = new Map<string, OpenRow[]>();
    for (let i = 0; i < existing.length; i += 1000) {
      const rows = (await tx.select().from(t).where(and(inArray(t.bodyId, existing.slice(i, i + 1000)), isNull(t.validTo))).orderBy(asc(t.id))) as unknown as OpenRow[];
      for (const r of rows) {
        const l = byBody.get(r.bodyId);
        if (l) l.push(r);
        else byBody.set(r.bodyId, [r]);
      }
    }
    openRows.set(child, byBody);
  }
  const newBodies: Record<string, unknown>[] = [];
  const inserts = new Map<Child, Record<string, unknown>[]>(CHILD_KEYS.map((c) => [c, []]));
  /** Per child table, per closing date: the ids of the rows to close. */
  const closings = new Map<Child, Map<string, number[]>>(CHILD_KEYS.map((c) => [c, new Map()]));
  const events: Record<string, unknown>[] = [];
  const updated: BodyWrite['body'][] = [];
  for (const w of writes) {
    if (w.isNew) newBodies.push({ ...w.body, createdAt: ctx.at, updatedAt: ctx.at });
    else updated.push(w.body);
    for (const child of CHILD_KEYS) {
      const from = child === 'successors' ? w.successorsFrom : w.from;
      const keyOf = CHILDREN[child].key as (r: Record<string, unknown>) => string;
      const wanted = w.wanted[child] as Record<string, unknown>[];
      const wantedKeys = new Set(wanted.map(keyOf));
      const have = new Set<string>();
      for (const r of openRows.get(child)!.get(w.body.id) ?? []) {
        const k = keyOf(r);
        if (wantedKeys.has(k) && !have.has(k)) {
          have.add(k);
          continue;
        }
        const closeOn = from > r.validFrom ? from : r.validFrom;
        const byDate = closings.get(child)!;
        const l = byDate.get(closeOn);
        if (l) l.push(r.id);
        else byDate.set(closeOn, [r.id]);
      }
      for (const row of wanted) {
        const k = keyOf(row);
        if (have.has(k)) continue;
        have.add(k);
        inserts.get(child)!.push({ ...row, bodyId: w.body.id, validFrom: from, validTo: null });
      }
    }
    events.push({ at: ctx.at, actor: ctx.actor, action: w.event.action, bodyId: w.body.id, effectiveFrom: w.from, source: ctx.source, before: w.event.before, after: w.event.after });
  }
  for (const child of CHILD_KEYS) {
    const t = CHILDREN[child].table as typeof bodyNames;
    for (const [closeOn, ids] of closings.get(child)!) {
      for (let i = 0; i < ids.length; i += 1000) await tx.update(t).set({ validTo: closeOn }).where(inArray(t.id, ids.slice(i, i + 1000)));
    }
  }
  await updateBodies(tx, updated, ctx.at);
  await insertRows(tx, bodies, newBodies);
  for (const child of CHILD_KEYS) await insertRows(tx, CHILDREN[child].table, inserts.get(child)!);
  await insertRows(tx, directoryEvents, events);
}

/** A body's change events, newest first. */
export async function bodyEvents(db: Database, bodyId: string, limit: number): Promise<DirectoryEventRow[]> {
  return db.select().from(directoryEvents).where(eq(directoryEvents.bodyId, bodyId)).orderBy(desc(directoryEvents.id)).limit(limit);
}

/** Every change event after `since`, oldest first. */
export async function eventsAfter(db: Database, since: number, limit: number): Promise<DirectoryEventRow[]> {
  return db.select().from(directoryEvents).where(gt(directoryEvents.id, since)).orderBy(asc(directoryEvents.id)).limit(limit);
}
