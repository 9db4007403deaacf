/**
 * The Peppol outbox, for the hub's access point (scope `access-point`, or the Authority): the MLS
 * responses, Invoice Responses and TSR/EUSR reports to send, each with the SBDH metadata to wrap it.
 *  - `GET /peppol/v1/outbox?limit=100[&kind=mls|invoice-response|tsr|eusr]` → `{ items: [{ id, kind,
 *    documentId, responseCode, receiverAp, receiverSpis, referenceId, checkedWith, createdAt, sbdh:
 *    { senderId, receiverId, documentTypeId, processId, c1Country }, href, xml }] }`, pending entries,
 *    oldest first; `xml` is the business document to send.
 *  - `GET /peppol/v1/outbox/{id}` → the XML itself.
 *  - `POST /peppol/v1/outbox/{id}/ack` → `{ id, ackedAt }`: the access point took it over (sent it);
 *    it leaves the outbox. Acknowledging again answers the same (idempotent). Optional JSON body
 *    `{ as4MessageId, receiverAp, transportProfile }` of the AS4 message sent: the exchange ledger's
 *    `sent` row (the Peppol reports); a report's entry marks the report acknowledged. Fetching a
 *    report's entry (listing or GET) marks it picked up.
 */
import express, { Router } from 'express';
import { spisOf } from '../../core/mls/build';
import { acknowledgeOutbox, OUTBOX_KINDS, outboxEntry, pendingOutbox, type OutboxKind, type OutboxRow } from '../../core/outbox';
import { reportsPickedUp } from '../../core/reporting/monthly';
import { reportingOnAcknowledged, type SendingInfo } from '../../core/reporting/record';
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
    await reportsPickedUp(deps.store, rows, deps.clock());
    res.json({ items });
  });

  const find = async (id: string): Promise<OutboxRow> => {
    const row = await outboxEntry(deps.store, id);
    if (row === undefined) throw new ProblemError(404, 'not-found', 'Not found', `No entry ${id.slice(0, 60)} in the outbox.`);
    return row;
  };

  r.get('/peppol/v1/outbox/:id', auth, async (req, res) => {
    const row = await find(String(req.params.id));
    await reportsPickedUp(deps.store, [row], deps.clock());
    await sendBlob(deps.store, res, row.sha256, 'application/xml', `${row.id}.xml`);
  });

  r.post('/peppol/v1/outbox/:id/ack', auth, express.json({ limit: '16kb' }), async (req, res) => {
    const row = await find(String(req.params.id));
    const actor = principalOf(res).actor;
    // the exchange ledger records what was sent (or the report's status), in the acknowledging transaction
    res.json(await acknowledgeOutbox(deps.store, row.id, actor, deps.clock(), reportingOnAcknowledged(actor, sendingInfo(req.body))));
  });
  return r;
}

/** The optional body of an acknowledgement, checked (a malformed field is a 400). */
function sendingInfo(body: unknown): SendingInfo {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new ProblemError(400, 'bad-body', 'Invalid acknowledgement', 'The body, when given, is a JSON object { as4MessageId, receiverAp, transportProfile }.');
  const b = body as Record<string, unknown>;
  const text = (name: string, max: number, re?: RegExp): string | null => {
    const v = b[name];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string' || v.trim() === '' || v.length > max || (re !== undefined && !re.test(v.trim()))) {
      throw new ProblemError(400, 'bad-body', 'Invalid acknowledgement', `${name} must be ${re !== undefined ? 'a Peppol seat id (P + 2 letters + 6 digits)' : `a non-empty string of at most ${max} characters`}.`);
    }
    return v.trim();
  };
  return { as4MessageId: text('as4MessageId', 512), receiverAp: text('receiverAp', 9, /^P[A-Z]{2}[0-9]{6}$/), transportProfile: text('transportProfile', 200) };
}
