/**
 * Every report the builders give in these tests passes the official XML Schema and the official
 * Schematron (TSR 1.0.5, EUSR 1.1.5) through the hub's own `validate()`, with no fatal finding; and the
 * Schematron does judge (a report whose sums are broken is refused with the rule that says so).
 */
import path from 'node:path';
import { config } from '../../config';
import { buildEusr, buildTsr } from '../../core/reporting';
import { scenarioById, validate } from '../../validation';
import { parseXml } from '../../validation/xml-input';
import { validateXsd } from '../../validation/xsd';
import { HUB, MARCH_ROWS } from './fixtures';
import { EUSR_CASES, TSR_CASES } from './official';

interface Built {
  name: string;
  kind: 'tsr' | 'eusr';
  xml: string;
}

const fromMarch = (month: string, note: string): Built[] => [
  { name: `TSR ${month} (${note})`, kind: 'tsr', xml: buildTsr({ month, reporterId: HUB, rows: MARCH_ROWS }) },
  { name: `EUSR ${month} (${note})`, kind: 'eusr', xml: buildEusr({ month, reporterId: HUB, rows: MARCH_ROWS }) },
];

const BUILT: Built[] = [
  ...fromMarch('2026-03', 'the synthetic month'),
  ...fromMarch('2026-04', 'one invoice'),
  ...fromMarch('2026-02', 'one invoice'),
  ...fromMarch('2026-05', 'no traffic'),
  { name: 'TSR 2026-03 (MLS only: outgoing only)', kind: 'tsr', xml: buildTsr({ month: '2026-03', reporterId: HUB, rows: MARCH_ROWS.filter((r) => r.endUserId === null) }) },
  { name: 'EUSR 2026-03 (Invoice Responses only: sending end users only)', kind: 'eusr', xml: buildEusr({ month: '2026-03', reporterId: HUB, rows: MARCH_ROWS.filter((r) => r.direction === 'sent') }) },
  ...TSR_CASES.map((c): Built => ({ name: `TSR like ${c.file}`, kind: 'tsr', xml: buildTsr({ month: c.month, reporterId: c.reporter, rows: c.rows }) })),
  ...EUSR_CASES.map((c): Built => ({ name: `EUSR like ${c.file}`, kind: 'eusr', xml: buildEusr({ month: c.month, reporterId: c.reporter, rows: c.rows }) })),
];

const XSD = {
  tsr: path.join(config.xsdDir, 'peppol-reporting', 'peppol-transaction-statistics-reporting-1.0.xsd'),
  eusr: path.join(config.xsdDir, 'peppol-reporting', 'peppol-end-user-statistics-reporting-1.1.xsd'),
};

test('the reports under test', () => {
  expect(BUILT).toHaveLength(22);
  expect(new Set(BUILT.map((b) => b.xml)).size).toBe(BUILT.length - 1); // only the EUSRs like appendix3 and like empty are the same report
});

describe('XML Schema (libxml2, validation/xsd.ts)', () => {
  test.each(BUILT)('$name', async ({ kind, xml }) => {
    const parsed = await parseXml(xml);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.findings));
    try {
      expect(await validateXsd(parsed.doc, XSD[kind], xml)).toEqual([]);
    } finally {
      parsed.doc.dispose();
    }
  });
});

const SCENARIO = { tsr: 'peppol-tsr', eusr: 'peppol-eusr' } as const;

describe('XML Schema and official Schematron (validate(), scenarios peppol-tsr / peppol-eusr)', () => {
  test('the scenarios exist and run the official packs', () => {
    expect(scenarioById(SCENARIO.tsr)?.packs).toEqual(['peppol-tsr']);
    expect(scenarioById(SCENARIO.eusr)?.packs).toEqual(['peppol-eusr']);
  });

  // both Schematron engines of the hub: the compiled one (default) and saxon-js (the reference)
  const cases = BUILT.flatMap((b) => (['compiled', 'saxon'] as const).map((engine) => ({ ...b, engine })));
  test.each(cases)('$name, $engine engine', async ({ kind, xml, engine }) => {
    const report = await validate(Buffer.from(xml, 'utf8'), { scenario: SCENARIO[kind], engine });
    expect(report.engine).toBe(engine);
    expect(report.findings.filter((f) => f.flag === 'fatal')).toEqual([]);
    expect(report.scenario).toBe(SCENARIO[kind]);
    expect(report.phases.every((p) => p.ran)).toBe(true);
    expect(report.packs.map((p) => p.id)).toEqual([SCENARIO[kind]]);
    expect(report.valid).toBe(true);
  });

  test('the scenario is also found without being named', async () => {
    for (const b of [BUILT[0], BUILT[1]]) expect((await validate(Buffer.from(b.xml, 'utf8'))).scenario).toBe(SCENARIO[b.kind]);
  });

  test('the Schematron judges: broken sums are refused by the rule that says so', async () => {
    const tsr = BUILT[0].xml.replace(/(<Subtotal type="PerTP">[\s\S]*?<Incoming>)12(<\/Incoming>)/, '$111$2');
    expect(tsr).not.toBe(BUILT[0].xml);
    const t = await validate(Buffer.from(tsr, 'utf8'), { scenario: 'peppol-tsr' });
    expect(t.valid).toBe(false);
    expect(t.findings.filter((f) => f.flag === 'fatal').map((f) => f.ruleId)).toEqual(['SCH-TSR-04']);

    const eusr = BUILT[1].xml.replace('<SendingOrReceivingEndUsers>4</SendingOrReceivingEndUsers>\n  </FullSet>', '<SendingOrReceivingEndUsers>2</SendingOrReceivingEndUsers>\n  </FullSet>');
    expect(eusr).not.toBe(BUILT[1].xml);
    const e = await validate(Buffer.from(eusr, 'utf8'), { scenario: 'peppol-eusr' });
    expect(e.valid).toBe(false);
    expect(new Set(e.findings.filter((f) => f.flag === 'fatal').map((f) => f.ruleId))).toEqual(new Set(['SCH-EUSR-20', 'SCH-EUSR-21', 'SCH-EUSR-22']));
  });
});
