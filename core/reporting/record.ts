/**
 * Recording the exchange ledger, at the moment of each exchange, in the transaction that records the
 * exchange itself (docs/peppol-reporting.md, "Recording"):
 *
 *  - a Peppol document received: `recordPeppolReception`, called by ingest inside its transaction
 *    for the `peppol` channel (the web forms and the upload API are no Peppol exchanges: nothing is
 *    recorded for them). The row is complete at once: the end user is the body that owns the SBDH
 *    receiver's participant id in the directory as it stood on the reception date — not the body the
 *    route stage resolves later, because the reports count the exchange at its AS4 Receipt, before
 *    validation, and documents that are rejected or refused as duplicates are counted too although
 *    they are never routed;
 *  - an outbox entry the access point acknowledged as sent: `reportingOnAcknowledged` (the
 *    `onAcknowledged` of `acknowledgeOutbox`): a `sent` row for an MLS or an Invoice Response (any
 *    kind but the reports), the report's status for a TSR or an EUSR (reports are never counted).
 */
import crypto from 'node:crypto';
import { config } from '../../config';
import type { Database } from '../../db/client';
import type { OutboxRow } from '../../db/repositories/outbox';
import * as repo from '../../db/repositories/reporting';
import { buildIndex, type DirectoryIndex } from '../directory/directory-index';
import { ExtractError, extractRouting } from '../directory/extract';
import { resolveRecipient } from '../directory/resolve';
import { parseParticipantId } from '../directory/schemes';
import { CoreError } from '../errors';
import { HUB_COUNTRY, identifiersFromDocument, isReportKind, SPIS_SCHEME } from './identifiers';
import { DOCTYPE_SCHEME, PROCESS_SCHEME, SEAT_ID, TRANSPORT_AS4, type PeppolId } from './ledger';

export interface EndUser {
  endUserId: string | null;
  from: 'directory' | 'participant' | 'none';
}

const UNKNOWN_PARTICIPANT = 'unknown:unknown';

/** `scheme:value` of a participant id as the SBDH or the document gives it (`iso6523-actorid-upis::` dropped). */
function participantOf(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined || raw.trim() === '') return null;
  const p = parseParticipantId(raw);
  return p === null ? null : `${p.scheme}:${p.value}`;
}

/** The legal body of a body: an accounting unit is counted as the body it belongs to (climbing until a body that is not one). */
function legalBodyOf(index: DirectoryIndex, bodyId: string): string {
  let b = index.bodies.get(bodyId);
  const seen = new Set<string>();
  while (b !== undefined && b.type === 'accounting-unit' && b.parentId !== null && !seen.has(b.id)) {
    seen.add(b.id);
    const parent = index.bodies.get(b.parentId);
    if (parent === undefined) break;
    b = parent;
  }
  return b?.id ?? bodyId;
}

/**
 * The end user behind a participant id on `date` (YYYY-MM-DD): the body of the directory that the
 * identifier designates on that date (after its successors, as the route stage's first step follows
 * them), as its legal body; when no body has it, the participant id itself (lower case: participant
 * ids compare case-insensitively), so that one unknown participant is one end user. Reads the
 * directory in the caller's transaction, or looks it up in `cached`, the process's directory index
 * (history included, so the answer is the same; ingest passes it and spares three queries a reception).
 */
export async function endUserOf(tx: Database, participantId: string, date: string, cached?: DirectoryIndex): Promise<EndUser> {
  const pid = parseParticipantId(participantId);
  if (pid === null) return { endUserId: participantId.trim().toLowerCase(), from: 'participant' };
  const asParticipant: EndUser = { endUserId: `${pid.scheme}:${pid.value.toLowerCase()}`, from: 'participant' };
  let index = cached;
  if (index === undefined) {
    const rows = await repo.directoryRowsForIdentifier(tx, pid.scheme, pid.value.trim().toLowerCase());
    if (rows.identifiers.length === 0) return asParticipant;
    index = buildIndex(rows);
  }
  const r = resolveRecipient(index, { receiver: `${pid.scheme}:${pid.value}` }, date);
  return r.ok ? { endUserId: legalBodyOf(index, r.bodyId), from: 'directory' } : asParticipant;
}

