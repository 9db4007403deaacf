/** The `einvoice validate` / `scenarios` contract, through the real command line. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EXAMPLES_DIR, runCli, type CliResult } from '../helpers/cli';

const examples = EXAMPLES_DIR;

const run = (args: string[]): Promise<CliResult> => runCli(args);

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-'));
  const base = fs.readFileSync(path.join(examples, 'peppol-billing/base-example.xml'), 'utf8');
  fs.writeFileSync(path.join(tmp, 'invalid.xml'), base.replace(/<cbc:PayableAmount currencyID="EUR">[^<]*</, '<cbc:PayableAmount currencyID="EUR">1.00<'));
  fs.writeFileSync(path.join(tmp, 'not-xml.xml'), 'hello');
  const sbdh = (doc: string): string =>
    `<?xml version="1.0" encoding="UTF-8"?>
<StandardBusinessDocument xmlns="http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader">
  <StandardBusinessDocumentHeader>
    <HeaderVersion>1.0</HeaderVersion>
    <Sender><Identifier Authority="iso6523-actorid-upis">0088:7315458756324</Identifier></Sender>
    <Receiver><Identifier Authority="iso6523-actorid-upis">9938:LU15003772</Identifier></Receiver>
    <DocumentIdentification><Standard>urn:oasis:names:specification:ubl:schema:xsd:Invoice-2</Standard><TypeVersion>2.1</TypeVersion><InstanceIdentifier>b5a1c4e0-0000-4000-8000-000000000001</InstanceIdentifier><Type>Invoice</Type><CreationDateAndTime>2026-05-04T10:00:00Z</CreationDateAndTime></DocumentIdentification>
  </StandardBusinessDocumentHeader>
${doc.replace(/^<\?xml[^>]*\?>\s*/, '')}
</StandardBusinessDocument>
`;
  fs.writeFileSync(path.join(tmp, 'sbdh-valid.xml'), sbdh(base));
  fs.writeFileSync(path.join(tmp, 'sbdh-invalid.xml'), sbdh(fs.readFileSync(path.join(tmp, 'invalid.xml'), 'utf8')));
  fs.writeFileSync(path.join(tmp, 'sbdh-broken.xml'), '<StandardBusinessDocument xmlns="http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader"><StandardBusinessDocumentHeader><HeaderVersion>1.0</HeaderVersion>\n' + base.replace(/^<\?xml[^>]*\?>\s*/, ''));
});

test('exit 0 when every file is valid, one JSON object per file per line', async () => {
  const files = [path.join(examples, 'peppol-billing/base-example.xml'), path.join(examples, 'en16931-cii/CII_example1.xml')];
  const r = await run(['validate', '--json', ...files]);
  expect(r.code).toBe(0);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  expect(lines.map((l) => [l.file, l.valid, l.scenario])).toEqual([
    [files[0], true, 'peppol-bis-billing-ubl'],
    [files[1], true, 'en16931-cii'],
  ]);
  expect(Array.isArray(lines[0].findings)).toBe(true);
});

test('exit 1 when some file is invalid; findings carry ruleId, flag, location, message', async () => {
  const r = await run(['validate', '--json', path.join(examples, 'peppol-billing/base-example.xml'), path.join(tmp, 'invalid.xml'), path.join(tmp, 'not-xml.xml')]);
  expect(r.code).toBe(1);
  const [ok, bad, notXml] = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  expect(ok.valid).toBe(true);
  expect(bad.valid).toBe(false);
  expect(bad.findings).toContainEqual(expect.objectContaining({ ruleId: 'BR-CO-16', flag: 'fatal', location: '/Invoice[1]/cac:LegalMonetaryTotal[1]' }));
  for (const f of bad.findings) expect(Object.keys(f)).toEqual(expect.arrayContaining(['ruleId', 'flag', 'location', 'message']));
  expect(notXml.findings[0]).toMatchObject({ ruleId: 'SYNTAX-XML', flag: 'fatal' });
});

test('readable report without --json; --scenario and --date are honoured', async () => {
  const r = await run(['validate', '--date', '2025-09-01', path.join(tmp, 'invalid.xml')]);
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/INVALID \(peppol-bis-billing-ubl; cen-en16931-ubl@1\.3\.16, peppol-bis-billing-3-ubl@2025\.5; reception date 2025-09-01/);
  expect(r.stdout).toMatch(/fatal\s+BR-CO-16\s+line \d+\s+\/Invoice\[1\]\/cac:LegalMonetaryTotal\[1\]/);
  const forced = await run(['validate', '--json', '--scenario', 'en16931-ubl', path.join(examples, 'peppol-billing/base-example.xml')]);
  expect(JSON.parse(forced.stdout).scenario).toBe('en16931-ubl');
});

test('exit 2 on usage and I/O errors', async () => {
  expect((await run(['validate'])).code).toBe(2);
  expect((await run(['validate', '--date', 'tomorrow', 'x.xml'])).code).toBe(2);
  const missing = await run(['validate', path.join(tmp, 'missing.xml')]);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toMatch(/cannot read .*missing\.xml: ENOENT/);
  expect((await run(['no-such-command'])).code).toBe(2);
});

test('an SBDH envelope is opened: the business document inside is validated, the output says so, lines are lines of the file', async () => {
  const ok = await run(['validate', '--json', path.join(tmp, 'sbdh-valid.xml')]);
  expect(ok.code).toBe(0);
  const report = JSON.parse(ok.stdout);
  expect([report.valid, report.scenario]).toEqual([true, 'peppol-bis-billing-ubl']);
  expect(report.envelope).toEqual({
    type: 'sbdh', sender: '0088:7315458756324', receiver: '9938:LU15003772', documentType: null, process: null,
    instanceId: 'b5a1c4e0-0000-4000-8000-000000000001', document: 'Invoice', line: 9,
  });
  const readable = await run(['validate', path.join(tmp, 'sbdh-valid.xml')]);
  expect(readable.code).toBe(0);
  expect(readable.stdout).toMatch(/✓ .*sbdh-valid\.xml: valid \(peppol-bis-billing-ubl/);
  expect(readable.stdout).toContain('SBDH envelope (sender 0088:7315458756324, receiver 9938:LU15003772, instance b5a1c4e0-0000-4000-8000-000000000001): the business document inside was validated (Invoice from line 9');

  const bad = await run(['validate', '--json', path.join(tmp, 'sbdh-invalid.xml')]);
  expect(bad.code).toBe(1);
  const finding = JSON.parse(bad.stdout).findings.find((f: { ruleId: string }) => f.ruleId === 'BR-CO-16');
  const direct = JSON.parse((await run(['validate', '--json', path.join(tmp, 'invalid.xml')])).stdout).findings.find((f: { ruleId: string }) => f.ruleId === 'BR-CO-16');
  expect(finding.location).toBe(direct.location);
  expect(fs.readFileSync(path.join(tmp, 'sbdh-invalid.xml'), 'utf8').split('\n')[finding.line - 1]).toBe(fs.readFileSync(path.join(tmp, 'invalid.xml'), 'utf8').split('\n')[direct.line - 1]);

  const broken = await run(['validate', path.join(tmp, 'sbdh-broken.xml')]);
  expect(broken.code).toBe(1);
  expect(broken.stdout).toContain('SBDH envelope: cannot be opened');
  expect(broken.stdout).toMatch(/fatal\s+SBDH\s+line 1\s+\/\n\s+the SBDH envelope cannot be opened: The StandardBusinessDocumentHeader is not closed/);
});

test('an impossible --date and an unknown --scenario are usage errors (exit 2) with a clear message', async () => {
  const file = path.join(examples, 'peppol-billing/base-example.xml');
  for (const date of ['2025-13-01', '2025-02-30', '2025-00-10', '20250901']) {
    const r = await run(['validate', '--date', date, file]);
    expect([date, r.code, r.stdout]).toEqual([date, 2, '']);
    expect(r.stderr).toContain(`einvoice validate: --date must be a date written YYYY-MM-DD, got "${date}"`);
  }
  expect((await run(['validate', '--date', '2024-02-29', '--json', file])).code).toBe(0);
  const nope = await run(['validate', '--scenario', 'nope', file]);
  expect([nope.code, nope.stdout]).toEqual([2, '']);
  expect(nope.stderr).toContain('einvoice validate: unknown scenario "nope"; known scenarios: ');
  for (const id of ['peppol-bis-billing-ubl', 'peppol-bis-billing-cii', 'peppol-self-billing-ubl', 'en16931-ubl', 'en16931-cii', 'peppol-mls']) expect(nope.stderr).toContain(id);
  expect((await run(['scenarios', '--date', '2025-13-01'])).code).toBe(2);
  expect((await run(['render', file, '-o', path.join(tmp, 'x.pdf'), '--validate', '--date', '2025-02-30'])).code).toBe(2);
});

test('scenarios --json lists every contract scenario with packs and dates', async () => {
  const r = await run(['scenarios', '--json', '--date', '2026-03-01']);
  expect(r.code).toBe(0);
  const out = JSON.parse(r.stdout);
  expect(out.scenarios.map((s: { id: string }) => s.id)).toEqual(
    expect.arrayContaining(['en16931-ubl', 'en16931-cii', 'peppol-bis-billing-ubl', 'peppol-bis-billing-cii', 'peppol-self-billing-ubl', 'peppol-mls']),
  );
  const peppol = out.scenarios.find((s: { id: string }) => s.id === 'peppol-bis-billing-ubl');
  expect(peppol.packs[1]).toMatchObject({ id: 'peppol-bis-billing-3-ubl', inForce: '2025.11' });
  expect(peppol.packs[1].releases.map((x: { version: string }) => x.version)).toEqual(['2025.5', '2025.11', '2026.5']);
});

test('scenarios --json lists the Invoice Response and Reporting scenarios; validate runs on their examples', async () => {
  const r = await run(['scenarios', '--json']);
  expect(r.code).toBe(0);
  const out = JSON.parse(r.stdout);
  const byId = new Map<string, { packs: { id: string; inForce: string }[]; specificationIds: string[]; roots: { name: string; xsd: string }[] }>(
    out.scenarios.map((s: { id: string }) => [s.id, s]),
  );
  expect(byId.get('peppol-invoice-response')).toMatchObject({
    specificationIds: ['urn:fdc:peppol.eu:poacc:trns:invoice_response:3'],
    roots: [{ name: 'ApplicationResponse', xsd: 'ubl-2.1/maindoc/UBL-ApplicationResponse-2.1.xsd' }],
    packs: [{ id: 'peppol-invoice-response', inForce: '2026.5' }],
  });
  expect(byId.get('peppol-tsr')).toMatchObject({ roots: [{ name: 'TransactionStatisticsReport' }], packs: [{ id: 'peppol-tsr', inForce: '1.0.5' }] });
  expect(byId.get('peppol-eusr')).toMatchObject({ roots: [{ name: 'EndUserStatisticsReport' }], packs: [{ id: 'peppol-eusr', inForce: '1.1.5' }] });

  const files = [
    path.join(examples, 'peppol-invoice-response/T111-uc004a-Invoice-is-rejected.xml'),
    path.join(examples, 'peppol-reporting/tsr/transaction-statistics-appendix1.xml'),
    path.join(examples, 'peppol-reporting/eusr/end-user-statistics-reporting-1.xml'),
  ];
  const v = await run(['validate', '--json', ...files]);
  expect(v.code).toBe(0);
  expect(v.stdout.trim().split('\n').map((l) => [JSON.parse(l).valid, JSON.parse(l).scenario])).toEqual([
    [true, 'peppol-invoice-response'],
    [true, 'peppol-tsr'],
    [true, 'peppol-eusr'],
  ]);
  const bad = await run(['validate', '--json', path.join(examples, 'peppol-reporting/tsr/bad/tsr-19-1.xml')]);
  expect(bad.code).toBe(1);
  expect(JSON.parse(bad.stdout).findings).toContainEqual(expect.objectContaining({ ruleId: 'SCH-TSR-19', flag: 'fatal' }));
});
