/**
 * Test data for the Peppol reports: identifiers, a row factory, a seeded shuffle, and the synthetic
 * month of traffic (March 2026) whose expected figures the tests state by hand.
 */
import type { LedgerRow, PeppolId } from '../../core/reporting';

export const HUB = 'PLU000000';
export const OPENPEPPOL_AP = 'POP000991';

const doc = (value: string): PeppolId => ({ scheme: 'busdox-docid-qns', value });
const proc = (value: string): PeppolId => ({ scheme: 'cenbii-procid-ubl', value });

export const DT = {
  invoice: doc('urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1'),
  creditNote: doc('urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2::CreditNote##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1'),
  mls: doc('urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2::ApplicationResponse##urn:peppol:edec:mls:1.0::2.1'),
  invoiceResponse: doc('urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2::ApplicationResponse##urn:fdc:peppol.eu:poacc:trns:invoice_response:3::2.1'),
  tsr: doc('urn:fdc:peppol:transaction-statistics-report:1.0::TransactionStatisticsReport##urn:fdc:peppol.eu:edec:trns:transaction-statistics-reporting:1.0::1.0'),
  eusr: doc('urn:fdc:peppol:end-user-statistics-report:1.1::EndUserStatisticsReport##urn:fdc:peppol.eu:edec:trns:end-user-statistics-report:1.1::1.1'),
  order: doc('urn:oasis:names:specification:ubl:schema:xsd:Order-2::Order##urn:fdc:peppol.eu:poacc:trns:order:3::2.1'),
  orderResponse: doc('urn:oasis:names:specification:ubl:schema:xsd:OrderResponse-2::OrderResponse##urn:fdc:peppol.eu:poacc:trns:order_response:3::2.1'),
};

export const PR = {
  billing: proc('urn:fdc:peppol.eu:2017:poacc:billing:01:1.0'),
  mls: proc('urn:peppol:edec:mls'),
  invoiceResponse: proc('urn:fdc:peppol.eu:poacc:bis:invoice_response:3'),
  reporting: proc('urn:fdc:peppol.eu:edec:bis:reporting:1.0'),
  ordering: proc('urn:fdc:peppol.eu:poacc:bis:ordering:3'),
};

export interface Exchange {
  id: string;
  at: string;
  dir: 'received' | 'sent';
  /** The other access point (C2 when received, C3 when sent). */
  sp: string;
  dt: PeppolId;
  pr: PeppolId;
  c1: string | null;
  c4: string | null;
  hubParticipant: string;
  endUser: string | null;
  acknowledged?: boolean;
  reporter?: string;
}

/** One ledger row, the hub (or `reporter`) being the other corner. */
export function row(x: Exchange): LedgerRow {
  const me = x.reporter ?? HUB;
  return {
    as4MessageId: x.id,
    exchangedAt: x.at,
    direction: x.dir,
    acknowledged: x.acknowledged ?? true,
    c2SeatId: x.dir === 'received' ? x.sp : me,
    c3SeatId: x.dir === 'received' ? me : x.sp,
    documentType: x.dt,
    process: x.pr,
    transportProtocol: 'peppol-transport-as4-v2_0',
    c1Country: x.c1,
    c4Country: x.c4,
    hubParticipantId: x.hubParticipant,
    endUserId: x.endUser,
  };
}

/** Deterministic shuffle (mulberry32), so a failure can be replayed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let s = seed >>> 0;
  const rand = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

// Service providers sending to the hub.
export const SP_BE = 'PBE000001';
export const SP_DE = 'PDE000002';
export const SP_FR = 'PFR000003';

// Participant ids on the hub's side. The ministry has a second one for an accounting unit: one end user.
const MIN_FIN = '9938:LU11111111';
const MIN_FIN_UNIT = '0240:MF-UNIT-2';
const WILTZ = '9938:LU22222222';
const ENV = '9938:LU33333333';
const VILLE = '0240:VDL';
/** The hub's access point as a participant (SPIS scheme 0242), sender of the MLS. */
const HUB_SPIS = '0242:PLU000000';

/**
 * March 2026 at the hub. Each line says whether it counts in March and why; the expected figures in
 * month.test.ts are computed by hand from this list.
 */
