/** Sign in and out of the web inbox (one login throttle in the database, core/accounts). */
import { checkInboxLogin, createInboxSession, INBOX_COOKIE } from '../../../../core/accounts/inbox-users';
import { endSession } from '../../../../core/accounts/sessions';
import { config } from '../../../../config';
import { loginPage } from '../../../../templates/inbox/login';
import { inboxText as t } from '../../../../templates/inbox/messages';
import type { InboxWebRoute, WebCall } from '../context';

/** Five failed logins for one login lock it for 15 minutes (the shared throttle counts an address ×4). */
const THROTTLE = { maxFailures: 5, lockMs: 15 * 60_000 };

async function signIn(x: WebCall): Promise<void> {
  const login = x.field('login', 200);
  const password = x.field('password', 500);
  const out = await checkInboxLogin(x.deps.store, login, password, x.req.ip ?? x.req.socket.remoteAddress ?? 'unknown', THROTTLE, x.deps.clock());
  if (!out.ok && out.reason === 'locked') {
    const minutes = Math.max(1, Math.ceil((out.retryAfterSeconds ?? 60) / 60));
    x.res.set('Retry-After', String(minutes * 60));
    return x.page(429, loginPage(x.frame(), { error: t('tooMany', x.lang, { minutes }), login }));
  }
  if (!out.ok) return x.page(401, loginPage(x.frame(), { error: t('badLogin', x.lang), login }));
  const s = await createInboxSession(x.deps.store, out.user.id, config.inboxSessionMs, x.deps.clock());
  x.res.cookie(INBOX_COOKIE, s.cookie, { httpOnly: true, sameSite: 'strict', secure: x.req.secure, path: '/inbox', expires: s.expiresAt });
  x.res.redirect(303, '/inbox/');
}

export function loginRoutes(): InboxWebRoute[] {
  return [
    { method: 'get', path: '/inbox/login', session: false, handle: async (x) => x.page(200, loginPage(x.frame())) },
    { method: 'post', path: '/inbox/login', session: false, form: 'small', handle: signIn },
    {
      method: 'post', path: '/inbox/logout', session: true, form: 'small',
      handle: async (x) => {
        await endSession(x.deps.store, x.session.idHash);
        x.res.clearCookie(INBOX_COOKIE, { path: '/inbox' });
        x.res.redirect(303, '/inbox/login');
      },
    },
  ];
}
