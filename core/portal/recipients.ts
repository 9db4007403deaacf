/**
 * The recipient side of the portal: the directory search of the manual-entry form (the hub's one
 * body search, `lookupBodies` of core/directory/search.ts, as `/api/v1/bodies/lookup` answers it),
 * the body a form names, and — on the review page — the route stage's own resolution of the XML
 * produced or uploaded, so what the supplier confirms is what the pipeline will decide that day.
 */
import type { Lang } from '../../config/languages';
import type { Store } from '../../db/store';
import { nameOn, validOn } from '../directory/directory-index';
import { extractRouting } from '../directory/extract';
import type { RouteStep } from '../directory/resolve';
import { lookupBodies } from '../directory/search';
import { directoryView, previewRouting } from '../directory/view';
import type { Recipient } from './form';


export interface BodyOption {
  id: string;
  /** Full name in the page language. */
  name: string;
  /** `scheme:value` Peppol identifiers valid today. */
  identifiers: string[];
  requiredRefs: string[];
}

/** Bodies matching a name or an identifier, addressable today (retired ones answered by their successor). */
export async function searchRecipients(store: Pick<Store, 'db'>, q: string, today: string, lang: Lang, limit = 10): Promise<BodyOption[]> {
  const query = q.trim().slice(0, 200);
  if (query === '') return [];
  const found = await lookupBodies(store, { q: query, today, limit });
  return found.items.map((b) => ({
    id: b.id, name: b.names[lang] ?? b.names.fr ?? Object.values(b.names)[0] ?? b.id,
    identifiers: b.peppolIdentifiers, requiredRefs: [...new Set(b.requiredReferences)].sort(),
  }));
}

/** The body a form names (its id), as it stands today, or null when it is not addressable. */
export async function recipientOf(store: Pick<Store, 'db'>, bodyId: string | undefined, today: string, lang: Lang): Promise<Recipient | null> {
  if (bodyId === undefined || bodyId === '') return null;
  const e = (await directoryView(store)).index.bodies.get(bodyId);
  if (!e || e.status !== 'active' || !validOn(e, today)) return null;
  const ids = e.identifiers.filter((x) => x.purpose === 'peppol' && validOn(x, today)).map((x) => `${x.scheme}:${x.value}`);
  return { bodyId, name: nameOn(e, today, lang), endpoint: ids[0] ?? null, requiredRefs: [...new Set(e.requiredRefs.filter((x) => validOn(x, today)).map((x) => x.ref))].sort() };
}

export interface TriedIdentifier {
  step: RouteStep;
  /** The identifier as the document gives it, null when absent. */
  identifier: string | null;
  outcome: 'absent' | 'malformed' | 'no-match' | 'not-valid-on-date' | 'dead-end' | 'ambiguous' | 'matched';
}

export type RecipientVerdict =
  | { ok: true; bodyId: string; name: string; identifier: string; matchedBy: RouteStep; department: string | null; missingRefs: string[] }
  | { ok: false; reason: 'no-match' | 'ambiguous' | 'unreadable'; tried: TriedIdentifier[]; detail: string };

/** What the route stage will decide for this XML today. */
export async function resolveForReview(store: Pick<Store, 'db'>, xml: Buffer, today: string, lang: Lang): Promise<RecipientVerdict> {
  let input;
  try {
    input = extractRouting(xml);
  } catch (err) {
    return { ok: false, reason: 'unreadable', tried: [], detail: (err as Error).message };
  }
  const res = await previewRouting(store, input, today);
  if (!res.ok) {
    return { ok: false, reason: res.reason, detail: res.message, tried: res.attempts.map((a) => ({ step: a.step, identifier: a.identifier, outcome: a.outcome })) };
  }
  const e = (await directoryView(store)).index.bodies.get(res.bodyId);
  return {
    ok: true, bodyId: res.bodyId, name: e ? nameOn(e, today, lang) : res.bodyId, identifier: res.identifier, matchedBy: res.matchedBy,
    department: res.department, missingRefs: res.missingReferences,
  };
}

/** A body's name in a language today (its id when unknown): the status page's recipient. */
export async function bodyName(store: Pick<Store, 'db'>, bodyId: string, today: string, lang: Lang): Promise<string> {
  const e = (await directoryView(store)).index.bodies.get(bodyId);
  return e ? nameOn(e, today, lang) : bodyId;
}
