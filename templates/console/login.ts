/** The console's sign-in page. */
import { html } from '../../web';
import { hiddenCsrf } from './components';
import { consolePage, type Frame } from './layout';
import { ct } from './messages';

export interface LoginView {
  /** Where to go after signing in (a console path), or ''. */
  next: string;
  login: string;
  error: string | null;
}

export function loginPage(f: Frame, v: LoginView): string {
  const action = `/console/login${v.next ? `?next=${encodeURIComponent(v.next)}` : ''}`;
  return consolePage(f, {
    title: ct('login', f.lang), errors: v.error ? [{ field: 'login', message: v.error }] : [],
    body: html`<form method="post" action="${action}" novalidate>${hiddenCsrf(f.csrf)}
<div class="field"><label for="f-login">${ct('loginField', f.lang)}</label><input type="text" id="f-login" name="login" value="${v.login}" autocomplete="username" required${v.error ? html` aria-invalid="true"` : ''}></div>
<div class="field"><label for="f-password">${ct('password', f.lang)}</label><input type="password" id="f-password" name="password" autocomplete="current-password" required></div>
<button type="submit">${ct('login', f.lang)}</button></form>`,
  });
}