/** What ingest knows of a Peppol reception (its SBDH reader's result, the hand-off headers). */
export interface ReceptionInput {
  channel: string;
  sbdh: {
    receiverId: string | null;
    documentTypeId: string | null;
    documentTypeScheme: string | null;
    processId: string | null;
    processScheme: string | null;
    c1Country: string | null;
  } | null;
  payload: Buffer;
  rootName: string;
  rootNamespace: string | null;
  as4MessageId: string | null;
  sendingAp: string | null;
  /** The reception instant (ISO, UTC). */
  at: string;
  /** The document the reception created, or the earlier one a replayed submission answers. */
  documentId: string;
}

/** The receiver a bare business document names (BT-49), when the hand-off carried no SBDH. */
function receiverFromDocument(payload: Buffer): string | null {
  try {
    const r = extractRouting(payload);
    return r.bt49?.scheme !== undefined && r.bt49.value.trim() !== '' ? `${r.bt49.scheme}:${r.bt49.value.trim()}` : null;
  } catch (err) {
    if (err instanceof ExtractError) return null;
    throw err;
  }
}

/** The ledger row of one reception, or null when it is no Peppol exchange (see `recordPeppolReceptions`). */
async function receptionRow(tx: Database, r: ReceptionInput, hubSeat: string, endUsers: Map<string, EndUser>, index: DirectoryIndex | undefined): Promise<repo.NewLedgerDbRow | null> {
  if (r.channel !== 'peppol' || r.as4MessageId === null || r.as4MessageId.trim() === '' || r.sendingAp === null || !SEAT_ID.test(r.sendingAp)) return null;
  const sb = r.sbdh;
  let documentType: PeppolId;
  let process: PeppolId;
  let identifiersFrom: 'sbdh' | 'document';
  if (sb !== null && sb.documentTypeId !== null && sb.processId !== null) {
    documentType = { scheme: sb.documentTypeScheme ?? DOCTYPE_SCHEME, value: sb.documentTypeId };
    process = { scheme: sb.processScheme ?? PROCESS_SCHEME, value: sb.processId };
    identifiersFrom = 'sbdh';
  } else {
    ({ documentType, process } = identifiersFromDocument(r.payload.subarray(0, 65_536).toString('utf8'), r.rootName, r.rootNamespace));
    identifiersFrom = 'document';
  }
  const participant = participantOf(sb?.receiverId) ?? (sb === null ? participantOf(receiverFromDocument(r.payload)) : null);
  const date = r.at.slice(0, 10);
  let endUser: EndUser = { endUserId: UNKNOWN_PARTICIPANT, from: 'participant' };
  if (participant !== null) {
    const key = `${participant}\u0000${date}`;
    endUser = endUsers.get(key) ?? (await endUserOf(tx, participant, date, index));
    endUsers.set(key, endUser);
  }
  return {
    id: crypto.randomUUID(), direction: 'received', as4MessageId: r.as4MessageId.trim(), exchangedAt: r.at, acknowledged: true,
    c2SeatId: r.sendingAp, c3SeatId: hubSeat,
    documentTypeScheme: documentType.scheme, documentTypeValue: documentType.value, processScheme: process.scheme, processValue: process.value, identifiersFrom,
    transportProtocol: TRANSPORT_AS4, c1Country: sb?.c1Country ?? null, c4Country: HUB_COUNTRY,
    hubParticipantId: participant ?? UNKNOWN_PARTICIPANT, endUserId: endUser.endUserId, endUserFrom: endUser.from,
    documentId: r.documentId, outboxId: null, outboxKind: null, recordedAt: r.at,
  };
}

