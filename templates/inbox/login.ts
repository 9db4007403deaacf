/** The web inbox's sign-in page. */
import { html } from '../../web';
import { inboxPage, type Frame } from './layout';
import { inboxText as t } from './messages';

export function loginPage(f: Frame, o: { error?: string; login?: string } = {}): string {
  const lang = f.lang;
  return inboxPage(f, {
    title: t('signInTitle', lang),
    body: html`${o.error ? html`<div class="error-summary" role="alert" tabindex="-1"><p>${o.error}</p></div>` : ''}
<form method="post" action="/inbox/login">
<div class="field"><label for="f-login">${t('email', lang)}</label><input id="f-login" name="login" type="email" autocomplete="username" required value="${o.login ?? ''}"></div>
<div class="field"><label for="f-password">${t('password', lang)}</label><input id="f-password" name="password" type="password" autocomplete="current-password" required></div>
<button type="submit">${t('signIn', lang)}</button></form>`,
  });
}
