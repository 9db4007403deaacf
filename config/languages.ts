/**
 * The languages of the hub, declared once: every page, PDF, mail and finding text is offered in
 * these (French first: the default). Bodies may also name Luxembourgish (`lb`) as their language:
 * what is shown to them then falls back to French.
 */
export const LANGS = ['fr', 'de', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'fr';

export function isLang(v: unknown): v is Lang {
  return typeof v === 'string' && (LANGS as readonly string[]).includes(v);
}

/** A language of the hub for any value (a body's `lb`, an unknown code, nothing): French unless it is one of ours. */
export function langOr(v: string | null | undefined, fallback: Lang = DEFAULT_LANG): Lang {
  return isLang(v) ? v : fallback;
}
