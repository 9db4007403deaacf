/**
 * Ledger rows that correspond to the figures of the official example reports (../shared/examples/
 * peppol-reporting), written by hand from each example: for every subtotal or subset, the exchanges
 * and end users that make it. The tests build reports from them and compare with the examples.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { LedgerRow, PeppolId } from '../../core/reporting';
import { DT, PR, row } from './fixtures';

export const EXAMPLES_DIR = path.resolve(__dirname, '../../../shared/examples/peppol-reporting');

export function example(kind: 'tsr' | 'eusr', file: string): Buffer {
  return fs.readFileSync(path.join(EXAMPLES_DIR, kind, file));
}

/** `n` exchanges alike (distinct AS4 message ids), spread over the month. */
function many(n: number, prefix: string, month: string, make: (id: string, at: string) => LedgerRow): LedgerRow[] {
  return Array.from({ length: n }, (_, i) => make(`${prefix}-${i + 1}`, `${month}-${String((i % 28) + 1).padStart(2, '0')}T12:00:00.000Z`));
}

interface TsrLine {
  n: number;
  dir: 'received' | 'sent';
  sp: string;
  dt: PeppolId;
  pr: PeppolId;
  c1?: string | null;
  c4?: string | null;
}

function tsrRows(reporter: string, month: string, lines: TsrLine[]): LedgerRow[] {
  return lines.flatMap((l, i) =>
    many(l.n, `L${i + 1}`, month, (id, at) =>
      row({ id, at, dir: l.dir, sp: l.sp, dt: l.dt, pr: l.pr, c1: l.c1 === undefined ? 'DE' : l.c1, c4: l.c4 === undefined ? null : l.c4, hubParticipant: '9915:test', endUser: 'eu', reporter }),
    ),
  );
}

/** The process id exactly as transaction-statistics-2.xml/-3/-4 spell it (with the scheme inside the value). */
const ORDERING_AS_SPELLED: PeppolId = { scheme: 'cenbii-procid-ubl', value: 'cenbii-procid-ubl::urn:fdc:peppol.eu:poacc:bis:ordering:3' };

export interface TsrCase {
  file: string;
  month: string;
  reporter: string;
  rows: LedgerRow[];
}

