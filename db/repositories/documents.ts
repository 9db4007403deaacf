/**
 * Documents, their append-only events and the files attached to them: the SQL of the document
 * store. Every function takes the database handle or a transaction handle (`Tx` is a `Database`).
 * The state machine itself (which transitions exist) is core/documents.
 */
import { and, asc, desc, eq, gt, gte, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../client';
import { bodyNames, documentFiles, documents, events, files, type DocumentRow, type EventRow, type NewDocumentRow } from '../schema';

export type { DocumentRow, EventRow, NewDocumentRow } from '../schema';

export async function findDocument(db: Database, id: string): Promise<DocumentRow | undefined> {
  const rows = await db.select().from(documents).where(eq(documents.id, id)).limit(1);
  return rows[0];
}

/** The row and the SHA-256 of its file of `role` (null when none) in one query: what a stage reads first. */
export async function findDocumentWithFile(db: Database, id: string, role: string): Promise<{ doc: DocumentRow; fileSha256: string | null } | undefined> {
  const rows = await db.select({ doc: documents, fileSha256: documentFiles.sha256 }).from(documents)
    .leftJoin(documentFiles, and(eq(documentFiles.documentId, documents.id), eq(documentFiles.role, role)))
    .where(eq(documents.id, id)).limit(1);
  return rows[0];
}

/** The row locked for the rest of the transaction (`FOR UPDATE`): the compare-and-set of a transition. */
export async function lockDocument(tx: Database, id: string): Promise<DocumentRow | undefined> {
  const rows = await tx.select().from(documents).where(eq(documents.id, id)).limit(1).for('update');
  return rows[0];
}

export async function insertDocument(tx: Database, row: NewDocumentRow): Promise<void> {
  await tx.insert(documents).values(row);
}

export type DocumentChanges = Partial<Omit<DocumentRow, 'id' | 'version' | 'updatedAt'>>;

/**
 * The compare-and-set of a transition in ONE statement: if the document is in one of `from`, sets
 * its state, the next version and `set`, and appends the event of that version; answers the old
 * state and the new version, or undefined when the document is not (or no longer) in `from`. The
 * row is locked by the update itself until the caller's transaction ends.
 */
export async function casTransition(tx: Database, id: string, from: readonly string[], to: string, set: DocumentChanges, at: string,
  event: { actor: string; type: string; details: Record<string, unknown> }): Promise<{ fromState: string; version: number } | undefined> {
  const assignments = [sql`state = ${to}`, sql`version = d.version + 1`, sql`updated_at = ${at}`];
  for (const [key, value] of Object.entries(set)) {
    const col = (documents as unknown as Record<string, { name: string } | undefined>)[key]; // the table's columns by property name
    if (col === undefined || key === 'state') continue;
    assignments.push(sql`${sql.identifier(col.name)} = ${value === undefined ? null : value}`);
  }
  const rows = await rowsOf<{ from_state: string; version: number }>(tx, sql`
    with old as (select id, state, version from documents where id = ${id} and state in (${sql.join(from.map((s) => sql`${s}`), sql`, `)}) for update),
    upd as (update documents d set ${sql.join(assignments, sql`, `)} from old where d.id = old.id returning d.version, old.state as from_state)
    insert into events (document_id, seq, at, actor, type, from_state, to_state, details)
    select ${id}, upd.version, ${at}::timestamptz, ${event.actor}, ${event.type}, upd.from_state, ${to}, ${JSON.stringify(event.details)}::jsonb from upd
    returning seq as version, from_state`);
  const r = rows[0];
  return r === undefined ? undefined : { fromState: r.from_state, version: Number(r.version) };
}

export interface NewEvent {
  documentId: string;
  seq: number;
  at: string;
  actor: string;
  type: string;
  fromState: string | null;
  toState: string;
  details: Record<string, unknown>;
}

export async function insertEvent(tx: Database, e: NewEvent): Promise<void> {
  await tx.insert(events).values(e);
}

/** Bumps the version of a document for an event that does not change its state; the new version, or undefined when unknown. */
export async function bumpVersion(tx: Database, id: string, at: string): Promise<{ version: number; state: string } | undefined> {
  const rows = await tx.update(documents).set({ version: sql`${documents.version} + 1`, updatedAt: at }).where(eq(documents.id, id))
    .returning({ version: documents.version, state: documents.state });
  return rows[0];
}

export async function eventsOf(db: Database, documentId: string): Promise<EventRow[]> {
  return db.select().from(events).where(eq(events.documentId, documentId)).orderBy(asc(events.seq));
}

/** The newest event of a document matching actor/target state/type (undefined when none). */
export async function lastEvent(db: Database, documentId: string, match: { actor?: string; toState?: string | readonly string[]; type?: string; stateChange?: boolean }): Promise<EventRow | undefined> {
  const to = match.toState === undefined ? undefined : typeof match.toState === 'string' ? eq(events.toState, match.toState) : inArray(events.toState, [...match.toState]);
  const rows = await db.select().from(events).where(and(
    eq(events.documentId, documentId),
    match.actor === undefined ? undefined : eq(events.actor, match.actor),
    to,
    match.type === undefined ? undefined : eq(events.type, match.type),
    match.stateChange ? sql`${events.fromState} is distinct from ${events.toState}` : undefined,
  )).orderBy(desc(events.seq)).limit(1);
  return rows[0];
}

/** Records a stored file and attaches it to a document under a role. Re-attaching a role replaces the link (derived files may be regenerated). */
export async function attachFile(tx: Database, documentId: string, role: string, sha256: string, size: number, mediaType: string, at: string): Promise<void> {
  await attachFiles(tx, [{ documentId, role, sha256, size, mediaType, at }]);
}

/** SHA-256 of the file attached to a document under a role, or undefined. */
export async function fileOf(db: Database, documentId: string, role: string): Promise<string | undefined> {
  const rows = await db.select({ sha256: documentFiles.sha256 }).from(documentFiles)
    .where(and(eq(documentFiles.documentId, documentId), eq(documentFiles.role, role))).limit(1);
  return rows[0]?.sha256;
}

/** Every file role of a document with its SHA-256, size and media type. */
export async function filesOf(db: Database, documentId: string): Promise<{ role: string; sha256: string; size: number; mediaType: string }[]> {
  return db.select({ role: documentFiles.role, sha256: documentFiles.sha256, size: files.size, mediaType: files.mediaType })
    .from(documentFiles).innerJoin(files, eq(files.sha256, documentFiles.sha256))
    .where(eq(documentFiles.documentId, documentId)).orderBy(asc(documentFiles.role));
}

/**
 * A transaction-level advisory lock on a text key (released at commit or rollback): serialises the
 * check-then-insert of ingest and the duplicate check of validation between processes.
 */
export async function lockKey(tx: Database, namespace: string, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`${namespace}:${key}`}, 0))`);
}

/** Transaction-level advisory locks on several text keys at once, always taken in the same order (no deadlock between two batches). */
export async function lockKeys(tx: Database, namespace: string, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  const names = [...new Set(keys)].sort().map((k) => `${namespace}:${k}`);
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(k, 0)) from unnest(array[${sql.join(names.map((n) => sql`${n}`), sql`, `)}]::text[]) as k order by k`);
}

