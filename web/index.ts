/**
 * The hub's shared web layer (supplier portal, Authority console, body web inbox): escaping HTML
 * templates, FR/DE/EN message lookup with the browser's preference by default, the page layout with
 * language switcher and accessible error summary, CSRF tokens, per-client rate limiting, streaming
 * form reading with limits, security headers, and the shared stylesheet at `/static/web/web.css`.
 */
import path from 'node:path';
import express, { Router } from 'express';

export { Html, esc, html, raw, join, fieldId, type HtmlValue } from './html';
export { LANGS, DEFAULT_LANG, isLang, negotiateLang, fromAcceptLanguage, readCookie, translator, type Lang, type Messages } from './i18n';
export { page, errorSummary, fieldErrorText, securityHeaders, type FieldError, type PageOptions } from './layout';
export { Csrf, CSRF_FIELD, SESSION_COOKIE } from './csrf';
export { rateLimit, type RateLimitOptions } from './rate-limit';
export { readForm, FormLimitError, type FormData, type FormFile, type FormLimits } from './form';
export { webText, type WebKey } from './messages';

/** Serves the shared stylesheet (and any other file of web/static) under /static/web/. */
export function webStaticRouter(): Router {
  const r = Router();
  r.use('/static/web', express.static(path.join(__dirname, 'static'), { index: false, maxAge: '1h', fallthrough: false }));
  return r;
}
