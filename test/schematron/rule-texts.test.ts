/**
 * The French and German rule texts (schematron/texts/*.json, issue 19) against the official English of
 * every pack: every rule id has a text in both languages, with the same BT-/BG- codes and the same
 * placeholders as the English, never the English itself; every release of a family has been checked.
 * Pure Node: the Schematron files are read from the rules directory, nothing else.
 */
import fs from 'node:fs';
import path from 'node:path';
import { config } from '../../config';
import { packKey } from '../../schematron/manifest';
import { compileSchema, runSchemaOnText } from '../../schematron/compiled/engine';
import { parseSchematronFile } from '../../schematron/parse';
import { englishFile, extractAllTexts, type PackTexts } from '../../schematron/texts/extract';
import { readTextsFile, serializeTextsFile } from '../../schematron/texts/files';
import { entryTexts, splitPackKey } from '../../schematron/texts/format';
import { ruleText, ruleTextLanguages, translatedMessages } from '../../schematron/texts';
import { families, textPacks } from '../../schematron/texts/packs';
import { fillPlaceholders, matchTemplate, placeholdersOf } from '../../schematron/texts/template';

const rulesDir = config.rulesDir;
let texts: PackTexts[] = [];

beforeAll(async () => {
  texts = await extractAllTexts(rulesDir);
});

/** BT-/BG- codes of a text, sorted, each once (`BT-125-1` counts as itself). */
function codes(text: string): string[] {
  return [...new Set(text.match(/\bB[TG]-\d+(?:-\d+)?\b/g) ?? [])].sort();
}

describe('the English templates', () => {
  test('every pack with texts is read, with rule ids', () => {
    expect(texts.map((t) => packKey(t.pack))).toEqual(textPacks().map(packKey));
    for (const t of texts) expect(t.rules.size).toBeGreaterThan(0);
  });

  test.each([...families])('%s.en.json is what the official files give (npx tsx scripts/rule-texts.ts --write-en)', (family) => {
    const committed = readTextsFile(family, 'en');
    expect(committed && serializeTextsFile(committed)).toBe(serializeTextsFile(englishFile(family, texts)));
  });

  test('no template keeps its [RULE-ID] prefix', () => {
    const kept = texts.flatMap((t) => [...t.rules].filter(([id, r]) => r.en.includes(`[${id}]`) || /^\W*\[[A-Z]+-[A-Z0-9-]+\]/.test(r.en)).map(([id]) => `${packKey(t.pack)} ${id}`));
    expect(kept).toEqual([]);
  });
});

describe.each([...ruleTextLanguages])('rule texts in %s', (lang) => {
  test.each([...families])(`%s.${lang}.json exists and checkedAgainst covers every release of the family`, (family) => {
    const file = readTextsFile(family, lang);
    expect(file).toBeDefined();
    expect(file?.language).toBe(lang);
    expect(file?.family).toBe(family);
    const unchecked = textPacks()
      .filter((p) => p.family === family && !(file?.checkedAgainst[p.id] ?? []).includes(p.version))
      .map(packKey);
    expect(unchecked).toEqual([]);
  });

  test('every rule id of every pack has a text', () => {
    const missing = texts.flatMap((t) => [...t.rules.keys()].filter((id) => ruleText(id, lang, packKey(t.pack)) === undefined).map((id) => `${packKey(t.pack)} ${id}`));
    expect(missing).toEqual([]);
  });

  test('each text has the BT-/BG- codes and the placeholders of the English, and is not the English', () => {
    const wrong: string[] = [];
    for (const t of texts) {
      for (const [id, r] of t.rules) {
        const text = ruleText(id, lang, packKey(t.pack));
        if (text === undefined) continue;
        const at = `${packKey(t.pack)} ${id}`;
        if (codes(text).join() !== codes(r.en).join()) wrong.push(`${at}: codes ${codes(text).join(' ')} ≠ English ${codes(r.en).join(' ')}`);
        if (placeholdersOf(text).join() !== placeholdersOf(r.en).join()) wrong.push(`${at}: placeholders ${placeholdersOf(text).join(' ')} ≠ English ${placeholdersOf(r.en).join(' ')}`);
        if (text.trim() === r.en.trim()) wrong.push(`${at}: the English itself`);
        if (text.trim() === '') wrong.push(`${at}: empty`);
      }
    }
    expect(wrong).toEqual([]);
  });

  test('the files hold no rule id and no pack key that no pack has', () => {
    const extra: string[] = [];
    for (const family of families) {
      const file = readTextsFile(family, lang);
      if (!file) continue;
      const packs = texts.filter((t) => t.pack.family === family);
      for (const [id, entry] of Object.entries(file.rules)) {
        const having = packs.filter((t) => t.rules.has(id));
        if (having.length === 0) extra.push(`${family}: ${id}`);
        for (const [key] of entryTexts(entry)) {
          if (key === '') continue;
          const { id: packId, version } = splitPackKey(key);
          if (!having.some((t) => t.pack.id === packId && (version === undefined || t.pack.version === version))) extra.push(`${family}: ${id} under ${key}`);
        }
      }
    }
    expect(extra).toEqual([]);
  });
});

