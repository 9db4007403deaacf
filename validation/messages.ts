/**
 * The French and German texts of findings (`Finding.messages`). A Schematron finding gets the rule
 * text of the pack and release that produced it, its values read back from the evaluated English
 * (`schematron/texts` `translatedMessages`); the hub's own findings get the hub's texts
 * (`hub-texts.ts`). `validate` gives every finding of a report its texts; `withMessages` gives them
 * to a finding written without (a stored report from before the texts, a finding of the pipeline),
 * so every reader — the API, the portal, the console, the mails, the inbox — has them.
 * `refusalMessages` gives them to a refusal the hub words itself under a rule id (a status request).
 */
import { ruleText, ruleTextLanguages, translatedMessages } from '../schematron/texts';
import { textPacks } from '../schematron/texts/packs';
import { matchHubText, type Choices, type Localized } from './hub-texts';
import { knownCiusAndExtensions, scenarios } from './scenarios';
import type { FindingMessages } from './types';

/** What the texts of a finding are found from. */
export interface FindingForText {
  source?: string;
  ruleId: string;
  message: string;
  /** `pack id@version` of a Schematron finding. */
  pack?: string;
  messages?: FindingMessages;
}

let choices: Choices | null = null;

/** The language-dependent values of the hub's messages: scenario titles, CIUS names. */
function hubChoices(): Choices {
  choices ??= {
    title: scenarios.map((s): Localized => ({ en: s.title, ...s.titles })),
    name: knownCiusAndExtensions.map((c): Localized => ({ en: c.name, ...c.names })),
  };
  return choices;
}

let packIds: string[] | null = null;

/** The texts of a Schematron finding that does not say its pack: the first pack whose English fits. */
function withoutPack(ruleId: string, message: string): FindingMessages {
  packIds ??= [...new Set(textPacks().map((p) => p.id))];
  for (const id of packIds) {
    const out = translatedMessages(ruleId, id, message);
    if (out.fr !== undefined || out.de !== undefined) return out;
  }
  return {};
}

/** The French and German of a finding; undefined when there is no text for it. */
export function messagesFor(f: FindingForText): FindingMessages | undefined {
  let out: FindingMessages;
  if (f.source === 'schematron' || f.pack !== undefined) {
    out = f.pack !== undefined ? translatedMessages(f.ruleId, f.pack, f.message) : withoutPack(f.ruleId, f.message);
    if (out.fr === undefined && out.de === undefined && f.pack !== undefined) out = withoutPack(f.ruleId, f.message);
  } else {
    // a finding that does not say where it comes from (a seeded or hand-written one) may still be a rule's
    out = matchHubText(f.ruleId, f.message, hubChoices()) ?? withoutPack(f.ruleId, f.message);
  }
  return out.fr === undefined && out.de === undefined ? undefined : out;
}

/** The finding with its French and German texts (itself when it has them, or when there are none). */
export function withMessages<T extends FindingForText>(f: T): T {
  if (f.messages?.fr !== undefined && f.messages.de !== undefined) return f;
  const found = messagesFor(f);
  return found === undefined ? f : { ...f, messages: { ...found, ...f.messages } };
}

/**
 * The French and German of a refusal the hub words itself under a rule id, before any XML exists (the
 * checks of a status a body asks to send, core/invoice-response): a hub rule (`HUB-IR-…`) has the
 * hub's text of its English; an official rule (T111) has the rule's own text — the hub's English says
 * the same for the request at hand, and the rule's text is what the texts' translators checked. A rule
 * text with placeholders is not used (the hub's English gives no values to fill them with). undefined
 * where there is neither.
 */
export function refusalMessages(ruleId: string, message: string): FindingMessages | undefined {
  const hub = matchHubText(ruleId, message, hubChoices());
  if (hub !== undefined) return hub;
  const out: FindingMessages = {};
  for (const lang of ruleTextLanguages) {
    const text = ruleText(ruleId, lang);
    if (text !== undefined && !/\{\d+\}/.test(text)) out[lang] = text;
  }
  return out.fr === undefined && out.de === undefined ? undefined : out;
}
