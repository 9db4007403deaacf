/**
 * Names of the few code values the PDF explains in words (the code itself is always shown too):
 * document kinds (UNTDID 1001, BT-3), payment means (UNTDID 4461, BT-81), VAT categories
 * (UNTDID 5305, BT-95/102/118/151) and VAT point date codes (UNTDID 2005, BT-8). These are code
 * lists, not business terms, so they are not in the BT catalogue; an unknown code is shown as
 * received, without a name.
 */
import type { Lang } from './format';

type Names = Record<string, Record<Lang, string>>;

/** UNTDID 1001 codes used by EN 16931 / Peppol BIS for invoices and credit notes. */
export const DOCUMENT_KINDS: Names = {
  '71': { fr: 'Demande de paiement', de: 'Zahlungsanforderung', en: 'Request for payment' },
  '80': { fr: 'Note de débit (biens et services)', de: 'Belastungsanzeige (Waren und Dienstleistungen)', en: 'Debit note related to goods or services' },
  '81': { fr: 'Avoir (biens et services)', de: 'Gutschrift (Waren und Dienstleistungen)', en: 'Credit note related to goods or services' },
  '82': { fr: 'Facture de services mesurés', de: 'Rechnung für Messdienstleistungen', en: 'Metered services invoice' },
  '83': { fr: 'Avoir (ajustements financiers)', de: 'Gutschrift (finanzielle Anpassungen)', en: 'Credit note related to financial adjustments' },
  '84': { fr: 'Note de débit (ajustements financiers)', de: 'Belastungsanzeige (finanzielle Anpassungen)', en: 'Debit note related to financial adjustments' },
  '102': { fr: 'Facture de tarif', de: 'Tarifrechnung', en: 'Tax notification' },
  '218': { fr: 'Demande de paiement finale', de: 'Schlusszahlungsanforderung', en: 'Final payment request' },
  '219': { fr: 'Demande de paiement après travaux', de: 'Zahlungsanforderung nach Fertigstellung', en: 'Final payment request after completion of work' },
  '261': { fr: 'Avoir en autofacturation', de: 'Gutschrift im Gutschriftsverfahren (Storno)', en: 'Self billed credit note' },
  '262': { fr: 'Avoir récapitulatif', de: 'Konsolidierte Gutschrift', en: 'Consolidated credit note - goods and services' },
  '295': { fr: 'Facture de variation de prix', de: 'Preisanpassungsrechnung', en: 'Price variation invoice' },
  '296': { fr: 'Avoir de variation de prix', de: 'Gutschrift zur Preisanpassung', en: 'Credit note for price variation' },
  '308': { fr: 'Avoir de ducroire', de: 'Delkredere-Gutschrift', en: 'Delcredere credit note' },
  '325': { fr: 'Facture pro forma', de: 'Proformarechnung', en: 'Proforma invoice' },
  '326': { fr: 'Facture partielle', de: 'Teilrechnung', en: 'Partial invoice' },
  '331': { fr: 'Facture commerciale de frais de transport', de: 'Handelsrechnung mit Transportkosten', en: 'Commercial invoice which includes a packing list' },
  '380': { fr: 'Facture', de: 'Rechnung', en: 'Invoice' },
  '381': { fr: 'Avoir', de: 'Gutschrift', en: 'Credit note' },
  '382': { fr: 'Note de commission', de: 'Provisionsabrechnung', en: 'Commission note' },
  '383': { fr: 'Note de débit', de: 'Belastungsanzeige', en: 'Debit note' },
  '384': { fr: 'Facture rectificative', de: 'Korrekturrechnung', en: 'Corrected invoice' },
  '385': { fr: 'Facture récapitulative', de: 'Sammelrechnung', en: 'Consolidated invoice' },
  '386': { fr: "Facture d'acompte", de: 'Vorauszahlungsrechnung', en: 'Prepayment invoice' },
  '387': { fr: 'Facture de location', de: 'Mietrechnung', en: 'Hire invoice' },
  '388': { fr: 'Facture de taxe', de: 'Steuerrechnung', en: 'Tax invoice' },
  '389': { fr: 'Autofacture', de: 'Gutschrift (Selbstfakturierung)', en: 'Self-billed invoice' },
  '390': { fr: 'Facture de ducroire', de: 'Delkredere-Rechnung', en: 'Delcredere invoice' },
  '393': { fr: "Facture d'affacturage", de: 'Factoring-Rechnung', en: 'Factored invoice' },
  '394': { fr: 'Facture de crédit-bail', de: 'Leasingrechnung', en: 'Lease invoice' },
  '395': { fr: 'Facture de consignation', de: 'Konsignationsrechnung', en: 'Consignment invoice' },
  '396': { fr: "Avoir d'affacturage", de: 'Factoring-Gutschrift', en: 'Factored credit note' },
  '420': { fr: 'Avoir en optique', de: 'Optik-Gutschrift', en: 'Optical Character Reading (OCR) payment credit note' },
  '456': { fr: 'Note de débit de correction', de: 'Belastungsanzeige zur Korrektur', en: 'Debit advice' },
  '457': { fr: "Note d'annulation de débit", de: 'Stornierung einer Belastung', en: 'Reversal of debit' },
  '458': { fr: "Note d'annulation de crédit", de: 'Stornierung einer Gutschrift', en: 'Reversal of credit' },
  '527': { fr: 'Note de débit autofacturée', de: 'Selbst ausgestellte Belastungsanzeige', en: 'Self billed debit note' },
  '532': { fr: "Avoir de l'expéditeur", de: 'Gutschrift des Spediteurs', en: "Forwarder's credit note" },
  '553': { fr: "Facture de l'expéditeur", de: 'Rechnung des Spediteurs', en: "Forwarder's invoice discrepancy report" },
  '575': { fr: "Facture de l'assureur", de: 'Versicherungsrechnung', en: "Insurer's invoice" },
  '623': { fr: 'Facture du transitaire', de: 'Speditionsrechnung', en: "Forwarder's invoice" },
  '633': { fr: 'Facture portuaire', de: 'Hafenkostenrechnung', en: 'Port charges documents' },
  '751': { fr: 'Facture pour information comptable', de: 'Rechnungsinformation für Buchhaltungszwecke', en: 'Invoice information for accounting purposes' },
  '780': { fr: 'Facture de fret', de: 'Frachtrechnung', en: 'Freight invoice' },
  '817': { fr: 'Facture de réclamation', de: 'Forderungsmitteilung', en: 'Claim notification' },
  '870': { fr: 'Facture consulaire', de: 'Konsulatsfaktura', en: 'Consular invoice' },
  '875': { fr: 'Facture partielle de travaux', de: 'Abschlagsrechnung (Bauleistung)', en: 'Partial construction invoice' },
  '876': { fr: 'Facture partielle finale de travaux', de: 'Teilschlussrechnung (Bauleistung)', en: 'Partial final construction invoice' },
  '877': { fr: 'Facture finale de travaux', de: 'Schlussrechnung (Bauleistung)', en: 'Final construction invoice' },
  '935': { fr: 'Facture douanière', de: 'Zollrechnung', en: 'Customs invoice' },
};