export const TSR_CASES: TsrCase[] = [
  {
    // POP000001: invoices in 5 (AT→DE 4, DE→DE 1) out 3, credit notes in 2 (BE→DE) out 2;
    // POP000002: orders out 12, order responses in 12 (DE→AT 7, DE→DE 5)
    file: 'transaction-statistics-2.xml',
    month: '2022-01',
    reporter: 'POP000360',
    rows: tsrRows('POP000360', '2022-01', [
      { n: 4, dir: 'received', sp: 'POP000001', dt: DT.invoice, pr: PR.billing, c1: 'AT', c4: 'DE' },
      { n: 1, dir: 'received', sp: 'POP000001', dt: DT.invoice, pr: PR.billing, c1: 'DE', c4: 'DE' },
      { n: 3, dir: 'sent', sp: 'POP000001', dt: DT.invoice, pr: PR.billing },
      { n: 2, dir: 'received', sp: 'POP000001', dt: DT.creditNote, pr: PR.billing, c1: 'BE', c4: 'DE' },
      { n: 2, dir: 'sent', sp: 'POP000001', dt: DT.creditNote, pr: PR.billing },
      { n: 12, dir: 'sent', sp: 'POP000002', dt: DT.order, pr: ORDERING_AS_SPELLED },
      { n: 7, dir: 'received', sp: 'POP000002', dt: DT.orderResponse, pr: ORDERING_AS_SPELLED, c1: 'DE', c4: 'AT' },
      { n: 5, dir: 'received', sp: 'POP000002', dt: DT.orderResponse, pr: ORDERING_AS_SPELLED, c1: 'DE', c4: 'DE' },
    ]),
  },
  {
    // sent only: POP000001 invoices 3, credit notes 2; POP000002 orders 12
    file: 'transaction-statistics-3.xml',
    month: '2022-01',
    reporter: 'POP000360',
    rows: tsrRows('POP000360', '2022-01', [
      { n: 3, dir: 'sent', sp: 'POP000001', dt: DT.invoice, pr: PR.billing },
      { n: 2, dir: 'sent', sp: 'POP000001', dt: DT.creditNote, pr: PR.billing },
      { n: 12, dir: 'sent', sp: 'POP000002', dt: DT.order, pr: ORDERING_AS_SPELLED },
    ]),
  },
  {
    // as -2, but 5 of the order responses with neither country known (ZZ → ZZ)
    file: 'transaction-statistics-4.xml',
    month: '2022-01',
    reporter: 'POP000360',
    rows: tsrRows('POP000360', '2022-01', [
      { n: 4, dir: 'received', sp: 'POP000001', dt: DT.invoice, pr: PR.billing, c1: 'AT', c4: 'DE' },
      { n: 1, dir: 'received', sp: 'POP000001', dt: DT.invoice, pr: PR.billing, c1: 'DE', c4: 'DE' },
      { n: 3, dir: 'sent', sp: 'POP000001', dt: DT.invoice, pr: PR.billing },
      { n: 2, dir: 'received', sp: 'POP000001', dt: DT.creditNote, pr: PR.billing, c1: 'BE', c4: 'DE' },
      { n: 2, dir: 'sent', sp: 'POP000001', dt: DT.creditNote, pr: PR.billing },
      { n: 12, dir: 'sent', sp: 'POP000002', dt: DT.order, pr: ORDERING_AS_SPELLED },
      { n: 7, dir: 'received', sp: 'POP000002', dt: DT.orderResponse, pr: ORDERING_AS_SPELLED, c1: 'DE', c4: 'AT' },
      { n: 5, dir: 'received', sp: 'POP000002', dt: DT.orderResponse, pr: ORDERING_AS_SPELLED, c1: null, c4: null },
    ]),
  },
  {
    // POP000001: credit notes in 2 (BE→DE); invoices in 13 (DE→AT 4, DE→DE 9) out 11; order responses in 12
    // (DE→AT 7, DE→DE 5); POP000002: orders out 12
    file: 'transaction-statistics-appendix1.xml',
    month: '2023-12',
    reporter: 'POP000360',
    rows: tsrRows('POP000360', '2023-12', [
      { n: 2, dir: 'received', sp: 'POP000001', dt: DT.creditNote, pr: PR.billing, c1: 'BE', c4: 'DE' },
      { n: 4, dir: 'received', sp: 'POP000001', dt: DT.invoice, pr: PR.billing, c1: 'DE', c4: 'AT' },
      { n: 9, dir: 'received', sp: 'POP000001', dt: DT.invoice, pr: PR.billing, c1: 'DE', c4: 'DE' },
      { n: 11, dir: 'sent', sp: 'POP000001', dt: DT.invoice, pr: PR.billing },
      { n: 7, dir: 'received', sp: 'POP000001', dt: DT.orderResponse, pr: PR.ordering, c1: 'DE', c4: 'AT' },
      { n: 5, dir: 'received', sp: 'POP000001', dt: DT.orderResponse, pr: PR.ordering, c1: 'DE', c4: 'DE' },
      { n: 12, dir: 'sent', sp: 'POP000002', dt: DT.order, pr: PR.ordering },
    ]),
  },
  { file: 'transaction-statistics-appendix2.xml', month: '2023-12', reporter: 'POP000360', rows: [] },
  { file: 'transaction-statistics-minimal.xml', month: '2022-01', reporter: 'POP000360', rows: [] },
];

interface EndUserLine {
  endUser: string;
  country: string;
  sends?: { dt: PeppolId; pr: PeppolId }[];
  receives?: { dt: PeppolId; pr: PeppolId }[];
}

/** Each end user sends and receives each listed dataset type twice (twice: counting must stay per end user). */
function eusrRows(reporter: string, month: string, users: EndUserLine[]): LedgerRow[] {
  let n = 0;
  const at = () => `${month}-${String((n % 28) + 1).padStart(2, '0')}T08:00:00.000Z`;
  return users.flatMap((u) => [
    ...(u.sends ?? []).flatMap((d) => [1, 2].map(() => row({ id: `M${++n}`, at: at(), dir: 'sent', sp: 'POP000001', dt: d.dt, pr: d.pr, c1: u.country, c4: null, hubParticipant: `9915:${u.endUser}`, endUser: u.endUser, reporter }))),
    ...(u.receives ?? []).flatMap((d) => [1, 2].map(() => row({ id: `M${++n}`, at: at(), dir: 'received', sp: 'POP000001', dt: d.dt, pr: d.pr, c1: 'ZZ', c4: u.country, hubParticipant: `9915:${u.endUser}`, endUser: u.endUser, reporter }))),
  ]);
}

