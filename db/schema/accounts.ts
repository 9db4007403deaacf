/**
 * Accounts: API bearer tokens (authority, access point, API client, body), Authority staff and web
 * inbox users (argon2id password hashes), and ONE session store and ONE login throttle shared by
 * the console and the web inbox. Secrets are never stored: tokens and session cookies as their
 * SHA-256 only.
 */
import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { instant } from './columns';

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** SHA-256 (hex) of the bearer token; the token itself is shown once and never stored. */
    tokenHash: text('token_hash').notNull(),
    /** `authority`, `access-point`, `api-client`, `body`. */
    scope: text('scope').notNull(),
    /** For `body` tokens: the body id. For `access-point` tokens: optionally the seat id. */
    subject: text('subject'),
    createdAt: instant('created_at').notNull().default(sql`now()`),
    revokedAt: instant('revoked_at'),
    lastUsedAt: instant('last_used_at'),
  },
  (t) => [uniqueIndex('api_tokens_hash_uq').on(t.tokenHash)],
);

export const staffUsers = pgTable(
  'staff_users',
  {
    id: text('id').primaryKey(),
    login: text('login').notNull(),
    name: text('name').notNull(),
    email: text('email'),
    /** `viewer`, `operator`, `administrator`. */
    role: text('role').notNull(),
    /** argon2id encoded hash (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`). */
    passwordHash: text('password_hash').notNull(),
    createdAt: instant('created_at').notNull(),
    disabledAt: instant('disabled_at'),
  },
  (t) => [uniqueIndex('staff_users_login_uq').on(t.login)],
);

export const inboxUsers = pgTable(
  'inbox_users',
  {
    id: text('id').primaryKey(),
    bodyId: text('body_id').notNull(),
    /** Login (an e-mail address), lower-cased. */
    login: text('login').notNull(),
    /** argon2id encoded hash. */
    passwordHash: text('password_hash').notNull(),
    name: text('name'),
    createdAt: instant('created_at').notNull(),
    disabledAt: instant('disabled_at'),
  },
  (t) => [uniqueIndex('inbox_users_login_uq').on(t.login)],
);

/** Web sessions of staff (`console`) and body users (`inbox`): only the SHA-256 of the cookie is stored. */
export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 (hex) of the session cookie value. */
    idHash: text('id_hash').primaryKey(),
    /** `console` (user = staff_users.id) or `inbox` (user = inbox_users.id). */
    audience: text('audience').notNull(),
    userId: text('user_id').notNull(),
    /** Per-session token echoed by every form (CSRF). */
    csrf: text('csrf').notNull(),
    createdAt: instant('created_at').notNull(),
    expiresAt: instant('expires_at').notNull(),
    lastSeenAt: instant('last_seen_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.audience, t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

/** Failed logins per key (`<audience>:login:<name>` and `<audience>:ip:<address>`), for throttling. */
export const loginThrottle = pgTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  firstAt: instant('first_at').notNull(),
  lockedUntil: instant('locked_until'),
});

export type ApiTokenRow = typeof apiTokens.$inferSelect;
export type StaffUserRow = typeof staffUsers.$inferSelect;
export type InboxUserRow = typeof inboxUsers.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
