/** Checks shared by the pipeline tests: every document in its final state, each transition written exactly once. */
import { asc, sql } from 'drizzle-orm';
import { rowsOf } from '../../db/client';
import { documents, events } from '../../db/schema';
import type { Store } from '../../db/store';
import { TERMINAL_STATES } from '../../core/documents/states';

/** True when no stage would move the document on (terminal, or delivered and waiting for the body). */
export function isSettled(state: string): boolean {
  return (TERMINAL_STATES as readonly string[]).includes(state) || state === 'delivered';
}

export async function states(store: Pick<Store, 'db'>): Promise<Map<string, string>> {
  return new Map((await store.db.select({ id: documents.id, state: documents.state }).from(documents)).map((r) => [r.id, r.state]));
}

/** Throws unless each document's events are seq 1..n, each transition's target state appears once, and the last event's state is the document's state. */
export async function assertEventsExactlyOnce(store: Pick<Store, 'db'>): Promise<{ documents: number; events: number }> {
  const evs = await store.db.select().from(events).orderBy(asc(events.documentId), asc(events.seq));
  const docs = await states(store);
  const byDoc = new Map<string, typeof evs>();
  for (const e of evs) byDoc.set(e.documentId, [...(byDoc.get(e.documentId) ?? []), e]);
  const problems: string[] = [];
  for (const [id, state] of docs) {
    const list = byDoc.get(id) ?? [];
    const seqs = list.map((e) => e.seq);
    if (seqs.join(',') !== list.map((_, i) => i + 1).join(',')) problems.push(`${id}: seqs ${seqs.join(',')}`);
    const targets = list.filter((e) => e.type === 'transition' || e.type === 'received').map((e) => e.toState);
    if (new Set(targets).size !== targets.length) problems.push(`${id}: repeated transition ${targets.join('>')}`);
    if (list[list.length - 1]?.toState !== state) problems.push(`${id}: last event ${list[list.length - 1]?.toState} but state ${state}`);
  }
  const dupRows = await rowsOf<{ n: string }>(store.db, sql`select count(*) as n from (select document_id, seq from ${events} group by document_id, seq having count(*) > 1) d`);
  if (Number(dupRows[0]?.n) !== 0) problems.push('duplicate (document, seq) rows');
  if (problems.length > 0) throw new Error(`event invariants violated:\n${problems.slice(0, 20).join('\n')}`);
  return { documents: docs.size, events: evs.length };
}
