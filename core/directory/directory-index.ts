/**
 * The in-memory resolution index: every directory row (history included) grouped for O(1)
 * lookups by `scheme:value` and by value alone, and per body its validity, successors, routing
 * rules, required references and names. Built from `loadDirectoryRows`; rebuilt when the
 * directory version changes (see `DirectoryIndexCache`).
 */
import { config } from '../../config';
import type { Database } from '../../db/client';
import { directoryVersion, loadDirectoryRows, type DirectoryRows } from '../../db/repositories/directory';
import type { Store } from '../../db/store';
import type { IdentifierPurpose, ReferenceField } from './types';

export interface Interval {
  validFrom: string;
  /** Exclusive; null = open-ended. */
  validTo: string | null;
}

export function validOn(i: Interval, date: string): boolean {
  return i.validFrom <= date && (i.validTo === null || date < i.validTo);
}

export interface IdentifierEntry extends Interval {
  bodyId: string;
  scheme: string;
  value: string;
  purpose: IdentifierPurpose;
}

export interface RuleEntry extends Interval {
  field: ReferenceField;
  pattern: string;
  department: string;
  priority: number;
}

export interface BodyEntry extends Interval {
  id: string;
  type: string;
  parentId: string | null;
  status: string;
  language: string;
  names: (Interval & { lang: string; name: string })[];
  identifiers: IdentifierEntry[];
  successors: (Interval & { id: string; primary: boolean })[];
  /** Sorted by priority. */
  rules: RuleEntry[];
  requiredRefs: (Interval & { ref: ReferenceField })[];
  /** Lower-cased, accent-free names and short names (all periods), for search. */
  searchText: string;
}

export interface DirectoryIndex {
  version: number;
  bodies: Map<string, BodyEntry>;
  /** Key `scheme:valuelowercase`. */
  byKey: Map<string, IdentifierEntry[]>;
  /** Key `valuelowercase` (any scheme). */
  byValue: Map<string, IdentifierEntry[]>;
}

/** Lower case, no accents, single spaces: for name search. */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

export function buildIndex(rows: DirectoryRows): DirectoryIndex {
  const bodies = new Map<string, BodyEntry>();
  for (const b of rows.bodies) {
    bodies.set(b.id, {
      id: b.id, type: b.type, parentId: b.parentId, status: b.status, language: b.language, validFrom: b.validFrom, validTo: b.validTo,
      names: [], identifiers: [], successors: [], rules: [], requiredRefs: [], searchText: '',
    });
  }
  const byKey = new Map<string, IdentifierEntry[]>();
  const byValue = new Map<string, IdentifierEntry[]>();
  for (const r of rows.identifiers) {
    const e: IdentifierEntry = { bodyId: r.bodyId, scheme: r.scheme, value: r.value, purpose: r.purpose as IdentifierPurpose, validFrom: r.validFrom, validTo: r.validTo };
    push(byKey, `${r.scheme}:${r.valueNorm}`, e);
    push(byValue, r.valueNorm, e);
    bodies.get(r.bodyId)?.identifiers.push(e);
  }
  for (const r of rows.names) bodies.get(r.bodyId)?.names.push({ lang: r.lang, name: r.name, validFrom: r.validFrom, validTo: r.validTo });
  for (const r of rows.successors) bodies.get(r.bodyId)?.successors.push({ id: r.successorId, primary: r.isPrimary, validFrom: r.validFrom, validTo: r.validTo });
  for (const r of rows.routingRules) {
    bodies.get(r.bodyId)?.rules.push({ field: r.field as ReferenceField, pattern: r.pattern, department: r.department, priority: r.priority, validFrom: r.validFrom, validTo: r.validTo });
  }
  for (const r of rows.requiredRefs) bodies.get(r.bodyId)?.requiredRefs.push({ ref: r.ref as ReferenceField, validFrom: r.validFrom, validTo: r.validTo });
  for (const b of bodies.values()) {
    b.rules.sort((x, y) => x.priority - y.priority);
    b.searchText = ` ${[...new Set(b.names.map((n) => fold(n.name)))].join(' | ')} `;
  }
  return { version: rows.version, bodies, byKey, byValue };
}

/** A body's name in a language as of a date (falls back to fr, then any). */
export function nameOn(b: BodyEntry, date: string, lang = 'fr'): string {
  const live = b.names.filter((n) => validOn(n, date));
  const pool = live.length > 0 ? live : b.names.filter((n) => n.validTo === null);
  return (pool.find((n) => n.lang === lang) ?? pool.find((n) => n.lang === 'fr') ?? pool[0])?.name ?? b.id;
}

interface Entry<T> {
  version: number;
  value: T | null;
  loading: Promise<{ version: number; value: T }> | null;
  /** When the version was last read (performance.now()), and the local write generation then. */
  checkedAt: number;
  checkedGeneration: number;
}

/** Bumped after every directory write this process commits (see `directoryWritten`). */
let writeGeneration = 0;

/**
 * Tells the caches of this process that the directory changed (call it after the write's commit): the
 * next `get` reads the version again instead of trusting its last check.
 */
export function directoryWritten(): void {
  writeGeneration++;
}

/**
 * Keeps one value built from the directory per process (per database handle) and rebuilds it when
 * the directory changes. The version (the id of the last change event, one indexed query) is read
 * again when the last check is older than `EINVOICE_DIRECTORY_RECHECK_MS` or this process wrote the
 * directory since: a change made here is seen by the next lookup, one made by another process — the
 * API, another host of the cluster — within that delay. Concurrent `get`s during a rebuild share it.
 */
export class DirectoryCache<T> {
  private readonly entries = new WeakMap<Database, Entry<T>>();

  constructor(private readonly build: (rows: DirectoryRows) => T, private readonly recheckMs: () => number = () => config.directoryRecheckMs) {}

  async get(store: Pick<Store, 'db'>): Promise<T> {
    const db = store.db;
    let e = this.entries.get(db);
    if (e === undefined) {
      e = { version: -1, value: null, loading: null, checkedAt: -Infinity, checkedGeneration: -1 };
      this.entries.set(db, e);
    }
    const now = performance.now();
    if (e.value !== null && e.loading === null && e.checkedGeneration === writeGeneration && now - e.checkedAt < this.recheckMs()) return e.value;
    const generation = writeGeneration;
    const version = await directoryVersion(db);
    for (;;) {
      if (e.value !== null && e.version === version) {
        e.checkedAt = now;
        e.checkedGeneration = generation;
        return e.value;
      }
      let loading = e.loading;
      if (loading === null) {
        const entry = e;
        loading = this.load(db, entry).finally(() => { entry.loading = null; });
        entry.loading = loading;
      }
      const loaded = await loading;
      // a snapshot at least as new as the version read above will do
      if (loaded.version >= version) {
        if (loaded.version === version) {
          e.checkedAt = now;
          e.checkedGeneration = generation;
        }
        return loaded.value;
      }
    }
  }

  /** One load at a time per entry (see `get`). */
  private async load(db: Database, e: Entry<T>): Promise<{ version: number; value: T }> {
    // one repeatable-read snapshot: rows and version agree even while another process writes
    const rows = await loadDirectoryRows(db);
    const value = this.build(rows);
    e.version = rows.version;
    e.value = value;
    return { version: rows.version, value };
  }
}

/** The resolution index, cached per process (see DirectoryCache). */
export class DirectoryIndexCache extends DirectoryCache<DirectoryIndex> {
  constructor(recheckMs?: () => number) {
    super(buildIndex, recheckMs);
  }
}
