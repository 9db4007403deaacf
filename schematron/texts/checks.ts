/**
 * What a translation must keep of its English: the BT-/BG- codes (the same ones, no other) and the
 * placeholders; and it must not be the English itself. Used by the rule-text test and the diff report.
 */
import { placeholdersOf } from './template';

/** BT-/BG- codes of a text, sorted, each once (`BT-125-1` counts as itself). */
export function businessTermCodes(text: string): string[] {
  return [...new Set(text.match(/\bB[TG]-\d+(?:-\d+)?\b/g) ?? [])].sort();
}

/** What is wrong with a translation of `en`; empty when nothing is. */
export function textProblems(en: string, text: string): string[] {
  const out: string[] = [];
  if (text.trim() === '') return ['empty'];
  const codes = businessTermCodes(text).join(' ');
  const enCodes = businessTermCodes(en).join(' ');
  if (codes !== enCodes) out.push(`codes ${codes || '(none)'} ≠ English ${enCodes || '(none)'}`);
  const ph = placeholdersOf(text).join(' ');
  const enPh = placeholdersOf(en).join(' ');
  if (ph !== enPh) out.push(`placeholders ${ph || '(none)'} ≠ English ${enPh || '(none)'}`);
  if (text.trim() === en.trim()) out.push('the English itself');
  return out;
}