/** Generic titles when the type code is unknown, by model kind. */
export const GENERIC_KIND: Record<'invoice' | 'credit-note', Record<Lang, string>> = {
  invoice: { fr: 'Facture', de: 'Rechnung', en: 'Invoice' },
  'credit-note': { fr: 'Avoir', de: 'Gutschrift', en: 'Credit note' },
};

/** UNTDID 4461 payment means used in practice. */
export const PAYMENT_MEANS: Names = {
  '1': { fr: 'Non défini', de: 'Nicht definiert', en: 'Instrument not defined' },
  '10': { fr: 'Espèces', de: 'Barzahlung', en: 'In cash' },
  '20': { fr: 'Chèque', de: 'Scheck', en: 'Cheque' },
  '30': { fr: 'Virement', de: 'Überweisung', en: 'Credit transfer' },
  '31': { fr: 'Virement (débit)', de: 'Lastschriftüberweisung', en: 'Debit transfer' },
  '42': { fr: 'Paiement sur compte bancaire', de: 'Zahlung auf Bankkonto', en: 'Payment to bank account' },
  '48': { fr: 'Carte bancaire', de: 'Bankkarte', en: 'Bank card' },
  '49': { fr: 'Prélèvement', de: 'Lastschrift', en: 'Direct debit' },
  '54': { fr: 'Carte de crédit', de: 'Kreditkarte', en: 'Credit card' },
  '55': { fr: 'Carte de débit', de: 'Debitkarte', en: 'Debit card' },
  '57': { fr: 'Accord permanent', de: 'Dauerauftrag', en: 'Standing agreement' },
  '58': { fr: 'Virement SEPA', de: 'SEPA-Überweisung', en: 'SEPA credit transfer' },
  '59': { fr: 'Prélèvement SEPA', de: 'SEPA-Lastschrift', en: 'SEPA direct debit' },
  '68': { fr: 'Paiement en ligne', de: 'Online-Zahlung', en: 'Online payment service' },
  '97': { fr: 'Compensation entre partenaires', de: 'Verrechnung zwischen Partnern', en: 'Clearing between partners' },
  ZZZ: { fr: 'Convenu entre les parties', de: 'Zwischen den Parteien vereinbart', en: 'Mutually defined' },
};

