/**
 * Directory query functions: read the current directory, plan and apply changes (effective-dated,
 * audited), read a body's history, and load every row (history included) for the route index.
 */
import { and, asc, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Database, Tx } from '../client';
import {
  bodies, bodyContacts, bodyIdentifiers, bodyNames, bodyRequiredRefs, bodyRoutingRules, bodySuccessors, directoryEvents,
  type BodyContactRow, type BodyIdentifierRow, type BodyNameRow, type BodyRequiredRefRow, type BodyRoutingRuleRow, type BodyRow,
  type BodySuccessorRow, type DirectoryEventRow,
} from '../schema/directory';
import { checkBody, checkDirectory } from './validate';
import { isoDate, type BodyError, type BodyInput, type ContactInput, type ReferenceField } from './types';

type Db = Database | Tx;

/** Every row of the directory, closed (historical) ones included. */
export interface DirectoryRows {
  version: number;
  bodies: BodyRow[];
  names: BodyNameRow[];
  identifiers: BodyIdentifierRow[];
  successors: BodySuccessorRow[];
  routingRules: BodyRoutingRuleRow[];
  requiredRefs: BodyRequiredRefRow[];
  contacts: BodyContactRow[];
}

/** Changes whenever the directory changes (id of the last change event; 0 when empty). */
export function directoryVersion(db: Db): number {
  const r = db.select({ v: sql<number | null>`max(${directoryEvents.id})` }).from(directoryEvents).get();
  return r?.v ?? 0;
}

export function loadDirectoryRows(db: Db): DirectoryRows {
  return {
    version: directoryVersion(db),
    bodies: db.select().from(bodies).all(),
    names: db.select().from(bodyNames).all(),
    identifiers: db.select().from(bodyIdentifiers).all(),
    successors: db.select().from(bodySuccessors).all(),
    routingRules: db.select().from(bodyRoutingRules).orderBy(asc(bodyRoutingRules.priority)).all(),
    requiredRefs: db.select().from(bodyRequiredRefs).all(),
    contacts: db.select().from(bodyContacts).all(),
  };
}

function groupBy<T extends { bodyId: string }>(rows: T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const l = m.get(r.bodyId);
    if (l) l.push(r);
    else m.set(r.bodyId, [r]);
  }
  return m;
}

/** Builds the current (open-ended rows) view of bodies from rows. */
export function currentBodiesFromRows(rows: Omit<DirectoryRows, 'version'>): Map<string, BodyInput> {
  const open = <T extends { validTo: string | null; bodyId: string }>(l: T[]): Map<string, T[]> => groupBy(l.filter((r) => r.validTo === null));
  const names = open(rows.names);
  const ids = open(rows.identifiers);
  const succ = open(rows.successors);
  const rules = open(rows.routingRules);
  const refs = open(rows.requiredRefs);
  const contacts = open(rows.contacts);
  const out = new Map<string, BodyInput>();
  for (const b of rows.bodies) {
    const n = new Map((names.get(b.id) ?? []).map((r) => [r.lang, r.name]));
    const body: BodyInput = {
      id: b.id,
      type: b.type as BodyInput['type'],
      parentId: b.parentId,
      status: b.status as BodyInput['status'],
      names: { fr: n.get('fr') ?? '', de: n.get('de') ?? '' },
      validFrom: b.validFrom,
      validTo: b.validTo,
      language: b.language as BodyInput['language'],
      identifiers: (ids.get(b.id) ?? []).map((r) => ({ scheme: r.scheme, value: r.value, purpose: r.purpose as BodyInput['identifiers'][number]['purpose'] })),
      successors: (succ.get(b.id) ?? []).map((r) => ({ id: r.successorId, primary: r.isPrimary === 1 })),
      requiredReferences: (refs.get(b.id) ?? []).map((r) => r.ref as ReferenceField).sort(),
      routingRules: (rules.get(b.id) ?? []).sort((x, y) => x.priority - y.priority).map((r) => ({ field: r.field as ReferenceField, pattern: r.pattern, department: r.department })),
      contacts: (contacts.get(b.id) ?? []).map((r) => {
        const c: ContactInput = { role: r.role };
        if (r.name !== null) c.name = r.name;
        if (r.email !== null) c.email = r.email;
        if (r.phone !== null) c.phone = r.phone;
        return c;
      }),
    };
    if (n.has('en')) body.names.en = n.get('en');
    if (n.has('lb')) body.names.lb = n.get('lb');
    if (n.has('short')) body.shortName = n.get('short');
    out.set(b.id, body);
  }
  return out;
}

