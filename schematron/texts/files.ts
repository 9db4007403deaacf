/**
 * Where the rule-text files are and how they are written: `schematron/texts/<family>.<lang>.json`,
 * JSON with two-space indentation and a final newline, so a regenerated file diffs line by line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { asTextsFile, type TextsFile } from './format';
import type { Family } from './packs';

export const TEXTS_DIR = __dirname;

export function textsFilePath(family: Family, lang: string, dir = TEXTS_DIR): string {
  return path.join(dir, `${family}.${lang}.json`);
}

/** The file, or undefined when there is none. */
export function readTextsFile(family: Family, lang: string, dir = TEXTS_DIR): TextsFile | undefined {
  const file = textsFilePath(family, lang, dir);
  if (!fs.existsSync(file)) return undefined;
  return asTextsFile(JSON.parse(fs.readFileSync(file, 'utf8')), file);
}

export function serializeTextsFile(f: TextsFile): string {
  return `${JSON.stringify(f, null, 2)}\n`;
}

export function writeTextsFile(f: TextsFile, dir = TEXTS_DIR): string {
  const file = textsFilePath(f.family, f.language, dir);
  fs.writeFileSync(file, serializeTextsFile(f));
  return file;
}
