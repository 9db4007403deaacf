/**
 * Languages of the web pages (FR/DE/EN) and message lookup. The language is, in this order: the
 * `lang` query parameter (the switcher's links; remembered in a cookie), the `hub_lang` cookie, the
 * browser's `Accept-Language` preference, French.
 */
import type { Request, Response } from 'express';
import { DEFAULT_LANG, isLang, type Lang } from '../config/languages';

export { DEFAULT_LANG, isLang, LANGS, type Lang } from '../config/languages';
export const LANG_COOKIE = 'hub_lang';

/** The best supported language of an Accept-Language header (q-values honoured), or null. */
export function fromAcceptLanguage(header: string | undefined): Lang | null {
  if (!header) return null;
  const prefs = header.split(',').slice(0, 30).map((part, i) => {
    const [tag = '', ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const qv = q === undefined ? 1 : Number(q.slice(2));
    return { lang: tag.trim().toLowerCase().split('-')[0] ?? '', q: Number.isFinite(qv) ? qv : 0, i };
  }).filter((p) => p.q > 0).sort((a, b) => b.q - a.q || a.i - b.i);
  for (const p of prefs) if (isLang(p.lang)) return p.lang;
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
export function negotiateLang(req: Request, res: Response): Lang {
  const q = req.query.lang;
  if (isLang(q)) {
    res.append('Set-Cookie', `${LANG_COOKIE}=${q}; Path=/; Max-Age=31536000; SameSite=Lax`);
    return q;
  }
  const c = readCookie(req, LANG_COOKIE);
  if (isLang(c)) return c;
  return fromAcceptLanguage(req.get('accept-language')) ?? DEFAULT_LANG;
}

export type Messages<K extends string> = Record<K, Record<Lang, string>>;

/** A lookup function over a message table: `{name}` placeholders are replaced by the (unescaped) values. */
export function translator<K extends string>(table: Messages<K>): (key: K, lang: Lang, vars?: Record<string, string | number>) => string {
  return (key, lang, vars) => {
    const entry = table[key];
    let s = entry[lang] ?? entry.en;
    if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
    return s;
  };
}