/** The current directory: every body with its open-ended names, identifiers, rules… */
export function loadCurrentBodies(db: Db): Map<string, BodyInput> {
  return currentBodiesFromRows(loadDirectoryRows(db));
}

/** A stable form of a body for comparison (lists whose order carries no meaning are sorted). */
export function normaliseBody(b: BodyInput): BodyInput {
  const cmp = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  const names: BodyInput['names'] = { fr: b.names.fr, de: b.names.de };
  if (b.names.en) names.en = b.names.en;
  if (b.names.lb) names.lb = b.names.lb;
  const out: BodyInput = {
    id: b.id,
    type: b.type,
    parentId: b.parentId,
    status: b.status,
    names,
    validFrom: b.validFrom,
    validTo: b.validTo,
    language: b.language,
    identifiers: [...b.identifiers].map((x) => ({ scheme: x.scheme, value: x.value, purpose: x.purpose })).sort((x, y) => cmp(`${x.scheme}:${x.value}`, `${y.scheme}:${y.value}`)),
    successors: [...b.successors].map((s) => ({ id: s.id, primary: s.primary })).sort((x, y) => cmp(x.id, y.id)),
    requiredReferences: [...b.requiredReferences].sort(),
    routingRules: b.routingRules.map((r) => ({ field: r.field, pattern: r.pattern, department: r.department })),
    contacts: b.contacts.map((c) => {
      const o: ContactInput = { role: c.role };
      if (c.name) o.name = c.name;
      if (c.email) o.email = c.email;
      if (c.phone) o.phone = c.phone;
      return o;
    }).sort((x, y) => cmp(x.role, y.role)),
  };
  if (b.shortName) out.shortName = b.shortName;
  return out;
}

export type ChangeAction = 'create' | 'update' | 'retire' | 'unchanged';

export interface PlannedChange {
  id: string;
  action: ChangeAction;
  before: BodyInput | null;
  after: BodyInput;
  /** Top-level fields that differ (empty for create/unchanged). */
  fields: string[];
}

export interface Plan {
  changes: PlannedChange[];
  /** Errors per body id (own checks and checks across the directory). */
  errors: Map<string, BodyError[]>;
}

/** Works out what writing `inputs` over `current` would change, and what is wrong with it. Pure. */
export function planChanges(current: ReadonlyMap<string, BodyInput>, inputs: BodyInput[]): Plan {
  const errors = new Map<string, BodyError[]>();
  const all = new Map(current);
  const changes: PlannedChange[] = [];
  for (const raw of inputs) {
    const own = checkBody(raw);
    if (own.length > 0) errors.set(raw.id, [...(errors.get(raw.id) ?? []), ...own]);
    const after = normaliseBody(raw);
    const before = current.get(raw.id) ?? null;
    all.set(raw.id, after);
    if (before === null) {
      changes.push({ id: raw.id, action: 'create', before: null, after, fields: [] });
      continue;
    }
    const b = normaliseBody(before);
    const fields = (Object.keys({ ...b, ...after }) as (keyof BodyInput)[]).filter((k) => JSON.stringify(b[k]) !== JSON.stringify(after[k]));
    const action: ChangeAction = fields.length === 0 ? 'unchanged' : b.status === 'active' && after.status === 'retired' ? 'retire' : 'update';
    changes.push({ id: raw.id, action, before: b, after, fields });
  }
  const cross = checkDirectory(all, inputs.map((b) => b.id));
  for (const [id, errs] of cross) errors.set(id, [...(errors.get(id) ?? []), ...errs]);
  return { changes, errors };
}

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
 * Validates and writes bodies (create or replace), all or nothing, in one transaction, with one
 * audited event per changed body. Unchanged bodies write nothing.
 */
