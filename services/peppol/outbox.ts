/**
 * The outbox of Peppol MLS responses, for the hub's access point (scope `access-point`, or the
 * Authority):
 *  - `GET /peppol/v1/outbox?limit=100` → `{ items: [{ id, documentId, responseCode, receiverAp,
 *    receiverSpis, referenceId, createdAt, href, xml }] }`, responses not yet acknowledged, oldest
 *    first; `xml` is the ApplicationResponse to send to `receiverAp`.
 *  - `GET /peppol/v1/outbox/{id}` → the response XML itself.
 *  - `POST /peppol/v1/outbox/{id}/ack` → `{ id, ackedAt }`: the access point took it over; it leaves
 *    the outbox. Acknowledging again answers the same (idempotent); the document gets an event.
 */
import { Router } from 'express';
import { spisOf } from '../../core/mls/build';
import { acknowledgeOutbox, outboxEntry, pendingOutbox, type MlsOutboxRow } from '../../core/mls/produce';
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
    const rows = await pendingOutbox(deps.store, raw);
    const items = [];
    for (const o of rows) {
      items.push({
        id: o.id, documentId: o.documentId, responseCode: o.responseCode, receiverAp: o.receiverAp, receiverSpis: spisOf(o.receiverAp),
        referenceId: o.referenceId, checkedWith: o.checkedWith, createdAt: o.createdAt, href: `/peppol/v1/outbox/${o.id}`,
        xml: (await deps.store.blobs.get(o.sha256)).toString('utf8'),
      });
    }
    res.json({ items });
  });

  const find = async (id: string): Promise<MlsOutboxRow> => {
    const row = await outboxEntry(deps.store, id);
    if (row === undefined) throw new ProblemError(404, 'not-found', 'Not found', `No MLS response ${id.slice(0, 60)} in the outbox.`);
    return row;
  };

  r.get('/peppol/v1/outbox/:id', auth, async (req, res) => {
    const row = await find(String(req.params.id));
    res.type('application/xml');
    await sendBlob(deps.store, res, row.sha256, 'application/xml', `${row.id}.xml`);
  });

  r.post('/peppol/v1/outbox/:id/ack', auth, async (req, res) => {
    const row = await find(String(req.params.id));
    res.json(await acknowledgeOutbox(deps.store, row.id, principalOf(res).actor, deps.clock()));
  });
  return r;
}
