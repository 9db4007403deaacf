/**
 * Peppol BIS Invoice Response 3.1 (transaction T111): the code lists, as declared tables.
 *
 * The codes are exactly those of the official rules (`PEPPOLBIS-T111.sch`, release 2026.5):
 *  - Invoice status code, UNCL4343 subset (`clUNCL4343-T111`): AB AP RE IP UQ CA PD;
 *  - Status clarification reason, OpenPeppol (`clOPStatusReason`, listID `OPStatusReason`):
 *    NON REF LEG REC QUA DEL PRI QTY ITM PAY UNR FIN PPD OTH;
 *  - Status clarification action, OpenPeppol (`clOPStatusAction`, listID `OPStatusAction`):
 *    NOA PIN NIN CNF CNP CNA OTH.
 * The English names and descriptions follow the OpenPeppol code lists of the specification; the French
 * and German names are the hub's translations (the specification is published in English only).
 *
 * The transition table (which status may follow which) is the hub's own reading of the specification's
 * status sequence ("AB, IP, UQ, CA, RE, AP, PD: the status of an invoice advances in this order; any
 * status may be the first one used, or be omitted; UQ may be repeated; payment may come in steps"),
 * written down in `docs/invoice-response.md`. T111 itself checks one message at a time and says nothing
 * about sequences: these are HUB-IR-… rules.
 */

export interface CodeNames {
  fr: string;
  de: string;
  en: string;
}

export interface CodeEntry extends CodeNames {
  /** The meaning, in English, as the code list gives it. */
  description: string;
}

// ── Invoice status (UNCL4343 subset) ───────────────────────────────────────────────────────────

export const RESPONSE_CODES = ['AB', 'IP', 'UQ', 'CA', 'RE', 'AP', 'PD'] as const;
export type ResponseCode = (typeof RESPONSE_CODES)[number];

export const responseCodes: Readonly<Record<ResponseCode, CodeEntry>> = {
  AB: {
    en: 'Message acknowledgement',
    fr: 'Accusé de réception',
    de: 'Empfangsbestätigung',
    description: 'The buyer has received the invoice and can process it further (a readable invoice has been delivered).',
  },
  IP: {
    en: 'In process',
    fr: 'En cours de traitement',
    de: 'In Bearbeitung',
    description: 'The referenced invoice is being processed.',
  },
  UQ: {
    en: 'Under query',
    fr: 'En attente de précisions',
    de: 'Rückfrage',
    description: 'Processing of the invoice has been halted pending a response to a query (to the seller).',
  },
  CA: {
    en: 'Conditionally accepted',
    fr: 'Accepté sous conditions',
    de: 'Unter Bedingungen angenommen',
    description: 'The invoice has been accepted under the conditions stated in the response.',
  },
  RE: {
    en: 'Rejected',
    fr: 'Rejeté',
    de: 'Abgelehnt',
    description: 'The invoice is not accepted; the buyer will not process it further.',
  },
  AP: {
    en: 'Accepted',
    fr: 'Accepté',
    de: 'Angenommen',
    description: 'The invoice has been accepted; the seller can expect payment.',
  },
  PD: {
    en: 'Paid',
    fr: 'Payé',
    de: 'Bezahlt',
    description: 'Payment of the invoice has been initiated (in full, or partly with clarification PPD).',
  },
};

// ── Clarification reasons (OPStatusReason) ────────────────────────────────────────────────────

export const REASON_LIST_ID = 'OPStatusReason';
export const REASON_CODES = ['NON', 'REF', 'LEG', 'REC', 'QUA', 'DEL', 'PRI', 'QTY', 'ITM', 'PAY', 'UNR', 'FIN', 'PPD', 'OTH'] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export const reasonCodes: Readonly<Record<ReasonCode, CodeEntry>> = {
  NON: { en: 'No issue', fr: 'Aucun problème', de: 'Kein Problem', description: 'The status is updated and there is no problem with processing the invoice.' },
  REF: {
    en: 'References incorrect',
    fr: 'Références incorrectes',
    de: 'Referenzen fehlerhaft',
    description: 'The invoice lacks the references the buyer needs to route it for approval or processing.',
  },
  LEG: { en: 'Legal information incorrect', fr: 'Mentions légales incorrectes', de: 'Rechtliche Angaben fehlerhaft', description: 'Information in the invoice does not meet legal requirements.' },
  REC: { en: 'Receiver unknown', fr: 'Destinataire inconnu', de: 'Empfänger unbekannt', description: 'The party to which the invoice is addressed is not known.' },
  QUA: { en: 'Item quality insufficient', fr: 'Qualité insuffisante', de: 'Qualität ungenügend', description: 'Unacceptable or incorrect quality.' },
  DEL: { en: 'Delivery issues', fr: 'Problème de livraison', de: 'Lieferprobleme', description: 'The delivery proposed or provided is not acceptable.' },
  PRI: { en: 'Prices incorrect', fr: 'Prix incorrects', de: 'Preise fehlerhaft', description: 'Prices are not as expected.' },
  QTY: { en: 'Quantity incorrect', fr: 'Quantités incorrectes', de: 'Mengen fehlerhaft', description: 'Quantities are not as expected.' },
  ITM: { en: 'Items incorrect', fr: 'Articles incorrects', de: 'Artikel fehlerhaft', description: 'Items are not as expected.' },
  PAY: { en: 'Payment terms incorrect', fr: 'Conditions de paiement incorrectes', de: 'Zahlungsbedingungen fehlerhaft', description: 'Payment terms are not as expected.' },
  UNR: { en: 'Not recognized', fr: 'Transaction non reconnue', de: 'Nicht erkannt', description: 'The commercial transaction is not recognised.' },
  FIN: { en: 'Finance incorrect', fr: 'Conditions financières incorrectes', de: 'Finanzierungsbedingungen fehlerhaft', description: 'Finance terms are not as expected.' },
  PPD: {
    en: 'Partially paid',
    fr: 'Payé partiellement',
    de: 'Teilweise bezahlt',
    description: 'The invoice is partly but not fully paid (only with status PD; the clarification text is mandatory).',
  },
  OTH: { en: 'Other', fr: 'Autre', de: 'Sonstiges', description: 'The reason is not defined by a code (a clarification text should say it).' },
};

