/**
 * The French and German rule texts (schematron/texts/*.json) against the official English of
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
import { entryTexts, splitPackKey, type TextsFile } from '../../schematron/texts/format';
import { textProblems } from '../../schematron/texts/checks';
import { diffEnglish, translationStatus } from '../../schematron/texts/diff';
import { ruleText, ruleTextLanguages, translatedMessages } from '../../schematron/texts';
import { families, textPacks } from '../../schematron/texts/packs';
import { fillPlaceholders, matchTemplate } from '../../schematron/texts/template';

const rulesDir = config.rulesDir;
let texts: PackTexts[] = [];

beforeAll(async () => {
  texts = await extractAllTexts(rulesDir);
});

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
        for (const p of textProblems(r.en, text)) wrong.push(`${packKey(t.pack)} ${id}: ${p}`);
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

  test('the wording of the message tells the release when the finding names the pack without one', () => {
    const older = '[DE-R-003]-The element "Seller city" (BT-37) shall be provided.';
    const newer = '[DE-R-003]-If both supplier and customer are located in Germany, the element "Seller city" (BT-37) shall be provided.';
    const key = 'peppol-bis-billing-3-ubl';
    expect(translatedMessages('DE-R-003', key, older).fr).toBe(ruleText('DE-R-003', 'fr', `${key}@2025.11`));
    expect(translatedMessages('DE-R-003', key, newer).fr).toBe(ruleText('DE-R-003', 'fr', `${key}@2026.5`));
    expect(translatedMessages('DE-R-003', key, older).fr).not.toBe(translatedMessages('DE-R-003', key, newer).fr);
    expect(translatedMessages('CII-SR-04', 'cen-en16931-cii@1.3.16', '[CII-SR-004] - Value should not be present').fr).toBe(ruleText('CII-SR-04', 'fr', 'cen-en16931-cii'));
  });

  test('a message that fits no English template of the rule gives no translation', () => {
    expect(translatedMessages('SCH-MLS-19', 'peppol-mls@1.0.1', 'Something else entirely')).toEqual({});
  });
});

describe('the report for the next translator (rules:texts-diff)', () => {
  const find = (key: string) => {
    const t = texts.find((x) => packKey(x.pack) === key);
    if (!t) throw new Error(`no ${key}`);
    return t;
  };

  test('the English of Peppol UBL 2025.5 → 2026.5: rules added and reworded', () => {
    const d = diffEnglish(find('peppol-bis-billing-3-ubl@2025.5'), find('peppol-bis-billing-3-ubl@2026.5'));
    expect(d.added.map((a) => a.id)).toContain('DE-R-T02');
    expect(d.changed.map((c) => c.id)).toEqual(expect.arrayContaining(['PEPPOL-EN16931-R004', 'PEPPOL-EN16931-R007', 'DE-R-003']));
    expect(d.removed).toEqual([]);
  });

  test('a release missing from checkedAgainst: its new and reworded rules are reported, a removed text is missing', () => {
    const file = readTextsFile('peppol-billing', 'fr') as TextsFile;
    const rules = { ...file.rules };
    delete rules['DE-R-T02'];
    const unchecked: TextsFile = { ...file, checkedAgainst: { ...file.checkedAgainst, 'peppol-bis-billing-3-ubl': ['2025.5', '2025.11'] }, rules };
    const s = translationStatus(find('peppol-bis-billing-3-ubl@2026.5'), texts, unchecked, 'fr');
    expect(s.checked).toBe(false);
    expect(s.checkedReleases).toEqual(['2025.5', '2025.11']);
    expect(s.missing).toEqual(['DE-R-T02']);
    expect(s.new).toEqual(['PEPPOL-COMMON-R054', 'PEPPOL-COMMON-R055', 'PEPPOL-COMMON-R056-1', 'PEPPOL-COMMON-R056-2', 'PEPPOL-COMMON-R057', 'DE-R-T02']);
    expect(s.reworded.map((r) => r.id)).toEqual(expect.arrayContaining(['PEPPOL-EN16931-R007', 'DE-R-003']));
    expect(s.inconsistent).toEqual([]);
    const complete = translationStatus(find('peppol-bis-billing-3-ubl@2026.5'), texts, file, 'fr');
    expect({ ...complete, pack: '' }).toEqual({ pack: '', lang: 'fr', checked: true, checkedReleases: [], missing: [], new: [], reworded: [], inconsistent: [] });
  });

  test('a text that lost a BT code or a placeholder is reported', () => {
    expect(textProblems('The Seller name (BT-27) ({1})', 'Le nom du vendeur')).toEqual(['codes (none) ≠ English BT-27', 'placeholders (none) ≠ English 1']);
    expect(textProblems('A (BT-1)', 'A (BT-1)')).toEqual(['the English itself']);
  });
});
