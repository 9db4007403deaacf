/**
 * The Peppol End User Statistics Report (EUSR 1.1) of one month, from the exchange ledger.
 *
 * EUSR 1.1 (OpenPeppol eDEC, "Peppol End User Statistics Reporting Process"), as implemented here:
 *  - "Data Gathering": the same exchanges as the TSR (positive transport acknowledgement, no reports,
 *    each message once, the month in UTC: `selectExchanges`), "per End User and NOT per Participant
 *    Identifier": end users are counted by `LedgerRow.endUserId`.
 *  - FullSet: the number of distinct end users that sent, that received, and that sent or received
 *    (each a set cardinality: an end user who sent 5 invoices and received 2 counts once in each of the
 *    three; one who did both counts once in SendingOrReceiving — "Full Set Information").
 *  - Subsets, each the same three cardinalities restricted to the exchanges with that key:
 *    `PerDT-PR` (document type, process; mandatory, SCH-EUSR-15), `PerDT-PR-EUC` (and end user
 *    country), `PerDT-EUC` (document type, end user country; mandatory, SCH-EUSR-37), `PerEUC` (end
 *    user country; mandatory, SCH-EUSR-39). A subset exists only for keys with at least one end user
 *    (SCH-EUSR-36).
 *  - The end user country is that of the end user on the hub's side: C4 for a received Dataset, C1 for a
 *    sent one. EUSR has no `ZZ` (1.1.4): a row whose end user country is not a valid code is an error.
 * Exchanges without an end user on the hub's side (`endUserId: null`: the MLS the access point sends
 * itself) count in the TSR but not here. A month without end users gives a zero FullSet and no subset
 * (`end-user-statistics-reporting-empty.xml`).
 */
import { EUSR_COUNTRIES, ReportingInputError, selectExchanges, type LedgerRow, type ReportInput, type Selection } from './ledger';
import { key, KeyedTable, normalizeSpace } from './keys';
import {
  EUSR_CUSTOMIZATION_ID,
  REPORTING_PROFILE_ID,
  SP_SCHEME,
  writeEusr,
  type EndUserCounts,
  type EusrFigures,
  type EusrSubset,
  type EusrSubsetType,
} from './report';

class EndUserSets {
  readonly sending = new Set<string>();
  readonly receiving = new Set<string>();
  readonly either = new Set<string>();

  add(endUser: string, sending: boolean): void {
    (sending ? this.sending : this.receiving).add(endUser);
    this.either.add(endUser);
  }

  counts(): EndUserCounts {
    return { sending: this.sending.size, receiving: this.receiving.size, sendingOrReceiving: this.either.size };
  }
}

/** The end user's country: C4 when the hub received (the body is the receiver), C1 when it sent. */
export function endUserCountry(r: LedgerRow): string | null {
  const c = r.direction === 'received' ? r.c4Country : r.c1Country;
  return c === null ? null : c.trim();
}

export interface EusrResult {
  figures: EusrFigures;
  selection: Selection;
  /** Counted exchanges that have no end user on the hub's side (MLS), left out of the EUSR. */
  withoutEndUser: number;
}

export function eusrFigures(input: ReportInput): EusrResult {
  const selection = selectExchanges(input.month, input.reporterId, input.rows);
  const problems: string[] = [];
  const full = new EndUserSets();
  const tables: Record<EusrSubsetType, KeyedTable<EndUserSets>> = {
    'PerDT-PR': new KeyedTable(() => new EndUserSets()),
    'PerDT-PR-EUC': new KeyedTable(() => new EndUserSets()),
    'PerDT-EUC': new KeyedTable(() => new EndUserSets()),
    PerEUC: new KeyedTable(() => new EndUserSets()),
  };
  let withoutEndUser = 0;
  for (const r of selection.counted) {
    if (r.endUserId === null) {
      withoutEndUser++;
      continue;
    }
    const country = endUserCountry(r);
    if (country === null || !EUSR_COUNTRIES.has(country)) {
      problems.push(`AS4 message ${r.as4MessageId}: the end user's country (${r.direction === 'received' ? 'c4Country' : 'c1Country'}) "${String(country)}" is not an ISO 3166-1 alpha-2 code the EUSR accepts`);
      continue;
    }
    const endUser = normalizeSpace(r.endUserId);
    const sending = r.direction === 'sent';
    const dt = key('DT', r.documentType.scheme, r.documentType.value);
    const pr = key('PR', r.process.scheme, r.process.value);
    const cc = key('CC', 'EndUserCountry', country);
    full.add(endUser, sending);
    tables['PerDT-PR'].at([dt, pr]).add(endUser, sending);
    tables['PerDT-PR-EUC'].at([dt, pr, cc]).add(endUser, sending);
    tables['PerDT-EUC'].at([dt, cc]).add(endUser, sending);
    tables.PerEUC.at([cc]).add(endUser, sending);
  }
  if (problems.length > 0) throw new ReportingInputError(problems);
  const subsets: EusrSubset[] = [];
  for (const type of ['PerDT-PR', 'PerDT-PR-EUC', 'PerDT-EUC', 'PerEUC'] as const) {
    for (const e of tables[type].sorted()) subsets.push({ type, keys: e.keys, ...e.value.counts() });
  }
  const { period } = selection;
  return {
    figures: {
      kind: 'eusr',
      header: {
        customizationId: EUSR_CUSTOMIZATION_ID,
        profileId: REPORTING_PROFILE_ID,
        startDate: period.startDate,
        endDate: period.endDate,
        reporter: { schemeID: SP_SCHEME, value: input.reporterId },
      },
      fullSet: full.counts(),
      subsets,
    },
    selection,
    withoutEndUser,
  };
}

/** The month's EUSR as XML (UTF-8 text). The same rows, in any order, give the same bytes. */
export function buildEusr(input: ReportInput): string {
  return writeEusr(eusrFigures(input).figures);
}
