/**
 * CSRF protection for HTML forms: a random session id in an HttpOnly, SameSite=Lax cookie (Lax, not Strict: a private link opened from a mail must not replace the session of open tabs; cross-site posts still carry no cookie)
 * (`hub_sid`), and in every form a token that is the HMAC of that id under the server's secret
 * (`EINVOICE_WEB_SECRET`, or a random per-process secret). A POST is accepted only when its
 * `_csrf` field matches the cookie's HMAC (constant-time comparison): another site can neither
 * read the cookie nor compute the token.
 */
import crypto from 'node:crypto';
import type { Request, Response } from 'express';
import { readCookie } from './i18n';

export const SESSION_COOKIE = 'hub_sid';
export const CSRF_FIELD = '_csrf';

export class Csrf {
  private readonly secret: Buffer;
  constructor(secret?: string) {
    this.secret = secret ? Buffer.from(secret, 'utf8') : crypto.randomBytes(32);
  }

  /** The session id of the request, creating (and setting) one when absent. */
  session(req: Request, res: Response): string {
    const existing = res.locals.hubSid as string | undefined ?? readCookie(req, SESSION_COOKIE);
    if (existing !== undefined && /^[A-Za-z0-9_-]{43}$/.test(existing)) {
      res.locals.hubSid = existing;
      return existing;
    }
    const sid = crypto.randomBytes(32).toString('base64url');
    res.locals.hubSid = sid;
    res.append('Set-Cookie', `${SESSION_COOKIE}=${sid}; Path=/; HttpOnly; SameSite=Lax${req.secure ? '; Secure' : ''}`);
    return sid;
  }

  /** The token to put in the forms of this response. */
  token(req: Request, res: Response): string {
    return crypto.createHmac('sha256', this.secret).update(`csrf:${this.session(req, res)}`).digest('base64url');
  }

  /** true when the submitted token belongs to the request's session cookie. */
  verify(req: Request, submitted: string | undefined): boolean {
    const sid = readCookie(req, SESSION_COOKIE);
    if (sid === undefined || submitted === undefined) return false;
    const expected = crypto.createHmac('sha256', this.secret).update(`csrf:${sid}`).digest();
    let given: Buffer;
    try {
      given = Buffer.from(submitted, 'base64url');
    } catch {
      return false;
    }
    return given.length === expected.length && crypto.timingSafeEqual(given, expected);
  }
}
