/**
 * The frame of every web inbox page: the shared page layout (web/), the inbox's name, the signed-in
 * user with the sign-out button, the navigation (documents, statuses in bulk), the error summary.
 */
import { html, page, type FieldError, type HtmlValue, type Lang } from '../../web';
import { inboxText as t } from './messages';

/** Who is signed in (absent on the login page and for an expired session). */
export interface SignedIn { login: string; bodyId: string; csrf: string }

export interface Frame {
  lang: Lang;
  /** Path and query of the request (the language switcher links to it). */
  path: string;
  user?: SignedIn;
}

export function inboxPage(f: Frame, o: { title: string; body: HtmlValue; errors?: FieldError[] }): string {
  const top = f.user === undefined ? '' : html`<form class="inbox-user" method="post" action="/inbox/logout"><input type="hidden" name="csrf" value="${f.user.csrf}">
<p>${t('signedInAs', f.lang, { login: f.user.login, body: f.user.bodyId })} <button type="submit" class="secondary">${t('signOut', f.lang)}</button></p></form>`;
  const nav = f.user === undefined ? undefined : [
    { href: '/inbox/', label: t('inboxTitle', f.lang), current: f.path === '/inbox/' || f.path.startsWith('/inbox/?') || f.path.startsWith('/inbox/documents/') },
    { href: '/inbox/responses/import', label: t('bulkLink', f.lang), current: f.path.startsWith('/inbox/responses/import') },
  ];
  return page({ lang: f.lang, title: o.title, service: t('service', f.lang), home: '/inbox/', path: f.path, errors: o.errors ?? [], body: html`${top}${o.body}`, ...(nav ? { nav } : {}) });
}

/** A page that only says something (not found, form expired, bad filter), with a way back. */
export function messagePage(f: Frame, title: string, text: string, back: { href: string; label: string } = { href: '/inbox/', label: t('back', f.lang) }): string {
  return inboxPage(f, { title, body: html`<p>${text} <a href="${back.href}">${back.label}</a></p>` });
}
