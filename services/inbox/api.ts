/**
 * The pull API of the bodies' inboxes (body token; the Authority sees every inbox):
 *   GET  /inbox/v1/documents?status=new&since=&until=&issuedFrom=&issuedTo=&supplier=&department=&body=&limit=&cursor=&order=
 *        → { items, nextCursor } (oldest first; pass nextCursor back as cursor)
 *   GET  /inbox/v1/documents/{id}          metadata: summary, findings, events
 *   GET  /inbox/v1/documents/{id}/xml      the business document (?part=original: the bytes as received, SBDH included)
 *   GET  /inbox/v1/documents/{id}/pdf      the standardised PDF
 *   GET  /inbox/v1/documents/{id}/bundle   ZIP: invoice.xml, invoice.pdf, attachments/, metadata.json
 *   POST /inbox/v1/documents/{id}/ack      the body has taken it into its system → acknowledged (status AB, services/inbox/responses.ts)
 *   POST /inbox/v1/documents/download      bulk: {"ids": [...]} (≤ 500), or the list filters in the query → ZIP, one folder per document
 *   GET  /inbox/v1/webhooks                the body's own push webhooks (no secrets)
 *   POST /inbox/v1/webhooks                {"url"} → 201 {"id","url","secret"} (HMAC secret, shown once); 422 for a URL the outbound rules refuse
 *   POST /inbox/v1/webhooks/{wid}/rotate   new secret; the previous one stays valid for the grace period
 *   DELETE /inbox/v1/webhooks/{wid}        disable → 204
 * A document of another body is a 404, exactly as an unknown id. Every download and
 * acknowledgement is an event on the document (core/documents/inbox.ts).
 */
import express, { Router, type Request, type Response } from 'express';
import { addWebhook, disableWebhook, listWebhooks, rotateWebhook } from '../../core/dispatch/webhooks';
import {
  bundleEntries, documentMetadata, itemView, listItems, loadVisible, parseListQuery, pdfSha, recordDownload, xmlSha, type Viewer,
} from '../../core/documents/inbox';
import { acknowledgeWithStatus } from '../../core/invoice-response/status';
import { principalOf, requireAuth } from '../auth';
import type { AppDeps } from '../deps';
import { ProblemError } from '../errors';
import { apiViewer, bodyViewer, responseDeps } from './viewer';
import { sendStored, sendZip } from './send';

/** The body whose webhooks a body token manages: its own (not its accounting units'). */
function ownBody(res: Response): { bodyId: string; actor: string } {
  const p = principalOf(res);
  if (p.scope === 'body' && p.bodyId !== null) return { bodyId: p.bodyId, actor: p.actor };
  throw new ProblemError(403, 'forbidden', 'Forbidden', 'Webhooks are managed here with a body token; the Authority uses /api/v1/bodies/{id}/webhooks.');
}

/** The documents a bulk download names (`ids`, ≤ 500) or, without ids, the list filters select. */
async function bulkSelection(deps: AppDeps, viewer: Viewer, req: Request): Promise<Awaited<ReturnType<typeof loadVisible>>[]> {
  const ids = (req.body as { ids?: unknown } | undefined)?.ids;
  if (ids !== undefined) {
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > 500 || !ids.every((x) => typeof x === 'string')) {
      throw new ProblemError(400, 'bad-selection', 'Bad selection', '"ids" must be a list of 1 to 500 document ids.');
    }
    const out = [];
    for (const id of new Set(ids as string[])) out.push(await loadVisible(deps.store, viewer, id));
    return out;
  }
  const q = parseListQuery(req.query as Record<string, unknown>, { limit: 100, order: 'asc' });
  const out = [];
  for (const i of (await listItems(deps.store, viewer, q)).items) out.push(await loadVisible(deps.store, viewer, i.documentId));
  return out;
}