// ── Clarification actions (OPStatusAction) ────────────────────────────────────────────────────

export const ACTION_LIST_ID = 'OPStatusAction';
export const ACTION_CODES = ['NOA', 'PIN', 'NIN', 'CNF', 'CNP', 'CNA', 'OTH'] as const;
export type ActionCode = (typeof ACTION_CODES)[number];

export const actionCodes: Readonly<Record<ActionCode, CodeEntry>> = {
  NOA: { en: 'No action required', fr: 'Aucune action requise', de: 'Keine Aktion erforderlich', description: 'No action is required from the seller.' },
  PIN: { en: 'Provide information', fr: 'Fournir des informations', de: 'Informationen nachreichen', description: 'Provide the missing information without issuing a new invoice.' },
  NIN: { en: 'Issue new invoice', fr: 'Émettre une nouvelle facture', de: 'Neue Rechnung ausstellen', description: 'Issue a corrected invoice in place of this one.' },
  CNF: { en: 'Credit fully', fr: 'Créditer intégralement', de: 'Vollständig gutschreiben', description: 'Cancel the referenced invoice in full with a credit note.' },
  CNP: { en: 'Credit partially', fr: 'Créditer partiellement', de: 'Teilweise gutschreiben', description: 'Issue a partial credit note for the corrections only.' },
  CNA: { en: 'Credit the amount', fr: 'Créditer le montant', de: 'Betrag gutschreiben', description: 'Repay the amount paid on the invoice.' },
  OTH: { en: 'Other', fr: 'Autre', de: 'Sonstiges', description: 'The requested action is not defined by a code (a clarification text should say it).' },
};

export const isResponseCode = (c: string): c is ResponseCode => (RESPONSE_CODES as readonly string[]).includes(c);
export const isReasonCode = (c: string): c is ReasonCode => (REASON_CODES as readonly string[]).includes(c);
export const isActionCode = (c: string): c is ActionCode => (ACTION_CODES as readonly string[]).includes(c);

// ── Transitions ───────────────────────────────────────────────────────────────────────────────

/**
 * Which status may be sent after which (the last one sent for the invoice); `null` is "nothing sent yet".
 * The choices (see docs/invoice-response.md):
 *  - any status may be the first (the specification: a status may be omitted), but AB only first: it
 *    acknowledges receipt, which nothing comes before;
 *  - the order is AB → IP → UQ → CA → RE | AP → PD, never backwards;
 *  - IP and UQ may be repeated (IP with a new effective date when processing is postponed, UC 2b; UQ for
 *    another query);
 *  - RE is final, unless the Authority reopens the invoice (then as after IP: UQ, CA, RE, AP, PD, or IP);
 *  - AP leads only to PD; nothing follows PD but PD (payment in steps: PD with PPD, then PD).
 */
export const transitions: Readonly<Record<ResponseCode | 'none', readonly ResponseCode[]>> = {
  none: ['AB', 'IP', 'UQ', 'CA', 'RE', 'AP', 'PD'],
  AB: ['IP', 'UQ', 'CA', 'RE', 'AP', 'PD'],
  IP: ['IP', 'UQ', 'CA', 'RE', 'AP', 'PD'],
  UQ: ['UQ', 'CA', 'RE', 'AP', 'PD'],
  CA: ['RE', 'AP', 'PD'],
  RE: [],
  AP: ['PD'],
  PD: ['PD'],
};

/** After the Authority has reopened a rejected invoice. */
export const afterReopening: readonly ResponseCode[] = ['IP', 'UQ', 'CA', 'RE', 'AP', 'PD'];

/** Statuses that need at least one clarification code (reason or action): PEPPOL-T111-R001. */
export const NEEDS_CLARIFICATION: readonly ResponseCode[] = ['CA', 'UQ', 'RE'];

/** The name of a code in a language. */
export function codeName(entry: CodeNames, lang: keyof CodeNames): string {
  return entry[lang];
}
