/**
 * Produces the Peppol MLS response of a document received over Peppol: RE for a document that was
 * rejected (fatal findings of its stored validation report) or refused as a duplicate; AP, where
 * configured (`EINVOICE_MLS_ACCEPTANCE`), for one that passed validation. The response is checked
 * against the official MLS rules (scenario `peppol-mls`) by the hub's own engine before it is
 * stored: one that does not pass is never put in the outbox (fail closed, logged).
 *
 * Stored in one transaction: the file (role `mls`), the outbox row, an `mls` event on the
 * document. One response per document (unique index): running twice, or in two processes, is
 * harmless.
 */
import crypto from 'node:crypto';
import { and, eq, inArray, isNull, notExists, notInArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { attachFile, fileOf, type FileStore } from '../../db/file-store';
import { documents, mlsOutbox } from '../../db/schema';
import type { DocumentRow } from '../../db/schema';
import type { Finding, ValidateOptions, ValidationReport } from '../../validation/types';
import { getDocument, transition, type DocumentState } from '../stage-contract';
import { buildMls, linesFromFindings, type MlsLine, type MlsResponseCode } from './build';

export type MlsValidateFn = (bytes: Buffer, opts?: ValidateOptions) => Promise<ValidationReport>;

export interface MlsDeps {
  db: Database;
  files: FileStore;
  validate: MlsValidateFn;
  /** Seat id of the hub's access point. */
  hubSeat: string;
  /** Produce AP responses for accepted documents too. */
  acceptance: boolean;
  clock: () => Date;
}

/** States in which a Peppol document has passed validation (an AP may be sent). */
export const ACCEPTED_STATES: DocumentState[] = ['validated', 'routed', 'unroutable', 'rendered', 'delivered', 'acknowledged', 'route_failed', 'render_failed', 'dispatch_failed'];
export const REJECTED_STATES: DocumentState[] = ['rejected', 'duplicate'];

export class MlsInvalidError extends Error {
  constructor(readonly findings: Finding[]) {
    super(`the MLS response does not pass the MLS rules: ${findings.map((f) => `${f.ruleId} ${f.message}`).join('; ').slice(0, 500)}`);
  }
}

export type MlsOutcome = { status: 'created'; id: string; code: MlsResponseCode } | { status: 'exists' | 'not-applicable'; reason?: string };

function storedReport(db: Database, files: FileStore, documentId: string): ValidationReport | null {
  const sha = fileOf(db, documentId, 'validation-report');
  if (sha === undefined || !files.has(sha)) return null;
  return JSON.parse(files.get(sha).toString('utf8')) as ValidationReport;
}

/** The lines of the response for a document in a rejected state. */
export function rejectionLines(db: Database, files: FileStore, doc: DocumentRow): MlsLine[] {
  if (doc.state === 'duplicate') {
    return [{ location: 'NA', reason: 'BV', description: `[HUB-DUPLICATE] Duplicate of a document received earlier (same seller ${doc.sellerKey ?? '-'}, invoice number ${doc.invoiceNumber ?? '-'}, issue date ${doc.issueDate ?? '-'}, type ${doc.typeCode ?? '-'}).` }];
  }
  const report = storedReport(db, files, doc.id);
  const lines = report ? linesFromFindings(report.findings) : [];
  if (lines.length > 0) return lines;
  // rejected by staff, or no stored report: one line with the recorded reason
  const reason = doc.lastError ?? 'The document was rejected by the Peppol Authority.';
  return [{ location: 'NA', reason: 'BV', description: `[HUB-REJECTED] ${reason}` }];
}

export async function produceMls(deps: MlsDeps, documentId: string): Promise<MlsOutcome> {
  const doc = getDocument(deps.db, documentId);
  if (doc === undefined) return { status: 'not-applicable', reason: 'no-document' };
  if (doc.channel !== 'peppol' || doc.sendingAp === null) return { status: 'not-applicable', reason: 'not-peppol' };
  const existing = deps.db.select({ id: mlsOutbox.id }).from(mlsOutbox).where(eq(mlsOutbox.documentId, documentId)).get();
  if (existing !== undefined) return { status: 'exists' };
  const state = doc.state as DocumentState;
  let code: MlsResponseCode;
  let lines: MlsLine[];
  if (REJECTED_STATES.includes(state)) {
    code = 'RE';
    lines = rejectionLines(deps.db, deps.files, doc);
  } else if (deps.acceptance && ACCEPTED_STATES.includes(state)) {
    code = 'AP';
    lines = [];
  } else {
    return { status: 'not-applicable', reason: `state ${state}` };
  }
  const id = crypto.randomUUID();
  const at = deps.clock();
  const referenceId = doc.instanceId ?? doc.as4MessageId ?? doc.id;
  const xml = buildMls({ id, issuedAt: at, senderSeat: deps.hubSeat, receiverSeat: doc.sendingAp, referenceId, code, lines });
  const report = await deps.validate(xml, { scenario: 'peppol-mls', date: at.toISOString().slice(0, 10) });
  if (!report.valid) throw new MlsInvalidError(report.findings.filter((f) => f.flag === 'fatal'));
  const pack = report.packs.map((p) => `${p.id}@${p.version}`).join(',') || 'peppol-mls';
  const sha = deps.files.put(xml);
  try {
    const tr = transition(deps.db, documentId, {
      from: state, to: state, type: 'mls', actor: 'system:mls', at,
      details: { mlsId: id, responseCode: code, lines: lines.length, receiverAp: doc.sendingAp, referenceId, checkedWith: pack },
      also: (tx) => {
        tx.insert(mlsOutbox).values({ id, documentId, responseCode: code, sha256: sha, receiverAp: doc.sendingAp ?? '', referenceId, checkedWith: pack, createdAt: at.toISOString() }).run();
        attachFile(tx, documentId, 'mls', sha, xml.length, 'application/xml', at.toISOString());
      },
    });
    if (!tr.changed) return { status: 'not-applicable', reason: 'state changed meanwhile' };
  } catch (err) {
    if (/UNIQUE/i.test((err as Error).message)) return { status: 'exists' };
    throw err;
  }
  return { status: 'created', id, code };
}

/** Peppol documents that need a response and have none yet (oldest first). */
export function pendingMlsDocuments(db: Database, acceptance: boolean, limit = 100, skip: ReadonlySet<string> = new Set()): string[] {
  const states = acceptance ? [...REJECTED_STATES, ...ACCEPTED_STATES] : REJECTED_STATES;
  return db.select({ id: documents.id }).from(documents).where(and(
    eq(documents.channel, 'peppol'),
    inArray(documents.state, states),
    notExists(db.select({ one: sql`1` }).from(mlsOutbox).where(eq(mlsOutbox.documentId, documents.id))),
    skip.size > 0 ? notInArray(documents.id, [...skip].slice(0, 5000)) : undefined,
  )).orderBy(documents.updatedAt).limit(limit).all().map((r) => r.id);
}

/**
 * One pass: produces the responses of every pending document; returns how many were created.
 * `skip`: documents whose response failed recently (a response that does not pass the MLS rules must
 * not hold back the others: the caller keeps them aside for a while).
 */
export async function produceMlsPending(deps: MlsDeps, onError: (documentId: string, err: Error) => void, limit = 100, skip: ReadonlySet<string> = new Set()): Promise<number> {
  let n = 0;
  for (const id of pendingMlsDocuments(deps.db, deps.acceptance, limit, skip)) {
    try {
      const out = await produceMls(deps, id);
      if (out.status === 'created') n++;
    } catch (err) {
      onError(id, err as Error);
    }
  }
  return n;
}

/** Outbox rows not yet acknowledged by the access point. */
export function pendingOutbox(db: Database, limit: number, after?: string): (typeof mlsOutbox.$inferSelect)[] {
  return db.select().from(mlsOutbox).where(and(isNull(mlsOutbox.ackedAt), after === undefined ? undefined : sql`${mlsOutbox.createdAt} || ${mlsOutbox.id} > ${after}`))
    .orderBy(mlsOutbox.createdAt, mlsOutbox.id).limit(limit).all();
}