const INV = { dt: DT.invoice, pr: PR.billing };
const CN = { dt: DT.creditNote, pr: PR.billing };
const ORD = { dt: DT.order, pr: PR.ordering };
const ORSP = { dt: DT.orderResponse, pr: PR.ordering };

export interface EusrCase extends TsrCase {
  /** true when the example lists every subset our builder gives (so the figures must be equal, not just contained). */
  complete: boolean;
}

export const EUSR_CASES: EusrCase[] = [
  {
    // nine end users, three each in AT, BE, CY, all sending invoices and orders; A1, A2, B1, C1 receive
    // invoices and order responses, A1 and B1 credit notes too
    file: 'end-user-statistics-reporting-appendix1.xml',
    month: '2023-12',
    reporter: 'PDE000001',
    complete: true,
    rows: eusrRows('PDE000001', '2023-12', [
      { endUser: 'A1', country: 'AT', sends: [INV, ORD], receives: [INV, ORSP, CN] },
      { endUser: 'A2', country: 'AT', sends: [INV, ORD], receives: [INV, ORSP] },
      { endUser: 'A3', country: 'AT', sends: [INV, ORD] },
      { endUser: 'B1', country: 'BE', sends: [INV, ORD], receives: [INV, ORSP, CN] },
      { endUser: 'B2', country: 'BE', sends: [INV, ORD] },
      { endUser: 'B3', country: 'BE', sends: [INV, ORD] },
      { endUser: 'C1', country: 'CY', sends: [INV, ORD], receives: [INV, ORSP] },
      { endUser: 'C2', country: 'CY', sends: [INV, ORD] },
      { endUser: 'C3', country: 'CY', sends: [INV, ORD] },
    ]),
  },
  {
    // sending only: nine end users (AT 3, BE 3, CY 3) send invoices; orders from AT 2, BE 2, CY 1
    file: 'end-user-statistics-reporting-appendix2.xml',
    month: '2023-12',
    reporter: 'PDE000001',
    complete: true,
    rows: eusrRows('PDE000001', '2023-12', [
      { endUser: 'A1', country: 'AT', sends: [INV, ORD] },
      { endUser: 'A2', country: 'AT', sends: [INV, ORD] },
      { endUser: 'A3', country: 'AT', sends: [INV] },
      { endUser: 'B1', country: 'BE', sends: [INV, ORD] },
      { endUser: 'B2', country: 'BE', sends: [INV, ORD] },
      { endUser: 'B3', country: 'BE', sends: [INV] },
      { endUser: 'C1', country: 'CY', sends: [INV, ORD] },
      { endUser: 'C2', country: 'CY', sends: [INV] },
      { endUser: 'C3', country: 'CY', sends: [INV] },
    ]),
  },
  {
    // five senders of credit notes, four of them of invoices; one of them in PT (the example shows only
    // some of the subsets: the others are in ours too)
    file: 'end-user-statistics-reporting-2.xml',
    month: '2022-01',
    reporter: 'POP000360',
    complete: false,
    rows: eusrRows('POP000360', '2022-01', [
      { endUser: 'U1', country: 'PT', sends: [INV, CN] },
      { endUser: 'U2', country: 'FI', sends: [INV, CN] },
      { endUser: 'U3', country: 'FI', sends: [INV, CN] },
      { endUser: 'U4', country: 'NO', sends: [INV, CN] },
      { endUser: 'U5', country: 'NO', sends: [CN] },
    ]),
  },
  {
    // one end user in PT sending invoices (the example leaves out the PerDT-PR-EUC subset, which is optional)
    file: 'end-user-statistics-reporting-minimal.xml',
    month: '2022-01',
    reporter: 'POP000360',
    complete: false,
    rows: eusrRows('POP000360', '2022-01', [{ endUser: 'U1', country: 'PT', sends: [INV] }]),
  },
  { file: 'end-user-statistics-reporting-appendix3.xml', month: '2022-01', reporter: 'POP000360', complete: true, rows: [] },
  { file: 'end-user-statistics-reporting-empty.xml', month: '2022-01', reporter: 'POP000360', complete: true, rows: [] },
];