export function inboxApiRouter(deps: AppDeps): Router {
  const r = Router();
  const auth = requireAuth(deps, 'body:*');
  const id = (req: Request): string => String(req.params.id);
  const act = (actor: string): { actor: string; now: Date; logger: AppDeps['logger'] } => ({ actor, now: deps.clock(), logger: deps.logger });

  // --- the body's own webhooks (same acts as the Authority's, on the token's body only) ---
  r.get('/inbox/v1/webhooks', auth, async (_req, res) => {
    res.json(await listWebhooks(deps.store, ownBody(res).bodyId));
  });
  r.post('/inbox/v1/webhooks', auth, express.json({ limit: '16kb' }), async (req, res) => {
    const { bodyId, actor } = ownBody(res);
    res.status(201).json(await addWebhook(deps.store, bodyId, (req.body as { url?: unknown } | undefined)?.url, act(actor)));
  });
  r.post('/inbox/v1/webhooks/:wid/rotate', auth, async (req, res) => {
    const { bodyId, actor } = ownBody(res);
    res.json(await rotateWebhook(deps.store, bodyId, String(req.params.wid), act(actor)));
  });
  r.delete('/inbox/v1/webhooks/:wid', auth, async (req, res) => {
    const { bodyId, actor } = ownBody(res);
    await disableWebhook(deps.store, bodyId, String(req.params.wid), act(actor));
    res.status(204).end();
  });

  r.get('/inbox/v1/documents', auth, async (req, res) => {
    const viewer = await apiViewer(deps, res);
    const q = parseListQuery(req.query as Record<string, unknown>, { limit: 50, order: 'asc' });
    const { items, nextCursor } = await listItems(deps.store, viewer, q);
    res.json({ items: items.map((i) => itemView(i)), nextCursor });
  });

  r.post('/inbox/v1/documents/download', auth, express.json({ limit: '64kb' }), async (req, res) => {
    const viewer = await apiViewer(deps, res);
    const pairs = await bulkSelection(deps, viewer, req);
    const now = deps.clock();
    const entries = [];
    for (const p of pairs) await recordDownload(deps.store, viewer, p.item, 'bulk', now);
    for (const p of pairs) entries.push(...(await bundleEntries(deps.store, p.item, p.doc, `${p.doc.id}/`)));
    await sendZip(res, `inbox-${now.toISOString().slice(0, 10)}.zip`, entries);
  });

  r.get('/inbox/v1/documents/:id', auth, async (req, res) => {
    const { item, doc } = await loadVisible(deps.store, await apiViewer(deps, res), id(req));
    res.json(await documentMetadata(deps.store, item, doc));
  });

  r.get('/inbox/v1/documents/:id/xml', auth, async (req, res) => {
    const viewer = await apiViewer(deps, res);
    const { item, doc } = await loadVisible(deps.store, viewer, id(req));
    const original = req.query.part === 'original';
    await sendStored(deps.store, res, xmlSha(doc, original), 'application/xml', `attachment; filename="${doc.id}.xml"`, {
      opened: () => recordDownload(deps.store, viewer, item, original ? 'xml-original' : 'xml', deps.clock()),
    });
  });

  r.get('/inbox/v1/documents/:id/pdf', auth, async (req, res) => {
    const viewer = await apiViewer(deps, res);
    const { item, doc } = await loadVisible(deps.store, viewer, id(req));
    const sha = await pdfSha(deps.store, doc);
    if (sha === null) throw new ProblemError(404, 'pdf-not-available', 'PDF not available', `Document ${doc.id} has no rendered PDF.`);
    await sendStored(deps.store, res, sha, 'application/pdf', `inline; filename="${doc.id}.pdf"`, { opened: () => recordDownload(deps.store, viewer, item, 'pdf', deps.clock()) });
  });

  r.get('/inbox/v1/documents/:id/bundle', auth, async (req, res) => {
    const viewer = await apiViewer(deps, res);
    const { item, doc } = await loadVisible(deps.store, viewer, id(req));
    await recordDownload(deps.store, viewer, item, 'bundle', deps.clock());
    await sendZip(res, `${doc.id}.zip`, await bundleEntries(deps.store, item, doc));
  });

  // the acknowledgement is status AB: its Invoice Response goes to the supplier (core/invoice-response)
  r.post('/inbox/v1/documents/:id/ack', auth, async (req, res) => {
    const viewer = await bodyViewer(deps, res);
    const { item } = await loadVisible(deps.store, viewer, id(req));
    const out = await acknowledgeWithStatus(responseDeps(deps), viewer, item.documentId);
    res.json({ id: item.documentId, status: out.status, alreadyAcknowledged: !out.changed });
  });

  return r;
}
