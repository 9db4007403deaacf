/**
 * Produces the Peppol MLS response of a document received over Peppol: RE for a document that was
 * rejected (fatal findings of its stored validation report: SV / BV lines; by staff: their reason),
 * refused as a duplicate (an FD line, "duplicate"), or that names a receiver the directory does not
 * know (`unroutable`: an FD line, "unknown receiver" — at once, unless the Authority holds those
 * documents, `EINVOICE_MLS_HOLD_UNROUTABLE`: then only staff's rejection answers them); AP, where
 * configured (`EINVOICE_MLS_ACCEPTANCE`), for one that passed validation and reached a body. The response is checked
 * against the official MLS rules (scenario `peppol-mls`) by the hub's own engine before it is
 * stored: one that does not pass is never put in the outbox (fail closed, logged).
 *
 * Stored in one transaction: the file (role `mls`), the outbox row, an `mls` event on the
 * document. One response per document (unique index): running twice, or in two processes, is
 * harmless.
 */
import crypto from 'node:crypto';
import { isUniqueViolation } from '../../db/client';
import * as repo from '../../db/repositories/mls';
import type { Store } from '../../db/store';
import type { Finding, ValidateOptions, ValidationReport } from '../../validation/types';
import { PASSED_VALIDATION, REFUSED, type DocumentState } from '../documents/states';
import { attachFile, eventsOf, getDocument, readJsonFile, transition, type DocumentRow } from '../documents/store';
import { addToOutbox, outboxOfDocument, type OutboxRow, type SbdhMeta } from '../outbox';
import { buildMls, linesFromFindings, spisOf, type MlsLine, type MlsResponseCode } from './build';

/** The SBDH identifiers of an MLS (Peppol MLS 1.0: ApplicationResponse, CustomizationID urn:peppol:edec:mls:1.0). */
export const MLS_DOCUMENT_TYPE_ID = 'urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2::ApplicationResponse##urn:peppol:edec:mls:1.0::2.1';
export const MLS_PROCESS_ID = 'urn:peppol:edec:mls';

/** An MLS goes from the hub's access point to the provider that sent the original, both by their SPIS participant id (0242). */
export function mlsSbdh(hubSeat: string, receiverSeat: string): SbdhMeta {
  return { senderId: `0242:${spisOf(hubSeat)}`, receiverId: `0242:${spisOf(receiverSeat)}`, documentTypeId: MLS_DOCUMENT_TYPE_ID, processId: MLS_PROCESS_ID, c1Country: 'LU' };
}

export type MlsValidateFn = (bytes: Buffer, opts?: ValidateOptions) => Promise<ValidationReport>;

export interface MlsDeps {
  store: Store;
  validate: MlsValidateFn;
  /** Seat id of the hub's access point. */
  hubSeat: string;
  /** Produce AP responses for accepted documents too. */
  acceptance: boolean;
  /** Unroutable documents wait for staff (reroute or reject) instead of getting their RE at once. */
  holdUnroutable?: boolean;
  clock: () => Date;
}


export class MlsInvalidError extends Error {
  constructor(readonly findings: Finding[]) {
    super(`the MLS response does not pass the MLS rules: ${findings.map((f) => `${f.ruleId} ${f.message}`).join('; ').slice(0, 500)}`);
  }
}

export type MlsOutcome = { status: 'created'; id: string; code: MlsResponseCode } | { status: 'exists' | 'not-applicable'; reason?: string };

/** The overall texts of a negative response (MLS `cac:DocumentResponse/cac:Response/cbc:Description`). */
export const MLS_DESCRIPTIONS = {
  validation: 'Rejected due to validation errors',
  duplicate: 'Rejected: duplicate of a document received earlier',
  unknownReceiver: 'Rejected: unknown receiver (failure of delivery)',
  authority: 'Rejected by the Peppol Authority',
  authorityUnknownReceiver: 'Rejected by the Peppol Authority: unknown receiver (failure of delivery)',
} as const;

/** States whose documents get an RE, with or without the hold on unroutable ones. */
export function refusedStates(holdUnroutable: boolean): DocumentState[] {
  return holdUnroutable ? [...REFUSED] : [...REFUSED, 'unroutable'];
}

/** States whose documents get an AP when acceptance is configured: passed validation and not left without a receiver. */
const ACCEPTED: readonly DocumentState[] = PASSED_VALIDATION.filter((s) => s !== 'unroutable');

function unknownReceiverLine(doc: DocumentRow): MlsLine {
  const receiver = doc.receiverId ?? doc.buyerEndpointId;
  return { location: 'NA', reason: 'FD', description: `[HUB-UNKNOWN-RECEIVER] Unknown receiver${receiver ? ` ${receiver}` : ''}: no public body of the directory is addressed by this document; it cannot be delivered.${doc.lastError ? ` ${doc.lastError}` : ''}` };
}

