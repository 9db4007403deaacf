/**
 * The exchange ledger: one row per Peppol AS4 exchange of the hub's access point (received by the hub as
 * corner 3, or sent by it: MLS and Invoice Responses going back), holding everything the monthly Peppol
 * reports need, recorded when the exchange happens. The report builders (`tsr.ts`, `eusr.ts`) look
 * nothing up: what a report says follows from these rows alone.
 *
 * Where each field comes from (SBDH, AS4 headers, the hub's configuration, the directory) is in
 * docs/peppol-reporting.md. Specifications: Peppol Transaction Statistics Reporting 1.0 and End User
 * Statistics Reporting 1.1 (OpenPeppol eDEC), "Data Gathering".
 */

/** Direction seen from the hub: `received` = incoming Dataset, `sent` = outgoing Dataset. */
export type Direction = 'received' | 'sent';

/** A Peppol identifier as the SBDH carries it: its scheme and its value. */
export interface PeppolId {
  /** e.g. `busdox-docid-qns` (document types), `cenbii-procid-ubl` (processes). */
  scheme: string;
  value: string;
}

export interface LedgerRow {
  /** `eb:MessageInfo/eb:MessageId` of the AS4 UserMessage: one message is counted once (duplicates share it). */
  as4MessageId: string;
  /**
   * When the exchange completed, in UTC, ISO 8601 with `Z` (e.g. `2026-03-31T23:59:59.999Z`): received,
   * the instant the hub's access point returned the AS4 Receipt; sent, the instant it got the Receipt.
   */
  exchangedAt: string;
  direction: Direction;
  /**
   * The exchange ended with a positive transport-level acknowledgement (an AS4 Receipt): received, the
   * hub's access point returned one; sent, the receiving access point returned one. Only these count.
   */
  acknowledged: boolean;
  /** Seat id (`P` + 2 letters + 6 digits) of the sending service provider, corner 2 (the hub itself when sent). */
  c2SeatId: string;
  /** Seat id of the receiving service provider, corner 3 (the hub itself when received). */
  c3SeatId: string;
  /** Document type identifier of the Dataset (SBDH scope `DOCUMENTID`). */
  documentType: PeppolId;
  /** Process identifier (SBDH scope `PROCESSID`). */
  process: PeppolId;
  /** Transport profile of the exchange, e.g. `peppol-transport-as4-v2_0`. */
  transportProtocol: string;
  /**
   * Country of the sending end user, corner 1, ISO 3166-1 alpha-2: received, the SBDH scope
   * `COUNTRY_C1` as it came (null when absent); sent, the country of the hub's end user that sends.
   */
  c1Country: string | null;
  /**
   * Country of the receiving end user, corner 4: received, the country of the public body (from the
   * directory); sent, null unless known (the specification does not need it for outgoing Datasets).
   */
  c4Country: string | null;
  /** Participant id on the hub's side as `scheme:value` (the SBDH receiver when received, the sender when sent). */
  hubParticipantId: string;
  /**
   * The end user on the hub's side, the key end users are counted by in the EUSR: one value per end user
   * (the legal body), whatever number of participant ids or accounting units it has. Null when no end
   * user takes part on the hub's side (an MLS is sent by the access point itself).
   */
  endUserId: string | null;
  /** The hub's document this exchange belongs to (tracing only; no report uses it). */
  documentId?: string | null;
}

export const TRANSPORT_AS4 = 'peppol-transport-as4-v2_0';
export const DOCTYPE_SCHEME = 'busdox-docid-qns';
export const PROCESS_SCHEME = 'cenbii-procid-ubl';

/** The reports themselves are never counted (TSR 1.0 and EUSR 1.1, "Data Gathering"). */
export const REPORT_DOCUMENT_TYPES: readonly PeppolId[] = [
  {
    scheme: DOCTYPE_SCHEME,
    value: 'urn:fdc:peppol:transaction-statistics-report:1.0::TransactionStatisticsReport##urn:fdc:peppol.eu:edec:trns:transaction-statistics-reporting:1.0::1.0',
  },
  {
    scheme: DOCTYPE_SCHEME,
    value: 'urn:fdc:peppol:end-user-statistics-report:1.1::EndUserStatisticsReport##urn:fdc:peppol.eu:edec:trns:end-user-statistics-report:1.1::1.1',
  },
];

/** Peppol seat id, the value of a `CertSubjectCN` service provider id (SCH-TSR-18/19, SCH-EUSR-08). */
export const SEAT_ID = /^P[A-Z]{2}[0-9]{6}$/;

/** ISO 3166-1 alpha-2 as the reporting Schematrons accept it (with `1A`, `EL`, `XI`, `XK`); EUSR 1.1.5 list. */
const COUNTRIES = (
  '1A AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD ' +
  'CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH EL ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG ' +
  'GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW ' +
  'KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI ' +
  'NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR ' +
  'SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XI XK YE YT ZA ' +
  'ZM ZW'
).split(' ');

