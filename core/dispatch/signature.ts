/**
 * Webhook signatures (documented for receivers in docs/webhooks.md):
 *
 *   X-Einvoice-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>[,v1=<…>]
 *
 * One `v1` per secret in force: during a rotation's grace period the hub signs with the new and
 * the previous secret, so a receiver holding either verifies. Receivers reject a timestamp more
 * than `REPLAY_WINDOW_SECONDS` away from their clock, and deduplicate on `X-Einvoice-Event-Id`.
 */
import crypto from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Einvoice-Signature';
export const EVENT_ID_HEADER = 'X-Einvoice-Event-Id';
export const REPLAY_WINDOW_SECONDS = 300;

export function newSecret(): string {
  return `whsec_${crypto.randomBytes(32).toString('base64url')}`;
}

export function sign(secret: string, timestamp: number, body: string): string {
  return crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

export function signatureHeader(secrets: string[], timestamp: number, body: string): string {
  return [`t=${timestamp}`, ...secrets.map((s) => `v1=${sign(s, timestamp, body)}`)].join(',');
}

/** The receiver's check (the same as the example in docs/webhooks.md). */
export function verifySignature(header: string, body: string, secret: string, nowSeconds = Math.floor(Date.now() / 1000), windowSeconds = REPLAY_WINDOW_SECONDS): boolean {
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > windowSeconds) return false;
  const expected = Buffer.from(sign(secret, t, body), 'hex');
  return parts.filter(([k]) => k === 'v1').some(([, v]) => {
    const got = Buffer.from(v ?? '', 'hex');
    return got.length === expected.length && crypto.timingSafeEqual(got, expected);
  });
}
