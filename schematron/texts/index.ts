/**
 * French and German texts of the official validation rules. The official CEN and Peppol
 * Schematron messages exist in English only; these files give the same rule in the hub's other
 * languages, for every rule id of every pack.
 *
 * ## The files
 *
 * One file per pack family and language: `schematron/texts/<family>.<lang>.json`, with the families
 *
 *   `en16931`                 CEN EN 16931, UBL and CII (`cen-en16931-ubl`, `cen-en16931-cii`)
 *   `peppol-billing`          Peppol BIS Billing 3.0, UBL and CII
 *   `peppol-self-billing`     Peppol BIS Self-Billing 3.0
 *   `peppol-mls`              Peppol Message Level Status
 *   `peppol-invoice-response` Peppol Invoice Response (T111)
 *   `peppol-reporting`        Peppol reporting, TSR and EUSR (`peppol-tsr`, `peppol-eusr`)
 *
 * (the family of a pack is the first folder of its Schematron file in the rules directory, `packs.ts`).
 * Each file is
 *
 *     {
 *       "language": "fr",
 *       "family": "en16931",
 *       "checkedAgainst": { "cen-en16931-ubl": ["1.3.16"], "cen-en16931-cii": ["1.3.16"] },
 *       "rules": {
 *         "BR-01": "Une facture doit avoir un identifiant de spécification (BT-24).",
 *         "BR-51": { "cen-en16931-ubl": "… (BT-87) …", "cen-en16931-cii": "… (BT-97) …" }
 *       }
 *     }
 *
 * - `checkedAgainst`: for each pack id, the releases whose English the texts were checked against. A
 *   release of the family missing here fails the rule-text test until a translator has looked at it
 *   (`npm run rules:texts-diff` says what changed).
 * - `rules`: a plain string when one text fits every pack of the family; an object keyed by pack id only
 *   where the English differs in meaning between packs (BT numbers, UBL vs CII element names). Where one
 *   release of a pack says something else than another (rare), the key `<pack id>@<version>` gives that
 *   release's text; it is preferred to the plain pack id for that release.
 * - Placeholders `{1}`, `{2}`… stand where the English has dynamic values (`value-of`, `name`), numbered
 *   in the order of the English; a translation may use them in another order.
 * - The text never starts with the rule id: the UI shows the id separately.
 *
 * `<family>.en.json` has the same shape and holds the English templates, generated from the official
 * files by `npx tsx scripts/rule-texts.ts --write-en` (never edited by hand). `translatedMessages` reads
 * the values of an evaluated English message back against them.
 *
 * This module reads only node built-ins and `schematron/` modules; each file is read once, when first needed.
 */
import { resolveEntry, splitPackKey, entryTexts, type TextsFile } from './format';
import { readTextsFile } from './files';
import { families, familyOfPack, type Family } from './packs';
import { fillPlaceholders, matchTemplate } from './template';

export { fillPlaceholders } from './template';

export type RuleTextLanguage = 'fr' | 'de';
export const ruleTextLanguages: readonly RuleTextLanguage[] = ['fr', 'de'];

const loaded = new Map<string, TextsFile | undefined>();

function textsFile(family: Family, lang: string): TextsFile | undefined {
  const key = `${family}.${lang}`;
  if (!loaded.has(key)) loaded.set(key, readTextsFile(family, lang));
  return loaded.get(key);
}

/**
 * The text of a rule in a language, with its placeholders unfilled. `packId` is a pack id or a
 * `pack id@version` (as findings carry it); without it, only a text that fits every pack of its family
 * is returned. undefined when there is no text.
 */
export function ruleText(ruleId: string, lang: RuleTextLanguage, packId?: string): string | undefined {
  if (packId !== undefined) {
    const family = familyOfPack(splitPackKey(packId).id);
    return family ? resolveEntry(textsFile(family, lang)?.rules[ruleId], packId) : undefined;
  }
  for (const family of families) {
    const entry = textsFile(family, lang)?.rules[ruleId];
    if (typeof entry === 'string') return entry;
  }
  return undefined;
}

/**
 * The English templates that may have produced a message of `packId`, the most likely first: the
 * release's own (when a version is given), then the pack's newest, then its older releases'.
 */
function englishCandidates(ruleId: string, packId: string): { key: string; template: string }[] {
  const { id } = splitPackKey(packId);
  const family = familyOfPack(id);
  const entry = family ? textsFile(family, 'en')?.rules[ruleId] : undefined;
  if (entry === undefined) return [];
  const own = resolveEntry(entry, packId);
  const out = own === undefined ? [] : [{ key: packId, template: own }];
  for (const [key, template] of entryTexts(entry)) {
    if (key === id || key.startsWith(`${id}@`)) out.push({ key, template });
  }
  return out;
}

/**
 * The French and German texts of a finding, its dynamic values filled in. Findings carry the evaluated
 * English only: its values are read back by matching it against the English template of the rule
 * (which also tells which release's wording it is). A language without a text, or a message that fits
 * no English template of the rule, gives no entry (the caller shows the English).
 */
export function translatedMessages(ruleId: string, packId: string, englishMessage: string): { fr?: string; de?: string } {
  for (const { key, template } of englishCandidates(ruleId, packId)) {
    const values = matchTemplate(ruleId, template, englishMessage);
    if (values === null) continue;
    const out: { fr?: string; de?: string } = {};
    for (const lang of ruleTextLanguages) {
      const text = ruleText(ruleId, lang, key);
      if (text !== undefined) out[lang] = fillPlaceholders(text, values);
    }
    return out;
  }
  return {};
}
