import { packInForce, rulePacks } from '../../schematron/manifest';
import { scenarios, selectScenario, packsFor, scenarioById } from '../../validation/scenarios';

describe('rule-pack release in force on the reception date', () => {
  test.each([
    ['2025-08-24', '2025.5', true], // before 3.0.19 became mandatory: oldest, with a note
    ['2025-08-25', '2025.5', false],
    ['2026-02-15', '2025.5', false],
    ['2026-02-16', '2025.11', false],
    ['2026-08-23', '2025.11', false],
    ['2026-08-24', '2026.5', false],
    ['2030-01-01', '2026.5', false],
  ])('Peppol UBL on %s → %s', (date, version, noted) => {
    const choice = packInForce('peppol-bis-billing-3-ubl', date);
    expect(choice.pack.version).toBe(version);
    expect(choice.note !== null).toBe(noted);
  });

  test('early adoption uses a published release before its mandatory date', () => {
    expect(packInForce('peppol-bis-billing-3-ubl', '2026-06-01').pack.version).toBe('2025.11');
    expect(packInForce('peppol-bis-billing-3-ubl', '2026-06-01', true).pack.version).toBe('2026.5');
  });

  test('the newest CII release available stays in force', () => {
    expect(packInForce('peppol-bis-billing-3-cii', '2026-11-22').pack.version).toBe('2025.5');
  });

  test('every scenario names declared packs only', () => {
    const ids = new Set(rulePacks.map((p) => p.id));
    for (const s of scenarios) for (const p of s.packs) expect(ids.has(p)).toBe(true);
    expect(packsFor(scenarioById('peppol-bis-billing-ubl')!, '2026-11-22').map((c) => `${c.pack.id}@${c.pack.version}`)).toEqual([
      'cen-en16931-ubl@1.3.16',
      'peppol-bis-billing-3-ubl@2026.5',
    ]);
  });
});

describe('scenario selection', () => {
  const ubl = { rootNamespace: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2', rootName: 'Invoice', profileId: null };
  test('an XRechnung CIUS is validated against EN 16931 with a note', () => {
    const s = selectScenario({ ...ubl, customizationId: 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0' });
    expect(s.ok && s.scenario.id).toBe('en16931-ubl');
    expect(s.ok && s.note).toMatch(/XRechnung/);
  });
  test('self-billing and billing are told apart', () => {
    const sb = selectScenario({ ...ubl, customizationId: 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:selfbilling:3.0' });
    expect(sb.ok && sb.scenario.id).toBe('peppol-self-billing-ubl');
    const cn = selectScenario({ ...ubl, rootNamespace: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2', rootName: 'CreditNote', customizationId: 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0' });
    expect(cn.ok && cn.scenario.id).toBe('peppol-bis-billing-ubl');
  });
});