/** What a replay check needs of an earlier document. */
export interface ReplayCandidate {
  id: string; state: string; as4MessageId: string | null; senderId: string | null; instanceId: string | null;
  originalSha256: string; submittedBy: string; sendingAp: string | null; receivedAt: string;
}

/**
 * Every document that could be an earlier submission of one of several new ones (a superset: the
 * caller applies the exact rules): same AS4 message id, same SBDH sender and instance, or same bytes
 * received since `since`. One statement for a whole batch.
 */
export async function replayCandidates(tx: Database, q: { as4: readonly string[]; instances: readonly string[]; shas: readonly string[]; since: string }): Promise<ReplayCandidate[]> {
  const conds = [
    q.as4.length > 0 ? inArray(documents.as4MessageId, [...q.as4]) : undefined,
    q.instances.length > 0 ? inArray(documents.instanceId, [...q.instances]) : undefined,
    q.shas.length > 0 ? and(inArray(documents.originalSha256, [...q.shas]), gte(documents.receivedAt, q.since)) : undefined,
  ].filter((c) => c !== undefined);
  if (conds.length === 0) return [];
  return tx.select({
    id: documents.id, state: documents.state, as4MessageId: documents.as4MessageId, senderId: documents.senderId, instanceId: documents.instanceId,
    originalSha256: documents.originalSha256, submittedBy: documents.submittedBy, sendingAp: documents.sendingAp, receivedAt: documents.receivedAt,
  }).from(documents).where(or(...conds)).orderBy(asc(documents.receivedAt));
}

