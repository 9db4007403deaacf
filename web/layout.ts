/**
 * The page frame shared by the hub's web pages: language attribute, skip link, header with the
 * language switcher, one <main> with the page's h1, an accessible error summary (role=alert,
 * focused first, each error a link to its field), footer. No inline script or style: the pages run
 * under a strict Content-Security-Policy (see `securityHeaders`).
 */
import type { RequestHandler } from 'express';
import { html, type Html, type HtmlValue, fieldId } from './html';
import { LANGS, type Lang } from './i18n';
import { webText } from './messages';

export interface FieldError {
  /** Form field name (its element id is `fieldId(field)`), or null for an error of the whole form. */
  field: string | null;
  message: string;
}

export interface PageOptions {
  lang: Lang;
  title: string;
  /** Service name shown in the header (default: the hub's name). */
  service?: string;
  /** Where the service name links to. */
  home?: string;
  /** Path (with query) the language switcher links to; `lang=` is added. */
  path: string;
  errors?: FieldError[];
  body: HtmlValue;
  /** Extra script files (same origin), loaded deferred. */
  scripts?: string[];
  /** Navigation links shown under the header. */
  nav?: { href: string; label: string; current?: boolean }[];
}

const LANG_NAMES: Record<Lang, string> = { fr: 'Français', de: 'Deutsch', en: 'English' };

function withLang(path: string, lang: Lang): string {
  const [p, q = ''] = path.split('?');
  const params = new URLSearchParams(q);
  params.set('lang', lang);
  return `${p}?${params.toString()}`;
}

/** The error summary: a titled alert listing every error, each linking to its field. */
export function errorSummary(errors: FieldError[], lang: Lang): Html {
  if (errors.length === 0) return html``;
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" id="error-summary">
<h2 id="error-summary-title">${webText('errorSummaryTitle', lang)}</h2>
<ul>${errors.map((e) => html`<li>${e.field === null ? e.message : html`<a href="#${fieldId(e.field)}">${e.message}</a>`}</li>`)}</ul>
</div>`;
}

/** The inline error of one field (its id is referenced by the field's aria-describedby). */
export function fieldErrorText(field: string, errors: FieldError[], lang: Lang): Html {
  const mine = errors.filter((e) => e.field === field);
  if (mine.length === 0) return html``;
  return html`<p class="field-error" id="${fieldId(field)}-error"><span class="visually-hidden">${webText('errorPrefix', lang)} </span>${mine.map((e) => e.message).join(' ')}</p>`;
}

export function page(o: PageOptions): string {
  const errors = o.errors ?? [];
  const title = errors.length > 0 ? `${webText('errorPrefix', o.lang)} ${o.title}` : o.title;
  const doc = html`<!doctype html>
<html lang="${o.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} – ${o.service ?? webText('hubName', o.lang)}</title>
<link rel="stylesheet" href="/static/web/web.css">
${(o.scripts ?? []).map((s) => html`<script src="${s}" defer></script>`)}
</head>
<body>
<a class="skip-link" href="#main">${webText('skipToContent', o.lang)}</a>
<header class="site-header">
<a class="service-name" href="${o.home ?? '/'}">${o.service ?? webText('hubName', o.lang)}</a>
<nav class="lang-switcher" aria-label="${webText('language', o.lang)}"><ul>
${LANGS.map((l) => html`<li><a href="${withLang(o.path, l)}" lang="${l}" hreflang="${l}"${l === o.lang ? html` aria-current="true"` : ''}>${LANG_NAMES[l]}</a></li>`)}
</ul></nav>
${o.nav && o.nav.length > 0 ? html`<nav class="main-nav" aria-label="${o.service ?? webText('hubName', o.lang)}"><ul>${o.nav.map((n) => html`<li><a href="${n.href}"${n.current ? html` aria-current="page"` : ''}>${n.label}</a></li>`)}</ul></nav>` : ''}
</header>
<main id="main" tabindex="-1">
${errorSummary(errors, o.lang)}
<h1>${o.title}</h1>
${o.body}
</main>
<footer class="site-footer"><p>${webText('hubName', o.lang)}</p></footer>
</body>
</html>
`;
  return doc.value;
}

/** Security headers for every HTML response of a web router. */
export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cache-Control': 'no-store',
  });
  next();
};
