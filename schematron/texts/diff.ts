/**
 * For the next translator: what changed in the English between two releases of a pack (rule ids added,
 * removed, reworded), and where the translations of a release are missing or stale.
 *
 * A release is *unchecked* in a language when the text file's `checkedAgainst` does not list it. Its
 * rules are then compared with the releases of the same pack that were checked: a rule none of them has
 * is *new*, a rule whose English differs from every checked release's is *reworded* (its translation, if
 * any, may be stale). A rule without a text is *missing*, whatever the release; a text that lost a BT
 * code or a placeholder of the English is *inconsistent*.
 */
import { packKey } from '../manifest';
import { textProblems } from './checks';
import type { PackTexts } from './extract';
import { compareRuleIds } from './extract';
import { resolveEntry, type TextsFile } from './format';

export interface EnglishDiff {
  from: string;
  to: string;
  added: { id: string; en: string }[];
  removed: { id: string; en: string }[];
  changed: { id: string; from: string; to: string }[];
}

/** The English of `b` against `a`: rule ids added, removed, and whose template changed. */
export function diffEnglish(a: PackTexts, b: PackTexts): EnglishDiff {
  const ids = [...new Set([...a.rules.keys(), ...b.rules.keys()])].sort(compareRuleIds);
  const out: EnglishDiff = { from: packKey(a.pack), to: packKey(b.pack), added: [], removed: [], changed: [] };
  for (const id of ids) {
    const x = a.rules.get(id);
    const y = b.rules.get(id);
    if (!x && y) out.added.push({ id, en: y.en });
    else if (x && !y) out.removed.push({ id, en: x.en });
    else if (x && y && x.en !== y.en) out.changed.push({ id, from: x.en, to: y.en });
  }
  return out;
}

export interface TranslationStatus {
  pack: string;
  lang: string;
  /** false when `checkedAgainst` does not list this release. */
  checked: boolean;
  /** Releases of the same pack the comparison was made with (unchecked releases only). */
  checkedReleases: string[];
  missing: string[];
  /** Rule ids no checked release of the pack has (unchecked releases only). */
  new: string[];
  /** Rules whose English differs from every checked release's (unchecked releases only). */
  reworded: { id: string; checkedEn: string; en: string; text: string | undefined }[];
  inconsistent: { id: string; problems: string[] }[];
}

/** The state of the translations of one release in one language. */
export function translationStatus(pack: PackTexts, all: readonly PackTexts[], file: TextsFile | undefined, lang: string): TranslationStatus {
  const key = packKey(pack.pack);
  const checkedVersions = file?.checkedAgainst[pack.pack.id] ?? [];
  const checked = checkedVersions.includes(pack.pack.version);
  const references = checked ? [] : all.filter((t) => t.pack.id === pack.pack.id && checkedVersions.includes(t.pack.version));
  const status: TranslationStatus = { pack: key, lang, checked, checkedReleases: references.map((t) => t.pack.version), missing: [], new: [], reworded: [], inconsistent: [] };
  for (const [id, r] of pack.rules) {
    const text = resolveEntry(file?.rules[id], key);
    if (text === undefined) status.missing.push(id);
    else {
      const problems = textProblems(r.en, text);
      if (problems.length) status.inconsistent.push({ id, problems });
    }
    if (checked) continue;
    const before = references.map((t) => t.rules.get(id)).filter((x) => x !== undefined);
    if (before.length === 0) status.new.push(id);
    else if (!before.some((b) => b.en === r.en)) status.reworded.push({ id, checkedEn: before[before.length - 1].en, en: r.en, text });
  }
  return status;
}