export function saveBodies(db: Database, inputs: BodyInput[], opts: SaveOptions): SaveResult {
  return db.transaction((tx) => {
    const current = loadCurrentBodies(tx);
    const exists = opts.createOnly ? inputs.filter((b) => current.has(b.id)).map((b) => b.id) : [];
    const plan = planChanges(current, inputs);
    if (exists.length > 0 || plan.errors.size > 0) return { ok: false, errors: plan.errors, changes: plan.changes, exists };
    applyPlan(tx, plan.changes, opts);
    return { ok: true, changes: plan.changes };
  }, { behavior: 'immediate' });
}

/** Rows waiting to be inserted, per table, written in multi-row statements at the end of a plan. */
class Pending {
  /** Bodies first: child rows (successor links to a new body too) reference them. */
  readonly rows = new Map<ChildTable | typeof bodies | typeof directoryEvents, Record<string, unknown>[]>(
    [bodies, bodyNames, bodyIdentifiers, bodySuccessors, bodyRoutingRules, bodyRequiredRefs, bodyContacts, directoryEvents].map((t) => [t, []]),
  );
  add(table: ChildTable | typeof bodies | typeof directoryEvents, row: Record<string, unknown>): void {
    const l = this.rows.get(table);
    if (l) l.push(row);
    else this.rows.set(table, [row]);
  }
  flush(tx: Tx): void {
    for (const [table, rows] of this.rows) {
      if (rows.length === 0) continue;
      for (let i = 0; i < rows.length; i += 200) {
        // rows were built for this very table; drizzle's insert typing cannot follow a union of tables
        tx.insert(table as typeof bodyNames).values(rows.slice(i, i + 200) as (typeof bodyNames.$inferInsert)[]).run();
      }
    }
    for (const l of this.rows.values()) l.length = 0;
  }
}

/** Writes an already checked plan (inside the caller's transaction). */
export function applyPlan(tx: Tx, changes: PlannedChange[], opts: SaveOptions): void {
  const now = (opts.now ?? new Date()).toISOString();
  const eff = opts.effectiveFrom ?? isoDate(opts.now ?? new Date());
  const pending = new Pending();
  for (const c of changes) {
    if (c.action === 'unchanged') continue;
    const a = c.after;
    const from = c.before === null ? a.validFrom : eff;
    if (c.before === null) {
      pending.add(bodies, { id: a.id, type: a.type, parentId: a.parentId, status: a.status, validFrom: a.validFrom, validTo: a.validTo, language: a.language, createdAt: now, updatedAt: now });
    } else {
      tx.update(bodies).set({ type: a.type, parentId: a.parentId, status: a.status, validFrom: a.validFrom, validTo: a.validTo, language: a.language, updatedAt: now }).where(eq(bodies.id, a.id)).run();
    }
    writeChildren(tx, pending, a, from, c.before === null);
    pending.add(directoryEvents, {
      at: now, actor: opts.actor, action: c.action, bodyId: a.id, effectiveFrom: from, source: opts.source,
      before: c.before === null ? null : JSON.stringify(c.before), after: JSON.stringify(a),
    });
  }
  pending.flush(tx);
}

/**
 * Brings a body's open child rows in line with `b`: rows no longer wanted are closed on `from`
 * (never before their own start), new ones open on `from`. Successor links start on the body's
 * retirement date.
 */
