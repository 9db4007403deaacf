/**
 * Documents API:
 *  - `POST /api/v1/documents` — upload (XML body or multipart field `file`) → `202 {"id","status"}`;
 *    optional header `X-Notify-Email`: where to mail the findings if the document is refused
 *  - `GET /api/v1/documents/{id}` — state, hand-off metadata, findings, events, resolved body
 *  - `GET /api/v1/documents/{id}/xml` — the bytes exactly as received (`?part=payload`: the
 *    business document inside an SBDH); `/pdf` — the rendered PDF once the render stage made it.
 * Visibility: authority sees all; an API client the documents it submitted; a body token the
 * documents routed to that body or to one of its accounting units (`reachableBodies()`, the
 * inbox's rule). Anything else is a 404 (existence is not disclosed).
 */
import { and, asc, desc, eq, isNull, lte, or, gte } from 'drizzle-orm';
import { Router, type Response } from 'express';
import { fileOf } from '../../../db/file-store';
import { bodyNames, events, type DocumentRow } from '../../../db/schema';
import { reachableBodies } from '../../../workers/dispatch/store';
import { isNotifyAddress, NOTIFY_LANGS, registerNotifyAddress, type NotifyLang } from '../../../workers/mls/notify';
import { getDocument } from '../../../workers/stage-contract';
import type { ValidationReport } from '../../../validation/types';
import { principalOf, requireAuth, type Principal } from '../../auth';
import type { AppDeps } from '../../deps';
import { ProblemError } from '../../errors';
import { isXmlType, readMultipartFile, readXmlBody } from '../../ingest/body';
import { ingestDocument } from '../../ingest/ingest';

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function canSee(deps: AppDeps, p: Principal, doc: DocumentRow): boolean {
  if (p.scope === 'authority') return true;
  if (p.scope === 'api-client' || p.scope === 'access-point') return doc.submittedBy === p.actor;
  if (p.scope === 'body') return p.bodyId !== null && doc.resolvedBodyId !== null && reachableBodies(deps.db, p.bodyId).includes(doc.resolvedBodyId);
  return false;
}

function loadVisible(deps: AppDeps, id: string, res: Response): DocumentRow {
  const doc = ID.test(id) ? getDocument(deps.db, id) : undefined;
  if (doc === undefined || !canSee(deps, principalOf(res), doc)) throw new ProblemError(404, 'document-not-found', 'Document not found', `No document ${id.slice(0, 64)} visible to this token.`);
  return doc;
}

/** The body's French official name as it stood on the date (null when the directory has none). */
function bodyNameOn(deps: AppDeps, bodyId: string, date: string): string | null {
  const row = deps.db
    .select({ name: bodyNames.name })
    .from(bodyNames)
    .where(and(eq(bodyNames.bodyId, bodyId), eq(bodyNames.lang, 'fr'), lte(bodyNames.validFrom, date), or(isNull(bodyNames.validTo), gte(bodyNames.validTo, date))))
    .orderBy(desc(bodyNames.validFrom))
    .get();
  return row?.name ?? null;
}

