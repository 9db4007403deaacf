/**
 * Documents API:
 *  - `POST /api/v1/documents` — upload (XML body or multipart field `file`) → `202 {"id","status"}`;
 *    optional header `X-Notify-Email`: where to mail the findings if the document is refused
 *  - `GET /api/v1/documents` — the documents this token may see, newest first: filters `status`
 *    (comma-separated states), `receivedFrom` / `receivedTo` (dates or timestamps, inclusive),
 *    `invoiceNumber`; pages of `limit` (default 50, at most 200) → `{items, nextCursor}`, the next page
 *    with `?cursor=` (the same filters)
 *  - `GET /api/v1/documents/{id}` — state, hand-off metadata, findings, events, resolved body, the
 *    statuses the body set (`responses`: AB … PD with reasons, Peppol Invoice Response)
 *  - `GET /api/v1/documents/{id}/xml` — the bytes exactly as received (`?part=payload`: the
 *    business document inside an SBDH); `/pdf` — the rendered PDF once the render stage made it.
 * Visibility (core/documents/visibility.ts): authority sees all; an API client the documents it
 * submitted; a body token the documents routed to that body or one of its accounting units.
 * Anything else is a 404 (existence is not disclosed).
 */
import { Router, type Response } from 'express';
import type { DocumentRow } from '../../../core/documents/store';
import { fileOf } from '../../../core/documents/store';
import { listDocuments, parseDocumentListQuery } from '../../../core/documents/list';
import { documentView } from '../../../core/documents/view';
import { statusesOfDocument } from '../../../core/invoice-response/status';
import { visibleDocument } from '../../../core/documents/visibility';
import { LANGS, type Lang } from '../../../config/languages';
import { isNotifyAddress, registerNotifyAddress } from '../../../core/mls/notify';
import { principalOf, requireAuth } from '../../auth';
import type { AppDeps } from '../../deps';
import { ProblemError } from '../../errors';
import { isXmlType, readMultipartFile, readXmlBody } from '../../ingest/body';
import { sendBlob } from '../../ingest/send-blob';
import { submitDocument } from '../../ingest/submit';

async function loadVisible(deps: AppDeps, id: string, res: Response): Promise<DocumentRow> {
  const doc = await visibleDocument(deps.store, principalOf(res), id);
  if (doc === undefined) throw new ProblemError(404, 'document-not-found', 'Document not found', `No document ${id.slice(0, 64)} visible to this token.`);
  return doc;
}

export function documentsRouter(deps: AppDeps): Router {
  const r = Router();
  r.post('/api/v1/documents', requireAuth(deps, 'api-client'), async (req, res) => {
    const ct = req.get('content-type') ?? '';
    try {
      // optional address to tell the submitter of a refusal (core/mls/notify.ts)
      const notifyEmail = req.get('x-notify-email')?.trim() ?? '';
      if (notifyEmail !== '' && !isNotifyAddress(notifyEmail)) throw new ProblemError(400, 'bad-notify-email', 'Bad X-Notify-Email', 'X-Notify-Email must be one e-mail address (for example ap@example.lu).');
      let bytes: Buffer;
      if (isXmlType(ct)) bytes = await readXmlBody(req, deps.maxDocumentBytes);
      else if (/^multipart\/form-data/i.test(ct)) bytes = (await readMultipartFile(req, deps.maxDocumentBytes)).bytes;
      else throw new ProblemError(415, 'unsupported-media-type', 'Unsupported media type', `Send the document as application/xml, or as multipart/form-data with a field "file" (got "${ct.slice(0, 80) || 'none'}").`);
      const out = await submitDocument(deps, { bytes, channel: 'api', submittedBy: principalOf(res).actor });
      if (notifyEmail !== '') await registerNotifyAddress(deps.store, out.id, notifyEmail, (req.acceptsLanguages(...LANGS) || 'fr') as Lang);
      res.status(202).location(`/api/v1/documents/${out.id}`).json({ id: out.id, status: out.status });
    } catch (err) {
      // a 413 keeps the connection while the rest of the upload is discarded (services/ingest/body.ts)
      if (err instanceof ProblemError) deps.metrics.ingestRejected.inc({ reason: err.slug });
      throw err;
    }
  });
  r.get('/api/v1/documents', requireAuth(deps, 'api-client', 'body:*'), async (req, res) => {
    // the same visibility as one document's view (core/documents/visibility.ts)
    res.json(await listDocuments(deps.store, principalOf(res), parseDocumentListQuery(req.query as Record<string, unknown>)));
  });
  r.get('/api/v1/documents/:id', requireAuth(deps, 'api-client', 'body:*'), async (req, res) => {
    const doc = await loadVisible(deps, String(req.params.id), res);
    // the statuses the body set (Invoice Response, core/invoice-response), oldest first
    res.json({ ...(await documentView(deps.store, doc)), responses: await statusesOfDocument(deps.store, doc.id) });
  });
  r.get('/api/v1/documents/:id/xml', requireAuth(deps, 'api-client', 'body:*'), async (req, res) => {
    const doc = await loadVisible(deps, String(req.params.id), res);
    await sendBlob(deps.store, res, req.query.part === 'payload' ? doc.payloadSha256 : doc.originalSha256, 'application/xml', `${doc.id}.xml`);
  });
  r.get('/api/v1/documents/:id/pdf', requireAuth(deps, 'api-client', 'body:*'), async (req, res) => {
    const doc = await loadVisible(deps, String(req.params.id), res);
    const sha = await fileOf(deps.store, doc.id, 'pdf');
    if (sha === undefined) throw new ProblemError(404, 'pdf-not-available', 'PDF not available', `Document ${doc.id} has no rendered PDF (status ${doc.state}).`);
    await sendBlob(deps.store, res, sha, 'application/pdf', `${doc.id}.pdf`);
  });
  return r;
}
