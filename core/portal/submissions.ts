/**
 * What a tracking link shows: the receipt right after sending and the status page later — the
 * document's kind, number and amount as sent, the body it goes to, its lifecycle from the
 * document's own events, the reasons of a refusal, the statuses the body set (accepted, rejected with
 * its reasons, paid…, core/invoice-response), and the files to download.
 */
import type { Lang } from '../../config/languages';
import * as repo from '../../db/repositories/portal';
import { responsesOf } from '../../db/repositories/responses';
import type { Store } from '../../db/store';
import type { ValidationReport } from '../../validation/types';
import { eventsOf, fileOf, getDocument, readJsonFile, type DocumentRow } from '../documents/store';
import { shownStatus, type ShownStatus } from '../invoice-response/view';
import { factsOf, type DocumentFacts } from './documents';
import { mapFinding, type MappedFinding } from './findings';
import { bodyName, resolveForReview } from './recipients';
import { hashToken, isToken, unknownLink } from './tokens';

/** The document a tracking link leads to; an unknown link is a not-found CoreError. */
export async function documentOfTracking(store: Pick<Store, 'db'>, tracking: string): Promise<DocumentRow> {
  if (!isToken(tracking)) throw unknownLink();
  const sub = await repo.findSubmission(store.db, hashToken(tracking));
  const doc = sub === undefined ? undefined : await getDocument(store, sub.documentId);
  if (doc === undefined) throw unknownLink();
  return doc;
}

export interface RecipientShown {
  bodyId: string;
  name: string;
  /** The identifier the document is addressed to (`scheme:value`). */
  identifier: string | null;
}

export interface Sent {
  trackingId: string;
  receivedAt: string;
  facts: DocumentFacts | null;
  recipient: RecipientShown | null;
}

/** The body the document went to (once routed) or goes to (as the review resolved it). */
async function recipientOfDocument(store: Store, doc: DocumentRow, xml: Buffer, facts: DocumentFacts | null, lang: Lang): Promise<RecipientShown | null> {
  const day = doc.receivedAt.slice(0, 10);
  if (doc.resolvedBodyId !== null) return { bodyId: doc.resolvedBodyId, name: await bodyName(store, doc.resolvedBodyId, day, lang), identifier: doc.buyerEndpointId ?? facts?.buyerEndpoint ?? null };
  const r = await resolveForReview(store, xml, day, lang);
  return r.ok ? { bodyId: r.bodyId, name: r.name, identifier: r.identifier } : null;
}

async function sentOf(store: Store, doc: DocumentRow, lang: Lang): Promise<Sent> {
  const xml = await store.blobs.get(doc.payloadSha256);
  const facts = factsOf(xml);
  return { trackingId: doc.id, receivedAt: doc.receivedAt, facts, recipient: await recipientOfDocument(store, doc, xml, facts, lang) };
}

export async function receiptOf(store: Store, tracking: string, lang: Lang): Promise<Sent> {
  return sentOf(store, await documentOfTracking(store, tracking), lang);
}

export interface StatusStep {
  at: string;
  state: string;
  bad: boolean;
  /** The body reached (routed, delivered), or the reason the route stage gave (unroutable). */
  detail: { body: string } | { text: string } | null;
}

export interface Status extends Sent {
  /** The statuses the receiving body set (Peppol Invoice Response), in the page language, oldest first. */
  bodyStatuses: ShownStatus[];
  state: string;
  steps: StatusStep[];
  findings: MappedFinding[];
  /** Set when the document was refused as a duplicate: the number and date it repeats. */
  duplicate: { number: string | null; date: string | null } | null;
  hasPdf: boolean;
}

const BAD = new Set(['rejected', 'duplicate', 'unroutable']);

export async function statusOf(store: Store, tracking: string, lang: Lang): Promise<Status> {
  const doc = await documentOfTracking(store, tracking);
  const sent = await sentOf(store, doc, lang);
  const day = doc.receivedAt.slice(0, 10);
  const steps: StatusStep[] = [];
  for (const e of await eventsOf(store, doc.id)) {
    if (e.type !== 'received' && e.fromState === e.toState) continue;
    const details = e.details;
    let detail: StatusStep['detail'] = null;
    if (e.toState === 'routed' || e.toState === 'delivered') {
      const id = typeof details.bodyId === 'string' ? details.bodyId : doc.resolvedBodyId;
      if (id) detail = { body: `${await bodyName(store, id, day, lang)} (${id})` };
    }
    if (e.toState === 'unroutable' && typeof details.message === 'string') detail = { text: details.message };
    steps.push({ at: e.at, state: e.toState, bad: BAD.has(e.toState) || e.toState.endsWith('_failed'), detail });
  }
  const report = await readJsonFile<ValidationReport>(store, doc.id, 'validation-report');
  return {
    ...sent, state: doc.state, steps,
    bodyStatuses: (await responsesOf(store.db, doc.id)).map((r) => shownStatus(r, lang)),
    findings: (report?.findings ?? []).map((f) => mapFinding(f, { allowances: 0, fields: new Set() })),
    duplicate: doc.state === 'duplicate' ? { number: doc.invoiceNumber, date: doc.issueDate } : null,
    hasPdf: (await fileOf(store, doc.id, 'pdf')) !== undefined,
  };
}

/** The XML sent (as received) or the standardised PDF once rendered, with the document id for the file name. */
export async function downloadOf(store: Store, tracking: string, what: 'xml' | 'pdf'): Promise<{ id: string; bytes: Buffer }> {
  const doc = await documentOfTracking(store, tracking);
  const sha = what === 'xml' ? doc.originalSha256 : await fileOf(store, doc.id, 'pdf');
  if (sha === undefined) throw unknownLink();
  return { id: doc.id, bytes: await store.blobs.get(sha) };
}
