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
import { eq } from 'drizzle-orm';
import { Router } from 'express';
import { mlsOutbox } from '../../db/schema';
import { appendEvent } from '../../workers/stage-contract';
import { spisOf } from '../../workers/mls/build';
import { pendingOutbox } from '../../workers/mls/produce';
import { principalOf, requireAuth } from '../auth';
import type { AppDeps } from '../deps';
import { ProblemError } from '../errors';

const ID = /^[0-9a-f-]{36}$/;

export function peppolOutboxRouter(deps: AppDeps): Router {
  const r = Router();
  const auth = requireAuth(deps, 'access-point');

  r.get('/peppol/v1/outbox', auth, (req, res) => {
    const raw = typeof req.query.limit === 'string' ? Number(req.query.limit) : 100;
    if (!Number.isInteger(raw) || raw < 1 || raw > 1000) throw new ProblemError(400, 'bad-parameter', 'Invalid limit', 'limit must be an integer from 1 to 1000.');
    const rows = pendingOutbox(deps.db, raw);
    res.json({
      items: rows.map((o) => ({
        id: o.id, documentId: o.documentId, responseCode: o.responseCode, receiverAp: o.receiverAp, receiverSpis: spisOf(o.receiverAp),
        referenceId: o.referenceId, checkedWith: o.checkedWith, createdAt: o.createdAt, href: `/peppol/v1/outbox/${o.id}`,
        xml: deps.files.get(o.sha256).toString('utf8'),
      })),
    });
  });

  const find = (id: string): typeof mlsOutbox.$inferSelect => {
    const row = ID.test(id) ? deps.db.select().from(mlsOutbox).where(eq(mlsOutbox.id, id)).get() : undefined;
    if (row === undefined) throw new ProblemError(404, 'not-found', 'Not found', `No MLS response ${id.slice(0, 60)} in the outbox.`);
    return row;
  };

  r.get('/peppol/v1/outbox/:id', auth, (req, res) => {
    const row = find(String(req.params.id));
    res.type('application/xml').send(deps.files.get(row.sha256));
  });

  r.post('/peppol/v1/outbox/:id/ack', auth, (req, res) => {
    const row = find(String(req.params.id));
    if (row.ackedAt !== null) {
      res.json({ id: row.id, ackedAt: row.ackedAt });
      return;
    }
    const actor = principalOf(res).actor;
    const at = deps.clock();
    const changed = deps.db.transaction((tx) => tx.update(mlsOutbox).set({ ackedAt: at.toISOString(), ackedBy: actor })
      .where(eq(mlsOutbox.id, row.id)).run().changes, { behavior: 'immediate' });
    if (changed === 1) appendEvent(deps.db, row.documentId, actor, 'mls-taken', { mlsId: row.id, responseCode: row.responseCode }, at);
    const now = deps.db.select().from(mlsOutbox).where(eq(mlsOutbox.id, row.id)).get();
    res.json({ id: row.id, ackedAt: now?.ackedAt ?? at.toISOString() });
  });
  return r;
}