export function documentView(deps: AppDeps, doc: DocumentRow): Record<string, unknown> {
  const reportSha = fileOf(deps.db, doc.id, 'validation-report');
  let report: ValidationReport | null = null;
  if (reportSha !== undefined && deps.files.has(reportSha)) report = JSON.parse(deps.files.get(reportSha).toString('utf8')) as ValidationReport;
  const findings: unknown[] = report?.findings ?? [];
  if (doc.state === 'duplicate') {
    findings.unshift({ source: 'hub', ruleId: 'HUB-DUPLICATE', flag: 'fatal', location: '/', message: `Duplicate of document ${doc.duplicateOf ?? '?'}: same seller (${doc.sellerKey ?? '-'}), invoice number ${doc.invoiceNumber ?? '-'}, issue date ${doc.issueDate ?? '-'} and type ${doc.typeCode ?? '-'}. It is not routed nor delivered.` });
  }
  const evs = deps.db.select().from(events).where(eq(events.documentId, doc.id)).orderBy(asc(events.seq)).all();
  // Routing findings (missing required references, redirections, envelope/BT-49 mismatch) of the latest route event.
  const route = [...evs].reverse().find((e) => e.actor === 'system:route' && (e.toState === 'routed' || e.toState === 'unroutable'));
  if (route) {
    const details = JSON.parse(route.details) as { findings?: { ruleId: string; flag: string; location: string; message: string }[] };
    for (const f of details.findings ?? []) findings.push({ source: 'route', ...f });
  }
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
    resolvedBody: doc.resolvedBodyId === null ? null : { id: doc.resolvedBodyId, name: bodyNameOn(deps, doc.resolvedBodyId, doc.receivedAt.slice(0, 10)) },
    lastError: doc.lastError,
    events: evs.map((e) => ({ seq: e.seq, at: e.at, actor: e.actor, type: e.type, from: e.fromState, to: e.toState, details: JSON.parse(e.details) as unknown })),
    links: { self: `/api/v1/documents/${doc.id}`, xml: `/api/v1/documents/${doc.id}/xml`, pdf: `/api/v1/documents/${doc.id}/pdf` },
  };
}

export function documentsRouter(deps: AppDeps): Router {
  const r = Router();
  r.post('/api/v1/documents', requireAuth(deps, 'api-client'), async (req, res) => {
    const ct = req.get('content-type') ?? '';
    let bytes: Buffer;
    try {
      // optional address to tell the submitter of a refusal (workers/mls/notify.ts)
      const notifyEmail = req.get('x-notify-email')?.trim() ?? '';
      if (notifyEmail !== '' && !isNotifyAddress(notifyEmail)) throw new ProblemError(400, 'bad-notify-email', 'Bad X-Notify-Email', 'X-Notify-Email must be one e-mail address (for example ap@example.lu).');
      if (isXmlType(ct)) bytes = await readXmlBody(req, deps.maxDocumentBytes);
      else if (/^multipart\/form-data/i.test(ct)) bytes = (await readMultipartFile(req, deps.maxDocumentBytes)).bytes;
      else throw new ProblemError(415, 'unsupported-media-type', 'Unsupported media type', `Send the document as application/xml, or as multipart/form-data with a field "file" (got "${ct.slice(0, 80) || 'none'}").`);
      const out = await ingestDocument(deps, { bytes, channel: 'api', submittedBy: principalOf(res).actor });
      if (notifyEmail !== '') registerNotifyAddress(deps.db, out.id, notifyEmail, (req.acceptsLanguages(...NOTIFY_LANGS) || 'fr') as NotifyLang);
      res.status(202).location(`/api/v1/documents/${out.id}`).json({ id: out.id, status: out.status });
    } catch (err) {
      if (err instanceof ProblemError) {
        deps.metrics.ingestRejected.inc({ reason: err.slug });
        if (err.status === 413) res.set('Connection', 'close');
      }
      throw err;
    }
  });
  r.get('/api/v1/documents/:id', requireAuth(deps, 'api-client', 'body:*'), (req, res) => {
    res.json(documentView(deps, loadVisible(deps, String(req.params.id), res)));
  });
  r.get('/api/v1/documents/:id/xml', requireAuth(deps, 'api-client', 'body:*'), (req, res) => {
    const doc = loadVisible(deps, String(req.params.id), res);
    const sha = req.query.part === 'payload' ? doc.payloadSha256 : doc.originalSha256;
    res.type('application/xml').set('Content-Disposition', `attachment; filename="${doc.id}.xml"`).send(deps.files.get(sha));
  });
  r.get('/api/v1/documents/:id/pdf', requireAuth(deps, 'api-client', 'body:*'), (req, res) => {
    const doc = loadVisible(deps, String(req.params.id), res);
    const sha = fileOf(deps.db, doc.id, 'pdf');
    if (sha === undefined) throw new ProblemError(404, 'pdf-not-available', 'PDF not available', `Document ${doc.id} has no rendered PDF (status ${doc.state}).`);
    res.type('application/pdf').set('Content-Disposition', `attachment; filename="${doc.id}.pdf"`).send(deps.files.get(sha));
  });
  return r;
}
