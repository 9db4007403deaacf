/** Checks shared by the pipeline tests: every document in its final state, each transition written exactly once. */
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { documents, events } from '../../db/schema';
import { STAGES, TERMINAL_STATES, type DocumentState } from '../../workers/stage-contract';
import { availableStages } from '../../workers/stages';

/** The state a valid document without any routing data ends in with the stages of this build. */
export function finalStateOfValid(): DocumentState {
  const avail = availableStages();
  return avail.has('route') ? 'unroutable' : 'validated';
}

/** True when no stage of this build would move the document on. */
export function isSettled(state: string): boolean {
  const avail = availableStages();
  if ((TERMINAL_STATES as readonly string[]).includes(state)) return true;
  const next = STAGES.find((s) => s.input === state);
  return next === undefined || !avail.has(next.name);
}

export function states(db: Database): Map<string, string> {
  return new Map(db.select({ id: documents.id, state: documents.state }).from(documents).all().map((r) => [r.id, r.state]));
}

/** Throws unless each document's events are seq 1..n, each transition's target state appears once, and the last event's state is the document's state. */
export function assertEventsExactlyOnce(db: Database): { documents: number; events: number } {
  const evs = db.select().from(events).orderBy(events.documentId, events.seq).all();
  const docs = states(db);
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
  const dupRows = db.all<{ n: number }>(sql`select count(*) as n from (select document_id, seq from ${events} group by document_id, seq having count(*) > 1)`);
  if (Number(dupRows[0]?.n) !== 0) problems.push('duplicate (document, seq) rows');
  if (problems.length > 0) throw new Error(`event invariants violated:\n${problems.slice(0, 20).join('\n')}`);
  return { documents: docs.size, events: evs.length };
}
