/**
 * A synthetic month (March 2026, fixtures.ts) through both builders. Every expected figure below was
 * counted by hand from the list in fixtures.ts, not by running the builder.
 */
import {
  buildEusr,
  buildTsr,
  eusrFigures,
  readEusr,
  readTsr,
  reportPeriod,
  reportTable,
  ReportingInputError,
  selectExchanges,
  tsrCountry,
  tsrFigures,
  type LedgerRow,
} from '../../core/reporting';
import { DT, HUB, MARCH_ROWS, PR, row, shuffled, SP_BE, SP_DE, SP_FR } from './fixtures';
import { eusrTable, tsrTable } from './labels';

const march = { month: '2026-03', reporterId: HUB, rows: MARCH_ROWS };

describe('TSR of March 2026', () => {
  const { figures, selection } = tsrFigures(march);

  test('header: period and reporter', () => {
    expect(figures.header).toEqual({
      customizationId: 'urn:fdc:peppol.eu:edec:trns:transaction-statistics-reporting:1.0',
      profileId: 'urn:fdc:peppol.eu:edec:bis:reporting:1.0',
      startDate: '2026-03-01',
      endDate: '2026-03-31',
      reporter: { schemeID: 'CertSubjectCN', value: 'PLU000000' },
    });
  });

  test('what is counted and what is left out', () => {
    // incoming R1–R10, R12, R17; outgoing S1–S7, S8b
    expect(selection.counted.map((r) => r.as4MessageId).sort()).toEqual(
      ['R1', 'R10', 'R12', 'R17', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8', 'R9', 'S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8b'],
    );
    expect(selection.excluded).toEqual({
      duplicate: 3, // R5 and R12 again (AS4 retries), S5 recorded twice
      'not-acknowledged': 2, // R15, S8
      'report-document': 2, // the TSR and EUSR sent to OpenPeppol
      'outside-period': 2, // R13 (April 1st 00:00), R14 (February 28th 23:59:59.999)
    });
  });

  test('total', () => {
    expect(figures.total).toEqual({ incoming: 12, outgoing: 8 });
  });

  test('every subtotal', () => {
    expect(tsrTable(figures)).toEqual({
      'PerTP peppol-transport-as4-v2_0': [12, 8],

      [`PerSP-DT-PR ${SP_BE} invoice billing`]: [4, 0], // R1, R2, R3, R17
      [`PerSP-DT-PR ${SP_BE} creditNote billing`]: [1, 0], // R4
      [`PerSP-DT-PR ${SP_BE} mls mls`]: [0, 1], // S2
      [`PerSP-DT-PR ${SP_BE} invoiceResponse invoiceResponse`]: [0, 2], // S5, S6
      [`PerSP-DT-PR ${SP_DE} invoice billing`]: [4, 0], // R5, R6, R7, R8
      [`PerSP-DT-PR ${SP_DE} mls mls`]: [0, 1], // S1
      [`PerSP-DT-PR ${SP_DE} invoiceResponse invoiceResponse`]: [0, 1], // S7
      [`PerSP-DT-PR ${SP_FR} invoice billing`]: [2, 0], // R9, R12
      [`PerSP-DT-PR ${SP_FR} creditNote billing`]: [1, 0], // R10
      [`PerSP-DT-PR ${SP_FR} mls mls`]: [0, 2], // S3, S8b
      [`PerSP-DT-PR ${SP_FR} invoiceResponse invoiceResponse`]: [0, 1], // S4

      [`PerSP-DT-PR-CC ${SP_BE} invoice billing from BE to LU`]: [3, 0], // R1, R2, R17
      [`PerSP-DT-PR-CC ${SP_BE} invoice billing from LU to LU`]: [1, 0], // R3
      [`PerSP-DT-PR-CC ${SP_BE} creditNote billing from BE to LU`]: [1, 0], // R4
      [`PerSP-DT-PR-CC ${SP_DE} invoice billing from DE to LU`]: [2, 0], // R5, R7
      [`PerSP-DT-PR-CC ${SP_DE} invoice billing from AT to LU`]: [1, 0], // R6
      [`PerSP-DT-PR-CC ${SP_DE} invoice billing from ZZ to LU`]: [1, 0], // R8, no COUNTRY_C1
      [`PerSP-DT-PR-CC ${SP_FR} invoice billing from FR to LU`]: [2, 0], // R9, R12
      [`PerSP-DT-PR-CC ${SP_FR} creditNote billing from FR to LU`]: [1, 0], // R10
    });
  });

  test('subtotals come by type (PerTP, PerSP-DT-PR, PerSP-DT-PR-CC), each sorted by its keys', () => {
    const types = figures.subtotals.map((s) => s.type);
    expect([...new Set(types)]).toEqual(['PerTP', 'PerSP-DT-PR', 'PerSP-DT-PR-CC']);
    expect(types).toEqual([...types].sort((a, b) => ['PerTP', 'PerSP-DT-PR', 'PerSP-DT-PR-CC'].indexOf(a) - ['PerTP', 'PerSP-DT-PR', 'PerSP-DT-PR-CC'].indexOf(b)));
    for (const type of ['PerSP-DT-PR', 'PerSP-DT-PR-CC']) {
      const flat = figures.subtotals.filter((s) => s.type === type).map((s) => s.keys.map((k) => `${k.schemeID}\u0000${k.value}`).join('\u0001'));
      expect(flat).toEqual([...flat].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    // the other service provider is first: PBE…, PDE…, PFR…
    expect(figures.subtotals.filter((s) => s.type === 'PerSP-DT-PR').map((s) => s.keys[0].value)).toEqual([SP_BE, SP_BE, SP_BE, SP_BE, SP_DE, SP_DE, SP_DE, SP_FR, SP_FR, SP_FR, SP_FR]);
  });

  test('the XML says the same as the figures (read back)', () => {
    expect(readTsr(buildTsr(march))).toEqual(figures);
  });
});

describe('EUSR of March 2026', () => {
  const { figures, withoutEndUser } = eusrFigures(march);

  test('full set: end users counted once, per end user and not per participant id', () => {
    // sending: commune-wiltz (S4), min-finances (S5, S6 — two participant ids), admin-env (S7)
    // receiving: min-finances (R1, R2 via its accounting unit, R4, R12, R17), commune-wiltz (R3, R7, R10),
    //            admin-env (R5, R6), ville-luxembourg (R8, R9)
    expect(figures.fullSet).toEqual({ sending: 3, receiving: 4, sendingOrReceiving: 4 });
    expect(withoutEndUser).toBe(4); // the MLS S1, S2, S3, S8b are sent by the access point itself
  });

  test('every subset; the end user country is C4 when received, C1 when sent (never the partner’s)', () => {
    expect(eusrTable(figures)).toEqual({
      'PerDT-PR creditNote billing': [0, 2, 2], // min-finances, commune-wiltz
      'PerDT-PR invoice billing': [0, 4, 4],
      'PerDT-PR invoiceResponse invoiceResponse': [3, 0, 3],
      'PerDT-PR-EUC creditNote billing LU': [0, 2, 2],
      'PerDT-PR-EUC invoice billing LU': [0, 4, 4],
      'PerDT-PR-EUC invoiceResponse invoiceResponse LU': [3, 0, 3],
      'PerDT-EUC creditNote LU': [0, 2, 2],
      'PerDT-EUC invoice LU': [0, 4, 4],
      'PerDT-EUC invoiceResponse LU': [3, 0, 3],
      'PerEUC LU': [3, 4, 4],
    });
    expect(figures.header.startDate).toBe('2026-03-01');
    expect(figures.header.endDate).toBe('2026-03-31');
  });

  test('subsets come by type (PerDT-PR, PerDT-PR-EUC, PerDT-EUC, PerEUC)', () => {
    expect(figures.subsets.map((s) => s.type)).toEqual(['PerDT-PR', 'PerDT-PR', 'PerDT-PR', 'PerDT-PR-EUC', 'PerDT-PR-EUC', 'PerDT-PR-EUC', 'PerDT-EUC', 'PerDT-EUC', 'PerDT-EUC', 'PerEUC']);
  });

  test('the XML says the same as the figures (read back)', () => {
    expect(readEusr(buildEusr(march))).toEqual(figures);
  });
});

describe('the edges of the month, in UTC', () => {
  test('reporting periods', () => {
    expect(reportPeriod('2026-03')).toMatchObject({ startDate: '2026-03-01', endDate: '2026-03-31', fromMs: Date.UTC(2026, 2, 1), toMs: Date.UTC(2026, 3, 1) });
    expect(reportPeriod('2028-02').endDate).toBe('2028-02-29');
    expect(reportPeriod('2026-02').endDate).toBe('2026-02-28');
    expect(reportPeriod('2026-12')).toMatchObject({ endDate: '2026-12-31', toMs: Date.UTC(2027, 0, 1) });
    for (const bad of ['2026-13', '2026-00', '2026-3', '26-03', '2026-03-01', '']) expect(() => reportPeriod(bad)).toThrow(ReportingInputError);
  });

  test('23:59:59.999 of the last day is in the month, 00:00:00.000 of the next is not', () => {
    const at = (id: string, when: string): LedgerRow => row({ id, at: when, dir: 'received', sp: SP_FR, dt: DT.invoice, pr: PR.billing, c1: 'FR', c4: 'LU', hubParticipant: '9938:LU11111111', endUser: 'min-finances' });
    const rows = [at('a', '2026-03-31T23:59:59.999Z'), at('b', '2026-04-01T00:00:00.000Z'), at('c', '2026-03-01T00:00:00Z'), at('d', '2026-02-28T23:59:59.999999Z')];
    expect(tsrFigures({ month: '2026-03', reporterId: HUB, rows }).figures.total).toEqual({ incoming: 2, outgoing: 0 }); // a, c
    expect(tsrFigures({ month: '2026-04', reporterId: HUB, rows }).figures.total).toEqual({ incoming: 1, outgoing: 0 }); // b
    expect(tsrFigures({ month: '2026-02', reporterId: HUB, rows }).figures.total).toEqual({ incoming: 1, outgoing: 0 }); // d
  });

  test('April with the whole ledger: R13 counts; the retry of R12 after midnight does not (R12 was counted in March)', () => {
    const april = tsrFigures({ month: '2026-04', reporterId: HUB, rows: MARCH_ROWS });
    expect(april.selection.counted.map((r) => r.as4MessageId)).toEqual(['R13']);
    expect(april.figures.total).toEqual({ incoming: 1, outgoing: 0 });
    expect(tsrTable(april.figures)).toEqual({
      'PerTP peppol-transport-as4-v2_0': [1, 0],
      [`PerSP-DT-PR ${SP_FR} invoice billing`]: [1, 0],
      [`PerSP-DT-PR-CC ${SP_FR} invoice billing from FR to LU`]: [1, 0],
    });
    expect(eusrFigures({ month: '2026-04', reporterId: HUB, rows: MARCH_ROWS }).figures.fullSet).toEqual({ sending: 0, receiving: 1, sendingOrReceiving: 1 });
  });

  test('February with the whole ledger: only R14', () => {
    const feb = tsrFigures({ month: '2026-02', reporterId: HUB, rows: MARCH_ROWS });
    expect(feb.selection.counted.map((r) => r.as4MessageId)).toEqual(['R14']);
    expect(tsrTable(feb.figures)).toEqual({
      'PerTP peppol-transport-as4-v2_0': [1, 0],
      [`PerSP-DT-PR ${SP_BE} invoice billing`]: [1, 0],
      [`PerSP-DT-PR-CC ${SP_BE} invoice billing from BE to LU`]: [1, 0],
    });
  });
});

describe('a month without traffic', () => {
  test('TSR: zero total and no subtotal', () => {
    for (const rows of [[], MARCH_ROWS]) {
      const f = tsrFigures({ month: '2026-05', reporterId: HUB, rows }).figures;
      expect(f.total).toEqual({ incoming: 0, outgoing: 0 });
      expect(f.subtotals).toEqual([]);
      expect(f.header).toMatchObject({ startDate: '2026-05-01', endDate: '2026-05-31' });
    }
    expect(buildTsr({ month: '2026-05', reporterId: HUB, rows: [] })).toBe(buildTsr({ month: '2026-05', reporterId: HUB, rows: MARCH_ROWS }));
  });

  test('EUSR: zero full set and no subset', () => {
    const f = eusrFigures({ month: '2026-05', reporterId: HUB, rows: [] }).figures;
    expect(f.fullSet).toEqual({ sending: 0, receiving: 0, sendingOrReceiving: 0 });
    expect(f.subsets).toEqual([]);
  });

  test('only MLS sent: a TSR with outgoing only, an EUSR without end users', () => {
    const rows = MARCH_ROWS.filter((r) => r.documentType.value === DT.mls.value);
    const t = tsrFigures({ month: '2026-03', reporterId: HUB, rows }).figures;
    expect(t.total).toEqual({ incoming: 0, outgoing: 4 }); // S1, S2, S3, S8b
    expect(t.subtotals.filter((s) => s.type === 'PerSP-DT-PR-CC')).toEqual([]);
    expect(eusrFigures({ month: '2026-03', reporterId: HUB, rows }).figures.fullSet).toEqual({ sending: 0, receiving: 0, sendingOrReceiving: 0 });
  });
});

describe('determinism', () => {
  test('the same rows in any order give the same bytes', () => {
    const tsr = buildTsr(march);
    const eusr = buildEusr(march);
    for (const seed of [1, 2, 3, 42, 2026, 99991]) {
      const rows = shuffled(MARCH_ROWS, seed);
      expect(rows.map((r) => r.as4MessageId)).not.toEqual(MARCH_ROWS.map((r) => r.as4MessageId));
      expect(buildTsr({ ...march, rows })).toBe(tsr);
      expect(buildEusr({ ...march, rows })).toBe(eusr);
    }
    expect(buildTsr({ ...march, rows: [...MARCH_ROWS].reverse() })).toBe(tsr);
  });

  test('of two rows of one AS4 message at the same instant, the same one wins whatever the order', () => {
    const a = row({ id: 'X', at: '2026-03-05T10:00:00.000Z', dir: 'received', sp: SP_BE, dt: DT.invoice, pr: PR.billing, c1: 'BE', c4: 'LU', hubParticipant: '9938:LU11111111', endUser: 'min-finances' });
    const b = { ...a, c1Country: 'NL' };
    const one = tsrFigures({ month: '2026-03', reporterId: HUB, rows: [a, b] });
    const other = tsrFigures({ month: '2026-03', reporterId: HUB, rows: [b, a] });
    expect(one.figures).toEqual(other.figures);
    expect(one.selection.counted).toHaveLength(1);
  });

  test('no clock inside: building twice gives the same bytes', () => {
    expect(buildTsr(march)).toBe(buildTsr(march));
    expect(buildEusr(march)).toBe(buildEusr(march));
  });
});

describe('keys and countries', () => {
  test('country codes of the TSR: a missing or invalid one is ZZ', () => {
    expect(tsrCountry('LU')).toBe('LU');
    expect(tsrCountry(' DE ')).toBe('DE');
    expect(tsrCountry('EL')).toBe('EL');
    expect(tsrCountry('XK')).toBe('XK');
    expect(tsrCountry(null)).toBe('ZZ');
    for (const bad of ['', 'XX', 'lu', 'GER', 'L']) expect(tsrCountry(bad)).toBe('ZZ');
  });

  test('identifiers differing only in white space are one key (the Schematron compares after normalize-space)', () => {
    const a = row({ id: 'A', at: '2026-03-05T10:00:00.000Z', dir: 'received', sp: SP_BE, dt: DT.invoice, pr: PR.billing, c1: 'BE', c4: 'LU', hubParticipant: '9938:LU11111111', endUser: 'min-finances' });
    const b = { ...a, as4MessageId: 'B', documentType: { scheme: ' busdox-docid-qns', value: `${DT.invoice.value}\n` } };
    const f = tsrFigures({ month: '2026-03', reporterId: HUB, rows: [a, b] }).figures;
    expect(f.subtotals.filter((s) => s.type === 'PerSP-DT-PR')).toEqual([
      { type: 'PerSP-DT-PR', keys: [{ metaSchemeID: 'SP', schemeID: 'CertSubjectCN', value: SP_BE }, { metaSchemeID: 'DT', schemeID: DT.invoice.scheme, value: DT.invoice.value }, { metaSchemeID: 'PR', schemeID: PR.billing.scheme, value: PR.billing.value }], incoming: 2, outgoing: 0 },
    ]);
  });

  test('special characters are escaped in the XML and read back', () => {
    const a = row({ id: 'A', at: '2026-03-05T10:00:00.000Z', dir: 'received', sp: SP_BE, dt: { scheme: 'busdox-docid-qns', value: 'urn:x:<a&b>"\'::X##y::1' }, pr: PR.billing, c1: 'BE', c4: 'LU', hubParticipant: '9938:LU11111111', endUser: 'min-finances' });
    const xml = buildTsr({ month: '2026-03', reporterId: HUB, rows: [a] });
    expect(xml).toContain('urn:x:&lt;a&amp;b&gt;&quot;\'::X##y::1');
    expect(readTsr(xml).subtotals[1].keys[1].value).toBe('urn:x:<a&b>"\'::X##y::1');
  });
});

describe('refused input: the report is never built from half the data', () => {
  const ok = MARCH_ROWS[0];
  const build = (rows: LedgerRow[], reporterId = HUB) => () => tsrFigures({ month: '2026-03', reporterId, rows });

  test.each<[string, Partial<LedgerRow>, RegExp]>([
    ['a local time', { exchangedAt: '2026-03-05T10:00:00+01:00' }, /not a UTC instant/],
    ['an impossible date', { exchangedAt: '2026-02-30T10:00:00Z' }, /not a UTC instant/],
    ['no AS4 message id', { as4MessageId: ' ' }, /no AS4 message id/],
    ['a seat id that is not one', { c2SeatId: 'BE000001' }, /c2SeatId "BE000001" is not a Peppol seat id/],
    ['another receiving access point', { c3SeatId: 'PLU000009' }, /received by PLU000009, not by the reporting access point PLU000000/],
    ['no document type value', { documentType: { scheme: 'busdox-docid-qns', value: '' } }, /documentType needs a scheme and a value/],
    ['no transport protocol', { transportProtocol: '' }, /no transport protocol/],
    ['a participant id without scheme', { hubParticipantId: 'LU11111111' }, /not scheme:value/],
  ])('%s', (_name, change, message) => {
    expect(build([MARCH_ROWS[1], { ...ok, ...change }])).toThrow(message);
    expect(build([MARCH_ROWS[1], { ...ok, ...change }])).toThrow(ReportingInputError);
  });

  test('a sent row whose sender is not the hub', () => {
    const sent = MARCH_ROWS.find((r) => r.as4MessageId === 'S4') as LedgerRow;
    expect(build([{ ...sent, c2SeatId: SP_DE }])).toThrow(/sent by PDE000002, not by the reporting access point/);
  });

  test('a reporter id that is not a seat id', () => {
    expect(build([], 'LU000000')).toThrow(/reporter id "LU000000" is not a Peppol seat id/);
  });

  test('every problem is listed at once', () => {
    try {
      build([{ ...ok, c2SeatId: 'x' }, { ...ok, transportProtocol: '' }])();
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(ReportingInputError);
      expect((e as ReportingInputError).problems).toEqual([
        'row 1 (AS4 message R1): c2SeatId "x" is not a Peppol seat id',
        'row 2 (AS4 message R1): no transport protocol',
      ]);
    }
  });

  test('EUSR: an end user without a valid country is an error (EUSR has no ZZ)', () => {
    const r4 = { ...ok, c4Country: null };
    expect(() => eusrFigures({ month: '2026-03', reporterId: HUB, rows: [r4] })).toThrow(/end user's country \(c4Country\) "null"/);
    expect(() => eusrFigures({ month: '2026-03', reporterId: HUB, rows: [{ ...ok, c4Country: 'ZZ' }] })).toThrow(ReportingInputError);
    // the TSR of the same rows is fine: ZZ
    expect(tsrTable(tsrFigures({ month: '2026-03', reporterId: HUB, rows: [r4] }).figures)[`PerSP-DT-PR-CC ${SP_BE} invoice billing from BE to ZZ`]).toEqual([1, 0]);
  });

  test('an unusable row of another month is refused too (the ledger is checked whole)', () => {
    expect(() => selectExchanges('2026-05', HUB, [{ ...ok, c1Country: 5 as unknown as string }])).toThrow(/c1Country is neither a code nor null/);
  });
});

describe('the readable table', () => {
  test('TSR: the total first, then every subtotal with its keys', () => {
    const t = reportTable(tsrFigures(march).figures);
    expect(t.title).toBe('Transaction Statistics Report PLU000000, 2026-03-01 – 2026-03-31');
    expect(t.columns).toEqual(['Subtotal', 'Keys', 'Incoming', 'Outgoing']);
    expect(t.rows[0]).toEqual({ type: 'Total', keys: [], values: [12, 8] });
    expect(t.rows[1]).toEqual({ type: 'PerTP', keys: ['TP=peppol-transport-as4-v2_0'], values: [12, 8] });
    expect(t.rows).toContainEqual({
      type: 'PerSP-DT-PR-CC',
      keys: [`SP=${SP_DE}`, `DT=${DT.invoice.value}`, `PR=${PR.billing.value}`, 'CC/SenderCountry=ZZ', 'CC/ReceiverCountry=LU'],
      values: [1, 0],
    });
  });

  test('EUSR: the full set first', () => {
    const t = reportTable(eusrFigures(march).figures);
    expect(t.rows[0]).toEqual({ type: 'FullSet', keys: [], values: [3, 4, 4] });
    expect(t.rows.at(-1)).toEqual({ type: 'PerEUC', keys: ['CC/EndUserCountry=LU'], values: [3, 4, 4] });
  });
});
