/**
 * The one body search of the hub, over the cached directory view: the Authority's list
 * (`GET /api/v1/bodies`), the console's directory screen, the public lookup
 * (`GET /api/v1/bodies/lookup`) and the portal's recipient search all match with `searchBodies`.
 */
import type { Store } from '../../db/store';
import { fold, validOn, type DirectoryIndex } from './directory-index';
import { followSuccessors } from './resolve';
import { EAS_CODES, parseParticipantId } from './schemes';
import type { BodyInput } from './types';
import { directoryView } from './view';

/**
 * Ids of the bodies matching `q`: an identifier (`scheme:value`, or a bare value) first, then names
 * (accent- and case-insensitive, every word must appear in a name or the id), names of any period
 * included; names starting with the words before the others, each group sorted by id.
 */
export function searchBodies(index: DirectoryIndex, q: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (id: string): void => {
    if (!seen.has(id)) {
      seen.add(id);
      out.push(id);
    }
  };
  const raw = q.trim();
  const pid = parseParticipantId(raw);
  if (pid && EAS_CODES.has(pid.scheme)) for (const e of index.byKey.get(`${pid.scheme}:${pid.value.toLowerCase()}`) ?? []) add(e.bodyId);
  for (const e of index.byValue.get(raw.toLowerCase()) ?? []) add(e.bodyId);
  const words = fold(raw).split(' ').filter((w) => w !== '');
  if (words.length > 0) {
    const starts: string[] = [];
    const others: string[] = [];
    for (const b of index.bodies.values()) {
      if (seen.has(b.id)) continue;
      if (words.every((w) => b.searchText.includes(w) || b.id.includes(w))) (b.searchText.includes(` ${words.join(' ')}`) ? starts : others).push(b.id);
    }
    for (const id of [...starts.sort(), ...others.sort()]) add(id);
  }
  return out;
}

export interface BodyQuery {
  /** Name or identifier; absent or blank: every body, sorted by id. */
  q?: string;
  type?: string;
  status?: string;
  /** Default: all. */
  limit?: number;
  offset?: number;
}

/**
 * Current bodies matching a query (the Authority's list and the console's directory screen): the
 * total and the page asked for. The bodies are the view's own: read, never modify.
 */
export async function findBodies(store: Pick<Store, 'db'>, query: BodyQuery = {}): Promise<{ total: number; items: BodyInput[] }> {
  const view = await directoryView(store);
  const q = query.q?.trim() ?? '';
  const ids = q === '' ? [...view.current.keys()].sort() : searchBodies(view.index, q);
  const all = ids.map((id) => view.current.get(id)).filter((b): b is BodyInput => b !== undefined
    && (query.type === undefined || b.type === query.type) && (query.status === undefined || b.status === query.status));
  const offset = query.offset ?? 0;
  return { total: all.length, items: all.slice(offset, query.limit === undefined ? undefined : offset + query.limit) };
}

export interface LookupItem {
  id: string;
  type: string;
  parentId: string | null;
  names: BodyInput['names'];
  shortName?: string;
  language: string;
  /** `scheme:value` of its Peppol identifiers valid today. */
  peppolIdentifiers: string[];
  requiredReferences: string[];
  /** Retired bodies found by the query whose invoices this body takes today. */
  replaces: string[];
}

/**
 * The public lookup: bodies addressable on `today` (a body whose retirement is scheduled stays
 * addressable until then) with their Peppol identifiers and required references; a retired body
 * matched by `q` is answered with the body that took over its invoices, marked `replaces`. Without
 * `q`, every addressable body.
 */
export async function lookupBodies(store: Pick<Store, 'db'>, o: { q: string; today: string; limit: number }): Promise<{ date: string; count: number; items: LookupItem[] }> {
  const view = await directoryView(store);
  const { q, today } = o;
  const ids = q === '' ? [...view.index.bodies.keys()].sort() : searchBodies(view.index, q);
  const at = new Map<string, LookupItem>();
  for (const found of ids) {
    let id = found;
    let replaced: string | null = null;
    const e0 = view.index.bodies.get(found);
    if (q !== '' && e0 && e0.validTo !== null && today >= e0.validTo) {
      // a supplier looking up a retired body gets the body that took over its invoices
      const f = followSuccessors(view.index, found, today);
      if (!f.ok) continue;
      id = f.bodyId;
      replaced = found;
    }
    const e = view.index.bodies.get(id);
    const b = view.current.get(id);
    if (!e || !b || !validOn(e, today)) continue;
    const seen = at.get(id);
    if (seen) {
      if (replaced !== null && !seen.replaces.includes(replaced)) seen.replaces.push(replaced);
      continue;
    }
    at.set(id, {
      id: b.id, type: b.type, parentId: b.parentId, names: b.names, ...(b.shortName ? { shortName: b.shortName } : {}), language: b.language,
      peppolIdentifiers: e.identifiers.filter((x) => x.purpose === 'peppol' && validOn(x, today)).map((x) => `${x.scheme}:${x.value}`),
      requiredReferences: e.requiredRefs.filter((r) => validOn(r, today)).map((r) => r.ref),
      replaces: replaced === null ? [] : [replaced],
    });
    if (at.size >= o.limit) break;
  }
  return { date: today, count: at.size, items: [...at.values()] };
}
