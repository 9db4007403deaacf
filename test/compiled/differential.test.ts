/**
 * The compiled engine against the reference engine (saxon-js), finding by finding (rule id, flag,
 * location, message): every official example, and seeded variants of the examples (removed, duplicated,
 * swapped and altered elements and attributes). The nightly-size run (all conformance documents and
 * 2,000+ variants) is `npm run differential`.
 */
import { rulePacks } from '../../schematron/manifest';
import { compareCases, exampleCases, generateVariants, kindOf, packsForKind, type DocKind } from '../../scripts/differential';

/** The releases in force today per kind of document (the full run covers every release). */
const current = (kind: DocKind) =>
  kind === 'ubl'
    ? rulePacks.filter((p) => p.id === 'cen-en16931-ubl' || (p.id === 'peppol-bis-billing-3-ubl' && p.version === '2026.5') || p.id === 'peppol-self-billing-ubl')
    : packsForKind(kind);

test('the examples include the Invoice Response and Reporting examples, negative ones too, and each kind has its packs', () => {
  const cases = exampleCases();
  const kinds = new Map<string, number>();
  for (const c of cases) kinds.set(kindOf(c.text) ?? 'none', (kinds.get(kindOf(c.text) ?? 'none') ?? 0) + 1);
  expect(cases.some((c) => c.name.includes('peppol-invoice-response/'))).toBe(true);
  expect(cases.filter((c) => c.name.includes('/bad/')).length).toBeGreaterThan(120);
  expect(kinds.get('tsr')).toBeGreaterThan(60);
  expect(kinds.get('eusr')).toBeGreaterThan(60);
  expect(packsForKind('mls').map((p) => p.id)).toEqual(['peppol-mls', 'peppol-invoice-response']);
  expect(packsForKind('tsr').map((p) => p.id)).toEqual(['peppol-tsr']);
  expect(packsForKind('eusr').map((p) => p.id)).toEqual(['peppol-eusr']);
});

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
