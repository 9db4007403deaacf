/**
 * Reads a submitted document from the request, enforcing the size limit while streaming (and
 * from Content-Length before reading). Accepts an XML body (`application/xml`, `text/xml`,
 * `application/*+xml`) or, where allowed, `multipart/form-data` with a field `file`.
 */
import busboy from 'busboy';
import type { Request } from 'express';
import { ProblemError } from '../errors';

export function isXmlType(ct: string): boolean {
  const t = ct.split(';')[0]?.trim().toLowerCase() ?? '';
  return t === 'application/xml' || t === 'text/xml' || /^application\/[\w.+-]+\+xml$/.test(t);
}

/** How long the rest of a refused upload is read and thrown away, so the client can read the 413 before the connection closes. */
const DISCARD_MS = 10_000;

/**
 * The 413 of an upload over the limit. The rest of the body is read and discarded (for at most
 * DISCARD_MS, then the connection is cut): a client still sending when the server closes would get a
 * connection reset instead of the answer (so the answer does not say `Connection: close` either).
 */
function tooLarge(req: Request, max: number): ProblemError {
  const cut = setTimeout(() => req.socket.destroy(), DISCARD_MS);
  cut.unref();
  req.once('end', () => clearTimeout(cut));
  req.once('close', () => clearTimeout(cut));
  req.resume();
  return new ProblemError(413, 'payload-too-large', 'Document too large', `The document exceeds the limit of ${max} bytes.`, { limit: max });
}

export function readXmlBody(req: Request, max: number): Promise<Buffer> {
  const declared = Number(req.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > max) return Promise.reject(tooLarge(req, max));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let done = false;
    req.on('data', (c: Buffer) => {
      if (done) return;
      total += c.length;
      if (total > max) { done = true; chunks.length = 0; reject(tooLarge(req, max)); return; }
      chunks.push(c);
    });
    req.on('end', () => { if (!done) { done = true; resolve(Buffer.concat(chunks, total)); } });
    req.on('error', (err) => { if (!done) { done = true; reject(new ProblemError(400, 'read-error', 'Upload interrupted', `The request body could not be read: ${err.message}`)); } });
  });
}

/** Reads the single `file` part of a multipart upload. */
export function readMultipartFile(req: Request, max: number): Promise<{ bytes: Buffer; filename: string | null }> {
  const declared = Number(req.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > max + 64 * 1024) return Promise.reject(tooLarge(req, max));
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { fileSize: max, files: 1, fields: 20, fieldSize: 64 * 1024 } });
    } catch (err) {
      reject(new ProblemError(400, 'bad-multipart', 'Malformed multipart body', (err as Error).message));
      return;
    }
    let result: { bytes: Buffer; filename: string | null } | null = null;
    let failed = false;
    const fail = (e: ProblemError): void => { if (!failed) { failed = true; req.unpipe(bb); req.resume(); reject(e); } };
    bb.on('file', (name, stream, info) => {
      if (name !== 'file') { stream.resume(); return; }
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => fail(tooLarge(req, max)));
      stream.on('end', () => { if (!failed) result = { bytes: Buffer.concat(chunks), filename: info.filename ?? null }; });
    });
    bb.on('filesLimit', () => fail(new ProblemError(400, 'too-many-files', 'Too many files', 'Send exactly one file, in the field "file".')));
    bb.on('error', (err) => fail(new ProblemError(400, 'bad-multipart', 'Malformed multipart body', (err as Error).message)));
    bb.on('close', () => {
      if (failed) return;
      if (result === null) { fail(new ProblemError(400, 'missing-file', 'No file', 'The multipart body has no field "file".')); return; }
      resolve(result);
    });
    req.pipe(bb);
  });
}
