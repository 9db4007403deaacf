/**
 * Rule-text templates: an official message with its dynamic parts (`value-of`, `name`) replaced by
 * numbered placeholders `{1}`, `{2}`… in order of appearance, and its leading `[RULE-ID]-` prefix removed
 * (the UI shows the rule id on its own).
 *
 * Pure string functions, shared by the extraction (`extract.ts`), the loader (`index.ts`) and the checks.
 */
import type { MessagePart } from '../parse';

/** One run of whitespace becomes one space, as the engines do with `normalize-space()` on the message. */
export function normalizeSpace(s: string): string {
  return s.replace(/[ \t\n\r]+/g, ' ').replace(/^ | $/g, '');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Removes a leading `[RULE-ID]-`, `[RULE-ID] -` or `[RULE-ID] ` from a message. The id in the brackets
 * may differ from the rule id by zeros before a number (`[CII-SR-004]` for CII-SR-04, as in the official
 * CII file). Characters that are not letters or digits before the bracket go with it (one official file
 * has a stray `">` there).
 */
export function stripRulePrefix(ruleId: string, message: string): string {
  const m = /^[^\p{L}\p{N}[]*\[([^\]]+)\]\s*-?\s*/u.exec(message);
  return m && sameRuleId(m[1], ruleId) ? message.slice(m[0].length) : message;
}

function sameRuleId(a: string, b: string): boolean {
  const unpad = (s: string) => s.trim().replace(/(^|\D)0+(?=\d)/g, '$1');
  return unpad(a) === unpad(b);
}

/** The template of a parsed message: text kept, each `value-of` / `name` numbered in order. */
export function templateOf(ruleId: string, parts: readonly MessagePart[]): string {
  let n = 0;
  const raw = parts.map((p) => (p.kind === 'text' ? p.text : `{${++n}}`)).join('');
  if (/\{\d+\}/.test(parts.map((p) => (p.kind === 'text' ? p.text : '')).join(''))) throw new Error(`${ruleId}: the message has a literal "{n}", which a template cannot tell from a placeholder`);
  return stripRulePrefix(ruleId, normalizeSpace(raw));
}

/** The placeholder numbers of a text, sorted and without repetition (`"{2} … {1}"` → `[1, 2]`). */
export function placeholdersOf(text: string): number[] {
  const found = new Set<number>();
  for (const m of text.matchAll(/\{(\d+)\}/g)) found.add(Number(m[1]));
  return [...found].sort((a, b) => a - b);
}

/** Replaces `{n}` by `values[n - 1]`; a placeholder without a value is left as it is. */
export function fillPlaceholders(text: string, values: readonly string[]): string {
  return text.replace(/\{(\d+)\}/g, (whole, n: string) => values[Number(n) - 1] ?? whole);
}

/**
 * The values of an evaluated message, read back against its English template: `["EUR"]` for
 * `The currency ({1}) …` and `The currency (EUR) …`; null when the message does not fit the template.
 * The message may still carry its `[RULE-ID]-` prefix; spaces are compared after normalisation (an
 * empty value leaves one space, not two).
 */
export function matchTemplate(ruleId: string, template: string, message: string): string[] | null {
  const text = stripRulePrefix(ruleId, normalizeSpace(message));
  const order: number[] = [];
  let source = '';
  let last = 0;
  for (const m of template.matchAll(/\{(\d+)\}/g)) {
    source += literal(template.slice(last, m.index));
    source += '(.*?)';
    order.push(Number(m[1]));
    last = (m.index ?? 0) + m[0].length;
  }
  source += literal(template.slice(last));
  const found = new RegExp(`^${source}$`, 's').exec(text);
  if (!found) return null;
  const values: string[] = [];
  order.forEach((n, i) => {
    values[n - 1] = found[i + 1].trim();
  });
  return Array.from(values, (v) => v ?? '');
}

/** A literal stretch of a template as a pattern: spaces may be missing where an empty value was. */
function literal(s: string): string {
  return s
    .split(' ')
    .map(escapeRegExp)
    .join(' ?');
}
