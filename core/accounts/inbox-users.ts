/** Web inbox users of a body: accounts, logins through the shared throttle and session store. */
import crypto from 'node:crypto';
import { isUniqueViolation } from '../../db/client';
import * as repo from '../../db/repositories/accounts';
import type { Store } from '../../db/store';
import { CoreError } from '../errors';
import { checkLogin, type LoginOutcome } from './login';
import { hashPassword } from './passwords';
import { createSession, endSessionsOfUser, liveSession, type NewSession } from './sessions';
import type { ThrottleSettings } from './throttle';

export type { InboxUserRow } from '../../db/repositories/accounts';

export const INBOX_COOKIE = 'einvoice_inbox';

const loginTaken = (): CoreError => new CoreError('conflict', 'login-exists', 'Login exists', 'This login is already used.');

/** A web inbox login of a body; a login already used anywhere is a conflict (`login-exists`), also when two requests race for it. */
export async function createInboxUser(store: Pick<Store, 'db'>, input: { bodyId: string; login: string; password: string; name?: string | null }, at = new Date()): Promise<repo.InboxUserRow> {
  const login = input.login.trim().toLowerCase();
  if ((await repo.inboxUserByLogin(store.db, login)) !== undefined) throw loginTaken();
  const row: repo.InboxUserRow = {
    id: crypto.randomUUID(), bodyId: input.bodyId, login, passwordHash: await hashPassword(input.password),
    name: input.name ?? null, createdAt: at.toISOString(), disabledAt: null,
  };
  try {
    await repo.insertInboxUser(store.db, row);
  } catch (err) {
    if (isUniqueViolation(err)) throw loginTaken(); // the unique index decides a race
    throw err;
  }
  return row;
}

export async function disableInboxUser(store: Pick<Store, 'db'>, bodyId: string, userId: string, at = new Date()): Promise<boolean> {
  const done = await repo.disableInboxUserRow(store.db, bodyId, userId, at.toISOString());
  if (done) await endSessionsOfUser(store, 'inbox', userId);
  return done;
}

export async function inboxUsersOf(store: Pick<Store, 'db'>, bodyId: string): Promise<repo.InboxUserRow[]> {
  return repo.inboxUsersOfBody(store.db, bodyId);
}

export async function checkInboxLogin(store: Pick<Store, 'db'>, login: string, password: string, ip: string, s: ThrottleSettings, now = new Date()): Promise<LoginOutcome<repo.InboxUserRow>> {
  return checkLogin(store, 'inbox', (l) => repo.inboxUserByLogin(store.db, l), login, password, ip, s, now);
}

export async function createInboxSession(store: Pick<Store, 'db'>, userId: string, lifetimeMs: number, now = new Date()): Promise<NewSession> {
  return createSession(store, 'inbox', userId, lifetimeMs, now);
}

/** The active inbox user of a session cookie, with the session's CSRF token. */
export async function inboxSessionOf(store: Pick<Store, 'db'>, cookie: string, now = new Date()): Promise<{ user: repo.InboxUserRow; csrf: string; idHash: string } | null> {
  const s = await liveSession(store, 'inbox', cookie, now);
  if (s === null) return null;
  const user = await repo.inboxUserById(store.db, s.userId);
  if (user === undefined || user.disabledAt !== null) return null;
  return { user, csrf: s.csrf, idHash: s.idHash };
}
