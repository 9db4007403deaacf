/**
 * Private links of the portal: 32 random bytes (base64url, 43 characters), of which only the
 * SHA-256 is stored. The tracking link of what a draft sent is derived from the draft's link, so a
 * double click or a lost receipt leads back to the same receipt, and only who holds the draft link
 * can find it.
 */
import crypto from 'node:crypto';
import { CoreError } from '../errors';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function isToken(v: string): boolean {
  return TOKEN.test(v);
}

export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The tracking token of what a draft sent. */
export function trackingFor(draftToken: string): string {
  return crypto.createHash('sha256').update(`tracking:${draftToken}`, 'utf8').digest('base64url');
}

/** What an unknown, expired or malformed link answers: the same for all three (no existence disclosure). */
export function unknownLink(): CoreError {
  return new CoreError('not-found', 'not-found', 'Not found', 'no such private link');
}
