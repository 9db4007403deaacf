/**
 * The French texts of the EN 16931 syntax rules that only say which UBL or CII element or attribute
 * should not be there, or how often it may occur (UBL-CR-*, CII-SR-*, CII-DT-*): one French sentence per
 * English wording, the element name kept as in the English.
 *
 *   npx tsx scripts/rule-texts-patterns.ts            fills the missing ones in schematron/texts/en16931.fr.json
 *   npx tsx scripts/rule-texts-patterns.ts --list     prints what it would write, and the rule ids it leaves
 *
 * A text already in the file (written by hand) is never replaced. An English wording that fits no
 * pattern is left for the translator: the list says which.
 */
import { englishFile, extractAllTexts } from '../schematron/texts/extract';
import { config } from '../config';
import { readTextsFile, writeTextsFile } from '../schematron/texts/files';
import type { RuleEntry } from '../schematron/texts/format';

/** "the X": an attribute when X is one name starting in lower case or with @, else an element. */
function thing(name: string): string {
  return /^(@|[a-z])\S*$/.test(name) ? `l’attribut ${name}` : `l’élément ${name}`;
}

/** The same, capitalised at the start of a sentence. */
function Thing(name: string): string {
  const t = thing(name);
  return t.charAt(0).toUpperCase() + t.slice(1);
}

interface Pattern {
  /** Which rule ids it applies to. */
  ids: RegExp;
  en: RegExp;
  fr: (m: RegExpExecArray) => string;
}

const UBL_CR = /^UBL-CR-/;
const CII = /^CII-(SR|DT)-/;

/** "A UBL invoice should not include", with the document and the strength of the English. */
function ublSubject(doc: string, strength: string): string {
  return `${doc === 'credit note' ? 'Un avoir UBL' : 'Une facture UBL'} ${strength === 'shall' ? 'ne doit pas' : 'ne devrait pas'} inclure`;
}

const patterns: Pattern[] = [
  {
    ids: UBL_CR,
    en: /^A UBL (invoice|credit note) (should|shall) not include the (.+) listID$/,
    fr: (m) => `${ublSubject(m[1], m[2])} l’attribut listID de l’élément ${m[3]}`,
  },
  {
    ids: UBL_CR,
    en: /^A UBL (invoice|credit note) (should|shall) not include the (.+) scheme identifier$/,
    fr: (m) => `${ublSubject(m[1], m[2])} l’identifiant de schéma de l’élément ${m[3]}`,
  },
  {
    ids: UBL_CR,
    en: /^A UBL (invoice|credit note) (should|shall) not include the (.+) schemeID$/,
    fr: (m) => `${ublSubject(m[1], m[2])} l’attribut schemeID de l’élément ${m[3]}`,
  },
  {
    ids: UBL_CR,
    en: /^A UBL (invoice|credit note) (should|shall) not include a (.+) schemeID$/,
    fr: (m) => `${ublSubject(m[1], m[2])} d’attribut schemeID dans l’élément ${m[3]}`,
  },
  {
    // The element path as the English gives it: "the InvoiceLine Item Price PriceList".
    ids: UBL_CR,
    en: /^A UBL (invoice|credit note) (should|shall) not include the ([A-Z][A-Za-z0-9]*(?:[ /][A-Z][A-Za-z0-9]*)*|[a-z][A-Za-z0-9]*)$/,
    fr: (m) => `${ublSubject(m[1], m[2])} ${thing(m[3])}`,
  },
  {
    // One official message lacks the space: "InformationNoteshould not be present".
    ids: CII,
    en: /^(@?[A-Za-z]+?) ?should not be present$/,
    fr: (m) => `${Thing(m[1])} ne devrait pas être présent`,
  },
  {
    ids: CII,
    en: /^(@?[A-Za-z]+) should exist maximum once(\.?)$/,
    fr: (m) => `${Thing(m[1])} devrait figurer au plus une fois${m[2]}`,
  },
  {
    ids: CII,
    en: /^([A-Za-z]+) must exist exactly once$/,
    fr: (m) => `${Thing(m[1])} doit figurer exactement une fois`,
  },
  {
    ids: CII,
    en: /^([A-Za-z]+) shall not be used\.$/,
    fr: (m) => `${Thing(m[1])} ne doit pas être utilisé.`,
  },
  {
    ids: CII,
    en: /^([A-Za-z]+) shall occur at most once in ([A-Za-z]+)\.$/,
    fr: (m) => `${Thing(m[1])} doit figurer au plus une fois dans ${m[2]}.`,
  },
];

/** The French of one English text by pattern, or undefined when none fits. */
export function patternText(ruleId: string, en: string): string | undefined {
  for (const p of patterns) {
    if (!p.ids.test(ruleId)) continue;
    const m = p.en.exec(en);
    if (m) return p.fr(m);
  }
  return undefined;
}

async function main(argv: string[]): Promise<number> {
  const en = englishFile('en16931', await extractAllTexts(config.rulesDir));
  const fr = readTextsFile('en16931', 'fr') ?? { language: 'fr', family: 'en16931' as const, checkedAgainst: en.checkedAgainst, rules: {} };
  const rules: Record<string, RuleEntry> = { ...fr.rules };
  let generated = 0;
  const left: string[] = [];
  for (const [id, entry] of Object.entries(en.rules)) {
    if (!UBL_CR.test(id) && !CII.test(id)) continue;
    if (typeof entry !== 'string') {
      if (rules[id] === undefined) left.push(`${id} (English differs between packs)`);
      continue;
    }
    const text = patternText(id, entry);
    if (text === undefined) {
      if (rules[id] === undefined) left.push(`${id}: ${entry}`);
      continue;
    }
    if (argv.includes('--list')) console.log(`${id}\t${entry}\t${text}`);
    if (rules[id] === undefined) {
      rules[id] = text;
      generated++;
    }
  }
  for (const l of left) console.log(`left for the translator: ${l}`);
  if (!argv.includes('--list')) {
    const ordered: Record<string, RuleEntry> = {};
    for (const id of Object.keys(en.rules)) if (rules[id] !== undefined) ordered[id] = rules[id];
    writeTextsFile({ ...fr, rules: ordered });
    console.log(`${generated} texts generated from a pattern, ${left.length} left`);
  }
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(2);
    },
  );
}