/** Countries an End User Statistics Report accepts (SCH-EUSR-30). */
export const EUSR_COUNTRIES: ReadonlySet<string> = new Set(COUNTRIES);
/** `ZZ`: the country a Transaction Statistics Report gives when the real one is not known (TSR 1.0.4, SCH-TSR-20). */
export const UNKNOWN_COUNTRY = 'ZZ';
/** Countries a Transaction Statistics Report accepts (SCH-TSR-20): the EUSR list and `ZZ`. */
export const TSR_COUNTRIES: ReadonlySet<string> = new Set([...COUNTRIES, UNKNOWN_COUNTRY]);

/** A reporting period: one calendar month in UTC, `[from, to)` in epoch milliseconds. */
export interface ReportPeriod {
  month: string;
  /** First day, `YYYY-MM-DD` (the report's StartDate). */
  startDate: string;
  /** Last day, `YYYY-MM-DD` (the report's EndDate). */
  endDate: string;
  fromMs: number;
  toMs: number;
}

export class ReportingInputError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    const shown = problems.slice(0, 20);
    super(`The report cannot be built: ${shown.join('; ')}${problems.length > shown.length ? `; and ${problems.length - shown.length} more` : ''}`);
    this.name = 'ReportingInputError';
    this.problems = problems;
  }
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * The reporting period of a month `YYYY-MM`: from 00:00:00 UTC of its first day (inclusive) to 00:00:00
 * UTC of the next month (exclusive), which is "23:59:59 UTC (inclusive) of the last day" of the
 * specifications with the whole last second in it.
 */
export function reportPeriod(month: string): ReportPeriod {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  const year = m ? Number(m[1]) : NaN;
  const mon = m ? Number(m[2]) : NaN;
  if (!m || year < 1970 || mon < 1 || mon > 12) throw new ReportingInputError([`the month "${month}" is not of the form YYYY-MM`]);
  const fromMs = Date.UTC(year, mon - 1, 1);
  const toMs = Date.UTC(year, mon, 1);
  const lastDay = new Date(toMs - 86_400_000).getUTCDate();
  return { month, startDate: `${month}-01`, endDate: `${month}-${pad2(lastDay)}`, fromMs, toMs };
}

const UTC_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;

/** Epoch milliseconds of a UTC instant `YYYY-MM-DDTHH:MM:SS[.fff…]Z` (sub-millisecond digits dropped), or null. */
export function utcInstantMs(s: string): number | null {
  const m = UTC_INSTANT.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi, se] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number);
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const t = Date.UTC(y, mo - 1, d, h, mi, se, ms);
  const back = new Date(t);
  // reject 2026-02-30, 24:00 and the like (Date.UTC would roll them over)
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || back.getUTCHours() !== h || back.getUTCMinutes() !== mi || back.getUTCSeconds() !== se) return null;
  return t;
}

const nonEmpty = (s: unknown): s is string => typeof s === 'string' && s.trim() !== '';

/** The problems of one row, each as a sentence naming the row; empty when the row is usable. */
function rowProblems(r: LedgerRow, i: number, reporterId: string): string[] {
  const at = `row ${i + 1}${nonEmpty(r.as4MessageId) ? ` (AS4 message ${r.as4MessageId})` : ''}`;
  const p: string[] = [];
  if (!nonEmpty(r.as4MessageId)) p.push(`${at}: no AS4 message id`);
  if (typeof r.exchangedAt !== 'string' || utcInstantMs(r.exchangedAt) === null) p.push(`${at}: exchangedAt "${String(r.exchangedAt)}" is not a UTC instant YYYY-MM-DDTHH:MM:SS[.sss]Z`);
  if (r.direction !== 'received' && r.direction !== 'sent') p.push(`${at}: direction "${String(r.direction)}" is neither received nor sent`);
  if (typeof r.acknowledged !== 'boolean') p.push(`${at}: acknowledged is not true or false`);
  for (const [name, v] of [['c2SeatId', r.c2SeatId], ['c3SeatId', r.c3SeatId]] as const) {
    if (typeof v !== 'string' || !SEAT_ID.test(v)) p.push(`${at}: ${name} "${String(v)}" is not a Peppol seat id`);
  }
  if (r.direction === 'received' && r.c3SeatId !== reporterId) p.push(`${at}: received by ${String(r.c3SeatId)}, not by the reporting access point ${reporterId}`);
  if (r.direction === 'sent' && r.c2SeatId !== reporterId) p.push(`${at}: sent by ${String(r.c2SeatId)}, not by the reporting access point ${reporterId}`);
  for (const [name, id] of [['documentType', r.documentType], ['process', r.process]] as const) {
    if (!id || !nonEmpty(id.scheme) || !nonEmpty(id.value)) p.push(`${at}: ${name} needs a scheme and a value`);
  }
  if (!nonEmpty(r.transportProtocol)) p.push(`${at}: no transport protocol`);
  if (r.c1Country !== null && typeof r.c1Country !== 'string') p.push(`${at}: c1Country is neither a code nor null`);
  if (r.c4Country !== null && typeof r.c4Country !== 'string') p.push(`${at}: c4Country is neither a code nor null`);
  if (!nonEmpty(r.hubParticipantId) || !r.hubParticipantId.includes(':')) p.push(`${at}: hubParticipantId "${String(r.hubParticipantId)}" is not scheme:value`);
  if (r.endUserId !== null && !nonEmpty(r.endUserId)) p.push(`${at}: endUserId is neither an id nor null`);
  return p;
}

