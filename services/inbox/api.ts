/**
 * The pull API of the bodies' inboxes (body token; the Authority sees every inbox):
 *   GET  /inbox/v1/documents?status=new&since=&until=&issuedFrom=&issuedTo=&supplier=&department=&body=&limit=&cursor=&order=
 *        → { items, nextCursor } (oldest first; pass nextCursor back as cursor)
 *   GET  /inbox/v1/documents/{id}          metadata: summary, findings, events
 *   GET  /inbox/v1/documents/{id}/xml      the business document (?part=original: the bytes as received, SBDH included)
 *   GET  /inbox/v1/documents/{id}/pdf      the standardised PDF
 *   GET  /inbox/v1/documents/{id}/bundle   ZIP: invoice.xml, invoice.pdf, attachments/, metadata.json
 *   POST /inbox/v1/documents/{id}/ack      the body has taken it into its system → acknowledged
 *   POST /inbox/v1/documents/download      bulk: {"ids": [...]} (≤ 500), or the list filters in the query → ZIP, one folder per document
 *   GET  /inbox/v1/webhooks                the body's own push webhooks (no secrets)
 *   POST /inbox/v1/webhooks                {"url"} → 201 {"id","url","secret"} (HMAC secret, shown once)
 *   POST /inbox/v1/webhooks/{wid}/rotate   new secret; the previous one stays valid for the grace period
 *   DELETE /inbox/v1/webhooks/{wid}        disable → 204
 * A document of another body is a 404, exactly as an unknown id. Every download and
 * acknowledgement is an event on the document.
 */
import express, { Router, type Request, type Response } from 'express';
import { reachableBodies } from '../../workers/dispatch/store';
import { principalOf, requireAuth } from '../auth';
import type { AppDeps } from '../deps';
import { addWebhook, disableWebhook, listWebhooks, rotateWebhook } from '../api/dispatch/webhooks';
import { ProblemError } from '../errors';
import {
  acknowledge, addBundle, documentMetadata, itemView, listItems, loadVisible, parseListQuery, pdfOf, recordDownload, sendZip, xmlOf, type Viewer,
} from './queries';

export function apiViewer(deps: AppDeps, res: Response): Viewer {
  const p = principalOf(res);
  if (p.scope === 'authority') return { actor: p.actor, bodies: null, via: 'api' };
  if (p.scope === 'body' && p.bodyId !== null) return { actor: p.actor, bodies: reachableBodies(deps.db, p.bodyId), via: 'api' };
  throw new ProblemError(403, 'forbidden', 'Forbidden', 'The inbox needs a body token.');
}

/** The body whose webhooks a body token manages: its own (not its accounting units'). */
function ownBody(res: Response): { bodyId: string; actor: string } {
  const p = principalOf(res);
  if (p.scope === 'body' && p.bodyId !== null) return { bodyId: p.bodyId, actor: p.actor };
  throw new ProblemError(403, 'forbidden', 'Forbidden', 'Webhooks are managed here with a body token; the Authority uses /api/v1/bodies/{id}/webhooks.');
}

