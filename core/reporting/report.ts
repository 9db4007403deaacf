/**
 * The figures of a Transaction Statistics Report (TSR 1.0) and of an End User Statistics Report
 * (EUSR 1.1), the one shape the builders produce and the reader returns, and their XML form.
 *
 * The XML is written by hand, in one fixed layout (two-space indentation, LF, a final newline, the
 * elements in the schema's order, the subtotals/subsets in the order the builders give), so the same
 * figures always give the same bytes.
 */

export const TSR_NS = 'urn:fdc:peppol:transaction-statistics-report:1.0';
import { xmlAttr } from '../../lib/xml-escape';
export const EUSR_NS = 'urn:fdc:peppol:end-user-statistics-report:1.1';
export const TSR_CUSTOMIZATION_ID = 'urn:fdc:peppol.eu:edec:trns:transaction-statistics-reporting:1.0';
export const EUSR_CUSTOMIZATION_ID = 'urn:fdc:peppol.eu:edec:trns:end-user-statistics-report:1.1';
/** Both reports (SCH-TSR-02, SCH-EUSR-02). */
export const REPORTING_PROFILE_ID = 'urn:fdc:peppol.eu:edec:bis:reporting:1.0';
/** The only reporter / service provider id scheme (SCH-TSR-17, SCH-EUSR-07): the seat id of the AP certificate's subject CN. */
export const SP_SCHEME = 'CertSubjectCN';

/** A subtotal or subset key: `<Key metaSchemeID=… schemeID=…>value</Key>`. */
export interface ReportKey {
  /** `TP`, `SP`, `DT`, `PR`, `CC`. */
  metaSchemeID: string;
  schemeID: string;
  value: string;
}

export interface ReportHeader {
  customizationId: string;
  profileId: string;
  startDate: string;
  endDate: string;
  reporter: { schemeID: string | null; value: string };
}

export type TsrSubtotalType = 'PerTP' | 'PerSP-DT-PR' | 'PerSP-DT-PR-CC';
export const TSR_SUBTOTAL_TYPES: readonly TsrSubtotalType[] = ['PerTP', 'PerSP-DT-PR', 'PerSP-DT-PR-CC'];

export interface TsrSubtotal {
  /** One of TSR_SUBTOTAL_TYPES when built here; the reader keeps whatever the document says. */
  type: string;
  keys: ReportKey[];
  incoming: number;
  outgoing: number;
}

export interface TsrFigures {
  kind: 'tsr';
  header: ReportHeader;
  total: { incoming: number; outgoing: number };
  subtotals: TsrSubtotal[];
}

export type EusrSubsetType = 'PerDT-PR' | 'PerDT-PR-EUC' | 'PerDT-EUC' | 'PerEUC';
export const EUSR_SUBSET_TYPES: readonly EusrSubsetType[] = ['PerDT-PR', 'PerDT-PR-EUC', 'PerDT-EUC', 'PerEUC'];

export interface EndUserCounts {
  sending: number;
  receiving: number;
  sendingOrReceiving: number;
}

export interface EusrSubset extends EndUserCounts {
  type: string;
  keys: ReportKey[];
}

export interface EusrFigures {
  kind: 'eusr';
  header: ReportHeader;
  fullSet: EndUserCounts;
  subsets: EusrSubset[];
}

export type ReportFigures = TsrFigures | EusrFigures;

/** Text and double-quoted attribute values alike. */
const esc = xmlAttr;

const count = (n: number): string => {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`a report count must be a non-negative integer, got ${n}`);
  return String(n);
};

function header(h: ReportHeader): string[] {
  const scheme = h.reporter.schemeID === null ? '' : ` schemeID="${esc(h.reporter.schemeID)}"`;
  return [
    `  <CustomizationID>${esc(h.customizationId)}</CustomizationID>`,
    `  <ProfileID>${esc(h.profileId)}</ProfileID>`,
    '  <Header>',
    '    <ReportPeriod>',
    `      <StartDate>${esc(h.startDate)}</StartDate>`,
    `      <EndDate>${esc(h.endDate)}</EndDate>`,
    '    </ReportPeriod>',
    `    <ReporterID${scheme}>${esc(h.reporter.value)}</ReporterID>`,
    '  </Header>',
  ];
}

const keyLine = (k: ReportKey): string =>
  `    <Key metaSchemeID="${esc(k.metaSchemeID)}" schemeID="${esc(k.schemeID)}">${esc(k.value)}</Key>`;

export function writeTsr(f: TsrFigures): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<TransactionStatisticsReport xmlns="${TSR_NS}">`,
    ...header(f.header),
    '  <Total>',
    `    <Incoming>${count(f.total.incoming)}</Incoming>`,
    `    <Outgoing>${count(f.total.outgoing)}</Outgoing>`,
    '  </Total>',
  ];
  for (const s of f.subtotals) {
    lines.push(`  <Subtotal type="${esc(s.type)}">`, ...s.keys.map(keyLine), `    <Incoming>${count(s.incoming)}</Incoming>`, `    <Outgoing>${count(s.outgoing)}</Outgoing>`, '  </Subtotal>');
  }
  lines.push('</TransactionStatisticsReport>', '');
  return lines.join('\n');
}

function counts(c: EndUserCounts, indent: string): string[] {
  return [
    `${indent}<SendingEndUsers>${count(c.sending)}</SendingEndUsers>`,
    `${indent}<ReceivingEndUsers>${count(c.receiving)}</ReceivingEndUsers>`,
    `${indent}<SendingOrReceivingEndUsers>${count(c.sendingOrReceiving)}</SendingOrReceivingEndUsers>`,
  ];
}

export function writeEusr(f: EusrFigures): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<EndUserStatisticsReport xmlns="${EUSR_NS}">`,
    ...header(f.header),
    '  <FullSet>',
    ...counts(f.fullSet, '    '),
    '  </FullSet>',
  ];
  for (const s of f.subsets) lines.push(`  <Subset type="${esc(s.type)}">`, ...s.keys.map(keyLine), ...counts(s, '    '), '  </Subset>');
  lines.push('</EndUserStatisticsReport>', '');
  return lines.join('\n');
}