describe('templates and placeholders', () => {
  test('values are read back from an evaluated message, with or without its prefix', () => {
    expect(matchTemplate('X-1', 'The code ({1}) of {2} is wrong', '[X-1]-The code (ABC) of cbc:ID is wrong')).toEqual(['ABC', 'cbc:ID']);
    expect(matchTemplate('X-1', 'The code ({1}) is wrong', 'The code () is wrong')).toEqual(['']);
    expect(matchTemplate('X-1', 'Value {1} is wrong', 'Value is wrong')).toEqual(['']);
    expect(matchTemplate('X-1', 'The code ({1}) is wrong', 'Another message')).toBeNull();
    expect(fillPlaceholders('Le code ({1}) de {2}', ['ABC', 'cbc:ID'])).toBe('Le code (ABC) de cbc:ID');
  });
});

describe('translatedMessages on a real finding', () => {
  const mlsPack = textPacks().find((p) => p.id === 'peppol-mls');
  const example = path.join(rulesDir, '..', 'examples', 'peppol-mls', 'MessageLevelStatus_Example_AB.xml');

  test('SCH-MLS-19 and SCH-MLS-09: the dynamic values of the English are in the French and the German', async () => {
    if (!mlsPack) throw new Error('no peppol-mls pack');
    const schema = compileSchema(await parseSchematronFile(path.join(rulesDir, mlsPack.files[0])));
    const xml = fs
      .readFileSync(example, 'utf8')
      .replace('<cbc:ResponseCode>AB</cbc:ResponseCode>', '<cbc:ResponseCode>ZZ</cbc:ResponseCode>')
      .replace('<cbc:EndpointID schemeID="0242">123456</cbc:EndpointID>', '<cbc:EndpointID schemeID="0242">NOT-AN-SPID</cbc:EndpointID>');
    const findings = runSchemaOnText(schema, xml);
    const key = packKey(mlsPack);
    for (const [id, value] of [['SCH-MLS-19', 'ZZ'], ['SCH-MLS-09', 'NOT-AN-SPID']] as const) {
      const finding = findings.find((f) => f.id === id);
      expect(finding?.message).toContain(`(${value})`);
      const t = translatedMessages(id, key, finding?.message ?? '');
      for (const lang of ruleTextLanguages) {
        expect(t[lang]).toBeDefined();
        expect(t[lang]).toContain(value);
        expect(t[lang]).not.toMatch(/\{\d+\}/);
        expect(t[lang]).toBe(fillPlaceholders(ruleText(id, lang, key) ?? '', [value]));
      }
    }
  });

  test('a message that fits no English template of the rule gives no translation', () => {
    expect(translatedMessages('SCH-MLS-19', 'peppol-mls@1.0.1', 'Something else entirely')).toEqual({});
  });
});
