/** Staff accounts (administrators): the list with each account's role and the form to create one. */
import { html, type FieldError, type Html } from '../../web';
import { fill, hiddenCsrf, notice, table, when } from './components';
import { consolePage, roleLabel, type Frame } from './layout';
import { ct, type ConsoleKey } from './messages';

export interface StaffLineView { login: string; name: string; email: string | null; role: string; disabledAt: string | null }

export interface StaffPageView { users: StaffLineView[]; roles: readonly string[]; errors: FieldError[]; ok: string[] }

function actions(f: Frame, u: StaffLineView, roles: readonly string[]): Html {
  const lang = f.lang;
  if (u.disabledAt !== null) return html``;
  return html`<form method="post" action="/console/staff/${u.login}/role" class="inline-form">${hiddenCsrf(f.csrf)}<label for="role-${u.login}" class="visually-hidden">${ct('roleOf', lang, { login: u.login })}</label><select id="role-${u.login}" name="role">${roles.map((r) => html`<option value="${r}"${r === u.role ? html` selected` : ''}>${roleLabel(r, lang)}</option>`)}</select><button type="submit" class="secondary">${ct('save', lang)}</button></form>
<form method="post" action="/console/staff/${u.login}/disable">${hiddenCsrf(f.csrf)}<button type="submit" class="danger" aria-label="${ct('disableLogin', lang, { login: u.login })}">${ct('disable', lang)}</button></form>`;
}

export function staffPage(f: Frame, v: StaffPageView): string {
  const lang = f.lang;
  const field = (name: string, label: ConsoleKey, extra: Html): Html => html`<div class="field"><label for="f-${name}">${ct(label, lang)}</label>${extra}</div>`;
  return consolePage(f, {
    title: ct('staff', lang), section: 'staff', errors: v.errors,
    body: html`${notice('ok', v.ok)}${table(ct('staff', lang), [ct('loginField', lang), ct('name', lang), ct('email', lang), ct('role', lang), ct('status', lang), ct('actions', lang)], v.users.map((u) => [
      u.login, u.name, u.email ?? '–', roleLabel(u.role, lang), u.disabledAt ? fill(ct('disabled', lang), { when: when(u.disabledAt, lang) }) : ct('st_active', lang), actions(f, u, v.roles),
    ]), { hideCaption: true })}
<h2>${ct('createStaff', lang)}</h2><form method="post" action="/console/staff">${hiddenCsrf(f.csrf)}
${field('login', 'loginField', html`<input type="text" id="f-login" name="login" autocomplete="off" required>`)}
${field('name', 'name', html`<input type="text" id="f-name" name="name" required>`)}
${field('email', 'email', html`<input type="email" id="f-email" name="email">`)}
${field('role', 'role', html`<select id="f-role" name="role">${v.roles.map((r) => html`<option value="${r}">${roleLabel(r, lang)}</option>`)}</select>`)}
<div class="field"><label for="f-password">${ct('password', lang)}</label><p class="hint" id="f-password-hint">${ct('passwordHint', lang)}</p><input type="password" id="f-password" name="password" autocomplete="new-password" aria-describedby="f-password-hint" required></div>
<button type="submit">${ct('createStaff', lang)}</button></form>`,
  });
}
