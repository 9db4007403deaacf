/**
 * The Peppol Transaction Statistics Report (TSR 1.0) of one month, from the exchange ledger.
 *
 * TSR 1.0 (OpenPeppol eDEC, "Peppol Transaction Statistics Reporting Process"), as implemented here:
 *  - "Data Gathering": only exchanges with a positive transport acknowledgement; never a TSR or EUSR;
 *    each message counted once (see `selectExchanges` in ledger.ts); the month in UTC.
 *  - "Total": the number of incoming and of outgoing Datasets.
 *  - Subtotal `PerTP` (mandatory when anything was exchanged; SCH-TSR-03…06): per transport protocol,
 *    key `TP` / scheme `Peppol`.
 *  - Subtotal `PerSP-DT-PR` (mandatory; SCH-TSR-07…10, 24…28): per other service provider (the sending
 *    one, C2, for incoming Datasets; the receiving one, C3, for outgoing ones), document type and
 *    process.
 *  - Subtotal `PerSP-DT-PR-CC` (mandatory when something came in; SCH-TSR-11, 12, 14, 29…36, 43): the
 *    same plus the sender's (C1) and receiver's (C4) country, for incoming Datasets only; its `Outgoing`
 *    is always 0 ("that data cannot be gathered"). A country that is missing or not a valid code is `ZZ`.
 * Every subtotal type sums to the total. A month without traffic has a zero total and no subtotal
 * (TSR Appendix 2, `transaction-statistics-minimal.xml`).
 */
import { selectExchanges, TSR_COUNTRIES, UNKNOWN_COUNTRY, type LedgerRow, type ReportInput, type Selection } from './ledger';
import {
  REPORTING_PROFILE_ID,
  SP_SCHEME,
  TSR_CUSTOMIZATION_ID,
  writeTsr,
  type ReportKey,
  type TsrFigures,
  type TsrSubtotal,
  type TsrSubtotalType,
} from './report';
import { key, KeyedTable } from './keys';

/** The country a TSR key carries: the code when the TSR code list has it, else `ZZ`. */
export function tsrCountry(code: string | null): string {
  const c = code === null ? '' : code.trim();
  return TSR_COUNTRIES.has(c) ? c : UNKNOWN_COUNTRY;
}

/** The keys shared by the subtotals per service provider: `SP`, `DT`, `PR`. */
function spDtPr(r: LedgerRow): ReportKey[] {
  const otherSp = r.direction === 'received' ? r.c2SeatId : r.c3SeatId;
  return [key('SP', SP_SCHEME, otherSp), key('DT', r.documentType.scheme, r.documentType.value), key('PR', r.process.scheme, r.process.value)];
}

export interface TsrResult {
  figures: TsrFigures;
  selection: Selection;
}

/** The figures of the month's TSR, and which ledger rows were counted or left out. */
export function tsrFigures(input: ReportInput): TsrResult {
  const selection = selectExchanges(input.month, input.reporterId, input.rows);
  const io = () => ({ incoming: 0, outgoing: 0 });
  const perTp = new KeyedTable(io);
  const perSp = new KeyedTable(io);
  const perCc = new KeyedTable(io);
  const total = io();
  for (const r of selection.counted) {
    const dir = r.direction === 'received' ? 'incoming' : 'outgoing';
    total[dir]++;
    perTp.at([key('TP', 'Peppol', r.transportProtocol)])[dir]++;
    perSp.at(spDtPr(r))[dir]++;
    if (r.direction === 'received') {
      perCc.at([...spDtPr(r), key('CC', 'SenderCountry', tsrCountry(r.c1Country)), key('CC', 'ReceiverCountry', tsrCountry(r.c4Country))]).incoming++;
    }
  }
  const subtotals: TsrSubtotal[] = [];
  const add = (type: TsrSubtotalType, c: KeyedTable<{ incoming: number; outgoing: number }>) => {
    for (const e of c.sorted()) subtotals.push({ type, keys: e.keys, incoming: e.value.incoming, outgoing: e.value.outgoing });
  };
  add('PerTP', perTp);
  add('PerSP-DT-PR', perSp);
  add('PerSP-DT-PR-CC', perCc);
  const { period } = selection;
  return {
    figures: {
      kind: 'tsr',
      header: {
        customizationId: TSR_CUSTOMIZATION_ID,
        profileId: REPORTING_PROFILE_ID,
        startDate: period.startDate,
        endDate: period.endDate,
        reporter: { schemeID: SP_SCHEME, value: input.reporterId },
      },
      total,
      subtotals,
    },
    selection,
  };
}

/** The month's TSR as XML (UTF-8 text). The same rows, in any order, give the same bytes. */
export function buildTsr(input: ReportInput): string {
  return writeTsr(tsrFigures(input).figures);
}
