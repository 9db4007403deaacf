/** Checking a login, the same way for staff and inbox users: throttle first, then the password. */
import type { Store } from '../../db/store';
import { verifyPassword } from './passwords';
import { clearFailures, lockedFor, recordFailure, throttleKeys, type Audience, type ThrottleSettings } from './throttle';

export type LoginOutcome<U> = { ok: true; user: U } | { ok: false; reason: 'invalid' | 'locked'; retryAfterSeconds?: number };

export interface Account { passwordHash: string; disabledAt: string | null }

/**
 * A locked login or address is refused without looking at the password; a wrong password, an
 * unknown or disabled account count as one failure each; success clears the login's failures.
 */
export async function checkLogin<U extends Account>(
  store: Pick<Store, 'db'>, audience: Audience, find: (login: string) => Promise<U | undefined>,
  login: string, password: string, ip: string, s: ThrottleSettings, now = new Date(),
): Promise<LoginOutcome<U>> {
  const keys = throttleKeys(audience, login, ip);
  const wait = await lockedFor(store, keys, now);
  if (wait > 0) return { ok: false, reason: 'locked', retryAfterSeconds: wait };
  const user = login.trim() === '' ? undefined : await find(login.trim().toLowerCase());
  const active = user !== undefined && user.disabledAt === null;
  const good = await verifyPassword(password, active ? user.passwordHash : undefined);
  if (!good || !active) {
    await recordFailure(store, keys, now, s);
    return { ok: false, reason: 'invalid' };
  }
  await clearFailures(store, keys[0]);
  return { ok: true, user };
}