/** UNTDID 5305 VAT categories of EN 16931. */
export const VAT_CATEGORIES: Names = {
  S: { fr: 'Taux normal', de: 'Normalsatz', en: 'Standard rate' },
  Z: { fr: 'Taux zéro', de: 'Nullsatz', en: 'Zero rated' },
  E: { fr: 'Exonéré', de: 'Steuerbefreit', en: 'Exempt' },
  AE: { fr: 'Autoliquidation', de: 'Umkehrung der Steuerschuld', en: 'Reverse charge' },
  K: { fr: 'Livraison intracommunautaire', de: 'Innergemeinschaftliche Lieferung', en: 'Intra-community supply' },
  G: { fr: 'Exportation hors UE', de: 'Ausfuhr', en: 'Export outside the EU' },
  O: { fr: 'Hors champ de la TVA', de: 'Nicht steuerbar', en: 'Not subject to VAT' },
  L: { fr: 'IGIC (Canaries)', de: 'IGIC (Kanaren)', en: 'IGIC (Canary Islands)' },
  M: { fr: 'IPSI (Ceuta et Melilla)', de: 'IPSI (Ceuta und Melilla)', en: 'IPSI (Ceuta and Melilla)' },
  B: { fr: 'Autoliquidation (Italie)', de: 'Split Payment (Italien)', en: 'Split payment (Italy)' },
};

/** UNTDID 2005 codes allowed for BT-8. */
export const VAT_POINT_CODES: Names = {
  '3': { fr: 'Date de facture', de: 'Rechnungsdatum', en: 'Invoice document issue date' },
  '35': { fr: 'Date de livraison effective', de: 'Tatsächliches Lieferdatum', en: 'Actual delivery date' },
  '432': { fr: 'Date de paiement', de: 'Zahlungsdatum', en: 'Paid to date' },
  '5': { fr: 'Date de facture', de: 'Rechnungsdatum', en: 'Invoice document issue date' },
  '29': { fr: 'Date de livraison effective', de: 'Tatsächliches Lieferdatum', en: 'Actual delivery date' },
  '72': { fr: 'Date de paiement', de: 'Zahlungsdatum', en: 'Paid to date' },
};

/** `code – name`, or the code alone when it has no name here. */
export function codeWithName(list: Names, code: string, lang: Lang): string {
  const n = list[code.trim()];
  return n ? `${code} – ${n[lang]}` : code;
}
