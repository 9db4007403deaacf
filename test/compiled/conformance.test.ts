/**
 * The whole official conformance suite (every CEN and Peppol test in ../shared/conformance), judged on
 * the compiled engine exactly as the reference harness judges saxon (validation/conformance.ts): the
 * Schematron of the pack that defines the rule in scope, run on the test's partial document.
 */
import { ensureCompiled, type CompiledPack } from '../../schematron/build';
import { packKey, type RulePack } from '../../schematron/manifest';
import { caseName, conformanceFiles, conformanceSuites, judge, loadConformanceFile, type ConformanceCase } from '../../validation/conformance';
import { knownDisagreements } from '../../validation/conformance-disagreements';
import { parseForCompiled, preloadPack, runPack } from '../../validation/schematron-compiled';
import type { Finding } from '../../validation/types';

const loaded = new Map<string, CompiledPack>();
async function load(pack: RulePack): Promise<CompiledPack> {
  let c = loaded.get(packKey(pack));
  if (!c) {
    c = (await ensureCompiled(pack)).compiled;
    await preloadPack(c);
    loaded.set(packKey(pack), c);
  }
  return c;
}

describe.each(Object.keys(conformanceSuites))('official conformance tests on the compiled engine: %s', (suite) => {
  const cases: ConformanceCase[] = [];
  beforeAll(async () => {
    for (const f of conformanceFiles(suite)) cases.push(...(await loadConformanceFile(suite, f)));
  }, 120_000);

  test('every in-scope rule does what each test says', async () => {
    const failures: string[] = [];
    let judged = 0;
    for (const c of cases) {
      const findings: Finding[] = [];
      const tree = parseForCompiled(c.document);
      for (const p of c.packs) {
        try {
          findings.push(...runPack(await load(p), tree));
        } catch (e) {
          findings.push({ source: 'engine', ruleId: 'HUB-ENGINE-SCHEMATRON', flag: 'fatal', location: '/', message: (e as Error).message });
        }
      }
      const name = `${suite}/${caseName(c)}`;
      const verdict = judge(c, findings);
      judged += c.expectations.length;
      if (!verdict.ok && !knownDisagreements[name]) failures.push(`${name} (${c.description}): ${verdict.problems.join('; ')}`);
    }
    expect(failures).toEqual([]);
    expect(judged).toBeGreaterThan(0);
  }, 300_000);
});
