/**
 * Every official example gets the verdict its folder implies: the examples are valid (no fatal finding).
 * The EN 16931 folders are judged with the EN 16931 scenario of their syntax (CEN rules); the other
 * folders by automatic scenario detection on today's rule packs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { validate } from '../../validation';

const examplesDir = path.resolve(__dirname, '../../../shared/examples');

const folders: Record<string, { scenario: string; forced: boolean }> = {
  'en16931-ubl': { scenario: 'en16931-ubl', forced: true },
  'en16931-cii': { scenario: 'en16931-cii', forced: true },
  'peppol-billing': { scenario: 'peppol-bis-billing-ubl', forced: false },
  'peppol-self-billing': { scenario: 'peppol-self-billing-ubl', forced: false },
  'peppol-mls': { scenario: 'peppol-mls', forced: false },
};

const cases = Object.entries(folders).flatMap(([folder, spec]) =>
  fs
    .readdirSync(path.join(examplesDir, folder))
    .filter((f) => /\.xml$/i.test(f))
    .sort()
    .map((f) => ({ folder, file: f, ...spec })),
);

test('every example folder is covered', () => {
  expect(fs.readdirSync(examplesDir).sort()).toEqual(Object.keys(folders).sort());
  expect(cases.length).toBeGreaterThan(50);
});

test.each(cases)('$folder/$file is valid ($scenario)', async ({ folder, file, scenario, forced }) => {
  const report = await validate(fs.readFileSync(path.join(examplesDir, folder, file)), forced ? { scenario } : {});
  const fatal = report.findings.filter((f) => f.flag === 'fatal');
  expect(fatal).toEqual([]);
  expect(report.valid).toBe(true);
  expect(report.scenario).toBe(scenario);
  expect(report.phases.every((p) => p.ran)).toBe(true);
  expect(report.packs.length).toBeGreaterThan(0);
});

test('detection: EN 16931 examples that carry the Peppol specification identifier are detected as Peppol BIS', async () => {
  const report = await validate(fs.readFileSync(path.join(examplesDir, 'en16931-ubl', 'BIS3_Invoice_positive.XML')));
  expect(report.scenario).toBe('peppol-bis-billing-ubl');
  expect(report.packs.map((p) => p.id)).toEqual(['cen-en16931-ubl', 'peppol-bis-billing-3-ubl']);
});

test('detection: a ZUGFeRD 1.0 identifier in a CEN CII example is validated against EN 16931 with an information finding', async () => {
  const report = await validate(fs.readFileSync(path.join(examplesDir, 'en16931-cii', 'CII_business_example_02.xml')));
  expect(report.scenario).toBe('en16931-cii');
  expect(report.valid).toBe(true);
  expect(report.findings).toContainEqual(expect.objectContaining({ ruleId: 'HUB-SCENARIO-CIUS', flag: 'information' }));
});