function writeChildren(tx: Tx, pending: Pending, b: BodyInput, from: string, isNew: boolean): void {
  const names: [string, string][] = [['fr', b.names.fr], ['de', b.names.de]];
  if (b.names.en) names.push(['en', b.names.en]);
  if (b.names.lb) names.push(['lb', b.names.lb]);
  if (b.shortName) names.push(['short', b.shortName]);
  const ctx = { tx, pending, bodyId: b.id, isNew };
  sync(ctx, bodyNames, from, names.map(([lang, name]) => ({ key: `${lang}|${name}`, row: { lang, name } })), (r) => `${r.lang}|${r.name}`);
  sync(ctx, bodyIdentifiers, from,
    b.identifiers.map((x) => ({ key: `${x.scheme}|${x.value}|${x.purpose}`, row: { scheme: x.scheme, value: x.value, valueNorm: x.value.toLowerCase(), purpose: x.purpose } })),
    (r) => `${r.scheme}|${r.value}|${r.purpose}`);
  const succFrom = b.validTo ?? from;
  sync(ctx, bodySuccessors, succFrom,
    b.successors.map((s) => ({ key: `${s.id}|${s.primary ? 1 : 0}`, row: { successorId: s.id, isPrimary: s.primary ? 1 : 0 } })),
    (r) => `${r.successorId}|${r.isPrimary}`);
  sync(ctx, bodyRoutingRules, from,
    b.routingRules.map((r, i) => ({ key: `${r.field}|${r.pattern}|${r.department}|${i}`, row: { field: r.field, pattern: r.pattern, department: r.department, priority: i } })),
    (r) => `${r.field}|${r.pattern}|${r.department}|${r.priority}`);
  sync(ctx, bodyRequiredRefs, from, b.requiredReferences.map((ref) => ({ key: ref, row: { ref } })), (r) => r.ref);
  sync(ctx, bodyContacts, from,
    b.contacts.map((c) => ({ key: `${c.role}|${c.name ?? ''}|${c.email ?? ''}|${c.phone ?? ''}`, row: { role: c.role, name: c.name ?? null, email: c.email ?? null, phone: c.phone ?? null } })),
    (r) => `${r.role}|${r.name ?? ''}|${r.email ?? ''}|${r.phone ?? ''}`);
}

type ChildTable = typeof bodyNames | typeof bodyIdentifiers | typeof bodySuccessors | typeof bodyRoutingRules | typeof bodyRequiredRefs | typeof bodyContacts;

function sync<T extends ChildTable>(
  ctx: { tx: Tx; pending: Pending; bodyId: string; isNew: boolean }, table: T, from: string,
  wanted: { key: string; row: Record<string, unknown> }[],
  keyOf: (r: T['$inferSelect']) => string,
): void {
  const { tx, bodyId } = ctx;
  // The child tables share bodyId / validFrom / validTo / id; drizzle cannot express "any of these tables" generically.
  const t = table as typeof bodyNames;
  const open = ctx.isNew ? [] : (tx.select().from(t).where(and(eq(t.bodyId, bodyId), isNull(t.validTo))).all() as T['$inferSelect'][]);
  const wantedKeys = new Set(wanted.map((w) => w.key));
  const have = new Set<string>();
  for (const r of open) {
    const k = keyOf(r);
    if (wantedKeys.has(k) && !have.has(k)) {
      have.add(k);
      continue;
    }
    const closeOn = from > r.validFrom ? from : r.validFrom;
    tx.update(t).set({ validTo: closeOn }).where(eq(t.id, r.id)).run();
  }
  for (const w of wanted) {
    if (have.has(w.key)) continue;
    have.add(w.key);
    ctx.pending.add(table, { ...w.row, bodyId, validFrom: from, validTo: null });
  }
}

export interface DirectoryEvent {
  id: number;
  bodyId: string;
  at: string;
  actor: string;
  action: string;
  effectiveFrom: string;
  source: string;
  before: BodyInput | null;
  after: BodyInput;
}

function toEvent(r: DirectoryEventRow): DirectoryEvent {
  return {
    id: r.id, bodyId: r.bodyId, at: r.at, actor: r.actor, action: r.action, effectiveFrom: r.effectiveFrom, source: r.source,
    before: r.before === null ? null : (JSON.parse(r.before) as BodyInput), after: JSON.parse(r.after) as BodyInput,
  };
}

/** A body's change events, newest first. */
export function bodyHistory(db: Db, bodyId: string, limit = 100): DirectoryEvent[] {
  return db.select().from(directoryEvents).where(eq(directoryEvents.bodyId, bodyId)).orderBy(desc(directoryEvents.id)).limit(limit).all().map(toEvent);
}

/** Every directory change after event `since`, oldest first (an audit feed others can follow). */
export function listChanges(db: Db, since: number, limit = 100): DirectoryEvent[] {
  return db.select().from(directoryEvents).where(gt(directoryEvents.id, since)).orderBy(asc(directoryEvents.id)).limit(limit).all().map(toEvent);
}

/** True when the directory holds no body yet. */
export function directoryIsEmpty(db: Db): boolean {
  return db.select({ id: bodies.id }).from(bodies).limit(1).get() === undefined;
}