export const MARCH: Exchange[] = [
  // --- received (incoming) ---
  { id: 'R1', at: '2026-03-01T00:00:00.000Z', dir: 'received', sp: SP_BE, dt: DT.invoice, pr: PR.billing, c1: 'BE', c4: 'LU', hubParticipant: MIN_FIN, endUser: 'min-finances' }, // first instant of the month
  { id: 'R2', at: '2026-03-02T09:00:00.000Z', dir: 'received', sp: SP_BE, dt: DT.invoice, pr: PR.billing, c1: 'BE', c4: 'LU', hubParticipant: MIN_FIN_UNIT, endUser: 'min-finances' }, // accounting unit
  { id: 'R3', at: '2026-03-03T09:00:00.000Z', dir: 'received', sp: SP_BE, dt: DT.invoice, pr: PR.billing, c1: 'LU', c4: 'LU', hubParticipant: WILTZ, endUser: 'commune-wiltz' },
  { id: 'R4', at: '2026-03-04T09:00:00.000Z', dir: 'received', sp: SP_BE, dt: DT.creditNote, pr: PR.billing, c1: 'BE', c4: 'LU', hubParticipant: MIN_FIN, endUser: 'min-finances' },
  { id: 'R5', at: '2026-03-05T10:00:00.000Z', dir: 'received', sp: SP_DE, dt: DT.invoice, pr: PR.billing, c1: 'DE', c4: 'LU', hubParticipant: ENV, endUser: 'admin-env' },
  { id: 'R6', at: '2026-03-06T09:00:00.000Z', dir: 'received', sp: SP_DE, dt: DT.invoice, pr: PR.billing, c1: 'AT', c4: 'LU', hubParticipant: ENV, endUser: 'admin-env' },
  { id: 'R7', at: '2026-03-07T09:00:00.000Z', dir: 'received', sp: SP_DE, dt: DT.invoice, pr: PR.billing, c1: 'DE', c4: 'LU', hubParticipant: WILTZ, endUser: 'commune-wiltz' }, // rejected by the hub (MLS RE: S1): still counted
  { id: 'R8', at: '2026-03-08T09:00:00.000Z', dir: 'received', sp: SP_DE, dt: DT.invoice, pr: PR.billing, c1: null, c4: 'LU', hubParticipant: VILLE, endUser: 'ville-luxembourg' }, // no COUNTRY_C1: ZZ
  { id: 'R9', at: '2026-03-09T09:00:00.000Z', dir: 'received', sp: SP_FR, dt: DT.invoice, pr: PR.billing, c1: 'FR', c4: 'LU', hubParticipant: VILLE, endUser: 'ville-luxembourg' },
  { id: 'R10', at: '2026-03-10T09:00:00.000Z', dir: 'received', sp: SP_FR, dt: DT.creditNote, pr: PR.billing, c1: 'FR', c4: 'LU', hubParticipant: WILTZ, endUser: 'commune-wiltz' },
  { id: 'R5', at: '2026-03-05T10:05:00.000Z', dir: 'received', sp: SP_DE, dt: DT.invoice, pr: PR.billing, c1: 'DE', c4: 'LU', hubParticipant: ENV, endUser: 'admin-env' }, // AS4 retry of R5: not again
  { id: 'R12', at: '2026-03-31T23:59:59.999Z', dir: 'received', sp: SP_FR, dt: DT.invoice, pr: PR.billing, c1: 'FR', c4: 'LU', hubParticipant: MIN_FIN, endUser: 'min-finances' }, // last millisecond of March
  { id: 'R13', at: '2026-04-01T00:00:00.000Z', dir: 'received', sp: SP_FR, dt: DT.invoice, pr: PR.billing, c1: 'FR', c4: 'LU', hubParticipant: MIN_FIN, endUser: 'min-finances' }, // April
  { id: 'R14', at: '2026-02-28T23:59:59.999Z', dir: 'received', sp: SP_BE, dt: DT.invoice, pr: PR.billing, c1: 'BE', c4: 'LU', hubParticipant: ENV, endUser: 'admin-env' }, // February
  { id: 'R15', at: '2026-03-15T09:00:00.000Z', dir: 'received', sp: SP_DE, dt: DT.invoice, pr: PR.billing, c1: 'DE', c4: 'LU', hubParticipant: ENV, endUser: 'admin-env', acknowledged: false }, // AS4 error, no Receipt
  { id: 'R12', at: '2026-04-01T00:00:03.000Z', dir: 'received', sp: SP_FR, dt: DT.invoice, pr: PR.billing, c1: 'FR', c4: 'LU', hubParticipant: MIN_FIN, endUser: 'min-finances' }, // AS4 retry of R12 after midnight: counted in March only
  { id: 'R17', at: '2026-03-11T09:00:00.000Z', dir: 'received', sp: SP_BE, dt: DT.invoice, pr: PR.billing, c1: 'BE', c4: 'LU', hubParticipant: MIN_FIN, endUser: 'min-finances' }, // the invoice of R1 again in a new AS4 message: refused as a duplicate (MLS RE: S2), counted
  // --- sent (outgoing) ---
  { id: 'S1', at: '2026-03-07T09:01:00.000Z', dir: 'sent', sp: SP_DE, dt: DT.mls, pr: PR.mls, c1: 'LU', c4: null, hubParticipant: HUB_SPIS, endUser: null }, // MLS RE for R7
  { id: 'S2', at: '2026-03-11T09:01:00.000Z', dir: 'sent', sp: SP_BE, dt: DT.mls, pr: PR.mls, c1: 'LU', c4: null, hubParticipant: HUB_SPIS, endUser: null }, // MLS RE for R17
  { id: 'S3', at: '2026-03-09T09:01:00.000Z', dir: 'sent', sp: SP_FR, dt: DT.mls, pr: PR.mls, c1: 'LU', c4: null, hubParticipant: HUB_SPIS, endUser: null }, // MLS AP for R9
  { id: 'S4', at: '2026-03-12T14:00:00.000Z', dir: 'sent', sp: SP_FR, dt: DT.invoiceResponse, pr: PR.invoiceResponse, c1: 'LU', c4: 'FR', hubParticipant: WILTZ, endUser: 'commune-wiltz' }, // Invoice Response for R10
  { id: 'S5', at: '2026-03-13T14:00:00.000Z', dir: 'sent', sp: SP_BE, dt: DT.invoiceResponse, pr: PR.invoiceResponse, c1: 'LU', c4: 'BE', hubParticipant: MIN_FIN, endUser: 'min-finances' },
  { id: 'S6', at: '2026-03-14T14:00:00.000Z', dir: 'sent', sp: SP_BE, dt: DT.invoiceResponse, pr: PR.invoiceResponse, c1: 'LU', c4: 'BE', hubParticipant: MIN_FIN_UNIT, endUser: 'min-finances' },
  { id: 'S7', at: '2026-03-15T14:00:00.000Z', dir: 'sent', sp: SP_DE, dt: DT.invoiceResponse, pr: PR.invoiceResponse, c1: 'LU', c4: null, hubParticipant: ENV, endUser: 'admin-env' },
  { id: 'S8', at: '2026-03-16T00:00:00.000Z', dir: 'sent', sp: SP_FR, dt: DT.mls, pr: PR.mls, c1: 'LU', c4: null, hubParticipant: HUB_SPIS, endUser: null, acknowledged: false }, // C3 answered an AS4 error
  { id: 'S8b', at: '2026-03-16T00:10:00.000Z', dir: 'sent', sp: SP_FR, dt: DT.mls, pr: PR.mls, c1: 'LU', c4: null, hubParticipant: HUB_SPIS, endUser: null }, // the retry, in a new AS4 message, acknowledged
  { id: 'S5', at: '2026-03-13T14:00:00.000Z', dir: 'sent', sp: SP_BE, dt: DT.invoiceResponse, pr: PR.invoiceResponse, c1: 'LU', c4: 'BE', hubParticipant: MIN_FIN, endUser: 'min-finances' }, // the same row recorded twice
  { id: 'S-TSR', at: '2026-03-10T08:00:00.000Z', dir: 'sent', sp: OPENPEPPOL_AP, dt: DT.tsr, pr: PR.reporting, c1: 'LU', c4: 'BE', hubParticipant: HUB_SPIS, endUser: null }, // February's reports: never counted
  { id: 'S-EUSR', at: '2026-03-10T08:00:01.000Z', dir: 'sent', sp: OPENPEPPOL_AP, dt: DT.eusr, pr: PR.reporting, c1: 'LU', c4: 'BE', hubParticipant: HUB_SPIS, endUser: null },
];

export const MARCH_ROWS: LedgerRow[] = MARCH.map(row);
