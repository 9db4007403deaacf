/**
 * The official example reports: the reader reads every one of them, and reports built from ledger rows
 * that correspond to an example's figures (official.ts) reproduce them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildEusr, buildTsr, readEusr, readReport, readTsr, ReportReadError, type EusrSubset, type TsrSubtotal } from '../../core/reporting';
import { example, EUSR_CASES, EXAMPLES_DIR, TSR_CASES } from './official';

const xmlFiles = (dir: string): string[] => fs.readdirSync(dir).filter((f) => f.endsWith('.xml')).sort();

/** A subtotal/subset as one comparable string (keys in order, then the counts). */
const tsrLine = (s: TsrSubtotal): string => `${s.type} ${s.keys.map((k) => `${k.metaSchemeID}/${k.schemeID}=${k.value}`).join(' ')} → ${s.incoming}/${s.outgoing}`;
const eusrLine = (s: EusrSubset): string => `${s.type} ${s.keys.map((k) => `${k.metaSchemeID}/${k.schemeID}=${k.value}`).join(' ')} → ${s.sending}/${s.receiving}/${s.sendingOrReceiving}`;

describe('the reader reads every official example', () => {
  test('the example folders hold what this test expects', () => {
    expect(xmlFiles(path.join(EXAMPLES_DIR, 'tsr'))).toEqual([
      'transaction-statistics-2.xml', 'transaction-statistics-3.xml', 'transaction-statistics-4.xml',
      'transaction-statistics-appendix1.xml', 'transaction-statistics-appendix2.xml', 'transaction-statistics-minimal.xml',
    ]);
    expect(xmlFiles(path.join(EXAMPLES_DIR, 'eusr'))).toEqual([
      'end-user-statistics-reporting-1.xml', 'end-user-statistics-reporting-2.xml', 'end-user-statistics-reporting-appendix1.xml',
      'end-user-statistics-reporting-appendix2.xml', 'end-user-statistics-reporting-appendix3.xml', 'end-user-statistics-reporting-empty.xml',
      'end-user-statistics-reporting-minimal.xml',
    ]);
  });

  // [file, incoming, outgoing, number of subtotals by type] — read off the files by hand
  test.each<[string, number, number, Record<string, number>]>([
    ['transaction-statistics-2.xml', 19, 17, { PerTP: 1, 'PerSP-DT-PR': 4, 'PerSP-DT-PR-CC': 5 }],
    ['transaction-statistics-3.xml', 0, 17, { PerTP: 1, 'PerSP-DT-PR': 3 }],
    ['transaction-statistics-4.xml', 19, 17, { PerTP: 1, 'PerSP-DT-PR': 4, 'PerSP-DT-PR-CC': 5 }],
    ['transaction-statistics-appendix1.xml', 27, 23, { PerTP: 1, 'PerSP-DT-PR': 4, 'PerSP-DT-PR-CC': 5 }],
    ['transaction-statistics-appendix2.xml', 0, 0, {}],
    ['transaction-statistics-minimal.xml', 0, 0, {}],
  ])('TSR %s', (file, incoming, outgoing, types) => {
    const f = readTsr(example('tsr', file));
    expect(f.header.customizationId).toBe('urn:fdc:peppol.eu:edec:trns:transaction-statistics-reporting:1.0');
    expect(f.header.reporter).toEqual({ schemeID: 'CertSubjectCN', value: 'POP000360' });
    expect(f.total).toEqual({ incoming, outgoing });
    const byType: Record<string, number> = {};
    for (const s of f.subtotals) byType[s.type] = (byType[s.type] ?? 0) + 1;
    expect(byType).toEqual(types);
    expect(readReport(example('tsr', file))).toEqual(f);
  });

  test('TSR: a subtotal read in full', () => {
    const f = readTsr(example('tsr', 'transaction-statistics-4.xml'));
    expect(f.header).toMatchObject({ startDate: '2022-01-01', endDate: '2022-01-31' });
    expect(f.subtotals.at(-1)).toEqual({
      type: 'PerSP-DT-PR-CC',
      keys: [
        { metaSchemeID: 'SP', schemeID: 'CertSubjectCN', value: 'POP000002' },
        { metaSchemeID: 'DT', schemeID: 'busdox-docid-qns', value: 'urn:oasis:names:specification:ubl:schema:xsd:OrderResponse-2::OrderResponse##urn:fdc:peppol.eu:poacc:trns:order_response:3::2.1' },
        { metaSchemeID: 'PR', schemeID: 'cenbii-procid-ubl', value: 'cenbii-procid-ubl::urn:fdc:peppol.eu:poacc:bis:ordering:3' },
        { metaSchemeID: 'CC', schemeID: 'SenderCountry', value: 'ZZ' },
        { metaSchemeID: 'CC', schemeID: 'ReceiverCountry', value: 'ZZ' },
      ],
      incoming: 5,
      outgoing: 0,
    });
  });

  // [file, reporter, sending, receiving, sending or receiving, number of subsets]
  test.each<[string, string, number, number, number, number]>([
    ['end-user-statistics-reporting-1.xml', 'POP000360', 5, 3, 6, 6],
    ['end-user-statistics-reporting-2.xml', 'POP000360', 5, 0, 5, 4],
    ['end-user-statistics-reporting-appendix1.xml', 'PDE000001', 9, 4, 9, 29],
    ['end-user-statistics-reporting-appendix2.xml', 'PDE000001', 9, 0, 9, 17],
    ['end-user-statistics-reporting-appendix3.xml', 'POP000360', 0, 0, 0, 0],
    ['end-user-statistics-reporting-empty.xml', 'POP000360', 0, 0, 0, 0],
    ['end-user-statistics-reporting-minimal.xml', 'POP000360', 1, 0, 1, 3],
  ])('EUSR %s', (file, reporter, sending, receiving, sendingOrReceiving, subsets) => {
    const f = readEusr(example('eusr', file));
    expect(f.header.customizationId).toBe('urn:fdc:peppol.eu:edec:trns:end-user-statistics-report:1.1');
    expect(f.header.reporter).toEqual({ schemeID: 'CertSubjectCN', value: reporter });
    expect(f.fullSet).toEqual({ sending, receiving, sendingOrReceiving });
    expect(f.subsets).toHaveLength(subsets);
    expect(readReport(example('eusr', file))).toEqual(f);
  });

  test('every official negative example is read, or refused with a ReportReadError (never another failure)', () => {
    let read = 0;
    let refused = 0;
    for (const kind of ['tsr', 'eusr'] as const) {
      for (const file of xmlFiles(path.join(EXAMPLES_DIR, kind, 'bad'))) {
        try {
          const f = readReport(fs.readFileSync(path.join(EXAMPLES_DIR, kind, 'bad', file)), file);
          expect(f.kind).toBe(kind);
          read++;
        } catch (e) {
          if (!(e instanceof ReportReadError)) throw e;
          refused++;
        }
      }
    }
    expect(read + refused).toBe(131); // 63 EUSR + 68 TSR files in bad/
    // each breaks a Schematron rule, so its shape is sound; tsr-01.xml alone is a schunit <Tests> file
    // wrapping a (pre-1.0) report, and is refused for its root
    expect(refused).toBe(1);
  });

  test('refusals name the problem', () => {
    expect(() => readTsr('<TransactionStatisticsReport xmlns="urn:other"/>')).toThrow(/not a TransactionStatisticsReport in urn:fdc:peppol:transaction-statistics-report:1.0/);
    expect(() => readEusr(example('tsr', 'transaction-statistics-minimal.xml'))).toThrow(ReportReadError);
    expect(() => readTsr('<!DOCTYPE x [<!ENTITY a "b">]><TransactionStatisticsReport/>')).toThrow(/DOCTYPE/);
    expect(() => readTsr('<TransactionStatisticsReport')).toThrow(/not well-formed/);
    const noTotal = example('tsr', 'transaction-statistics-minimal.xml').toString('utf8').replace(/<Total>[\s\S]*<\/Total>/, '');
    expect(() => readTsr(noTotal)).toThrow(/\/TransactionStatisticsReport\/Total is missing/);
    const negative = example('tsr', 'transaction-statistics-minimal.xml').toString('utf8').replace('<Incoming>0</Incoming>', '<Incoming>-1</Incoming>');
    expect(() => readTsr(negative)).toThrow(/Incoming "-1" is not a non-negative integer/);
  });

  test('a prefixed namespace reads the same', () => {
    const plain = example('eusr', 'end-user-statistics-reporting-minimal.xml').toString('utf8');
    const prefixed = plain
      .replace('<EndUserStatisticsReport xmlns=', '<e:EndUserStatisticsReport xmlns:e=')
      .replace(/<(\/?)(?!\?|!|e:)([A-Za-z]+)/g, '<$1e:$2');
    expect(prefixed).toContain('<e:FullSet>');
    expect(readEusr(prefixed)).toEqual(readEusr(plain));
  });
});

