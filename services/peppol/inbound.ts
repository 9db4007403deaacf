/**
 * `POST /peppol/v1/inbound` — the hand-off from the hub's Peppol access point (corner 3).
 * Body: the SBDH-wrapped business document (or a bare UBL/CII document); headers
 * `X-AS4-Message-Id` and `X-Peppol-Sending-AP` (seat id of the sending provider). Stores and
 * answers `202 {"id","status"}`; the same message id again answers the same id.
 */
import { Router } from 'express';
import { principalOf, requireAuth } from '../auth';
import type { AppDeps } from '../deps';
import { ProblemError } from '../errors';
import { isXmlType, readXmlBody } from '../ingest/body';
import { submitDocument } from '../ingest/submit';

/** Peppol seat ids: `P` + 2-letter authority code + 6 digits (e.g. `PLU000001`). */
export const SEAT_ID = /^P[A-Z]{2}[0-9]{6}$/;

export function peppolRouter(deps: AppDeps): Router {
  const r = Router();
  r.post('/peppol/v1/inbound', requireAuth(deps, 'access-point'), async (req, res) => {
    const as4 = req.get('x-as4-message-id')?.trim() ?? '';
    const ap = req.get('x-peppol-sending-ap')?.trim() ?? '';
    const missing = [as4 === '' ? 'X-AS4-Message-Id' : null, ap === '' ? 'X-Peppol-Sending-AP' : null].filter((x) => x !== null);
    if (missing.length > 0) {
      deps.metrics.ingestRejected.inc({ reason: 'missing-header' });
      throw new ProblemError(400, 'missing-header', 'Missing hand-off header', `The hand-off needs the header(s) ${missing.join(' and ')}.`, { missing });
    }
    if (as4.length > 512) throw new ProblemError(400, 'bad-header', 'Invalid X-AS4-Message-Id', 'X-AS4-Message-Id is longer than 512 characters.');
    if (!SEAT_ID.test(ap)) {
      deps.metrics.ingestRejected.inc({ reason: 'bad-header' });
      throw new ProblemError(400, 'bad-header', 'Invalid X-Peppol-Sending-AP', `"${ap.slice(0, 40)}" is not a Peppol seat id (P + 2 letters + 6 digits, e.g. PLU000001).`);
    }
    const ct = req.get('content-type') ?? '';
    if (!isXmlType(ct)) {
      deps.metrics.ingestRejected.inc({ reason: 'unsupported-media-type' });
      throw new ProblemError(415, 'unsupported-media-type', 'Unsupported media type', `Send the document as application/xml (got "${ct.slice(0, 80) || 'none'}").`);
    }
    let bytes: Buffer;
    try {
      bytes = await readXmlBody(req, deps.maxDocumentBytes);
    } catch (err) {
      if (err instanceof ProblemError) {
        deps.metrics.ingestRejected.inc({ reason: err.slug });
        // a 413 keeps the connection while the rest of the upload is discarded (services/ingest/body.ts)
        if (err.status !== 413) res.set('Connection', 'close');
      }
      throw err;
    }
    const out = await submitDocument(deps, { bytes, channel: 'peppol', submittedBy: principalOf(res).actor, as4MessageId: as4, sendingAp: ap });
    res.status(202).location(`/api/v1/documents/${out.id}`).json({ id: out.id, status: out.status });
  });
  return r;
}
