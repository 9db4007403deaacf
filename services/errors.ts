/**
 * RFC 9457 problem details: every API error is `application/problem+json` with a type, a title, the
 * status and a detail that says what is wrong — never a stack trace.
 */
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { CoreError, STATUS_OF_KIND } from '../core/errors';

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    /** Short slug, becomes the type URI `/problems/<slug>`. */
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
  }

  /** The problem a refusal of the business core stands for. */
  static of(err: CoreError): ProblemError {
    return new ProblemError(STATUS_OF_KIND[err.kind], err.slug, err.title, err.detail, err.extra);
  }
}

/** A ProblemError, or a CoreError turned into one; anything else: null. */
export function asProblem(err: unknown): ProblemError | null {
  if (err instanceof ProblemError) return err;
  if (err instanceof CoreError) return ProblemError.of(err);
  return null;
}

export function sendProblem(res: Response, status: number, slug: string, title: string, detail: string, extra: Record<string, unknown> = {}): void {
  if (res.headersSent) return;
  res.status(status).type('application/problem+json').send(JSON.stringify({ type: `/problems/${slug}`, title, status, detail, ...extra }));
}

export const notFoundHandler: RequestHandler = (req, res) => {
  sendProblem(res, 404, 'not-found', 'Not found', `No resource at ${req.method} ${req.path}.`);
};

/** Last error handler of the app: ProblemErrors as they are, body-parser errors mapped, anything else a 500 without internals. */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const problem = asProblem(err);
    if (problem !== null) {
      sendProblem(res, problem.status, problem.slug, problem.title, problem.detail, problem.extra);
      return;
    }
    const e = err as { status?: number; statusCode?: number; type?: string; message?: string };
    const status = e.status ?? e.statusCode;
    if (status === 413) return sendProblem(res, 413, 'payload-too-large', 'Payload too large', 'The request body exceeds the size limit.');
    if (status === 400 && e.type === 'entity.parse.failed') return sendProblem(res, 400, 'malformed-body', 'Malformed body', 'The request body could not be parsed as JSON.');
    if (typeof status === 'number' && status >= 400 && status < 500) return sendProblem(res, status, 'bad-request', 'Bad request', e.message ?? 'Bad request.');
    logger.error({ err, path: req.path, method: req.method }, 'unhandled error');
    sendProblem(res, 500, 'internal-error', 'Internal error', 'The request could not be processed; it has been logged.');
  };
}

/**
 * A non-negative integer query parameter (`limit`, `offset`): the default when absent, at most `max`,
 * a 400 problem when it is not an integer.
 */
export function intQueryParam(v: unknown, def: number, max: number, name: string): number {
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new ProblemError(400, 'bad-parameter', 'Bad parameter', `${name} must be a non-negative integer`);
  return Math.min(n, max);
}
