/**
 * Reads an HTML form post, urlencoded or multipart, with limits enforced while streaming (busboy):
 * number of fields, size of each field, number of files, size of each file and of all files
 * together. Files are kept in memory (they are bounded by the limits) with the type the browser
 * claimed; callers check the real type by content.
 */
import busboy from 'busboy';
import type { Request } from 'express';

export interface FormFile {
  field: string;
  filename: string;
  claimedType: string;
  bytes: Buffer;
}

export interface FormData {
  fields: Map<string, string>;
  files: FormFile[];
}

export interface FormLimits {
  maxFields: number;
  maxFieldBytes: number;
  maxFiles: number;
  maxFileBytes: number;
  maxTotalBytes: number;
}

export class FormLimitError extends Error {
  constructor(readonly kind: 'file-too-large' | 'too-large' | 'too-many-fields' | 'too-many-files' | 'field-too-large' | 'malformed', message: string, readonly limit?: number) {
    super(message);
  }
}

export function readForm(req: Request, limits: FormLimits): Promise<FormData> {
  const ct = req.get('content-type') ?? '';
  const declared = Number(req.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limits.maxTotalBytes + 256 * 1024) {
    return Promise.reject(new FormLimitError('too-large', 'request too large', limits.maxTotalBytes));
  }
  if (!/^(multipart\/form-data|application\/x-www-form-urlencoded)/i.test(ct)) {
    return Promise.reject(new FormLimitError('malformed', `unsupported content type ${ct.slice(0, 60)}`));
  }
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        limits: { fields: limits.maxFields, fieldSize: limits.maxFieldBytes, files: limits.maxFiles, fileSize: limits.maxFileBytes, parts: limits.maxFields + limits.maxFiles },
      });
    } catch (err) {
      reject(new FormLimitError('malformed', (err as Error).message));
      return;
    }
    const fields = new Map<string, string>();
    const files: FormFile[] = [];
    let total = 0;
    let failed = false;
    const fail = (e: FormLimitError): void => {
      if (failed) return;
      failed = true;
      req.unpipe(bb);
      req.resume();
      reject(e);
    };
    bb.on('field', (name, value, info) => {
      if (info.valueTruncated) return fail(new FormLimitError('field-too-large', `field ${name.slice(0, 60)} too large`, limits.maxFieldBytes));
      if (!fields.has(name)) fields.set(name, value);
    });
    bb.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (c: Buffer) => {
        size += c.length;
        total += c.length;
        if (total > limits.maxTotalBytes) {
          stream.resume();
          fail(new FormLimitError('too-large', 'files too large together', limits.maxTotalBytes));
          return;
        }
        chunks.push(c);
      });
      stream.on('limit', () => fail(new FormLimitError('file-too-large', `file ${info.filename?.slice(0, 80) ?? ''} too large`, limits.maxFileBytes)));
      stream.on('end', () => {
        if (failed || (size === 0 && !info.filename)) return;
        files.push({ field: name, filename: info.filename ?? '', claimedType: info.mimeType ?? 'application/octet-stream', bytes: Buffer.concat(chunks, size) });
      });
    });
    bb.on('fieldsLimit', () => fail(new FormLimitError('too-many-fields', 'too many fields', limits.maxFields)));
    bb.on('filesLimit', () => fail(new FormLimitError('too-many-files', 'too many files', limits.maxFiles)));
    bb.on('partsLimit', () => fail(new FormLimitError('too-many-fields', 'too many parts', limits.maxFields)));
    bb.on('error', (err) => fail(new FormLimitError('malformed', (err as Error).message)));
    bb.on('close', () => {
      if (!failed) resolve({ fields, files: files.filter((f) => f.bytes.length > 0 || f.filename !== '') });
    });
    req.pipe(bb);
  });
}