export async function insertDocuments(tx: Database, rows: readonly NewDocumentRow[]): Promise<void> {
  if (rows.length > 0) await tx.insert(documents).values([...rows]);
}

export async function insertEvents(tx: Database, rows: readonly NewEvent[]): Promise<void> {
  if (rows.length > 0) await tx.insert(events).values([...rows]);
}

/** Several files attached at once (as `attachFile`, in two statements for the whole list). */
export async function attachFiles(tx: Database, rows: readonly { documentId: string; role: string; sha256: string; size: number; mediaType: string; at: string }[]): Promise<void> {
  if (rows.length === 0) return;
  const fileRows = [...new Map(rows.map((r) => [r.sha256, r])).values()];
  // one statement: the file rows in a data-modifying CTE, the links in the main insert (the foreign key is checked at the statement's end)
  await tx.execute(sql`with f as (
      insert into ${files} (sha256, size, media_type, created_at)
      values ${sql.join(fileRows.map((r) => sql`(${r.sha256}, ${r.size}, ${r.mediaType}, ${r.at}::timestamptz)`), sql`, `)}
      on conflict do nothing)
    insert into ${documentFiles} (document_id, role, sha256, created_at)
    values ${sql.join(rows.map((r) => sql`(${r.documentId}, ${r.role}, ${r.sha256}, ${r.at}::timestamptz)`), sql`, `)}
    on conflict (document_id, role) do update set sha256 = excluded.sha256, created_at = excluded.created_at`);
}

/** An earlier submission this one replays: same AS4 message id, same SBDH sender + instance, or same bytes from the same submitter within the window. */
export async function findReplay(tx: Database, q: {
  as4MessageId: string | null; senderId: string | null; instanceId: string | null;
  originalSha256: string; submittedBy: string; sendingAp: string | null; since: string;
}): Promise<{ id: string; state: string } | undefined> {
  const cols = { id: documents.id, state: documents.state };
  if (q.as4MessageId !== null) {
    const r = await tx.select(cols).from(documents).where(eq(documents.as4MessageId, q.as4MessageId)).limit(1);
    if (r[0]) return r[0];
  }
  if (q.instanceId !== null && q.senderId !== null) {
    const r = await tx.select(cols).from(documents).where(and(eq(documents.senderId, q.senderId), eq(documents.instanceId, q.instanceId))).limit(1);
    if (r[0]) return r[0];
  }
  const r = await tx.select(cols).from(documents).where(and(
    eq(documents.originalSha256, q.originalSha256),
    eq(documents.submittedBy, q.submittedBy),
    q.senderId === null ? isNull(documents.senderId) : eq(documents.senderId, q.senderId),
    q.sendingAp === null ? isNull(documents.sendingAp) : eq(documents.sendingAp, q.sendingAp),
    gte(documents.receivedAt, q.since),
  )).limit(1);
  return r[0];
}

