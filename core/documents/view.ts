/**
 * What the documents API shows of a document: state, hand-off metadata, business keys, the stored
 * validation report's findings (plus the hub's own: duplicate, routing), the events, the body it
 * was routed to.
 */
import * as repo from '../../db/repositories/documents';
import type { DocumentRow } from '../../db/repositories/documents';
import type { Store } from '../../db/store';
import { hubMessage } from '../../validation/hub-texts';
import { withMessages } from '../../validation/messages';
import type { FindingMessages, ValidationReport } from '../../validation/types';
import { bodyNameOn } from './bodies';
import { readJsonFile } from './store';

export interface ShownFinding {
  source: string;
  ruleId: string;
  flag: string;
  location: string;
  /** The official text (English). */
  message: string;
  /** The same in French and German, where a text exists. */
  messages?: FindingMessages;
  [k: string]: unknown;
}

/** The hub's finding for a duplicate, as every audience sees it. */
export function duplicateFinding(doc: Pick<DocumentRow, 'duplicateOf' | 'sellerKey' | 'invoiceNumber' | 'issueDate' | 'typeCode'>): ShownFinding {
  return {
    source: 'hub', ruleId: 'HUB-DUPLICATE', flag: 'fatal', location: '/',
    ...hubMessage('duplicate', { of: doc.duplicateOf ?? '?', seller: doc.sellerKey ?? '-', number: doc.invoiceNumber ?? '-', date: doc.issueDate ?? '-', type: doc.typeCode ?? '-' }),
  };
}

/**
 * Every finding of a document: the stored report's, the duplicate's, the routing's (latest route
 * event), each with its French and German texts (a report stored before the texts gets them here).
 */
export async function findingsOf(store: Store, doc: DocumentRow, events?: repo.EventRow[]): Promise<{ report: ValidationReport | null; findings: ShownFinding[] }> {
  const stored = (await readJsonFile<ValidationReport>(store, doc.id, 'validation-report')) ?? null;
  const report = stored === null ? null : { ...stored, findings: stored.findings.map(withMessages) };
  const findings: ShownFinding[] = (report?.findings ?? []).map((f) => ({ ...f }));
  if (doc.state === 'duplicate') findings.unshift(duplicateFinding(doc));
  const evs = events ?? (await repo.eventsOf(store.db, doc.id));
  const route = [...evs].reverse().find((e) => e.actor === 'system:route' && (e.toState === 'routed' || e.toState === 'unroutable'));
  const routeFindings = (route?.details as { findings?: { ruleId: string; flag: string; location: string; message: string }[] } | undefined)?.findings ?? [];
  for (const f of routeFindings) findings.push(withMessages({ source: 'route', ...f }));
  return { report, findings };
}

export async function documentView(store: Store, doc: DocumentRow): Promise<Record<string, unknown>> {
  const evs = await repo.eventsOf(store.db, doc.id);
  const { report, findings } = await findingsOf(store, doc, evs);
  return {
    id: doc.id,
    status: doc.state,
    channel: doc.channel,
    receivedAt: doc.receivedAt,
    updatedAt: doc.updatedAt,
    sizeBytes: doc.sizeBytes,
    sha256: doc.originalSha256,
    handOff: {
      senderId: doc.senderId, receiverId: doc.receiverId, documentTypeId: doc.documentTypeId, processId: doc.processId,
      instanceId: doc.instanceId, c1Country: doc.c1Country, as4MessageId: doc.as4MessageId, sendingAp: doc.sendingAp,
    },
    invoice: { number: doc.invoiceNumber, issueDate: doc.issueDate, typeCode: doc.typeCode, sellerKey: doc.sellerKey, buyerEndpointId: doc.buyerEndpointId, root: doc.rootName },
    validation: report === null ? null : { valid: report.valid, scenario: report.scenario, engine: report.engine, date: report.date, packs: report.packs },
    findings,
    duplicateOf: doc.duplicateOf,
    resolvedBody: doc.resolvedBodyId === null ? null : { id: doc.resolvedBodyId, name: await bodyNameOn(store, doc.resolvedBodyId, doc.receivedAt.slice(0, 10)) },
    lastError: doc.lastError,
    events: evs.map((e) => ({ seq: e.seq, at: e.at, actor: e.actor, type: e.type, from: e.fromState, to: e.toState, details: e.details })),
    links: { self: `/api/v1/documents/${doc.id}`, xml: `/api/v1/documents/${doc.id}/xml`, pdf: `/api/v1/documents/${doc.id}/pdf` },
  };
}