export function isReportDocumentType(id: PeppolId): boolean {
  return REPORT_DOCUMENT_TYPES.some((t) => t.scheme === id.scheme.trim() && t.value === id.value.trim());
}

export interface ReportInput {
  /** The reporting period, `YYYY-MM` (a calendar month in UTC). */
  month: string;
  /** Seat id of the hub's access point (the certificate subject CN), e.g. `PLU000000`. */
  reporterId: string;
  /** Ledger rows in any order; rows of other months (and duplicates) may be among them. */
  rows: readonly LedgerRow[];
}

/** Why a row of the ledger is not counted in a month's reports. */
export type Exclusion = 'not-acknowledged' | 'report-document' | 'duplicate' | 'outside-period';

export interface Selection {
  period: ReportPeriod;
  /** The exchanges counted, each once, ordered by time then AS4 message id (direction first). */
  counted: LedgerRow[];
  /** How many rows were left out, by reason. */
  excluded: Record<Exclusion, number>;
}

/**
 * The exchanges a month's reports count, from ledger rows in any order:
 *  1. only exchanges with a positive transport acknowledgement (AS4 Receipt);
 *  2. never a TSR or EUSR itself;
 *  3. each AS4 message once per direction: of rows sharing (direction, AS4 message id), the earliest
 *     counts, so a retry after midnight on the last day does not count again in the next month when the
 *     rows of the previous month are passed along;
 *  4. exchanged within the month (UTC).
 * Throws ReportingInputError listing every unusable row (a report is never built from half the data).
 */
export function selectExchanges(month: string, reporterId: string, rows: readonly LedgerRow[]): Selection {
  const period = reportPeriod(month);
  if (typeof reporterId !== 'string' || !SEAT_ID.test(reporterId)) throw new ReportingInputError([`the reporter id "${String(reporterId)}" is not a Peppol seat id (P + 2 letters + 6 digits)`]);
  const problems = rows.flatMap((r, i) => rowProblems(r, i, reporterId));
  if (problems.length > 0) throw new ReportingInputError(problems);

  const excluded: Record<Exclusion, number> = { 'not-acknowledged': 0, 'report-document': 0, duplicate: 0, 'outside-period': 0 };
  const earliest = new Map<string, { row: LedgerRow; ms: number }>();
  for (const row of rows) {
    if (!row.acknowledged) { excluded['not-acknowledged']++; continue; }
    if (isReportDocumentType(row.documentType)) { excluded['report-document']++; continue; }
    const key = `${row.direction}\u0000${row.as4MessageId.trim()}`;
    const ms = utcInstantMs(row.exchangedAt) as number;
    const seen = earliest.get(key);
    if (seen === undefined) { earliest.set(key, { row, ms }); continue; }
    excluded.duplicate++;
    // keep the earliest; between equal instants, the same row whatever the order (byte-wise smallest)
    if (ms < seen.ms || (ms === seen.ms && rowKey(row) < rowKey(seen.row))) earliest.set(key, { row, ms });
  }
  const counted: { row: LedgerRow; ms: number }[] = [];
  for (const e of earliest.values()) {
    if (e.ms >= period.fromMs && e.ms < period.toMs) counted.push(e);
    else excluded['outside-period']++;
  }
  counted.sort((a, b) => a.ms - b.ms || cmp(a.row.direction, b.row.direction) || cmp(a.row.as4MessageId, b.row.as4MessageId));
  return { period, counted: counted.map((e) => e.row), excluded };
}

/** A total order on rows that does not depend on their order in the input. */
function rowKey(r: LedgerRow): string {
  return JSON.stringify([r.exchangedAt, r.direction, r.as4MessageId, r.c2SeatId, r.c3SeatId, r.documentType.scheme, r.documentType.value,
    r.process.scheme, r.process.value, r.transportProtocol, r.c1Country, r.c4Country, r.hubParticipantId, r.endUserId, r.documentId ?? null]);
}

/** Code-unit order (never locale order: the bytes of a report must not depend on the machine). */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares two tuples of strings element by element. */
export function cmpTuple(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = cmp(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}
