/**
 * The rule texts of the web inbox, in the user's language: a document's findings (the stored report's
 * and the routing's) and the refusals of a status (the form, the bulk import). Both read the same
 * texts as the portal and the console — `schematron/texts` for the official rules, the hub's own in
 * `validation/hub-texts.ts` — through `withMessages` / `refusalMessages` and `findingText`.
 */
import { findingText } from '../../../templates/findings';
import type { FindingLine } from '../../../templates/inbox/document';
import { colon } from '../../../templates/inbox/format';
import { refusalMessages, withMessages } from '../../../validation/messages';
import type { FindingMessages } from '../../../validation/types';
import type { Lang } from '../../../web';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function storedMessages(v: unknown): FindingMessages | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const fr = str(o.fr);
  const de = str(o.de);
  return fr === undefined && de === undefined ? undefined : { ...(fr !== undefined ? { fr } : {}), ...(de !== undefined ? { de } : {}) };
}

/** A finding of the document's metadata with its French and German (a routing note has none stored: it gets them here). */
export function findingLine(f: Record<string, unknown>): FindingLine {
  const source = str(f.source);
  const pack = str(f.pack);
  const stored = storedMessages(f.messages);
  const shown = withMessages({
    ruleId: str(f.ruleId) ?? '', message: str(f.message) ?? '',
    ...(source !== undefined ? { source } : {}), ...(pack !== undefined ? { pack } : {}), ...(stored !== undefined ? { messages: stored } : {}),
  });
  return { ruleId: shown.ruleId, flag: str(f.flag) ?? 'information', message: shown.message, ...(shown.messages !== undefined ? { messages: shown.messages } : {}) };
}

/**
 * `PEPPOL-T111-R001 : <the rule's text>`: a refused status in the user's language; the hub's English
 * where there is no text (a conflict, a document that cannot be answered).
 */
export function refusalText(ruleId: string, message: string, lang: Lang): string {
  const messages = refusalMessages(ruleId, message);
  return `${colon(ruleId, lang)} ${findingText({ message, ...(messages !== undefined ? { messages } : {}) }, lang).text}`;
}

/** A line error of the bulk import in the user's language (its rule and the hub's English, as core gives them apart). */
export function bulkErrorText(line: { error: string | null; refusal?: { rule: string; message: string } }, lang: Lang): string | null {
  return line.refusal === undefined ? line.error : refusalText(line.refusal.rule, line.refusal.message, lang);
}