/** The earliest document (other than `documentId`) with the same business key in one of `states` (duplicate detection). */
export async function findEarlierWithKey(tx: Database, documentId: string | null, key: { sellerKey: string; invoiceNumber: string; issueDate: string | null; typeCode: string | null }, states: readonly string[]): Promise<{ id: string; receivedAt: string } | undefined> {
  const rows = await tx.select({ id: documents.id, receivedAt: documents.receivedAt }).from(documents).where(and(
    eq(documents.sellerKey, key.sellerKey),
    eq(documents.invoiceNumber, key.invoiceNumber),
    key.issueDate === null ? undefined : eq(documents.issueDate, key.issueDate),
    key.typeCode === null ? undefined : eq(documents.typeCode, key.typeCode),
    inArray(documents.state, [...states]),
    documentId === null ? undefined : ne(documents.id, documentId),
  )).orderBy(asc(documents.receivedAt)).limit(1);
  return rows[0];
}

/** Ids of documents in `state` not updated since `cutoff`, oldest first (the reconciler's work). */
export async function idleInState(db: Database, state: string, cutoff: string, limit: number, after?: { updatedAt: string; id: string }): Promise<{ id: string; updatedAt: string }[]> {
  return db.select({ id: documents.id, updatedAt: documents.updatedAt }).from(documents)
    .where(and(
      eq(documents.state, state), lte(documents.updatedAt, cutoff),
      after === undefined ? undefined : sql`(${documents.updatedAt}, ${documents.id}) > (${after.updatedAt}::timestamptz, ${after.id})`,
    ))
    .orderBy(asc(documents.updatedAt), asc(documents.id)).limit(limit);
}

export async function countByState(db: Database): Promise<{ state: string; n: number }[]> {
  const rows = await db.select({ state: documents.state, n: sql<string>`count(*)` }).from(documents).groupBy(documents.state);
  return rows.map((r) => ({ state: r.state, n: Number(r.n) }));
}

/** A body's French official name as it stood on a date (for showing the body a document was routed to). */
export async function bodyNameOn(db: Database, bodyId: string, date: string): Promise<string | null> {
  const rows = await db.select({ name: bodyNames.name }).from(bodyNames)
    .where(and(eq(bodyNames.bodyId, bodyId), eq(bodyNames.lang, 'fr'), lte(bodyNames.validFrom, date), or(isNull(bodyNames.validTo), gt(bodyNames.validTo, date))))
    .orderBy(desc(bodyNames.validFrom)).limit(1);
  return rows[0]?.name ?? null;
}


/** Whose documents a list shows: every one (the Authority), one submitter's, or those routed to some bodies. */
export type DocumentListScope = { all: true } | { submittedBy: string } | { bodies: readonly string[] };

/** A page of documents, newest first (reception timestamp, then id), strictly after the keyset position `before`. */
export async function listDocumentsPage(db: Database, scope: DocumentListScope, f: {
  states?: readonly string[]; receivedFrom?: string; receivedTo?: string; invoiceNumber?: string;
  before?: { receivedAt: string; id: string }; limit: number;
}): Promise<DocumentRow[]> {
  const where = [
    'submittedBy' in scope ? eq(documents.submittedBy, scope.submittedBy) : undefined,
    'bodies' in scope ? inArray(documents.resolvedBodyId, [...scope.bodies]) : undefined,
    f.states !== undefined && f.states.length > 0 ? inArray(documents.state, [...f.states]) : undefined,
    f.receivedFrom !== undefined ? gte(documents.receivedAt, f.receivedFrom) : undefined,
    f.receivedTo !== undefined ? lte(documents.receivedAt, f.receivedTo) : undefined,
    f.invoiceNumber !== undefined ? eq(documents.invoiceNumber, f.invoiceNumber) : undefined,
    f.before !== undefined ? sql`(${documents.receivedAt}, ${documents.id}) < (${f.before.receivedAt}::timestamptz, ${f.before.id})` : undefined,
  ];
  return db.select().from(documents).where(and(...where)).orderBy(desc(documents.receivedAt), desc(documents.id)).limit(f.limit);
}
