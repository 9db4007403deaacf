/**
 * The shape of a rule-text file (`schematron/texts/<family>.<lang>.json`, described in `index.ts`) and
 * how one rule's entry is resolved for a pack.
 */
import type { Family } from './packs';

/** A text for every pack of the family, or texts keyed by pack id (or `pack id@version`). */
export type RuleEntry = string | Readonly<Record<string, string>>;

export interface TextsFile {
  language: string;
  family: Family;
  /** Pack id → the releases the texts were checked against. */
  checkedAgainst: Readonly<Record<string, readonly string[]>>;
  rules: Readonly<Record<string, RuleEntry>>;
}

/** `id@version` → `{ id, version }`; a bare id → `{ id, version: undefined }`. */
export function splitPackKey(pack: string): { id: string; version: string | undefined } {
  const at = pack.lastIndexOf('@');
  return at < 0 ? { id: pack, version: undefined } : { id: pack.slice(0, at), version: pack.slice(at + 1) };
}

/**
 * The text of an entry for a pack given as `id@version` or `id`: a plain string fits every pack; in an
 * object, `id@version` is preferred, then `id`. Without a pack, only a plain string answers.
 */
export function resolveEntry(entry: RuleEntry | undefined, pack?: string): string | undefined {
  if (entry === undefined || typeof entry === 'string') return entry;
  if (pack === undefined) return undefined;
  const { id, version } = splitPackKey(pack);
  return (version !== undefined ? entry[`${id}@${version}`] : undefined) ?? entry[id];
}

/** Every text of an entry with the key it is under (`''` for a plain string). */
export function entryTexts(entry: RuleEntry): [string, string][] {
  return typeof entry === 'string' ? [['', entry]] : Object.entries(entry);
}

/** Checks the parsed JSON of a rule-text file; throws with the file name and what is wrong. */
export function asTextsFile(json: unknown, file: string): TextsFile {
  const fail = (what: string): never => {
    throw new Error(`${file}: ${what}`);
  };
  if (typeof json !== 'object' || json === null) return fail('not a JSON object');
  const o = json as Record<string, unknown>;
  if (typeof o.language !== 'string') fail('"language" is not a string');
  if (typeof o.family !== 'string') fail('"family" is not a string');
  const checked = o.checkedAgainst;
  if (typeof checked !== 'object' || checked === null) return fail('"checkedAgainst" is not an object');
  for (const [pack, versions] of Object.entries(checked)) {
    if (!Array.isArray(versions) || versions.some((v) => typeof v !== 'string')) fail(`"checkedAgainst.${pack}" is not a list of versions`);
  }
  const rules = o.rules;
  if (typeof rules !== 'object' || rules === null) return fail('"rules" is not an object');
  for (const [id, entry] of Object.entries(rules)) {
    if (typeof entry === 'string') continue;
    if (typeof entry !== 'object' || entry === null || Object.values(entry).some((t) => typeof t !== 'string')) fail(`rule ${id}: neither a text nor an object of texts by pack`);
  }
  return json as TextsFile;
}
