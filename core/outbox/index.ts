/**
 * The Peppol outbox: what the hub sends over Peppol waits here for the hub's access point (MLS
 * responses, Invoice Responses, TSR/EUSR reports), checked against its rules before it enters, with
 * the SBDH metadata the access point needs. The access point lists the pending entries, fetches
 * each XML, and acknowledges what it took over; an acknowledgement is recorded once, with an event
 * on the document an entry answers (in the same transaction), and reported to `onAcknowledged`
 * (the exchange ledger counts what was sent).
 */
import crypto from 'node:crypto';
import type { Database } from '../../db/client';
import * as repo from '../../db/repositories/outbox';
import type { Store } from '../../db/store';
import { appendEventTx } from '../documents/store';

export type { OutboxRow } from '../../db/repositories/outbox';

export const OUTBOX_KINDS = ['mls', 'invoice-response', 'tsr', 'eusr'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

/** The SBDH of a message to send: participants (`scheme:value`), document type and process, sender's country. */
export interface SbdhMeta {
  senderId: string;
  receiverId: string;
  documentTypeId: string;
  processId: string;
  c1Country?: string | null;
}

export interface NewOutboxEntry {
  /** The entry's id (default: a new UUID); an MLS uses the id its XML carries. */
  id?: string;
  kind: OutboxKind;
  documentId?: string | null;
  responseCode?: string | null;
  /** SHA-256 of the XML, already in the blob store. */
  sha256: string;
  receiverAp?: string | null;
  referenceId?: string | null;
  checkedWith: string;
  sbdh: SbdhMeta;
  at: Date;
}

/** Adds an entry (inside the caller's transaction); returns its id. */
export async function addToOutbox(tx: Database, e: NewOutboxEntry): Promise<string> {
  const id = e.id ?? crypto.randomUUID();
  await repo.insertOutbox(tx, {
    id, kind: e.kind, documentId: e.documentId ?? null, responseCode: e.responseCode ?? null, sha256: e.sha256,
    receiverAp: e.receiverAp ?? null, referenceId: e.referenceId ?? null, checkedWith: e.checkedWith,
    senderId: e.sbdh.senderId, receiverId: e.sbdh.receiverId, documentTypeId: e.sbdh.documentTypeId, processId: e.sbdh.processId,
    c1Country: e.sbdh.c1Country ?? null, createdAt: e.at.toISOString(),
  });
  return id;
}

export async function pendingOutbox(store: Pick<Store, 'db'>, limit: number, kind?: OutboxKind): Promise<repo.OutboxRow[]> {
  return repo.pendingOutboxRows(store.db, limit, kind);
}

export async function outboxEntry(store: Pick<Store, 'db'>, id: string): Promise<repo.OutboxRow | undefined> {
  return /^[0-9a-f-]{36}$/.test(id) ? repo.outboxById(store.db, id) : undefined;
}

export async function outboxOfDocument(store: Pick<Store, 'db'>, documentId: string, kind: OutboxKind): Promise<repo.OutboxRow[]> {
  return repo.outboxOfDocument(store.db, documentId, kind);
}

/** What happens in the acknowledging transaction besides the mark and the event (the ledger's row). */
export type OnAcknowledged = (tx: Database, entry: repo.OutboxRow, at: Date) => Promise<void>;

/**
 * The access point took an entry over: it leaves the outbox; the document it answers gets an
 * `<kind>-taken` event (`mls-taken` for an MLS). Acknowledging again changes nothing. Undefined
 * when unknown.
 */
export async function acknowledgeOutbox(store: Store, id: string, actor: string, at: Date, onAcknowledged?: OnAcknowledged): Promise<{ id: string; ackedAt: string } | undefined> {
  const row = await outboxEntry(store, id);
  if (row === undefined) return undefined;
  if (row.ackedAt !== null) return { id: row.id, ackedAt: row.ackedAt };
  await store.db.transaction(async (tx) => {
    if (!(await repo.ackOutbox(tx, row.id, at.toISOString(), actor))) return;
    if (row.documentId !== null) await appendEventTx(tx, row.documentId, actor, `${row.kind}-taken`, { outboxId: row.id, ...(row.kind === 'mls' ? { mlsId: row.id } : {}), responseCode: row.responseCode }, at);
    await onAcknowledged?.(tx, row, at);
  });
  const now = await repo.outboxById(store.db, row.id);
  return { id: row.id, ackedAt: now?.ackedAt ?? at.toISOString() };
}
