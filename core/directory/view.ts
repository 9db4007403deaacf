/**
 * Reading the directory: the cached view every process keeps (index for resolution and search, and
 * the current bodies), a body as it is or as it stood on a date, its history, the changes feed, and
 * what the route stage would decide for some identifiers.
 */
import * as repo from '../../db/repositories/directory';
import type { DirectoryEventRow } from '../../db/repositories/directory';
import type { Store } from '../../db/store';
import { CoreError } from '../errors';
import { buildIndex, DirectoryCache, nameOn, validOn, type DirectoryIndex } from './directory-index';
import { currentBodiesFromRows } from './plan';
import { resolveRecipient, type Resolution, type RoutingInput } from './resolve';
import { isIsoDate, type BodyInput } from './types';

/** The directory of one version: the resolution index (history included) and the current bodies. */
export interface DirectoryView {
  version: number;
  index: DirectoryIndex;
  /** Shared by every caller of this process: read, never modify. */
  current: ReadonlyMap<string, BodyInput>;
}

const views = new DirectoryCache<DirectoryView>((rows) => ({ version: rows.version, index: buildIndex(rows), current: currentBodiesFromRows(rows) }));

/**
 * The directory view, rebuilt when the directory changed (one indexed query per call to check the
 * version, so a change made by another process or host is seen at once). Not inside a transaction.
 */
export async function directoryView(store: Pick<Store, 'db'>): Promise<DirectoryView> {
  return views.get(store);
}

/** The current directory (a copy of its own, read from the database). */
export async function currentBodies(store: Pick<Store, 'db'>): Promise<Map<string, BodyInput>> {
  return currentBodiesFromRows(await repo.loadCurrentRows(store.db));
}

/** One body as it is now (a copy), or undefined. */
export async function currentBody(store: Pick<Store, 'db'>, id: string): Promise<BodyInput | undefined> {
  const b = (await directoryView(store)).current.get(id);
  return b === undefined ? undefined : structuredClone(b);
}

export async function bodyExists(store: Pick<Store, 'db'>, id: string): Promise<boolean> {
  return repo.bodyExists(store.db, id);
}

export async function directoryIsEmpty(store: Pick<Store, 'db'>): Promise<boolean> {
  return repo.directoryIsEmpty(store.db);
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
    before: (r.before ?? null) as BodyInput | null, after: r.after as BodyInput,
  };
}

/** A body's change events, newest first. */
export async function bodyHistory(store: Pick<Store, 'db'>, bodyId: string, limit = 100): Promise<DirectoryEvent[]> {
  return (await repo.bodyEvents(store.db, bodyId, limit)).map(toEvent);
}

/** Every directory change after event `since`, oldest first (an audit feed others can follow). */
export async function listChanges(store: Pick<Store, 'db'>, since: number, limit = 100): Promise<DirectoryEvent[]> {
  return (await repo.eventsAfter(store.db, since, limit)).map(toEvent);
}

function noBody(id: string): CoreError {
  return new CoreError('not-found', 'not-found', 'Not found', `no body ${id}`);
}

/** A body as it is, with its change history (newest first). */
export async function bodyWithHistory(store: Pick<Store, 'db'>, id: string): Promise<BodyInput & { history: DirectoryEvent[] }> {
  const b = (await directoryView(store)).current.get(id);
  if (b === undefined) throw noBody(id);
  return { ...b, history: await bodyHistory(store, id) };
}

/** A body with the rows valid on `asOf` (YYYY-MM-DD): names, identifiers, successors, rules, references. */
export async function bodyAsOf(store: Pick<Store, 'db'>, id: string, asOf: string): Promise<Record<string, unknown>> {
  const view = await directoryView(store);
  const e = view.index.bodies.get(id);
  if (e === undefined || !view.current.has(id)) throw noBody(id);
  if (!isIsoDate(asOf)) throw new CoreError('invalid', 'bad-parameter', 'Bad parameter', 'asOf must be YYYY-MM-DD');
  const on = <T extends { validFrom: string; validTo: string | null }>(l: T[]): T[] => l.filter((x) => validOn(x, asOf));
  const status = asOf < e.validFrom ? 'not-yet-existing' : e.validTo !== null && asOf >= e.validTo ? 'retired' : 'active';
  return {
    id, asOf, status, type: e.type, parentId: e.parentId, validFrom: e.validFrom, validTo: e.validTo,
    names: Object.fromEntries(on(e.names).map((n) => [n.lang, n.name])), name: nameOn(e, asOf),
    identifiers: on(e.identifiers).map((x) => ({ scheme: x.scheme, value: x.value, purpose: x.purpose, validFrom: x.validFrom, validTo: x.validTo })),
    successors: on(e.successors), routingRules: on(e.rules), requiredReferences: on(e.requiredRefs).map((r) => r.ref),
  };
}

/** What the route stage would decide for these routing fields on `date` (the Authority's preview, the portal's review). */
export async function previewRouting(store: Pick<Store, 'db'>, input: RoutingInput, date: string): Promise<Resolution> {
  return resolveRecipient((await directoryView(store)).index, input, date);
}

/**
 * How a body is shown where the hub says where it delivered a document (the PDF, next to the buyer
 * of the XML): the language it wants its documents in, its name on the date in that language
 * (`lang` to ask for another one; French when it has none), and its Peppol identifier on that date
 * (`scheme:value`; else any identifier). Undefined for an unknown body.
 */
export async function bodyAsDelivered(store: Pick<Store, 'db'>, bodyId: string, date: string, lang?: (bodyLanguage: string) => string): Promise<{ language: string; name: string; identifier?: string } | undefined> {
  const b = (await directoryView(store)).index.bodies.get(bodyId);
  if (b === undefined) return undefined;
  const live = b.identifiers.filter((i) => validOn(i, date));
  const id = live.find((i) => i.purpose === 'peppol') ?? live[0];
  return { language: b.language, name: nameOn(b, date, lang === undefined ? b.language : lang(b.language)), ...(id !== undefined ? { identifier: `${id.scheme}:${id.value}` } : {}) };
}
