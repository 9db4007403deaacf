/**
 * The statuses a body sets on its documents (Peppol Invoice Response, core/invoice-response), over
 * the pull API (docs/inbox-api.md, "Statuses"):
 *   POST /inbox/v1/documents/{id}/responses           JSON {code, reasons, actions, note, paidAmount} or
 *                                                      a complete Invoice Response (application/xml);
 *                                                      header Idempotency-Key (optional) → 201, 200 when repeated
 *   GET  /inbox/v1/documents/{id}/responses           { documentId, items, next }
 *   GET  /inbox/v1/documents/{id}/responses/{rid}/xml the Invoice Response the hub stored
 *   POST /inbox/v1/responses/import?dryRun=true       CSV of statuses (text/csv): checked, then applied
 * Only a body token sets statuses (its own documents and its accounting units'); the Authority reads them.
 */
import express, { Router, type Request } from 'express';
import { allowedAfter } from '../../core/invoice-response/rules';
import { importStatuses } from '../../core/invoice-response/bulk';
import { setStatusFromXml } from '../../core/invoice-response/own';
import { idempotencyKeyOf, requestFromJson, canonicalRequest } from '../../core/invoice-response/request';
import { listStatuses, responseXml, setStatus, statusContext, statusJson } from '../../core/invoice-response/status';
import { requireAuth } from '../auth';
import type { AppDeps } from '../deps';
import { ProblemError } from '../errors';
import { isXmlType, readXmlBody } from '../ingest/body';
import { apiViewer, bodyViewer, responseDeps } from './viewer';

const MAX_XML = 1024 * 1024;

const header = (req: Request): string | undefined => req.get('idempotency-key') ?? undefined;

export function inboxResponsesRouter(deps: AppDeps): Router {
  const r = Router();
  const auth = requireAuth(deps, 'body:*');
  const rd = responseDeps(deps);
  const json = express.json({ limit: '64kb' });

  r.post('/inbox/v1/documents/:id/responses', auth, async (req, res, next) => {
    const viewer = await bodyViewer(deps, res);
    const id = String(req.params.id);
    const ct = req.get('content-type') ?? '';
    let out;
    if (isXmlType(ct)) {
      out = await setStatusFromXml(rd, viewer, id, await readXmlBody(req, MAX_XML), header(req));
    } else if (/^application\/(.+\+)?json/i.test(ct)) {
      await new Promise<void>((resolve, reject) => json(req, res, (err?: unknown) => (err ? reject(err as Error) : resolve())));
      const ctx = await statusContext(deps.store, viewer, id);
      const request = requestFromJson(req.body, typeof ctx.item.summary.currency === 'string' ? ctx.item.summary.currency : null);
      out = await setStatus(rd, { viewer, documentId: id, request, via: 'api', idempotencyKey: idempotencyKeyOf(header(req), canonicalRequest(request)) });
    } else {
      next(new ProblemError(415, 'unsupported-media-type', 'Unsupported media type', 'Send the status as application/json, or a complete Invoice Response as application/xml.'));
      return;
    }
    res.status(out.created ? 201 : 200).location(`/inbox/v1/documents/${id}/responses`)
      .json({ ...statusJson(out.status), repeated: !out.created, warnings: out.violations.filter((v) => v.flag === 'warning') });
  });

  r.get('/inbox/v1/documents/:id/responses', auth, async (req, res) => {
    const { ctx, items } = await listStatuses(deps.store, await apiViewer(deps, res), String(req.params.id));
    res.json({ documentId: ctx.doc.id, items, next: ctx.doc.state === 'delivered' || ctx.doc.state === 'acknowledged' ? allowedAfter(ctx.previous, { reopenedByAuthority: ctx.reopened }) : [] });
  });

  r.get('/inbox/v1/documents/:id/responses/:rid/xml', auth, async (req, res) => {
    const x = await responseXml(deps.store, await apiViewer(deps, res), String(req.params.id), String(req.params.rid));
    res.type('application/xml').set('Content-Disposition', `attachment; filename="invoice-response-${x.id}.xml"`).send(x.bytes);
  });

  r.post('/inbox/v1/responses/import', auth, express.text({ type: ['text/csv', 'text/plain', 'application/csv'], limit: '2mb' }), async (req, res) => {
    const viewer = await bodyViewer(deps, res);
    if (typeof req.body !== 'string') throw new ProblemError(415, 'unsupported-media-type', 'Unsupported media type', 'Send the CSV as text/csv.');
    const dryRun = ['true', '1', 'yes'].includes(String(req.query.dryRun ?? '').toLowerCase());
    const report = await importStatuses(rd, viewer, req.body, { dryRun, via: 'api-bulk' });
    res.status(!dryRun && !report.applied ? 422 : 200).json(report);
  });
  return r;
}
