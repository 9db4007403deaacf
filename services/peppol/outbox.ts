/**
 * The Peppol outbox, for the hub's access point (scope `access-point`, or the Authority): the MLS
 * responses, Invoice Responses and TSR/EUSR reports to send, each with the SBDH metadata to wrap it.
 *  - `GET /peppol/v1/outbox?limit=100[&kind=mls|invoice-response|tsr|eusr]` → `{ items: [{ id, kind,
 *    documentId, responseCode, receiverAp, receiverSpis, referenceId, checkedWith, createdAt, sbdh:
 *    { senderId, receiverId, documentTypeId, processId, c1Country }, href, xml }] }`, pending entries,
 *    oldest first; `xml` is the business document to send.
 *  - `GET /peppol/v1/outbox/{id}` → the XML itself.
 *  - `POST /peppol/v1/outbox/{id}/ack` → `{ id, ackedAt }`: the access point took it over (sent it);
 *    it leaves the outbox. Acknowledging again answers the same (idempotent).
 */
import { Router } from 'express';
import { spisOf } from '../../core/mls/build';
import { acknowledgeOutbox, OUTBOX_KINDS, outboxEntry, pendingOutbox, type OutboxKind, type OutboxRow } from '../../core/outbox';
import { principalOf, requireAuth } from '../auth';
import type { AppDeps } from '../deps';
import { ProblemError } from '../errors';
import { sendBlob } from '../ingest/send-blob';

export function peppolOutboxRouter(deps: AppDeps): Router {
  const r = Router();
  const auth = requireAuth(deps, 'access-point');

  r.get('/peppol/v1/outbox', auth, async (req, res) => {
    const raw = typeof req.query.limit === 'string' ? Number(req.query.limit) : 100;
    if (!Number.isInteger(raw) || raw < 1 || raw > 1000) throw new ProblemError(400, 'bad-parameter', 'Invalid limit', 'limit must be an integer from 1 to 1000.');
    const kind = req.query.kind;
    if (kind !== undefined && !(OUTBOX_KINDS as readonly unknown[]).includes(kind)) throw new ProblemError(400, 'bad-parameter', 'Invalid kind', `kind must be one of ${OUTBOX_KINDS.join(', ')}.`);
    const rows = await pendingOutbox(deps.store, raw, kind as OutboxKind | undefined);
    const items = [];
    for (const o of rows) {
      items.push({
        id: o.id, kind: o.kind, documentId: o.documentId, responseCode: o.responseCode, receiverAp: o.receiverAp,
        receiverSpis: o.receiverAp === null ? null : spisOf(o.receiverAp),
        referenceId: o.referenceId, checkedWith: o.checkedWith, createdAt: o.createdAt,
        sbdh: { senderId: o.senderId, receiverId: o.receiverId, documentTypeId: o.documentTypeId, processId: o.processId, c1Country: o.c1Country },
        href: `/peppol/v1/outbox/${o.id}`,
        xml: (await deps.store.blobs.get(o.sha256)).toString('utf8'),
      });
    }
    res.json({ items });
  });

  const find = async (id: string): Promise<OutboxRow> => {
    const row = await outboxEntry(deps.store, id);
    if (row === undefined) throw new ProblemError(404, 'not-found', 'Not found', `No entry ${id.slice(0, 60)} in the outbox.`);
    return row;
  };

  r.get('/peppol/v1/outbox/:id', auth, async (req, res) => {
    const row = await find(String(req.params.id));
    await sendBlob(deps.store, res, row.sha256, 'application/xml', `${row.id}.xml`);
  });

  r.post('/peppol/v1/outbox/:id/ack', auth, async (req, res) => {
    const row = await find(String(req.params.id));
    res.json(await acknowledgeOutbox(deps.store, row.id, principalOf(res).actor, deps.clock()));
  });
  return r;
}
