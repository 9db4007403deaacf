/**
 * The canonical invoice: one typed model for UBL Invoice, UBL CreditNote and CII (and their
 * self-billing variants), keyed by EN 16931 BT/BG ids. The types are derived from the catalogue
 * (`model/catalogue.ts`), so the table is the only place a term is declared.
 *
 * - amounts, quantities, percentages: exact decimal strings as written in the source (never floats);
 * - dates: ISO `YYYY-MM-DD`;
 * - identifiers with a scheme: `{ value, scheme?, schemeVersion? }`;
 * - attachments (BT-125): mime type, file name and size, content on demand (`bytes()`);
 * - a value that could not be normalised (empty amount, `2024-12-01;2024-11-20` as a date…) is kept
 *   as its raw text and listed in `anomalies`;
 * - content of the source that no BT carries is listed in `unmapped`.
 *
 * Single-valued terms/groups are optional properties; repeating ones are always-present arrays.
 */
import type { terms, TermId } from './catalogue';

export type { TermId } from './catalogue';

/** An identifier with its scheme (BT-29-1, BT-34-1, …) and, for BT-158, the scheme version (BT-158-2). */
export interface Identifier {
  value: string;
  scheme?: string;
  schemeVersion?: string;
}

/** An attached document (BT-125): mime code (BT-125-1), file name (BT-125-2), decoded on demand. */
export class BinaryObject {
  readonly mimeCode: string;
  readonly filename: string;
  /** Size in bytes of the decoded content (estimated from the base64 text, exact for well-formed base64). */
  readonly size: number;
  readonly #base64: string;

  constructor(mimeCode: string, filename: string, base64: string) {
    this.mimeCode = mimeCode;
    this.filename = filename;
    this.#base64 = base64.replace(/\s+/g, '');
    const pad = this.#base64.endsWith('==') ? 2 : this.#base64.endsWith('=') ? 1 : 0;
    this.size = Math.max(0, Math.floor((this.#base64.length * 3) / 4) - pad);
  }

  /** The content as base64 text (whitespace removed). */
  base64(): string {
    return this.#base64;
  }

  /** The decoded content. */
  bytes(): Buffer {
    return Buffer.from(this.#base64, 'base64');
  }

  toJSON(): { mimeCode: string; filename: string; size: number } {
    return { mimeCode: this.mimeCode, filename: this.filename, size: this.size };
  }
}

/** The lexical form of an EN 16931 amount, quantity or percentage: digits, optional sign and decimal point (no exponent, no grouping). */
export function isDecimal(s: string): boolean {
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s);
}

type Def = (typeof terms)[number];
type Repeats<C> = C extends '0..n' | '1..n' ? true : false;

/** The TypeScript type of one value of a given catalogue data type. */
export type ValueOfType<T> = T extends 'scheme-identifier' ? Identifier : T extends 'binary' ? BinaryObject : string;

type ValueOf<E extends Def> = E['type'] extends 'group' ? Group<E['id']> : ValueOfType<E['type']>;
type Children<P> = Extract<Def, { parent: P }>;

/** The members of a group (or of the invoice itself when `P` is null), keyed by BT/BG id. */
export type Group<P extends string | null> = {
  [E in Children<P> as Repeats<E['card']> extends true ? E['id'] : never]: ValueOf<E>[];
} & {
  [E in Children<P> as Repeats<E['card']> extends true ? never : E['id']]?: ValueOf<E>;
};

/** All business terms of an invoice, BT/BG keyed (`terms['BG-4']?.['BT-27']`). */
export type InvoiceTerms = Group<null>;

export type InvoiceNote = Group<'BG-1'>;
export type ProcessControl = Group<'BG-2'>;
export type PrecedingInvoiceReference = Group<'BG-3'>;
export type Seller = Group<'BG-4'>;
export type PostalAddress = Group<'BG-5'>;
export type Contact = Group<'BG-6'>;
export type Buyer = Group<'BG-7'>;
export type Payee = Group<'BG-10'>;
export type TaxRepresentative = Group<'BG-11'>;
export type DeliveryInformation = Group<'BG-13'>;
export type InvoicingPeriod = Group<'BG-14'>;
export type PaymentInstructions = Group<'BG-16'>;
export type CreditTransfer = Group<'BG-17'>;
export type PaymentCard = Group<'BG-18'>;
export type DirectDebit = Group<'BG-19'>;
export type DocumentAllowance = Group<'BG-20'>;
export type DocumentCharge = Group<'BG-21'>;
export type DocumentTotals = Group<'BG-22'>;
export type VatBreakdown = Group<'BG-23'>;
export type SupportingDocument = Group<'BG-24'>;
export type InvoiceLine = Group<'BG-25'>;
export type LinePeriod = Group<'BG-26'>;
export type LineAllowance = Group<'BG-27'>;
export type LineCharge = Group<'BG-28'>;
export type PriceDetails = Group<'BG-29'>;
export type LineVat = Group<'BG-30'>;
export type ItemInformation = Group<'BG-31'>;
export type ItemAttribute = Group<'BG-32'>;

/** A value that was kept raw because it could not be read as its data type, or a repetition the model cannot hold. */
export interface Anomaly {
  /** The BT/BG concerned. */
  term: TermId;
  /** Where in the source (XPath with positions, e.g. `/Invoice/cac:InvoiceLine[3]/cbc:LineExtensionAmount`). */
  location: string;
  /** The raw text as found. */
  raw: string;
  message: string;
}

/** Source content that no BT carries (kept as extension data, reported by `inspect`). */
export interface UnmappedNode {
  /** XPath with positions of the element, or of the attribute (`…/@listID`). */
  location: string;
  /** Its text (elements with text content) or value (attributes). */
  value: string;
}

export type Syntax = 'ubl' | 'cii';
export type DocumentKind = 'invoice' | 'credit-note';

export interface CanonicalInvoice {
  /** The syntax it was read from (`ubl` for a model built otherwise and written as UBL). */
  syntax: Syntax;
  /** UBL root element (Invoice/CreditNote), or for CII derived from BT-3. */
  kind: DocumentKind;
  /** Every business term present, BT/BG keyed. */
  terms: InvoiceTerms;
  anomalies: Anomaly[];
  unmapped: UnmappedNode[];
}