/** The overall text and the lines of the response for a refused document (rejected, duplicate, unroutable). */
export async function rejectionOf(store: Store, doc: DocumentRow): Promise<{ description: string; lines: MlsLine[] }> {
  if (doc.state === 'duplicate') {
    return {
      description: MLS_DESCRIPTIONS.duplicate,
      lines: [{ location: 'NA', reason: 'FD', description: `[HUB-DUPLICATE] Duplicate of a document received earlier (same seller ${doc.sellerKey ?? '-'}, invoice number ${doc.invoiceNumber ?? '-'}, issue date ${doc.issueDate ?? '-'}, type ${doc.typeCode ?? '-'}); it is not delivered again.` }],
    };
  }
  if (doc.state === 'unroutable') return { description: MLS_DESCRIPTIONS.unknownReceiver, lines: [unknownReceiverLine(doc)] };
  const report = await readJsonFile<ValidationReport>(store, doc.id, 'validation-report');
  const lines = report ? linesFromFindings(report.findings) : [];
  if (lines.length > 0) return { description: MLS_DESCRIPTIONS.validation, lines };
  // rejected by staff, or no stored report: one line with the recorded reason
  const reason = doc.lastError ?? 'The document was rejected by the Peppol Authority.';
  const rejection = [...(await eventsOf(store, doc.id))].reverse().find((e) => e.toState === 'rejected' && e.fromState !== 'rejected');
  if (rejection?.fromState === 'unroutable') {
    // an unroutable document (held) rejected by staff: a failure of delivery, in their words
    return { description: MLS_DESCRIPTIONS.authorityUnknownReceiver, lines: [{ location: 'NA', reason: 'FD', description: `[HUB-REJECTED] ${reason}` }] };
  }
  return { description: MLS_DESCRIPTIONS.authority, lines: [{ location: 'NA', reason: 'BV', description: `[HUB-REJECTED] ${reason}` }] };
}

/** The lines of the response for a refused document (see `rejectionOf`). */
export async function rejectionLines(store: Store, doc: DocumentRow): Promise<MlsLine[]> {
  return (await rejectionOf(store, doc)).lines;
}

export async function produceMls(deps: MlsDeps, documentId: string): Promise<MlsOutcome> {
  const { store } = deps;
  const doc = await getDocument(store, documentId);
  if (doc === undefined) return { status: 'not-applicable', reason: 'no-document' };
  if (doc.channel !== 'peppol' || doc.sendingAp === null) return { status: 'not-applicable', reason: 'not-peppol' };
  if ((await outboxOfDocument(store, documentId, 'mls')).length > 0) return { status: 'exists' };
  const state = doc.state as DocumentState;
  let code: MlsResponseCode;
  let lines: MlsLine[];
  let description: string | undefined;
  if (refusedStates(deps.holdUnroutable === true).includes(state)) {
    code = 'RE';
    ({ description, lines } = await rejectionOf(store, doc));
  } else if (deps.acceptance && ACCEPTED.includes(state)) {
    code = 'AP';
    lines = [];
  } else {
    return { status: 'not-applicable', reason: `state ${state}` };
  }
  const at = deps.clock();
  const id = crypto.randomUUID();
  const referenceId = doc.instanceId ?? doc.as4MessageId ?? doc.id;
  const xml = buildMls({ id, issuedAt: at, senderSeat: deps.hubSeat, receiverSeat: doc.sendingAp, referenceId, code, lines, ...(description !== undefined ? { description } : {}) });
  const report = await deps.validate(xml, { scenario: 'peppol-mls', date: at.toISOString().slice(0, 10) });
  if (!report.valid) throw new MlsInvalidError(report.findings.filter((f) => f.flag === 'fatal'));
  const pack = report.packs.map((p) => `${p.id}@${p.version}`).join(',') || 'peppol-mls';
  const sha = await store.blobs.put(xml);
  try {
    const tr = await transition(store, documentId, {
      from: state, to: state, type: 'mls', actor: 'system:mls', at,
      details: { mlsId: id, responseCode: code, lines: lines.length, receiverAp: doc.sendingAp, referenceId, checkedWith: pack },
      also: async (tx) => {
        await addToOutbox(tx, { id, kind: 'mls', documentId, responseCode: code, sha256: sha, receiverAp: doc.sendingAp, referenceId, checkedWith: pack, sbdh: mlsSbdh(deps.hubSeat, doc.sendingAp ?? ''), at });
        await attachFile(tx, documentId, 'mls', sha, xml.length, 'application/xml', at.toISOString());
      },
    });
    if (!tr.changed) return { status: 'not-applicable', reason: 'state changed meanwhile' };
  } catch (err) {
    if (isUniqueViolation(err)) return { status: 'exists' };
    throw err;
  }
  return { status: 'created', id, code };
}

/** Peppol documents that need a response and have none yet (oldest first). */
export async function pendingMlsDocuments(store: Pick<Store, 'db'>, acceptance: boolean, limit = 100, skip: ReadonlySet<string> = new Set(), holdUnroutable = false): Promise<string[]> {
  const refused = refusedStates(holdUnroutable);
  return repo.documentsWithoutResponse(store.db, acceptance ? [...refused, ...ACCEPTED] : refused, limit, [...skip].slice(0, 5000));
}

/**
 * One pass: produces the responses of every pending document; returns how many were created.
 * `skip`: documents whose response failed recently (a response that does not pass the MLS rules must
 * not hold back the others: the caller keeps them aside for a while).
 */
export async function produceMlsPending(deps: MlsDeps, onError: (documentId: string, err: Error) => void, limit = 100, skip: ReadonlySet<string> = new Set()): Promise<number> {
  let n = 0;
  for (const id of await pendingMlsDocuments(deps.store, deps.acceptance, limit, skip, deps.holdUnroutable === true)) {
    try {
      const out = await produceMls(deps, id);
      if (out.status === 'created') n++;
    } catch (err) {
      onError(id, err as Error);
    }
  }
  return n;
}

/** The MLS of a document (in the outbox, or already taken by the access point), or undefined. */
export async function mlsOf(store: Pick<Store, 'db'>, documentId: string): Promise<OutboxRow | undefined> {
  return (await outboxOfDocument(store, documentId, 'mls'))[0];
}
