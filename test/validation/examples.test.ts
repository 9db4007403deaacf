/**
 * Every official example gets the verdict its folder implies: the examples are valid (no fatal finding);
 * the negative examples of `peppol-reporting/{tsr,eusr}/bad/` are invalid and fire, as fatal, the rule
 * their file name carries. The EN 16931 folders are judged with the EN 16931 scenario of their syntax
 * (CEN rules); the other folders by automatic scenario detection on today's rule packs. The folders
 * added with the Invoice Response and Reporting packs run on both engines.
 */
import fs from 'node:fs';
import path from 'node:path';
import { validate } from '../../validation';
import type { EngineName } from '../../validation/engines';

const examplesDir = path.resolve(__dirname, '../../../shared/examples');

const folders: Record<string, { scenario: string; forced: boolean; engines?: EngineName[] }> = {
  'en16931-ubl': { scenario: 'en16931-ubl', forced: true },
  'en16931-cii': { scenario: 'en16931-cii', forced: true },
  'peppol-billing': { scenario: 'peppol-bis-billing-ubl', forced: false },
  'peppol-self-billing': { scenario: 'peppol-self-billing-ubl', forced: false },
  'peppol-mls': { scenario: 'peppol-mls', forced: false },
  'peppol-invoice-response': { scenario: 'peppol-invoice-response', forced: false, engines: ['compiled', 'saxon'] },
  'peppol-reporting/tsr': { scenario: 'peppol-tsr', forced: false, engines: ['compiled', 'saxon'] },
  'peppol-reporting/eusr': { scenario: 'peppol-eusr', forced: false, engines: ['compiled', 'saxon'] },
};

/** Folders of official negative examples: file `tsr-NN[-k].xml` must fire rule `SCH-TSR-NN`. */
const badFolders: Record<string, { scenario: string; rulePrefix: string }> = {
  'peppol-reporting/tsr/bad': { scenario: 'peppol-tsr', rulePrefix: 'SCH-TSR-' },
  'peppol-reporting/eusr/bad': { scenario: 'peppol-eusr', rulePrefix: 'SCH-EUSR-' },
};

/**
 * Negative examples that do not fire the rule of their file name under the release the hub runs, with why.
 * `eusr-26-1.xml` was written for the first SCH-EUSR-26 ("two Key elements with the meta scheme ID 'CC'",
 * its own comment says so); EUSR 1.1.0 changed the rule to one CC key per PerDT-PR-EUC subset, which the
 * file has. It still breaks the subset's shape: four keys (SCH-EUSR-23) and no EndUserCountry key (SCH-EUSR-27).
 */
const staleBadExamples: Record<string, { fires: string[]; doesNotFire: string }> = {
  'peppol-reporting/eusr/bad/eusr-26-1.xml': { fires: ['SCH-EUSR-23', 'SCH-EUSR-27'], doesNotFire: 'SCH-EUSR-26' },
};

const cases = Object.entries(folders).flatMap(([folder, spec]) =>
  fs
    .readdirSync(path.join(examplesDir, folder))
    .filter((f) => /\.xml$/i.test(f))
    .sort()
    .map((f) => ({ folder, file: f, ...spec })),
);

const SCHUNIT_NS = 'urn:fdc:schunit.com:2020:v1';
const isSchUnit = (text: string) => text.includes(`xmlns="${SCHUNIT_NS}"`);

const badCases = Object.entries(badFolders).flatMap(([folder, spec]) =>
  fs
    .readdirSync(path.join(examplesDir, folder))
    .filter((f) => /\.xml$/i.test(f) && !isSchUnit(fs.readFileSync(path.join(examplesDir, folder, f), 'utf8')))
    .sort()
    .flatMap((file) =>
      (['compiled', 'saxon'] as const).map((engine) => {
        const m = /^[a-z]+-(\d+)(?:-\d+)?\.xml$/.exec(file);
        if (!m) throw new Error(`${folder}/${file}: the file name carries no rule number`);
        return { folder, file, engine, scenario: spec.scenario, rule: `${spec.rulePrefix}${m[1]}` };
      }),
    ),
);

/** Folders below `dir` that hold XML files, relative to the examples directory. */
function xmlFolders(dir: string): string[] {
  const out: string[] = [];
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  if (entries.some((e) => e.isFile() && /\.xml$/i.test(e.name))) out.push(path.relative(examplesDir, dir));
  for (const e of entries) if (e.isDirectory()) out.push(...xmlFolders(path.join(dir, e.name)));
  return out;
}

test('every example folder is covered', () => {
  expect(xmlFolders(examplesDir).sort()).toEqual([...Object.keys(folders), ...Object.keys(badFolders)].sort());
  expect(cases.length).toBeGreaterThan(80);
  expect(badCases.length).toBeGreaterThan(2 * 120);
});

const validCases = cases.flatMap((c) => (c.engines ?? [undefined]).map((engine) => ({ ...c, engineName: engine ?? 'default engine' })));

test.each(validCases)('$folder/$file is valid ($scenario, $engineName)', async ({ folder, file, scenario, forced, engineName }) => {
  const engine = engineName === 'default engine' ? undefined : (engineName as EngineName);
  const report = await validate(fs.readFileSync(path.join(examplesDir, folder, file)), { ...(forced ? { scenario } : {}), ...(engine ? { engine } : {}) });
  const fatal = report.findings.filter((f) => f.flag === 'fatal');
  expect(fatal).toEqual([]);
  expect(report.valid).toBe(true);
  expect(report.scenario).toBe(scenario);
  if (engine) expect(report.engine).toBe(engine);
  expect(report.phases.every((p) => p.ran)).toBe(true);
  expect(report.packs.length).toBeGreaterThan(0);
});

