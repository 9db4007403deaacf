/**
 * Errors of the business core that carry what to tell the caller. Core knows no HTTP: a `CoreError`
 * says what kind of refusal it is; services/errors.ts turns it into problem+json with the matching
 * status, the web pages into an HTML message.
 */
export type ErrorKind = 'invalid' | 'too-large' | 'forbidden' | 'not-found' | 'conflict' | 'unprocessable';

export const STATUS_OF_KIND: Record<ErrorKind, number> = {
  invalid: 400, 'too-large': 413, forbidden: 403, 'not-found': 404, conflict: 409, unprocessable: 422,
};

export class CoreError extends Error {
  constructor(
    readonly kind: ErrorKind,
    /** Short slug, the problem type (`/problems/<slug>`). */
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'CoreError';
  }
}
