/**
 * The text a person reads for a validation finding, in a language: one rule for every audience (the
 * portal, the console, the web inbox, the submitters' mails, the command line).
 *
 * A finding carries its official English `message` (the contract of the API, never translated) and
 * `messages: { fr, de }` (the rule texts of `schematron/texts` and the hub's own, written by
 * `validation/`). `en` reads the official message; `fr` and `de` read the translation, and only where a
 * text were missing the official English, marked as such (`fallback`). Works on any object with
 * those two fields, so a view model needs nothing else. `findingHtml` is the same on a page.
 */
import type { Lang } from '../config/languages';
import { html, type Html } from '../web/html';

/** What `findingText` needs of a finding. */
export interface ReadableFinding {
  /** The official text (English). */
  message: string;
  messages?: { readonly fr?: string; readonly de?: string };
}

export interface FindingText {
  text: string;
  /** The language of `text`: the one asked for, or `en` for the official text. */
  lang: Lang;
  /** `text` is the official English message (always for `en`). */
  official: boolean;
  /** French or German was asked for and there is no text: `text` is the official English instead (say so). */
  fallback: boolean;
}

/** The text of a finding in a language. */
export function findingText(f: ReadableFinding, lang: Lang): FindingText {
  if (lang === 'en') return { text: f.message, lang: 'en', official: true, fallback: false };
  const translated = f.messages?.[lang];
  if (translated !== undefined && translated.trim() !== '') return { text: translated, lang, official: false, fallback: false };
  return { text: f.message, lang: 'en', official: true, fallback: true };
}

/** How the official English is named where it stands in for a missing translation, or beside one. */
export const OFFICIAL_TEXT: Readonly<Record<Lang, string>> = {
  fr: 'texte officiel en anglais',
  de: 'offizieller Text auf Englisch',
  en: 'official text',
};

/** The text of a finding as plain text (mails, the command line): a fallback to English says so. */
export function findingPlainText(f: ReadableFinding, lang: Lang): string {
  const t = findingText(f, lang);
  return t.fallback ? `${t.text} (${OFFICIAL_TEXT[lang]})` : t.text;
}

/** The summary of the official English folded beside a translation. */
export const OFFICIAL_TEXT_SUMMARY: Readonly<Record<Lang, string>> = {
  fr: 'Texte officiel (anglais)',
  de: 'Offizieller Text (Englisch)',
  en: 'Official text',
};

/**
 * The text of a finding on a page: the French or German with the official English folded beside it;
 * the official English alone in English; the official English marked as such where no text exists.
 */
export function findingHtml(f: ReadableFinding, lang: Lang): Html {
  const t = findingText(f, lang);
  if (t.fallback) return html`<span lang="en">${t.text}</span> <small class="official">(${OFFICIAL_TEXT[lang]})</small>`;
  if (t.official) return html`${t.text}`;
  return html`${t.text}<details class="official"><summary>${OFFICIAL_TEXT_SUMMARY[lang]}</summary><p lang="en">${f.message}</p></details>`;
}
