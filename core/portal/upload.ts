/**
 * A file uploaded to be checked: UBL or CII XML, or the XML embedded in a Factur-X / ZUGFeRD PDF
 * (what is checked and sent is that XML alone). It is validated at once with the pipeline's engine
 * and rule packs, in the CPU pool, and kept as an `upload` draft reached by a private link: the
 * review page.
 */
import { INVOICE_SCENARIOS } from '../../validation/scenarios';
import { isNotifyAddress } from '../mls/notify';
import { today, type PortalDeps } from './deps';
import { saveDraft } from './drafts';
import { extractEmbeddedInvoice, isPdf } from './facturx';
import { checkRecordOf } from './review';

export interface UploadInput {
  filename: string;
  /** The bytes, empty when no file was given. */
  bytes: Buffer;
  notifyEmail: string;
  /** Largest document accepted (also the limit of the XML inflated from a PDF). */
  maxBytes: number;
}

export type UploadRefusal = 'notify-email-invalid' | 'no-file' | 'pdf-no-xml' | 'not-xml';

export type UploadOutcome = { ok: true; token: string } | { ok: false; refusal: UploadRefusal; field: 'file' | 'notifyEmail' };

export async function checkUpload(deps: PortalDeps, input: UploadInput): Promise<UploadOutcome> {
  const notifyEmail = input.notifyEmail.trim();
  if (notifyEmail !== '' && !isNotifyAddress(notifyEmail)) return { ok: false, refusal: 'notify-email-invalid', field: 'notifyEmail' };
  if (input.bytes.length === 0) return { ok: false, refusal: 'no-file', field: 'file' };
  let xml = input.bytes;
  const fromPdf = isPdf(input.bytes);
  if (fromPdf) {
    const embedded = extractEmbeddedInvoice(input.bytes, input.maxBytes);
    if (embedded === null) return { ok: false, refusal: 'pdf-no-xml', field: 'file' };
    xml = embedded;
  }
  const head = xml.subarray(0, 64).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (!head.startsWith('<')) return { ok: false, refusal: 'not-xml', field: 'file' };
  const report = await deps.cpu.validateReport(xml, { date: today(deps), accept: INVOICE_SCENARIOS });
  const sha = await deps.store.blobs.put(xml);
  const token = await saveDraft(deps, null, 'upload', {
    filename: input.filename.replaceAll('\u0000', '').slice(0, 200), fromPdf, check: checkRecordOf(report), ...(notifyEmail !== '' ? { notifyEmail } : {}),
  }, { sha256: sha, valid: report.valid, dataHash: null });
  return { ok: true, token };
}
