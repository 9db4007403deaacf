/**
 * Runs one official conformance folder (or a shard of it) through the Schematron of its scenario and
 * judges every in-scope rule exactly as each test says, on the engine given. Shared by the
 * conformance-*.test.ts files (reference engine, folders split so jest runs them in parallel) and
 * test/compiled/conformance.test.ts (the compiled engine).
 */
import { caseName, conformanceFiles, judge, loadConformanceFile, type ConformanceCase } from '../../validation/conformance';
import { knownDisagreements } from '../../validation/conformance-disagreements';
import { validate, type EngineName } from '../../validation';

export function conformanceSuite(suite: string, shard = 0, shards = 1, engine: EngineName = 'saxon'): void {
  const files = conformanceFiles(suite).filter((_, i) => i % shards === shard);
  describe(`official conformance tests on the ${engine} engine: ${suite}${shards > 1 ? ` (part ${shard + 1} of ${shards})` : ''}`, () => {
    const cases: ConformanceCase[] = [];
    beforeAll(async () => {
      for (const f of files) cases.push(...(await loadConformanceFile(suite, f)));
    });

    test('the folder holds tests and every test names its rules in scope and a pack that defines them', () => {
      expect(files.length).toBeGreaterThan(0);
      expect(cases.length).toBeGreaterThanOrEqual(files.length);
      for (const c of cases) {
        expect(c.scope.length).toBeGreaterThan(0);
        expect(c.packs.length).toBeGreaterThan(0);
      }
    });

    test('every in-scope rule does what each test says', async () => {
      const failures: string[] = [];
      const agreedDespiteListed: string[] = [];
      let judged = 0;
      for (const c of cases) {
        const report = await validate(Buffer.from(c.document), {
          scenario: c.scenario,
          engine,
          skipXsd: true, // the tests hold deliberately partial documents: Schematron only
          packs: c.packs.map((p) => ({ id: p.id, version: p.version })),
        });
        const verdict = judge(c, report.findings);
        judged += c.expectations.length;
        const name = `${suite}/${caseName(c)}`;
        if (knownDisagreements[name]) {
          if (verdict.ok) agreedDespiteListed.push(name);
        } else if (!verdict.ok) {
          failures.push(`${name} (${c.description}): ${verdict.problems.join('; ')}`);
        }
      }
      expect(failures).toEqual([]);
      // A listed disagreement that now agrees must leave the list: the list stays true.
      expect(agreedDespiteListed).toEqual([]);
      expect(judged).toBeGreaterThan(0);
    });
  });
}
