/**
 * Per-client rate limiting (token bucket per client address, in memory): `max` requests per
 * `windowMs`, refilled continuously. Over the limit the request gets 429 with Retry-After and the
 * `onLimited` page. Buckets idle for a whole window are dropped, so memory stays bounded by the
 * number of active clients.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';

export interface RateLimitOptions {
  max: number;
  windowMs: number;
  /** Which requests count (default: all). */
  match?: (req: Request) => boolean;
  /** Client key (default: the client address as express sees it, `trust proxy` honoured). */
  key?: (req: Request) => string;
  onLimited: (req: Request, res: Response, retryAfterSeconds: number) => void;
  now?: () => number;
}

interface Bucket { tokens: number; at: number }

export function rateLimit(o: RateLimitOptions): RequestHandler {
  const buckets = new Map<string, Bucket>();
  const now = o.now ?? Date.now;
  const rate = o.max / o.windowMs;
  let lastSweep = now();
  return (req: Request, res: Response, next: NextFunction) => {
    if (o.max <= 0 || (o.match && !o.match(req))) return next();
    const t = now();
    if (t - lastSweep > o.windowMs) {
      for (const [k, b] of buckets) if (t - b.at > o.windowMs) buckets.delete(k);
      lastSweep = t;
    }
    const key = o.key ? o.key(req) : (req.ip ?? req.socket.remoteAddress ?? 'unknown');
    const b = buckets.get(key) ?? { tokens: o.max, at: t };
    b.tokens = Math.min(o.max, b.tokens + (t - b.at) * rate);
    b.at = t;
    buckets.set(key, b);
    if (b.tokens < 1) {
      const retry = Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000));
      res.set('Retry-After', String(retry));
      o.onLimited(req, res, retry);
      return;
    }
    b.tokens -= 1;
    next();
  };
}