test.each(badCases)('$folder/$file is invalid and fires $rule ($engine)', async ({ folder, file, engine, scenario, rule }) => {
  // Forced scenario: several negative examples break the CustomizationID itself (SCH-TSR-01, SCH-EUSR-01),
  // which automatic detection would refuse before the rules run.
  const report = await validate(fs.readFileSync(path.join(examplesDir, folder, file)), { scenario, engine });
  expect(report.engine).toBe(engine);
  expect(report.scenario).toBe(scenario);
  expect(report.valid).toBe(false);
  expect(report.phases.every((p) => p.ran)).toBe(true);
  const fatal = new Set(report.findings.filter((f) => f.flag === 'fatal' && f.source === 'schematron').map((f) => f.ruleId));
  const stale = staleBadExamples[`${folder}/${file}`];
  if (stale) {
    expect([...fatal].sort()).toEqual(stale.fires);
    expect(fatal.has(stale.doesNotFire)).toBe(false);
  } else expect([...fatal]).toContain(rule);
});

describe('negative examples in SchUnit form (a test set wrapping the report)', () => {
  const wrapped = Object.keys(badFolders).flatMap((folder) =>
    fs
      .readdirSync(path.join(examplesDir, folder))
      .filter((f) => /\.xml$/i.test(f) && isSchUnit(fs.readFileSync(path.join(examplesDir, folder, f), 'utf8')))
      .map((file) => ({ folder, file })),
  );

  test('there is one: tsr/bad/tsr-01.xml', () => {
    expect(wrapped).toEqual([{ folder: 'peppol-reporting/tsr/bad', file: 'tsr-01.xml' }]);
  });

  test.each(wrapped)('$folder/$file: refused as it stands (not a report); each wrapped report fires its trigger on both engines', async ({ folder, file }) => {
    const text = fs.readFileSync(path.join(examplesDir, folder, file), 'utf8');
    const whole = await validate(Buffer.from(text));
    expect(whole.valid).toBe(false);
    expect(whole.findings.map((f) => f.ruleId)).toEqual(['HUB-ROOT']);
    expect(whole.findings[0].message).toContain(`{${SCHUNIT_NS}}Tests`);

    const { scenario } = badFolders[folder];
    const tests = [...text.matchAll(/<Test>([\s\S]*?)<\/Test>/g)].map((m) => m[1]);
    expect(tests.length).toBeGreaterThan(0);
    for (const t of tests) {
      const triggers = [...t.matchAll(/<Trigger>([^<]+)<\/Trigger>/g)].map((m) => m[1].trim());
      // The wrapped report declares its own default namespace: it stands alone as it is.
      const doc = /<(TransactionStatisticsReport|EndUserStatisticsReport)\s[\s\S]*<\/\1>/.exec(t)![0];
      expect(triggers.length).toBeGreaterThan(0);
      for (const engine of ['compiled', 'saxon'] as const) {
        const report = await validate(Buffer.from(doc), { scenario, engine });
        expect(report.valid).toBe(false);
        const fatal = report.findings.filter((f) => f.flag === 'fatal' && f.source === 'schematron').map((f) => f.ruleId);
        for (const trigger of triggers) expect(fatal).toContain(trigger);
      }
    }
  });
});

describe('Invoice Response and Reporting documents are told apart by root and specification identifier', () => {
  const read = (rel: string) => fs.readFileSync(path.join(examplesDir, rel), 'utf8');

  test('an ApplicationResponse is an MLS or an Invoice Response by its CustomizationID', async () => {
    const mls = fs.readdirSync(path.join(examplesDir, 'peppol-mls')).find((f) => f.endsWith('.xml'))!;
    expect((await validate(Buffer.from(read(`peppol-mls/${mls}`)))).scenario).toBe('peppol-mls');
    expect((await validate(Buffer.from(read('peppol-invoice-response/T111-uc001-Invoice-in-process.xml')))).scenario).toBe('peppol-invoice-response');
  });

  test('an ApplicationResponse with another CustomizationID (here an Invoice Response 2.0 of the BII era) names both accepted identifiers', async () => {
    const old = read('peppol-invoice-response/T111-uc001-Invoice-in-process.xml').replace(
      'urn:fdc:peppol.eu:poacc:trns:invoice_response:3',
      'urn:www.cenbii.eu:transaction:biitrns111:ver2.0:extended:urn:www.peppol.eu:bis:peppol63a:ver1.0',
    );
    const report = await validate(Buffer.from(old));
    expect(report.findings.map((f) => f.ruleId)).toEqual(['HUB-SPECIFICATION-ID']);
    const msg = report.findings[0].message;
    expect(msg).toContain('biitrns111');
    expect(msg).toContain('cbc:CustomizationID');
    expect(msg).toContain('urn:peppol:edec:mls:1.0');
    expect(msg).toContain('urn:fdc:peppol.eu:poacc:trns:invoice_response:3');
    expect(msg).not.toMatch(/BT-24|EN 16931/);
  });

  test('a report without its CustomizationID names where it belongs and what is accepted', async () => {
    const tsr = read('peppol-reporting/tsr/transaction-statistics-minimal.xml').replace(/<CustomizationID>[^<]*<\/CustomizationID>/, '');
    const report = await validate(Buffer.from(tsr));
    expect(report.findings.map((f) => f.ruleId)).toEqual(['HUB-SPECIFICATION-ID']);
    expect(report.findings[0].message).toMatch(/TransactionStatisticsReport has no specification identifier \(CustomizationID\).*urn:fdc:peppol\.eu:edec:trns:transaction-statistics-reporting:1\.0/);
  });
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
