/**
 * The one login throttle (console and web inbox), in the database so every API process of a
 * cluster sees the same counts: after `maxFailures` failed logins for one login within the lock
 * window — four times as many for one client address, an office behind one NAT — further attempts
 * are refused until the window ends, whether the password is right or not.
 */
import type { Database } from '../../db/client';
import * as repo from '../../db/repositories/accounts';
import type { Store } from '../../db/store';

export interface ThrottleSettings { maxFailures: number; lockMs: number }

export type Audience = 'console' | 'inbox';

export function throttleKeys(audience: Audience, login: string, ip: string): [string, string] {
  return [`${audience}:login:${login.trim().toLowerCase().slice(0, 100)}`, `${audience}:ip:${ip}`];
}

/** Seconds until every key is unlocked (0: not locked). */
export async function lockedFor(store: Pick<Store, 'db'>, keys: readonly string[], now: Date): Promise<number> {
  let until = 0;
  for (const k of keys) {
    const row = await repo.throttleRow(store.db, k);
    if (row?.lockedUntil && Date.parse(row.lockedUntil) > now.getTime()) until = Math.max(until, Date.parse(row.lockedUntil));
  }
  return until > 0 ? Math.ceil((until - now.getTime()) / 1000) : 0;
}

export async function recordFailure(store: Pick<Store, 'db'>, keys: readonly string[], now: Date, s: ThrottleSettings): Promise<void> {
  await store.db.transaction(async (tx: Database) => {
    for (const key of keys) {
      const row = await repo.throttleRow(tx, key, true);
      const fresh = row === undefined || now.getTime() - Date.parse(row.firstAt) > s.lockMs;
      const failures = fresh ? 1 : row.failures + 1;
      const max = key.includes(':ip:') ? s.maxFailures * 4 : s.maxFailures;
      const lockedUntil = failures >= max ? new Date(now.getTime() + s.lockMs).toISOString() : null;
      await repo.upsertThrottle(tx, { key, failures, firstAt: fresh ? now.toISOString() : row.firstAt, lockedUntil });
    }
  });
}

/** A successful login clears the failures of its login (not of its address). */
export async function clearFailures(store: Pick<Store, 'db'>, loginKey: string): Promise<void> {
  await repo.deleteThrottle(store.db, loginKey);
}
