/**
 * Attachment types of the manual-entry form, checked by content (never by the name or the type
 * the browser claims): PDF, PNG, JPEG, XLSX, ODS (ZIP containers recognised by their members),
 * and CSV (UTF-8 text without control characters). These are the MIME codes Peppol BIS allows
 * for BT-125.
 */
import type { Store } from '../../db/store';
import { attachmentsOf, count, type Fields } from './form';
import type { FormIssue } from './form-check';

export function sniffAttachment(bytes: Buffer): string | null {
  if (bytes.length < 4) return null;
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    // ODF puts an uncompressed `mimetype` member first; OOXML has [Content_Types].xml and an xl/ folder
    const head = bytes.subarray(0, Math.min(bytes.length, 200)).toString('latin1');
    if (head.includes('mimetypeapplication/vnd.oasis.opendocument.spreadsheet')) return 'application/vnd.oasis.opendocument.spreadsheet';
    const all = bytes.toString('latin1');
    if (all.includes('[Content_Types].xml') && all.includes('xl/')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    return null;
  }
  // CSV: valid UTF-8 text, no NUL or other control characters but tab/CR/LF, at least one separator
  const text = bytes.toString('utf8');
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
  if (Buffer.from(text, 'utf8').equals(bytes) && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffd]/.test(text) && /[,;\t]/.test(text)) return 'text/csv';
  return null;
}

export interface AttachmentFile {
  filename: string;
  bytes: Buffer;
}

/**
 * Adds a file to the form's attachments when its content is of an accepted type and the form has
 * room for it: the bytes go to the blob store, the form keeps their SHA-256, name, type and size.
 * Answers the problem otherwise (the file is not stored).
 */
export async function addAttachment(store: Pick<Store, 'blobs'>, fields: Fields, file: AttachmentFile, maxAttachments: number): Promise<FormIssue | null> {
  const mime = sniffAttachment(file.bytes);
  const n = count(fields, 'attachments');
  const name = file.filename.replace(/[\\/]/g, '_').slice(0, 120) || 'attachment';
  if (mime === null) return { field: 'newAttachment', code: 'attachment-type', vars: { name } };
  if (n >= maxAttachments) return { field: 'newAttachment', code: 'attachment-too-many', vars: { max: maxAttachments } };
  const sha = await store.blobs.put(file.bytes);
  fields.set(`attachments[${n}].sha256`, sha);
  fields.set(`attachments[${n}].reference`, name);
  fields.set(`attachments[${n}].mime`, mime);
  fields.set(`attachments[${n}].size`, String(file.bytes.length));
  fields.set('count.attachments', String(n + 1));
  return null;
}

/** The bytes of the form's attachments that are in the blob store, by SHA-256 (for `formToTerms`). */
export async function attachmentBytes(store: Pick<Store, 'blobs'>, fields: Fields): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const a of attachmentsOf(fields)) if (!out.has(a.sha256) && await store.blobs.has(a.sha256)) out.set(a.sha256, await store.blobs.get(a.sha256));
  return out;
}
