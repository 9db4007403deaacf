/**
 * Sending what was checked: the XML stored at the check (never a re-generated one), once more
 * judged by the review's verdict (valid, not already received, addressed to a body), handed to
 * ingest by the caller's `submit` (the HTTP side enqueues and logs), then — in one transaction —
 * the submitter's notification address, the tracking link and the draft marked as sent. A second
 * send of the same draft (double click, reload) answers the same tracking link: ingest answers a
 * replay of the same bytes by the same submitter with the first document.
 */
import type { Lang } from '../../config/languages';
import * as repo from '../../db/repositories/portal';
import type { IngestInput, IngestResult } from '../documents/ingest';
import { CoreError } from '../errors';
import { isNotifyAddress, registerNotifyAddress } from '../mls/notify';
import type { PortalDeps } from './deps';
import { factsOf } from './documents';
import { loadDraft } from './drafts';

import { verdictOf, type Verdict } from './review';
import { hashToken, trackingFor } from './tokens';

export type Submit = (input: IngestInput) => Promise<IngestResult>;

/** A refusal to send: `reason` is the verdict (`invalid`, `duplicate`, `no-recipient`). */
function notSendable(reason: Verdict['kind']): CoreError {
  return new CoreError('invalid', 'not-sendable', 'Not sendable', `this document cannot be sent (${reason})`, { reason });
}

export async function sendChecked(deps: Pick<PortalDeps, 'store' | 'clock'>, token: string, submit: Submit, lang: Lang): Promise<{ tracking: string }> {
  const d = await loadDraft(deps, token);
  const tracking = trackingFor(token);
  if (d.documentId !== null) return { tracking };
  if (!d.valid || d.xmlSha256 === null) throw notSendable('invalid');
  const bytes = await deps.store.blobs.get(d.xmlSha256);
  const verdict = await verdictOf(deps, bytes, d.valid, 0, factsOf(bytes), lang);
  if (verdict.kind !== 'sendable') throw notSendable(verdict.kind);
  const channel = d.kind === 'upload' ? 'portal-upload' : 'portal-form';
  const out = await submit({ bytes, channel, submittedBy: `portal:${d.id}` });
  // the submitter's address for a refusal notice: a field of the upload page, or of the manual-entry form
  const notifyEmail = (d.data.notifyEmail ?? new Map(d.data.fields ?? []).get('notifyEmail') ?? '').trim();
  const now = deps.clock();
  await deps.store.db.transaction(async (tx) => {
    if (notifyEmail !== '' && isNotifyAddress(notifyEmail)) await registerNotifyAddress({ db: tx }, out.id, notifyEmail, lang, now);
    await repo.insertSubmission(tx, { trackingHash: hashToken(tracking), documentId: out.id, channel, createdAt: now.toISOString() });
    await repo.markDraftSent(tx, d.id, out.id, now.toISOString());
  });
  return { tracking };
}