export function inboxApiRouter(deps: AppDeps): Router {
  const r = Router();
  const auth = requireAuth(deps, 'body:*');
  const id = (req: Request): string => String(req.params.id);

  // --- the body's own webhooks (same acts as the Authority's, on the token's body only) ---
  r.get('/inbox/v1/webhooks', auth, (_req, res) => {
    res.json(listWebhooks(deps, ownBody(res).bodyId));
  });
  r.post('/inbox/v1/webhooks', auth, express.json({ limit: '16kb' }), (req, res) => {
    const { bodyId, actor } = ownBody(res);
    res.status(201).json(addWebhook(deps, bodyId, (req.body as { url?: unknown } | undefined)?.url, actor));
  });
  r.post('/inbox/v1/webhooks/:wid/rotate', auth, (req, res) => {
    const { bodyId, actor } = ownBody(res);
    res.json(rotateWebhook(deps, bodyId, String(req.params.wid), actor));
  });
  r.delete('/inbox/v1/webhooks/:wid', auth, (req, res) => {
    const { bodyId, actor } = ownBody(res);
    disableWebhook(deps, bodyId, String(req.params.wid), actor);
    res.status(204).end();
  });

  r.get('/inbox/v1/documents', auth, (req, res) => {
    const viewer = apiViewer(deps, res);
    const q = parseListQuery(req.query as Record<string, unknown>, { limit: 50, order: 'asc' });
    const { items, nextCursor } = listItems(deps, viewer, q);
    res.json({ items: items.map((i) => itemView(i)), nextCursor });
  });

  r.post('/inbox/v1/documents/download', auth, express.json({ limit: '64kb' }), (req, res) => {
    const viewer = apiViewer(deps, res);
    const ids = (req.body as { ids?: unknown } | undefined)?.ids;
    let pairs;
    if (ids !== undefined) {
      if (!Array.isArray(ids) || ids.length === 0 || ids.length > 500 || !ids.every((x) => typeof x === 'string')) {
        throw new ProblemError(400, 'bad-selection', 'Bad selection', '"ids" must be a list of 1 to 500 document ids.');
      }
      pairs = [...new Set(ids as string[])].map((x) => loadVisible(deps, viewer, x));
    } else {
      const q = parseListQuery(req.query as Record<string, unknown>, { limit: 100, order: 'asc' });
      pairs = listItems(deps, viewer, q).items.map((i) => loadVisible(deps, viewer, i.documentId));
    }
    for (const p of pairs) recordDownload(deps, viewer, p.item, 'bulk');
    sendZip(res, `inbox-${deps.clock().toISOString().slice(0, 10)}.zip`, (zip) => { for (const p of pairs) addBundle(zip, deps, p.item, p.doc, `${p.doc.id}/`); });
  });

  r.get('/inbox/v1/documents/:id', auth, (req, res) => {
    const { item, doc } = loadVisible(deps, apiViewer(deps, res), id(req));
    res.json(documentMetadata(deps, item, doc));
  });

  r.get('/inbox/v1/documents/:id/xml', auth, (req, res) => {
    const viewer = apiViewer(deps, res);
    const { item, doc } = loadVisible(deps, viewer, id(req));
    const original = req.query.part === 'original';
    const bytes = xmlOf(deps, doc, original);
    recordDownload(deps, viewer, item, original ? 'xml-original' : 'xml');
    res.type('application/xml').set('Content-Disposition', `attachment; filename="${doc.id}.xml"`).send(bytes);
  });

  r.get('/inbox/v1/documents/:id/pdf', auth, (req, res) => {
    const viewer = apiViewer(deps, res);
    const { item, doc } = loadVisible(deps, viewer, id(req));
    const pdf = pdfOf(deps, doc);
    if (pdf === null) throw new ProblemError(404, 'pdf-not-available', 'PDF not available', `Document ${doc.id} has no rendered PDF.`);
    recordDownload(deps, viewer, item, 'pdf');
    res.type('application/pdf').set('Content-Disposition', `inline; filename="${doc.id}.pdf"`).send(pdf);
  });

  r.get('/inbox/v1/documents/:id/bundle', auth, (req, res) => {
    const viewer = apiViewer(deps, res);
    const { item, doc } = loadVisible(deps, viewer, id(req));
    recordDownload(deps, viewer, item, 'bundle');
    sendZip(res, `${doc.id}.zip`, (zip) => addBundle(zip, deps, item, doc));
  });

  r.post('/inbox/v1/documents/:id/ack', auth, (req, res) => {
    const viewer = apiViewer(deps, res);
    const { item } = loadVisible(deps, viewer, id(req));
    const out = acknowledge(deps, viewer, item);
    res.json({ id: item.documentId, status: out.status, alreadyAcknowledged: !out.changed });
  });

  return r;
}