describe('reports built from rows that correspond to an official example reproduce it', () => {
  test.each(TSR_CASES)('TSR $file', ({ file, month, reporter, rows }) => {
    const official = readTsr(example('tsr', file));
    const ours = readTsr(buildTsr({ month, reporterId: reporter, rows }));
    expect(ours.header).toEqual(official.header);
    expect(ours.total).toEqual(official.total);
    expect(ours.subtotals.map(tsrLine).sort()).toEqual(official.subtotals.map(tsrLine).sort());
  });

  test.each(EUSR_CASES)('EUSR $file', ({ file, month, reporter, rows, complete }) => {
    const official = readEusr(example('eusr', file));
    const ours = readEusr(buildEusr({ month, reporterId: reporter, rows }));
    expect(ours.header).toEqual(official.header);
    expect(ours.fullSet).toEqual(official.fullSet);
    const mine = ours.subsets.map(eusrLine).sort();
    if (complete) expect(mine).toEqual(official.subsets.map(eusrLine).sort());
    else for (const line of official.subsets.map(eusrLine)) expect(mine).toContain(line);
  });

  test('end-user-statistics-reporting-1.xml is not reproduced: no set of end users has its figures', () => {
    // Its PerDT-EUC subset (invoices, PT) has 5 sending end users, but PerDT-PR (invoices, billing) only 4,
    // and every sender of a dataset type from PT is a sender of that dataset type.
    const f = readEusr(example('eusr', 'end-user-statistics-reporting-1.xml'));
    const invoicesPt = f.subsets.find((s) => s.type === 'PerDT-EUC' && s.keys.some((k) => k.value === 'PT'));
    const invoices = f.subsets.find((s) => s.type === 'PerDT-PR' && s.keys[0].value.includes(':Invoice-2::'));
    expect(invoicesPt?.sending).toBe(5);
    expect(invoices?.sending).toBe(4);
  });
});
