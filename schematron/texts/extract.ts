/**
 * The English rule texts of the official Schematron files: for each pack, every rule id with its flag
 * and its message as a template (`templateOf`: numbered placeholders, no `[RULE-ID]-` prefix).
 *
 * The files are read with the project's parser (`parseSchematronFile`). A file the parser refuses (the
 * Peppol reporting packs use `xsl:text` in their functions, outside its subset) is read for its
 * messages only: every `assert` and `report`, wherever it stands.
 */
import fs from 'node:fs';
import path from 'node:path';
import { packKey } from '../manifest';
import { loadLibxml, parseSchematronFile, SCH_NS, SchematronSyntaxError, type Check, type MessagePart } from '../parse';
import { templateOf } from './template';
import { textPacks, type TextPack } from './packs';
import type { RuleEntry, TextsFile } from './format';

export interface RuleText {
  flag: Check['flag'];
  /** English template of the message. */
  en: string;
}

export interface PackTexts {
  pack: TextPack;
  /** `parse` when the project's parser read the file, `messages` when only the messages were read. */
  reader: 'parse' | 'messages';
  /** Rule id → its text, in the order of the file. */
  rules: Map<string, RuleText>;
}

type RawCheck = Pick<Check, 'id' | 'flag' | 'message'>;

async function checksByParser(file: string): Promise<RawCheck[]> {
  const schema = await parseSchematronFile(file);
  return schema.patterns.flatMap((p) => p.rules.flatMap((r) => r.checks));
}

/** Every assert/report of a Schematron file with its message, without reading anything else. */
async function checksByMessages(file: string): Promise<RawCheck[]> {
  const lx = await loadLibxml();
  const doc = lx.XmlDocument.fromBuffer(fs.readFileSync(file), { url: file });
  try {
    const out: RawCheck[] = [];
    const visit = (el: InstanceType<typeof lx.XmlElement>): void => {
      for (let n = el.firstChild; n; n = n.next) {
        if (!(n instanceof lx.XmlElement)) continue;
        if (n.namespaceUri === SCH_NS && (n.name === 'assert' || n.name === 'report')) {
          const id = n.attr('id')?.value;
          if (!id) throw new SchematronSyntaxError(file, n.line, `<${n.name}> without @id`);
          const flag = n.attr('flag')?.value ?? 'fatal';
          if (flag !== 'fatal' && flag !== 'warning' && flag !== 'information') throw new SchematronSyntaxError(file, n.line, `flag "${flag}"`);
          const message: MessagePart[] = [];
          for (let m = n.firstChild; m; m = m.next) {
            if (m instanceof lx.XmlElement && m.namespaceUri === SCH_NS && m.name === 'value-of') message.push({ kind: 'value-of', select: m.attr('select')?.value ?? '' });
            else if (m instanceof lx.XmlElement && m.namespaceUri === SCH_NS && m.name === 'name') message.push({ kind: 'name', path: m.attr('path')?.value ?? null });
            else if (m instanceof lx.XmlElement) message.push({ kind: 'text', text: m.content });
            else if (m instanceof lx.XmlText || m instanceof lx.XmlCData) message.push({ kind: 'text', text: m.content });
          }
          out.push({ id, flag, message });
        } else visit(n);
      }
    };
    visit(doc.root);
    return out;
  } finally {
    doc.dispose();
  }
}

/** The English texts of one pack. Throws when one rule id has two different messages in the pack. */
export async function extractPackTexts(pack: TextPack, rulesDir: string): Promise<PackTexts> {
  const rules = new Map<string, RuleText>();
  let reader: PackTexts['reader'] = 'parse';
  for (const rel of pack.files) {
    const file = path.join(rulesDir, rel);
    let checks: RawCheck[];
    try {
      checks = await checksByParser(file);
    } catch (e) {
      if (!(e instanceof SchematronSyntaxError)) throw e;
      checks = await checksByMessages(file);
      reader = 'messages';
    }
    for (const c of checks) {
      const text: RuleText = { flag: c.flag, en: templateOf(c.id, c.message) };
      const seen = rules.get(c.id);
      if (seen && seen.en !== text.en) throw new Error(`${packKey(pack)}: rule ${c.id} has two messages: "${seen.en}" and "${text.en}"`);
      if (!seen) rules.set(c.id, text);
    }
  }
  return { pack, reader, rules };
}

/** The English texts of every pack with texts (manifest and pending), in `textPacks()` order. */
export async function extractAllTexts(rulesDir: string, packs: readonly TextPack[] = textPacks()): Promise<PackTexts[]> {
  const out: PackTexts[] = [];
  for (const p of packs) out.push(await extractPackTexts(p, rulesDir));
  return out;
}

/** Releases compared as dotted numbers (`2025.11` after `2025.5`). */
export function compareVersions(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The English of one family in the rule-text file format (`language: "en"`): a plain string where every
 * pack and release has the same template; otherwise the newest release's template under the pack id and
 * an older release's under `id@version` where it differs.
 */
export function englishFile(family: TextPack['family'], texts: readonly PackTexts[]): TextsFile {
  const members = texts.filter((t) => t.pack.family === family);
  const checkedAgainst: Record<string, string[]> = {};
  for (const t of members) (checkedAgainst[t.pack.id] ??= []).push(t.pack.version);
  for (const versions of Object.values(checkedAgainst)) versions.sort(compareVersions);
  const byRule = new Map<string, Map<string, Map<string, string>>>(); // rule → pack id → version → template
  for (const t of members) {
    for (const [id, r] of t.rules) {
      const packs = byRule.get(id) ?? new Map<string, Map<string, string>>();
      byRule.set(id, packs);
      const versions = packs.get(t.pack.id) ?? new Map<string, string>();
      packs.set(t.pack.id, versions);
      versions.set(t.pack.version, r.en);
    }
  }
  const rules: Record<string, RuleEntry> = {};
  for (const id of [...byRule.keys()].sort(compareRuleIds)) {
    const packs = byRule.get(id) as Map<string, Map<string, string>>;
    const all = new Set([...packs.values()].flatMap((v) => [...v.values()]));
    if (all.size === 1) {
      rules[id] = [...all][0];
      continue;
    }
    const entry: Record<string, string> = {};
    for (const [packId, versions] of packs) {
      const ordered = [...versions.keys()].sort(compareVersions);
      const newest = versions.get(ordered[ordered.length - 1]) as string;
      entry[packId] = newest;
      for (const v of ordered) if (versions.get(v) !== newest) entry[`${packId}@${v}`] = versions.get(v) as string;
    }
    rules[id] = entry;
  }
  return { language: 'en', family, checkedAgainst, rules };
}

/** Rule ids in a stable, readable order: by prefix, then by the numbers in them (`BR-2` before `BR-10`). */
export function compareRuleIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
