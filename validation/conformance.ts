/**
 * The official conformance tests (`../shared/conformance`, VEFA `testSet` format) as data: each test's
 * document, the rules in scope and what each must do (success: not fired; error: fired as fatal;
 * warning: fired as warning), and which rule pack defines those rules. Used by `npm test` for every
 * engine, and by `scripts/` tools.
 */
import fs from 'node:fs';
import path from 'node:path';
import { defaultDirs, packSourceFiles } from '../schematron/build';
import { findPack, packKey, type RulePack } from '../schematron/manifest';
import { parseSchematronFile } from '../schematron/parse';
import type { Finding } from './types';
import { loadLibxml } from './xml-input';

export const VEFA_NS = 'http://difi.no/xsd/vefa/validator/1.0';

/** Each conformance folder: the scenario its documents belong to and the pack releases it was written for. */
export const conformanceSuites: Record<string, { scenario: string; packs: [string, string][] }> = {
  'en16931-ubl-invoice': { scenario: 'en16931-ubl', packs: [['cen-en16931-ubl', '1.3.16']] },
  'en16931-cii': { scenario: 'en16931-cii', packs: [['cen-en16931-cii', '1.3.16']] },
  'peppol-ubl': { scenario: 'peppol-bis-billing-ubl', packs: [['cen-en16931-ubl', '1.3.16'], ['peppol-bis-billing-3-ubl', '2025.5']] },
  'peppol-cii': { scenario: 'peppol-bis-billing-cii', packs: [['cen-en16931-cii', '1.3.16'], ['peppol-bis-billing-3-cii', '2025.5']] },
};

export type Expectation = { rule: string; kind: 'success' | 'error' | 'warning' };

export interface ConformanceCase {
  suite: string;
  file: string;
  /** 1-based position of the test in its file. */
  index: number;
  description: string;
  scope: string[];
  /** Expectations on rules in scope only. */
  expectations: Expectation[];
  document: string;
  scenario: string;
  /** The pack release(s) that define the rules in scope. */
  packs: RulePack[];
}

const ruleIdsByPack = new Map<string, Promise<Set<string>>>();
function ruleIds(pack: RulePack): Promise<Set<string>> {
  const key = packKey(pack);
  let ids = ruleIdsByPack.get(key);
  if (!ids) {
    ids = (async () => {
      const schema = await parseSchematronFile(packSourceFiles(pack, defaultDirs())[0]);
      return new Set(schema.patterns.flatMap((p) => p.rules.flatMap((r) => r.checks.map((c) => c.id))));
    })();
    ruleIdsByPack.set(key, ids);
  }
  return ids;
}

export function conformanceDir(): string {
  return path.resolve(defaultDirs().rulesDir, '..', 'conformance');
}

export function conformanceFiles(suite: string, dir = conformanceDir()): string[] {
  return fs
    .readdirSync(path.join(dir, suite))
    .filter((f) => f.toLowerCase().endsWith('.xml'))
    .sort()
    .map((f) => path.join(dir, suite, f));
}

/** Reads one testSet file into its cases. */
export async function loadConformanceFile(suite: string, file: string): Promise<ConformanceCase[]> {
  const lx = await loadLibxml();
  const spec = conformanceSuites[suite];
  if (!spec) throw new Error(`unknown conformance suite ${suite}`);
  const candidates = spec.packs.map(([id, version]) => {
    const p = findPack(id, version);
    if (!p) throw new Error(`conformance suite ${suite}: pack ${id}@${version} is not declared`);
    return p;
  });
  const doc = lx.XmlDocument.fromBuffer(fs.readFileSync(file), { url: file });
  try {
    const ns = { v: VEFA_NS };
    const scope = doc.find('/v:testSet/v:assert/v:scope', ns).map((n) => n.content.trim());
    const inScope = new Set(scope);
    const packs: RulePack[] = [];
    for (const p of candidates) {
      const ids = await ruleIds(p);
      if (scope.some((r) => ids.has(r))) packs.push(p);
    }
    const cases: ConformanceCase[] = [];
    doc.find('/v:testSet/v:test', ns).forEach((t, i) => {
      const test = t as InstanceType<typeof lx.XmlElement>;
      const expectations: Expectation[] = [];
      for (const kind of ['success', 'error', 'warning'] as const) {
        for (const n of test.find(`v:assert/v:${kind}`, ns)) {
          const rule = n.content.trim();
          if (inScope.has(rule)) expectations.push({ rule, kind });
        }
      }
      let documentEl: InstanceType<typeof lx.XmlElement> | null = null;
      for (let c = test.firstChild; c; c = c.next) {
        if (c instanceof lx.XmlElement && !(c.namespaceUri === VEFA_NS && c.name === 'assert')) documentEl = c;
      }
      if (!documentEl) throw new Error(`${file}: test ${i + 1} has no document`);
      cases.push({
        suite,
        file,
        index: i + 1,
        description: (test.get('v:assert/v:description', ns)?.content ?? '').trim(),
        scope,
        expectations,
        document: standalone(documentEl),
        scenario: spec.scenario,
        packs,
      });
    });
    return cases;
  } finally {
    doc.dispose();
  }
}

/** Serialises an element as a document of its own, re-declaring the namespaces it inherits. */
function standalone(el: { toString(): string; namespaces: Record<string, string>; nsDeclarations: Record<string, string> }): string {
  const xml = el.toString();
  const local = el.nsDeclarations;
  const missing = Object.entries(el.namespaces)
    .filter(([prefix]) => prefix !== 'xml' && !(prefix in local))
    .map(([prefix, uri]) => (prefix ? ` xmlns:${prefix}="${uri}"` : ` xmlns="${uri}"`))
    .join('');
  return missing ? xml.replace(/^(<[^\s/>]+)/, `$1${missing}`) : xml;
}

export interface Verdict {
  ok: boolean;
  /** One line per expectation that did not hold. */
  problems: string[];
}

/** Judges one case's findings exactly as the test says, for rules in scope only. */
export function judge(c: ConformanceCase, findings: Finding[]): Verdict {
  const problems: string[] = [];
  const engine = findings.filter((f) => f.source === 'engine' || f.source === 'scenario' || f.source === 'syntax');
  for (const e of engine.filter((f) => f.flag === 'fatal')) problems.push(`engine: ${e.ruleId} ${e.message}`);
  for (const e of c.expectations) {
    const fired = findings.filter((f) => f.source === 'schematron' && f.ruleId === e.rule);
    const flags = fired.map((f) => f.flag).join(', ') || 'not fired';
    if (e.kind === 'success' && fired.length > 0) problems.push(`${e.rule}: expected not to fire, but fired (${flags}): ${fired[0].message}`);
    if (e.kind === 'error' && !fired.some((f) => f.flag === 'fatal')) problems.push(`${e.rule}: expected to fire as fatal, got ${flags}`);
    if (e.kind === 'warning' && !fired.some((f) => f.flag === 'warning')) problems.push(`${e.rule}: expected to fire as warning, got ${flags}`);
  }
  return { ok: problems.length === 0, problems };
}

export function caseName(c: ConformanceCase): string {
  return `${path.basename(c.file)}#${c.index}`;
}
