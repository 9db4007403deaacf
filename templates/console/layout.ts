/**
 * The console's frame around the shared layout (web/layout.ts): the service name, the navigation
 * for the staff member's role, who is signed in with the sign-out button, the console stylesheet
 * (linked from the body: the shared layout has no option for extra stylesheets), and the pages
 * every route may answer (forbidden, not found, bad request, form expired).
 */
import { html, page, webText, type FieldError, type HtmlValue, type Lang } from '../../web';
import { hiddenCsrf } from './components';
import { ct, labelOf } from './messages';

export type StaffRole = 'viewer' | 'operator' | 'administrator';

/** What every page knows of its request. */
export interface Frame {
  lang: Lang;
  /** Path and query of the page without `lang=` (the language switcher adds it). */
  path: string;
  /** The staff member or token signed in (null on the login page). */
  user: { name: string; role: StaffRole; session: boolean } | null;
  /** CSRF token for the forms of the page (the sign-out button included). */
  csrf: string;
}

export type Section = 'overview' | 'queues' | 'providers' | 'stats' | 'directory' | 'reporting' | 'staff' | 'audit' | '';

/** The name of the Peppol reporting page (its own texts are in reporting.ts). */
export const REPORTING_TITLE: Record<Lang, string> = { fr: 'Rapports Peppol', de: 'Peppol-Berichte', en: 'Peppol reporting' };

function nav(lang: Lang, current: Section, role: StaffRole): { href: string; label: string; current?: boolean }[] {
  return [
    { href: '/console/', label: ct('overview', lang), current: current === 'overview' },
    { href: '/console/queues/rejected', label: ct('queues', lang), current: current === 'queues' },
    { href: '/console/providers', label: ct('providers', lang), current: current === 'providers' },
    { href: '/console/stats', label: ct('stats', lang), current: current === 'stats' },
    { href: '/console/directory', label: ct('directory', lang), current: current === 'directory' },
    { href: '/console/reporting', label: REPORTING_TITLE[lang], current: current === 'reporting' },
    ...(role === 'administrator' ? [
      { href: '/console/staff', label: ct('staff', lang), current: current === 'staff' },
      { href: '/console/audit', label: ct('auditLog', lang), current: current === 'audit' },
    ] : []),
  ];
}

export function roleLabel(role: string, lang: Lang): string {
  return labelOf('role_', role, lang);
}

/** A whole console page. */
export function consolePage(f: Frame, o: { title: string; section?: Section; errors?: FieldError[]; body: HtmlValue }): string {
  const u = f.user;
  const who = u === null ? '' : html`<div class="console-user"><p>${ct('signedInAs', f.lang, { name: u.name, role: roleLabel(u.role, f.lang) })}</p>${u.session ? html`<form method="post" action="/console/logout">${hiddenCsrf(f.csrf)}<button type="submit" class="secondary">${ct('logout', f.lang)}</button></form>` : ''}</div>`;
  return page({
    lang: f.lang, title: o.title, service: ct('service', f.lang), home: '/console/', path: f.path,
    nav: u === null ? [] : nav(f.lang, o.section ?? '', u.role), errors: o.errors,
    body: html`<link rel="stylesheet" href="/console/static/console.css">${who}${o.body}`,
  });
}

export function forbiddenPage(f: Frame): string {
  return consolePage(f, { title: ct('forbiddenTitle', f.lang), body: html`<p>${ct('forbiddenText', f.lang)}</p>` });
}

export function notFoundPage(f: Frame): string {
  return consolePage(f, { title: webText('notFoundTitle', f.lang), body: html`<p>${webText('notFoundText', f.lang)}</p>` });
}

export function badRequestPage(f: Frame, detail: string): string {
  return consolePage(f, { title: webText('badRequestTitle', f.lang), body: html`<p>${detail}</p>` });
}

export function csrfPage(f: Frame): string {
  return consolePage(f, { title: webText('csrfTitle', f.lang), body: html`<p>${webText('csrfText', f.lang)}</p>` });
}