/**
 * Records the documents of an ingest transaction that were received over Peppol (channel `peppol`,
 * with the hand-off's AS4 message id and sending access point; the other channels record nothing),
 * new documents and replayed submissions alike: a submission answered with an earlier document but
 * carried by a new AS4 message is a new exchange (the sending provider counts it too); the same AS4
 * message again (a replayed hand-off) keeps its first row. Runs in the ingest transaction, one
 * multi-row insert for the whole batch; answers how many rows were added.
 */
export async function recordPeppolReceptions(tx: Database, list: readonly ReceptionInput[], o: { hubSeat?: string; index?: DirectoryIndex } = {}): Promise<number> {
  const endUsers = new Map<string, EndUser>();
  const rows: repo.NewLedgerDbRow[] = [];
  for (const r of list) {
    const row = await receptionRow(tx, r, o.hubSeat ?? config.peppolSeatId, endUsers, o.index);
    if (row !== null) rows.push(row);
  }
  return repo.insertLedgerRows(tx, rows);
}

/** What the access point may say when it acknowledges an outbox entry as sent. */
export interface SendingInfo {
  /** `eb:MessageId` of the AS4 message it sent (default: `outbox:<entry id>`, unique per entry). */
  as4MessageId?: string | null;
  /** Seat id of the access point it delivered to (default: the entry's `receiverAp`). */
  receiverAp?: string | null;
  /** Transport profile used (default `peppol-transport-as4-v2_0`). */
  transportProfile?: string | null;
}

/**
 * The `onAcknowledged` of `acknowledgeOutbox`: in the acknowledging transaction, a report's entry
 * marks the report acknowledged; any other entry (MLS, Invoice Response — whatever code put it in the
 * outbox) becomes a `sent` row of the ledger. The receiving access point must be known (the entry's
 * `receiverAp` or the access point's `receiverAp`): the TSR counts outgoing exchanges per receiving
 * provider; without it the acknowledgement is refused (CoreError `receiver-ap-required`).
 */
export function reportingOnAcknowledged(actor: string, info: SendingInfo = {}, hubSeat: string = config.peppolSeatId): (tx: Database, entry: OutboxRow, at: Date) => Promise<void> {
  return async (tx, entry, at) => {
    const when = at.toISOString();
    if (isReportKind(entry.kind)) {
      await repo.markReportAcknowledged(tx, entry.id, when, actor);
      return;
    }
    const receiverAp = info.receiverAp?.trim() || entry.receiverAp;
    if (receiverAp === null || receiverAp === undefined || !SEAT_ID.test(receiverAp)) {
      throw new CoreError('invalid', 'receiver-ap-required', 'Receiving access point required',
        `The outbox entry ${entry.id} names no receiving access point: acknowledge it with {"receiverAp": "<seat id of the access point it was delivered to>"} (the transaction statistics count outgoing messages per receiving provider).`);
    }
    const sender = participantOf(entry.senderId) ?? entry.senderId;
    // a service provider's own participant id (SPIS, 0242: the MLS) is no end user
    const endUser: EndUser = sender.startsWith(`${SPIS_SCHEME}:`) ? { endUserId: null, from: 'none' } : await endUserOf(tx, sender, when.slice(0, 10));
    await repo.insertLedgerRow(tx, {
      id: crypto.randomUUID(), direction: 'sent', as4MessageId: info.as4MessageId?.trim() || `outbox:${entry.id}`, exchangedAt: when, acknowledged: true,
      c2SeatId: hubSeat, c3SeatId: receiverAp,
      documentTypeScheme: DOCTYPE_SCHEME, documentTypeValue: entry.documentTypeId, processScheme: PROCESS_SCHEME, processValue: entry.processId, identifiersFrom: 'outbox',
      transportProtocol: info.transportProfile?.trim() || TRANSPORT_AS4, c1Country: entry.c1Country ?? HUB_COUNTRY, c4Country: null,
      hubParticipantId: sender, endUserId: endUser.endUserId, endUserFrom: endUser.from,
      documentId: entry.documentId, outboxId: entry.id, outboxKind: entry.kind, recordedAt: when,
    });
  };
}
