/**
 * Authority staff: accounts with a role (viewer < operator < administrator), logins through the
 * shared throttle and session store, and the staff audit log (every staff action; document actions
 * are also events of the document).
 */
import crypto from 'node:crypto';
import * as repo from '../../db/repositories/accounts';
import type { Store } from '../../db/store';
import { CoreError } from '../errors';
import { checkLogin, type LoginOutcome } from './login';
import { hashPassword } from './passwords';
import { createSession, endSessionsOfUser, liveSession, type NewSession } from './sessions';
import type { ThrottleSettings } from './throttle';

export type { StaffUserRow, StaffAuditRow } from '../../db/repositories/accounts';

export const ROLES = ['viewer', 'operator', 'administrator'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v);
}

/** true when `have` includes the rights of `need`. */
export function roleAtLeast(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

export const LOGIN_RE = /^[a-z0-9][a-z0-9._-]{1,62}$/;
export const CONSOLE_COOKIE = 'einvoice_console';

const invalid = (detail: string): CoreError => new CoreError('invalid', 'invalid-staff', 'Invalid staff account', detail);

export async function createStaff(store: Pick<Store, 'db'>, input: { login: string; name: string; role: Role; password: string; email?: string | null }, at = new Date()): Promise<repo.StaffUserRow> {
  const login = input.login.trim().toLowerCase();
  if (!LOGIN_RE.test(login)) throw invalid('login: 2 to 63 characters among a-z, 0-9, dot, dash, underscore');
  if (input.password.length < 12 || input.password.length > 1024) throw invalid('password: at least 12 characters');
  if (input.name.trim() === '' || input.name.length > 200) throw invalid('name: required, at most 200 characters');
  if ((await repo.staffByLogin(store.db, login)) !== undefined) throw invalid(`login ${login} exists`);
  const row: repo.StaffUserRow = {
    id: crypto.randomUUID(), login, name: input.name.trim(), email: input.email ?? null, role: input.role,
    passwordHash: await hashPassword(input.password), createdAt: at.toISOString(), disabledAt: null,
  };
  await repo.insertStaff(store.db, row);
  return row;
}

export async function setStaffRole(store: Pick<Store, 'db'>, login: string, role: Role): Promise<boolean> {
  return (await repo.updateStaff(store.db, login, { role })) !== undefined;
}

/** Disables an account and ends its sessions; false when the login is unknown. */
export async function disableStaff(store: Pick<Store, 'db'>, login: string, at = new Date()): Promise<boolean> {
  const u = await repo.updateStaff(store.db, login, { disabledAt: at.toISOString() });
  if (u === undefined) return false;
  await endSessionsOfUser(store, 'console', u.id);
  return true;
}

export async function listStaff(store: Pick<Store, 'db'>): Promise<repo.StaffUserRow[]> {
  return repo.listStaffRows(store.db);
}

export async function checkStaffLogin(store: Pick<Store, 'db'>, login: string, password: string, ip: string, s: ThrottleSettings, now = new Date()): Promise<LoginOutcome<repo.StaffUserRow>> {
  return checkLogin(store, 'console', (l) => repo.staffByLogin(store.db, l), login, password, ip, s, now);
}

export async function createStaffSession(store: Pick<Store, 'db'>, userId: string, lifetimeMs: number, now = new Date()): Promise<NewSession> {
  return createSession(store, 'console', userId, lifetimeMs, now);
}

/** The active staff user of a session cookie (expired sessions and disabled users: null). */
export async function staffSessionOf(store: Pick<Store, 'db'>, cookie: string, now = new Date()): Promise<{ user: repo.StaffUserRow; idHash: string; csrf: string } | null> {
  const s = await liveSession(store, 'console', cookie, now);
  if (s === null) return null;
  const user = await repo.staffById(store.db, s.userId);
  if (user === undefined || user.disabledAt !== null) return null;
  return { user, idHash: s.idHash, csrf: s.csrf };
}

/** Appends to the staff audit log (inside the caller's transaction when `store.db` is one). */
export async function audit(store: Pick<Store, 'db'>, actor: string, action: string, target: string | null, details: Record<string, unknown> = {}, at = new Date()): Promise<void> {
  await repo.insertAudit(store.db, { at: at.toISOString(), actor, action, target, details });
}

export async function auditLog(store: Pick<Store, 'db'>, o: { target?: string; limit?: number } = {}): Promise<repo.StaffAuditRow[]> {
  return repo.listAuditRows(store.db, { target: o.target, limit: o.limit ?? 300 });
}
