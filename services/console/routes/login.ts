/** Signing in and out of the console: the shared login throttle, argon2id, a session cookie, every attempt audited. */
import { config } from '../../../config';
import { audit, checkStaffLogin, CONSOLE_COOKIE, createStaffSession } from '../../../core/accounts/staff';
import { endSession } from '../../../core/accounts/sessions';
import { loginPage } from '../../../templates/console/login';
import { ct } from '../../../templates/console/messages';
import type { RouteCall } from '../context';

function show(x: RouteCall, status: number, error: string | null, login = ''): void {
  x.page(status, loginPage(x.frame(), { next: x.qs('next') ?? '', login, error }));
}

/** Only a console path of this site (not `//host`, not a backslash trick). */
function safeNext(next: string | undefined): string {
  return next !== undefined && /^\/console\/[^/\\]/.test(`${next}x`) && !next.startsWith('//') ? next : '/console/';
}

export async function loginForm(x: RouteCall): Promise<void> {
  show(x, 200, null);
}

export async function signIn(x: RouteCall): Promise<void> {
  const f = await x.fields();
  if (f === null) return;
  const login = (f.get('login') ?? '').slice(0, 100);
  const ip = x.req.ip ?? 'unknown';
  const now = x.ctx.now();
  const out = await checkStaffLogin(x.store, login, f.get('password') ?? '', ip, x.ctx.throttle, now);
  if (!out.ok) {
    const locked = out.reason === 'locked';
    await audit(x.store, 'anonymous', locked ? 'login-locked' : 'login-failed', `staff:${login.trim().toLowerCase()}`, { ip }, now);
    if (locked) x.res.set('Retry-After', String(out.retryAfterSeconds ?? 60));
    show(x, locked ? 429 : 401, locked ? ct('loginLocked', x.lang, { seconds: out.retryAfterSeconds ?? 60 }) : ct('loginInvalid', x.lang), login);
    return;
  }
  const s = await createStaffSession(x.store, out.user.id, config.consoleSessionMs, now);
  await audit(x.store, `staff:${out.user.login}`, 'login', `staff:${out.user.login}`, { ip }, now);
  x.res.append('Set-Cookie', `${CONSOLE_COOKIE}=${s.cookie}; Path=/console; HttpOnly; SameSite=Strict; Max-Age=${Math.floor(config.consoleSessionMs / 1000)}${x.req.secure ? '; Secure' : ''}`);
  x.res.redirect(303, safeNext(x.qs('next')));
}

export async function signOut(x: RouteCall): Promise<void> {
  if ((await x.fields()) === null) return;
  const p = x.me;
  if (p.sessionHash !== undefined) await endSession(x.store, p.sessionHash);
  await audit(x.store, p.actor, 'logout', `staff:${p.login}`, {}, x.ctx.now());
  x.res.append('Set-Cookie', `${CONSOLE_COOKIE}=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0`);
  x.res.redirect(303, '/console/login');
}
