/**
 * The compiled engine against the reference engine (saxon-js), finding by finding (rule id, flag,
 * location, message): every official example, and seeded variants of the examples (removed, duplicated,
 * swapped and altered elements and attributes). The nightly-size run (all conformance documents and
 * 2,000+ variants) is `npm run differential`.
 */
import { rulePacks } from '../../schematron/manifest';
import { compareCases, exampleCases, generateVariants, type DocKind } from '../../scripts/differential';

/** The releases in force today per kind of document (the full run covers every release). */
const current = (kind: DocKind) =>
  rulePacks.filter((p) =>
    kind === 'ubl'
      ? p.id === 'cen-en16931-ubl' || (p.id === 'peppol-bis-billing-3-ubl' && p.version === '2026.5') || p.id === 'peppol-self-billing-ubl'
      : kind === 'cii'
        ? p.syntax === 'cii'
        : p.syntax === 'ubl-application-response',
  );

test('both engines agree on every official example', async () => {
  const cases = exampleCases();
  expect(cases.length).toBeGreaterThan(50);
  const res = await compareCases(cases, { packs: current });
  expect(res.comparisons).toBeGreaterThan(cases.length);
  expect(res.differences).toEqual([]);
}, 600_000);

test('both engines agree on seeded variants of the examples', async () => {
  const variants = generateVariants(exampleCases(), 40, 1234);
  // The generator is deterministic: the same seed gives the same documents.
  expect(generateVariants(exampleCases(), 3, 1234).map((v) => v.text)).toEqual(variants.slice(0, 3).map((v) => v.text));
  const res = await compareCases(variants, { packs: current, shrink: true });
  expect(res.cases).toBe(40);
  expect(res.differences).toEqual([]);
}, 600_000);
