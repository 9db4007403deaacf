/**
 * The Peppol identifiers of the reporting exchanges: where the hub's reports go and how their SBDH
 * reads (TSR 1.0 and EUSR 1.1, "Specification Identifiers"; OpenPeppol's reporting participant), and
 * the document type and process of a business document handed off without its envelope. Pure.
 */
import { DOCTYPE_SCHEME, PROCESS_SCHEME, REPORT_DOCUMENT_TYPES, type PeppolId } from './ledger';

/** The kinds of report, as the outbox and the reports table name them. */
export const REPORT_KINDS = ['tsr', 'eusr'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export function isReportKind(v: unknown): v is ReportKind {
  return v === 'tsr' || v === 'eusr';
}

/** The participant OpenPeppol receives the reports at (production network). */
export const OPENPEPPOL_REPORTING_PARTICIPANT = '9925:be0848934496';
/** Process identifier of both reports (TSR and EUSR "Specification Identifiers": the Process ID column). */
export const REPORTING_PROCESS_ID = 'urn:fdc:peppol.eu:edec:bis:reporting:1.0';
/** OpenPeppol Service Provider Identification Scheme: the participant id of a service provider itself. */
export const SPIS_SCHEME = '0242';
/** The country of the hub, its access point and every body it receives for. */
export const HUB_COUNTRY = 'LU';

/** Full document type identifier of each report (value; scheme `busdox-docid-qns`). */
export const REPORT_DOCUMENT_TYPE_ID: Record<ReportKind, string> = {
  tsr: REPORT_DOCUMENT_TYPES[0]!.value,
  eusr: REPORT_DOCUMENT_TYPES[1]!.value,
};

/** The SPIS participant value of a seat id: its six digits (`PLU000001` → `000001`). */
export function spisIdOf(seat: string): string {
  const m = /^P[A-Z]{2}([0-9]{6})$/.exec(seat.trim());
  if (m?.[1] === undefined) throw new Error(`"${seat}" is not a Peppol seat id`);
  return m[1];
}

/** The SBDH of a report: from the hub's SPIS participant to OpenPeppol, the report's document type, the reporting process, C1 `LU`. */
export function reportSbdh(kind: ReportKind, hubSeat: string, receiverId = OPENPEPPOL_REPORTING_PARTICIPANT): {
  senderId: string; receiverId: string; documentTypeId: string; processId: string; c1Country: string;
} {
  return { senderId: `${SPIS_SCHEME}:${spisIdOf(hubSeat)}`, receiverId, documentTypeId: REPORT_DOCUMENT_TYPE_ID[kind], processId: REPORTING_PROCESS_ID, c1Country: HUB_COUNTRY };
}

const UBL_NS = /^urn:oasis:names:specification:ubl:schema:xsd:/;
const CII_NS = /^urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:/;

const first = (text: string, re: RegExp): string | null => {
  const v = re.exec(text)?.[1]?.trim();
  return v === undefined || v === '' ? null : v;
};

/**
 * The document type and process of a business document handed off without an SBDH, composed as the
 * Peppol Policy for use of identifiers composes them: `<root namespace>::<root name>##<customization
 * id>::<syntax version>` (UBL: `cbc:CustomizationID`, `cbc:UBLVersionID` or 2.1; CII: the guideline
 * parameter, D16B) and the profile as the process. Read from the head of the document with patterns
 * (ingest does not parse it); a part that cannot be found reads `unknown`.
 */
export function identifiersFromDocument(head: string, rootName: string, rootNamespace: string | null): { documentType: PeppolId; process: PeppolId } {
  const ns = rootNamespace ?? '';
  let customization: string | null;
  let version: string;
  let profile: string | null;
  if (UBL_NS.test(ns)) {
    customization = first(head, /<(?:[\w.-]+:)?CustomizationID\b[^>]*>([^<]*)</);
    version = first(head, /<(?:[\w.-]+:)?UBLVersionID\b[^>]*>([^<]*)</) ?? '2.1';
    profile = first(head, /<(?:[\w.-]+:)?ProfileID\b[^>]*>([^<]*)</);
  } else if (CII_NS.test(ns)) {
    customization = first(head, /GuidelineSpecifiedDocumentContextParameter\b[^>]*>\s*<(?:[\w.-]+:)?ID\b[^>]*>([^<]*)</);
    version = 'D16B';
    profile = first(head, /BusinessProcessSpecifiedDocumentContextParameter\b[^>]*>\s*<(?:[\w.-]+:)?ID\b[^>]*>([^<]*)</);
  } else {
    customization = null;
    version = 'unknown';
    profile = null;
  }
  return {
    documentType: { scheme: DOCTYPE_SCHEME, value: `${ns || 'unknown'}::${rootName}##${customization ?? 'unknown'}::${version}` },
    process: { scheme: PROCESS_SCHEME, value: profile ?? 'unknown' },
  };
}
