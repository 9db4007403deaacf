/**
 * A report for the next translator of the rule texts (schematron/texts/*.json):
 *
 *   npm run rules:texts-diff                                    every pack with more than one release, release by release,
 *                                                               then the state of the French and German texts
 *   npm run rules:texts-diff -- --from peppol-bis-billing-3-ubl@2025.5 --to peppol-bis-billing-3-ubl@2026.5
 *   npm run rules:texts-diff -- --to peppol-bis-billing-3-ubl@2026.5     (from the release before it)
 *   npm run rules:texts-diff -- --lang fr                       only one language
 *
 * English: rule ids added, removed, reworded between the two releases. Translations: for each release in
 * the report, the rule ids without a text, and for a release that `checkedAgainst` does not list yet, the
 * rules that are new or whose English changed since a checked release (their text may be stale).
 * Exit code 1 when a translation is missing, stale or inconsistent, 0 otherwise.
 */
import { config } from '../config';
import { packKey } from '../schematron/manifest';
import { compareVersions, extractAllTexts, type PackTexts } from '../schematron/texts/extract';
import { diffEnglish, translationStatus, type EnglishDiff, type TranslationStatus } from '../schematron/texts/diff';
import { readTextsFile } from '../schematron/texts/files';
import { ruleTextLanguages } from '../schematron/texts';

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  const v = argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value (pack@version)`);
  return v;
}

function find(texts: PackTexts[], key: string): PackTexts {
  const t = texts.find((x) => packKey(x.pack) === key);
  if (!t) throw new Error(`no pack ${key}; known: ${texts.map((x) => packKey(x.pack)).join(', ')}`);
  return t;
}

/** The releases of one pack id, oldest first. */
function releases(texts: PackTexts[], id: string): PackTexts[] {
  return texts.filter((t) => t.pack.id === id).sort((a, b) => compareVersions(a.pack.version, b.pack.version));
}

/** The pairs to compare: the ones asked for, or every release against the one before it. */
function pairs(texts: PackTexts[], from: string | undefined, to: string | undefined): [PackTexts, PackTexts][] {
  if (from && to) return [[find(texts, from), find(texts, to)]];
  if (to) {
    const b = find(texts, to);
    const list = releases(texts, b.pack.id);
    const i = list.indexOf(b);
    if (i === 0) throw new Error(`${to} is the oldest release of ${b.pack.id}: give --from`);
    return [[list[i - 1], b]];
  }
  if (from) {
    const a = find(texts, from);
    const list = releases(texts, a.pack.id);
    return [[a, list[list.length - 1]]];
  }
  const out: [PackTexts, PackTexts][] = [];
  for (const id of new Set(texts.map((t) => t.pack.id))) {
    const list = releases(texts, id);
    for (let i = 1; i < list.length; i++) out.push([list[i - 1], list[i]]);
  }
  return out;
}

function printEnglish(d: EnglishDiff): void {
  console.log(`\n## English: ${d.from} → ${d.to}`);
  if (!d.added.length && !d.removed.length && !d.changed.length) console.log('no rule added, removed or reworded');
  for (const a of d.added) console.log(`+ ${a.id}: ${a.en}`);
  for (const r of d.removed) console.log(`- ${r.id}: ${r.en}`);
  for (const c of d.changed) console.log(`~ ${c.id}\n    was: ${c.from}\n    now: ${c.to}`);
}

/** Prints the status; returns how many problems it has. */
function printStatus(s: TranslationStatus): number {
  const problems = s.missing.length + s.reworded.length + s.inconsistent.length + s.new.filter((id) => !s.missing.includes(id)).length;
  const checked = s.checked ? 'checked' : `NOT checked (checkedAgainst lacks it; compared with ${s.checkedReleases.join(', ') || 'no checked release'})`;
  console.log(`\n## ${s.lang}: ${s.pack}, ${checked}`);
  if (!problems) {
    console.log(s.checked ? 'complete' : 'complete, nothing new or reworded: add the release to checkedAgainst');
    return 0;
  }
  if (s.missing.length) console.log(`missing (${s.missing.length}): ${s.missing.join(', ')}`);
  const newWithText = s.new.filter((id) => !s.missing.includes(id));
  if (newWithText.length) console.log(`new since the checked releases, a text exists (check it): ${newWithText.join(', ')}`);
  for (const r of s.reworded) console.log(`stale? ${r.id}\n    checked English: ${r.checkedEn}\n    English now:     ${r.en}\n    text:            ${r.text ?? '(none)'}`);
  for (const i of s.inconsistent) console.log(`inconsistent ${i.id}: ${i.problems.join('; ')}`);
  return problems;
}

async function main(argv: string[]): Promise<number> {
  const texts = await extractAllTexts(config.rulesDir);
  const from = option(argv, '--from');
  const to = option(argv, '--to');
  const langOpt = option(argv, '--lang');
  const langs = langOpt ? [langOpt] : [...ruleTextLanguages];
  const compared = pairs(texts, from, to);
  for (const [a, b] of compared) printEnglish(diffEnglish(a, b));
  const reported = from || to ? [...new Set(compared.flat())] : texts;
  let problems = 0;
  for (const lang of langs) {
    for (const t of reported) problems += printStatus(translationStatus(t, texts, readTextsFile(t.pack.family, lang), lang));
  }
  console.log(`\n${problems} translation${problems === 1 ? '' : 's'} to write or check`);
  return problems ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  },
);
