/** Accounts: bearer tokens, console staff, web inbox users, one password hashing, one session store, one login throttle. */
export * from './tokens';
export * from './staff';
export * from './inbox-users';
export { endSession } from './sessions';
export type { ThrottleSettings } from './throttle';
export type { LoginOutcome } from './login';
