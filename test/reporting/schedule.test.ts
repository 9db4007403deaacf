/** The reporting calendar (UTC), the identifiers of the reports' SBDH, and the identifiers of a document handed off without its envelope. */
import fs from 'node:fs';
import path from 'node:path';
import {
  dueMonth,
  identifiersFromDocument,
  monthIsOver,
  monthOf,
  nextMonth,
  parseMonth,
  previousMonth,
  REPORT_DOCUMENT_TYPE_ID,
  reportingDates,
  reportingPhase,
  ReportingInputError,
  reportSbdh,
  spisIdOf,
} from '../../core/reporting';
import { DT, PR } from './fixtures';

const cal = { buildDay: 2, reminderDay: 10, deadlineDay: 15 };
const EXAMPLES = path.resolve(__dirname, '../../../shared/examples');

describe('the calendar', () => {
  test('months in UTC', () => {
    expect(monthOf(new Date('2026-11-30T23:59:59.999Z'))).toBe('2026-11');
    expect(monthOf(new Date('2026-12-01T00:00:00.000Z'))).toBe('2026-12');
    expect([previousMonth('2026-01'), nextMonth('2026-12'), previousMonth('2024-03')]).toEqual(['2025-12', '2027-01', '2024-02']);
    expect(monthIsOver('2026-11', new Date('2026-11-30T23:59:59.999Z'))).toBe(false);
    expect(monthIsOver('2026-11', new Date('2026-12-01T00:00:00.000Z'))).toBe(true);
  });

  test('the dates of a month\'s reporting are in the next month', () => {
    expect(reportingDates('2026-12', cal)).toEqual({ buildOn: '2027-01-02', remindFrom: '2027-01-10', deadline: '2027-01-15' });
  });

  test('last month is due from the build day (00:00 UTC) on', () => {
    expect(dueMonth(new Date('2026-12-01T23:59:59.999Z'), cal)).toBeNull();
    expect(dueMonth(new Date('2026-12-02T00:00:00.000Z'), cal)).toBe('2026-11');
    expect(dueMonth(new Date('2026-12-31T23:00:00.000Z'), cal)).toBe('2026-11');
    expect(dueMonth(new Date('2027-01-01T00:00:00.000Z'), { ...cal, buildDay: 1 })).toBe('2026-12');
  });

  test('phases: waiting, due, reminding from the 10th, late after the 15th', () => {
    const at = (iso: string) => reportingPhase(new Date(iso), cal).phase;
    expect([at('2026-12-01T12:00:00Z'), at('2026-12-02T00:00:00Z'), at('2026-12-09T23:59:59Z'), at('2026-12-10T00:00:00Z'), at('2026-12-15T23:59:59Z'), at('2026-12-16T00:00:00Z')])
      .toEqual(['waiting', 'due', 'due', 'remind', 'remind', 'late']);
    expect(reportingPhase(new Date('2026-12-16T00:00:00Z'), cal).month).toBe('2026-11');
  });

  test('a month typed by a person', () => {
    expect(parseMonth(' 2026-11 ')).toBe('2026-11');
    for (const bad of ['2026-13', '2026-00', '2026-1', 'nov', '', undefined]) expect(() => parseMonth(bad)).toThrow(ReportingInputError);
  });
});

describe('the SBDH of the reports', () => {
  test('from the hub\'s SPIS participant to OpenPeppol, the report\'s document type, the reporting process, C1 LU', () => {
    expect(reportSbdh('tsr', 'PLU000123')).toEqual({ senderId: '0242:000123', receiverId: '9925:be0848934496', documentTypeId: DT.tsr.value, processId: PR.reporting.value, c1Country: 'LU' });
    expect(reportSbdh('eusr', 'PLU000123', '9915:test').receiverId).toBe('9915:test');
    expect(REPORT_DOCUMENT_TYPE_ID).toEqual({ tsr: DT.tsr.value, eusr: DT.eusr.value });
    expect(spisIdOf('PLU000001')).toBe('000001');
    expect(() => spisIdOf('LU000001')).toThrow();
  });
});

describe('identifiers of a document without its envelope', () => {
  test('UBL invoice and credit note: root namespace::name##CustomizationID::2.1, the profile as process', () => {
    const inv = fs.readFileSync(path.join(EXAMPLES, 'peppol-billing', 'base-example.xml'), 'utf8');
    expect(identifiersFromDocument(inv, 'Invoice', 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2')).toEqual({ documentType: DT.invoice, process: PR.billing });
    const cn = fs.readFileSync(path.join(EXAMPLES, 'peppol-billing', 'base-creditnote-correction.xml'), 'utf8');
    expect(identifiersFromDocument(cn, 'CreditNote', 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2')).toEqual({ documentType: DT.creditNote, process: PR.billing });
  });

  test('CII: the guideline parameter and D16B', () => {
    const cii = `<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100">
<rsm:ExchangedDocumentContext><ram:BusinessProcessSpecifiedDocumentContextParameter><ram:ID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</ram:ID></ram:BusinessProcessSpecifiedDocumentContextParameter>
<ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>`;
    expect(identifiersFromDocument(cii, 'CrossIndustryInvoice', 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100')).toEqual({
      documentType: { scheme: 'busdox-docid-qns', value: 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100::CrossIndustryInvoice##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::D16B' },
      process: PR.billing,
    });
  });

  test('what cannot be found reads unknown', () => {
    expect(identifiersFromDocument('<Order xmlns="urn:example"><ID>1</ID></Order>', 'Order', 'urn:example')).toEqual({
      documentType: { scheme: 'busdox-docid-qns', value: 'urn:example::Order##unknown::unknown' }, process: { scheme: 'cenbii-procid-ubl', value: 'unknown' },
    });
  });
});
