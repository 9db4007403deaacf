/**
 * The SQL of Peppol Reporting: the exchange ledger (rows written at each exchange, read per month),
 * the reports built (versions, statuses), and the few directory rows that tell which body a
 * participant id belongs to, read inside the caller's transaction (the ingest transaction).
 */
import { and, asc, desc, eq, gte, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../client';
import {
  bodies,
  bodyIdentifiers,
  bodySuccessors,
  peppolLedger,
  peppolReports,
  type LedgerDbRow,
  type NewLedgerDbRow,
  type NewReportDbRow,
  type ReportDbRow,
} from '../schema';
import type { DirectoryRows } from './directory';

export type { LedgerDbRow, NewLedgerDbRow, NewReportDbRow, ReportDbRow } from '../schema';

// ------------------------------------------------------------------------------------------ ledger

/** Records an exchange; false when the same AS4 message (or outbox entry) is recorded already: the first row stays. */
export async function insertLedgerRow(db: Database, row: NewLedgerDbRow): Promise<boolean> {
  const rows = await db.insert(peppolLedger).values(row).onConflictDoNothing().returning({ id: peppolLedger.id });
  return rows.length === 1;
}

/** Records several exchanges in one statement (the same rule: a message recorded already keeps its first row); how many were added. */
export async function insertLedgerRows(db: Database, rows: readonly NewLedgerDbRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  return (await db.insert(peppolLedger).values([...rows]).onConflictDoNothing().returning({ id: peppolLedger.id })).length;
}

/** Exchanges with `from <= exchangedAt < to` (ISO instants), in time order. */
export async function ledgerRowsBetween(db: Database, from: string, to: string): Promise<LedgerDbRow[]> {
  return db.select().from(peppolLedger).where(and(gte(peppolLedger.exchangedAt, from), lt(peppolLedger.exchangedAt, to)))
    .orderBy(asc(peppolLedger.exchangedAt), asc(peppolLedger.id));
}

/** The rows of a document (received, and what was sent back about it), in time order. */
export async function ledgerRowsOfDocument(db: Database, documentId: string): Promise<LedgerDbRow[]> {
  return db.select().from(peppolLedger).where(eq(peppolLedger.documentId, documentId)).orderBy(asc(peppolLedger.exchangedAt), asc(peppolLedger.id));
}

/** Rows per direction in `[from, to)`. */
export async function ledgerCounts(db: Database, from: string, to: string): Promise<{ direction: string; n: number }[]> {
  const rows = await db.select({ direction: peppolLedger.direction, n: sql<string>`count(*)` }).from(peppolLedger)
    .where(and(gte(peppolLedger.exchangedAt, from), lt(peppolLedger.exchangedAt, to))).groupBy(peppolLedger.direction);
  return rows.map((r) => ({ direction: r.direction, n: Number(r.n) }));
}

// ------------------------------------------------------------------------- who owns a participant id

/**
 * The directory rows that decide which body an identifier `scheme:valueNorm` designates: its
 * identifier rows (every period), the bodies they name, and transitively their successors and parent
 * bodies (so that successors can be followed and an accounting unit climbed to its legal body). Names,
 * rules and references are left out. Runs in the caller's transaction.
 */
export async function directoryRowsForIdentifier(db: Database, scheme: string, valueNorm: string): Promise<DirectoryRows> {
  const identifiers = await db.select().from(bodyIdentifiers).where(and(eq(bodyIdentifiers.scheme, scheme), eq(bodyIdentifiers.valueNorm, valueNorm)));
  const out: DirectoryRows = { version: 0, bodies: [], names: [], identifiers, successors: [], routingRules: [], requiredRefs: [], contacts: [] };
  const fetched = new Set<string>();
  let want = [...new Set(identifiers.map((i) => i.bodyId))];
  // successor chains and accounting-unit parents are short; the bound only guards against a damaged directory
  for (let round = 0; round < 32 && want.length > 0; round++) {
    for (const id of want) fetched.add(id);
    const found = await db.select().from(bodies).where(inArray(bodies.id, want));
    const succ = await db.select().from(bodySuccessors).where(inArray(bodySuccessors.bodyId, want));
    out.bodies.push(...found);
    out.successors.push(...succ);
    const next = new Set<string>();
    for (const b of found) if (b.parentId !== null && !fetched.has(b.parentId)) next.add(b.parentId);
    for (const s of succ) if (!fetched.has(s.successorId)) next.add(s.successorId);
    want = [...next];
  }
  return out;
}

// ----------------------------------------------------------------------------------------- reports

/** Serialises the builds of one report (month, kind) across processes, for the rest of the transaction. */
export async function lockReport(tx: Database, month: string, kind: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`peppol-report:${month}:${kind}`}, 0))`);
}

export async function insertReport(tx: Database, row: NewReportDbRow): Promise<void> {
  await tx.insert(peppolReports).values(row);
}

export async function latestReport(db: Database, month: string, kind: string): Promise<ReportDbRow | undefined> {
  return (await db.select().from(peppolReports).where(and(eq(peppolReports.month, month), eq(peppolReports.kind, kind))).orderBy(desc(peppolReports.version)).limit(1))[0];
}

export async function reportById(db: Database, id: string): Promise<ReportDbRow | undefined> {
  return (await db.select().from(peppolReports).where(eq(peppolReports.id, id)).limit(1))[0];
}

export async function reportByOutbox(db: Database, outboxId: string): Promise<ReportDbRow | undefined> {
  return (await db.select().from(peppolReports).where(eq(peppolReports.outboxId, outboxId)).limit(1))[0];
}

/** Every version of the reports of these months, newest month first, then kind, newest version first. */
export async function reportsOfMonths(db: Database, months: readonly string[]): Promise<ReportDbRow[]> {
  if (months.length === 0) return [];
  return db.select().from(peppolReports).where(inArray(peppolReports.month, [...months]))
    .orderBy(desc(peppolReports.month), asc(peppolReports.kind), desc(peppolReports.version));
}

/** The months that have a report, newest first. */
export async function reportMonths(db: Database, limit: number): Promise<string[]> {
  const rows = await db.selectDistinct({ month: peppolReports.month }).from(peppolReports).orderBy(desc(peppolReports.month)).limit(limit);
  return rows.map((r) => r.month);
}

/** The access point fetched these outbox entries: reports still `built` become `picked-up` (the first fetch counts). */
export async function markReportsPickedUp(db: Database, outboxIds: readonly string[], at: string): Promise<number> {
  if (outboxIds.length === 0) return 0;
  const rows = await db.update(peppolReports).set({ status: 'picked-up', pickedUpAt: at })
    .where(and(inArray(peppolReports.outboxId, [...outboxIds]), eq(peppolReports.status, 'built'), isNull(peppolReports.pickedUpAt)))
    .returning({ id: peppolReports.id });
  return rows.length;
}

/** The access point acknowledged the report's outbox entry as sent; false when no report has that entry. */
export async function markReportAcknowledged(tx: Database, outboxId: string, at: string, by: string): Promise<boolean> {
  const rows = await tx.update(peppolReports)
    .set({ status: 'acknowledged', acknowledgedAt: at, acknowledgedBy: by, pickedUpAt: sql`coalesce(${peppolReports.pickedUpAt}, ${at}::timestamptz)` })
    .where(and(eq(peppolReports.outboxId, outboxId), isNull(peppolReports.acknowledgedAt)))
    .returning({ id: peppolReports.id });
  return rows.length === 1;
}

/** A version replaced by a newer one before the access point fetched it. */
export async function supersedeReport(tx: Database, id: string, at: string): Promise<void> {
  await tx.update(peppolReports).set({ status: 'superseded', supersededAt: at }).where(eq(peppolReports.id, id));
}
