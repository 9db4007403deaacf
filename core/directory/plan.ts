/**
 * Planning directory changes, pure: the current directory from its rows, a stable form of a body
 * for comparison, what writing some bodies over the directory would change (and what is wrong with
 * it), and the rows each change asks the store to have open (db/repositories/directory.ts writes them).
 */
import type { BodyWrite, DirectoryRows } from '../../db/repositories/directory';
import { checkBody, checkDirectory } from './validate';
import type { BodyError, BodyInput, ContactInput, IdentifierPurpose, ReferenceField } from './types';

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
      identifiers: (ids.get(b.id) ?? []).map((r) => ({ scheme: r.scheme, value: r.value, purpose: r.purpose as IdentifierPurpose })),
      successors: (succ.get(b.id) ?? []).map((r) => ({ id: r.successorId, primary: r.isPrimary })),
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

/**
 * What the store must write for the changes of a plan, with `effectiveFrom` the date of the change:
 * rows removed are closed on it and rows added start on it; a new body's rows start on its own
 * validFrom; successor links start on the body's retirement date. Unchanged bodies write nothing.
 */
export function writesOf(changes: readonly PlannedChange[], effectiveFrom: string): BodyWrite[] {
  const out: BodyWrite[] = [];
  for (const c of changes) {
    if (c.action === 'unchanged') continue;
    const b = c.after;
    const from = c.before === null ? b.validFrom : effectiveFrom;
    const names: [string, string][] = [['fr', b.names.fr], ['de', b.names.de]];
    if (b.names.en) names.push(['en', b.names.en]);
    if (b.names.lb) names.push(['lb', b.names.lb]);
    if (b.shortName) names.push(['short', b.shortName]);
    out.push({
      body: { id: b.id, type: b.type, parentId: b.parentId, status: b.status, validFrom: b.validFrom, validTo: b.validTo, language: b.language },
      isNew: c.before === null,
      from,
      successorsFrom: b.validTo ?? from,
      wanted: {
        names: names.map(([lang, name]) => ({ lang, name })),
        identifiers: b.identifiers.map((x) => ({ scheme: x.scheme, value: x.value, valueNorm: x.value.toLowerCase(), purpose: x.purpose })),
        successors: b.successors.map((s) => ({ successorId: s.id, isPrimary: s.primary })),
        routingRules: b.routingRules.map((r, i) => ({ field: r.field, pattern: r.pattern, department: r.department, priority: i })),
        requiredRefs: b.requiredReferences.map((ref) => ({ ref })),
        contacts: b.contacts.map((x) => ({ role: x.role, name: x.name ?? null, email: x.email ?? null, phone: x.phone ?? null })),
      },
      event: { action: c.action, before: c.before, after: b },
    });
  }
  return out;
}
