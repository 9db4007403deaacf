/** The SQL of accounts: API tokens, staff and inbox users, the shared session store, the login throttle, the staff audit log. */
import { and, desc, eq, isNull, lt } from 'drizzle-orm';
import type { Database } from '../client';
import {
  apiTokens, inboxUsers, loginThrottle, sessions, staffAudit, staffUsers,
  type ApiTokenRow, type InboxUserRow, type SessionRow, type StaffUserRow,
} from '../schema';

export type { ApiTokenRow, InboxUserRow, SessionRow, StaffUserRow } from '../schema';
export type StaffAuditRow = typeof staffAudit.$inferSelect;

// ── API tokens ──────────────────────────────────────────────────────────────────────────────

export async function insertToken(db: Database, row: typeof apiTokens.$inferInsert): Promise<void> {
  await db.insert(apiTokens).values(row);
}

export async function tokenByHash(db: Database, tokenHash: string): Promise<ApiTokenRow | undefined> {
  return (await db.select().from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash)).limit(1))[0];
}

export async function revokeTokenRow(db: Database, id: string, at: string): Promise<boolean> {
  const rows = await db.update(apiTokens).set({ revokedAt: at }).where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt))).returning({ id: apiTokens.id });
  return rows.length === 1;
}

export async function listTokenRows(db: Database): Promise<ApiTokenRow[]> {
  return db.select().from(apiTokens).orderBy(desc(apiTokens.createdAt));
}

export async function tokensOfSubject(db: Database, scope: string, subject: string): Promise<ApiTokenRow[]> {
  return db.select().from(apiTokens).where(and(eq(apiTokens.scope, scope), eq(apiTokens.subject, subject))).orderBy(desc(apiTokens.createdAt));
}

// ── staff ───────────────────────────────────────────────────────────────────────────────────

export async function staffByLogin(db: Database, login: string): Promise<StaffUserRow | undefined> {
  return (await db.select().from(staffUsers).where(eq(staffUsers.login, login)).limit(1))[0];
}

export async function staffById(db: Database, id: string): Promise<StaffUserRow | undefined> {
  return (await db.select().from(staffUsers).where(eq(staffUsers.id, id)).limit(1))[0];
}

export async function insertStaff(db: Database, row: StaffUserRow): Promise<void> {
  await db.insert(staffUsers).values(row);
}

export async function updateStaff(db: Database, login: string, set: Partial<Pick<StaffUserRow, 'role' | 'disabledAt'>>): Promise<StaffUserRow | undefined> {
  return (await db.update(staffUsers).set(set).where(eq(staffUsers.login, login)).returning())[0];
}

export async function listStaffRows(db: Database): Promise<StaffUserRow[]> {
  return db.select().from(staffUsers).orderBy(staffUsers.login);
}

// ── inbox users ─────────────────────────────────────────────────────────────────────────────

export async function inboxUserByLogin(db: Database, login: string): Promise<InboxUserRow | undefined> {
  return (await db.select().from(inboxUsers).where(eq(inboxUsers.login, login)).limit(1))[0];
}

export async function inboxUserById(db: Database, id: string): Promise<InboxUserRow | undefined> {
  return (await db.select().from(inboxUsers).where(eq(inboxUsers.id, id)).limit(1))[0];
}

export async function insertInboxUser(db: Database, row: InboxUserRow): Promise<void> {
  await db.insert(inboxUsers).values(row);
}

export async function disableInboxUserRow(db: Database, bodyId: string, userId: string, at: string): Promise<boolean> {
  const rows = await db.update(inboxUsers).set({ disabledAt: at })
    .where(and(eq(inboxUsers.id, userId), eq(inboxUsers.bodyId, bodyId), isNull(inboxUsers.disabledAt))).returning({ id: inboxUsers.id });
  return rows.length === 1;
}

export async function inboxUsersOfBody(db: Database, bodyId: string): Promise<InboxUserRow[]> {
  return db.select().from(inboxUsers).where(eq(inboxUsers.bodyId, bodyId)).orderBy(inboxUsers.login);
}

// ── sessions ────────────────────────────────────────────────────────────────────────────────

export async function insertSession(db: Database, row: SessionRow): Promise<void> {
  await db.insert(sessions).values(row);
}

export async function sessionByHash(db: Database, idHash: string): Promise<SessionRow | undefined> {
  return (await db.select().from(sessions).where(eq(sessions.idHash, idHash)).limit(1))[0];
}

export async function deleteSession(db: Database, idHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, idHash));
}

export async function deleteSessionsOfUser(db: Database, audience: string, userId: string): Promise<void> {
  await db.delete(sessions).where(and(eq(sessions.audience, audience), eq(sessions.userId, userId)));
}

export async function deleteExpiredSessions(db: Database, now: string): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}

export async function touchSession(db: Database, idHash: string, at: string): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.idHash, idHash));
}

// ── login throttle ──────────────────────────────────────────────────────────────────────────

export type ThrottleRow = typeof loginThrottle.$inferSelect;

export async function throttleRow(db: Database, key: string, forUpdate = false): Promise<ThrottleRow | undefined> {
  const q = db.select().from(loginThrottle).where(eq(loginThrottle.key, key)).limit(1);
  return (await (forUpdate ? q.for('update') : q))[0];
}

export async function upsertThrottle(db: Database, row: ThrottleRow): Promise<void> {
  await db.insert(loginThrottle).values(row).onConflictDoUpdate({ target: loginThrottle.key, set: { failures: row.failures, firstAt: row.firstAt, lockedUntil: row.lockedUntil } });
}

export async function deleteThrottle(db: Database, key: string): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.key, key));
}

// ── staff audit log ─────────────────────────────────────────────────────────────────────────

export async function insertAudit(db: Database, row: { at: string; actor: string; action: string; target: string | null; details: Record<string, unknown> }): Promise<void> {
  await db.insert(staffAudit).values(row);
}

export async function listAuditRows(db: Database, o: { target?: string; limit: number }): Promise<StaffAuditRow[]> {
  return db.select().from(staffAudit).where(o.target === undefined ? undefined : eq(staffAudit.target, o.target)).orderBy(desc(staffAudit.id)).limit(o.limit);
}
