/**
 * Languages of the web pages (FR/DE/EN) and message lookup. The language is, in this order: the
 * `lang` query parameter (the switcher's links; remembered in a cookie), the `hub_lang` cookie, the
 * browser's `Accept-Language` preference, French.
 */
import type { Request, Response } from 'express';

export const WEB_LANGS = ['fr', 'de', 'en'] as const;
export type WebLang = (typeof WEB_LANGS)[number];
export const DEFAULT_LANG: WebLang = 'fr';
export const LANG_COOKIE = 'hub_lang';

export function isWebLang(v: unknown): v is WebLang {
  return typeof v === 'string' && (WEB_LANGS as readonly string[]).includes(v);
}

/** The best supported language of an Accept-Language header (q-values honoured), or null. */
export function fromAcceptLanguage(header: string | undefined): WebLang | null {
  if (!header) return null;
  const prefs = header.split(',').slice(0, 30).map((part, i) => {
    const [tag = '', ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const qv = q === undefined ? 1 : Number(q.slice(2));
    return { lang: tag.trim().toLowerCase().split('-')[0] ?? '', q: Number.isFinite(qv) ? qv : 0, i };
  }).filter((p) => p.q > 0).sort((a, b) => b.q - a.q || a.i - b.i);
  for (const p of prefs) if (isWebLang(p.lang)) return p.lang;
  return null;
}

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** Picks the page language and remembers an explicit choice in a cookie. */
export function negotiateLang(req: Request, res: Response): WebLang {
  const q = req.query.lang;
  if (isWebLang(q)) {
    res.append('Set-Cookie', `${LANG_COOKIE}=${q}; Path=/; Max-Age=31536000; SameSite=Lax`);
    return q;
  }
  const c = readCookie(req, LANG_COOKIE);
  if (isWebLang(c)) return c;
  return fromAcceptLanguage(req.get('accept-language')) ?? DEFAULT_LANG;
}

export type Messages<K extends string> = Record<K, Record<WebLang, string>>;

/** A lookup function over a message table: `{name}` placeholders are replaced by the (unescaped) values. */
export function translator<K extends string>(table: Messages<K>): (key: K, lang: WebLang, vars?: Record<string, string | number>) => string {
  return (key, lang, vars) => {
    const entry = table[key];
    let s = entry[lang] ?? entry.en;
    if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
    return s;
  };
}
