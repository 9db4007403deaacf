/**
 * The code lists whose values the hub explains in words (FR/DE/EN): one table per list, each naming
 * its source and the business terms that use it. The English names are those of the EN 16931 code
 * lists (the UN/CEFACT lists as published for EN 16931 by CEN/TC 434; UN/ECE Recommendation 20/21
 * for units, where "unit" is shown for C62, officially "one"); French and German are the usual names
 * of those codes in French and German e-invoicing (Factur-X, XRechnung).
 *
 * Code lists are not business terms, so they are not in the BT catalogue (`catalogue.ts`). A code
 * missing from a table is shown as received, without a name; a table need not hold a whole list
 * (payment means and units list the codes in common use — each table says so).
 *
 * Used by the PDF (templates/pdf); the portal should use the same tables (VAT_CATEGORIES,
 * PAYMENT_MEANS, UNITS) instead of its own copies.
 */
import type { Labels } from './catalogue';

export type CodeName = Labels;

export interface CodeList<E extends CodeName = CodeName> {
  /** The list, as EN 16931 names it (`UNTDID 5305`). */
  id: string;
  /** Where the codes and English names come from, and how complete the table is. */
  source: string;
  /** The business terms whose values come from this list. */
  terms: readonly string[];
  codes: Readonly<Record<string, E>>;
}

export interface DocumentType extends CodeName {
  /** What the document is for the buyer: an invoice (debit) or a credit note. */
  kind: 'invoice' | 'credit-note';
  /** Issued by the buyer on behalf of the seller (self-billing). */
  selfBilled?: true;
}

/** BT-3, UNTDID 1001: the invoice and credit note type codes EN 16931 allows. */
export const DOCUMENT_TYPES: CodeList<DocumentType> = {
  id: 'UNTDID 1001',
  source: 'UNTDID 1001 (D.16B), the subset of the EN 16931 code lists for BT-3 (complete)',
  terms: ['BT-3'],
  codes: {
    '71': { kind: 'invoice', en: 'Request for payment', fr: 'Demande de paiement', de: 'Zahlungsanforderung' },
    '80': { kind: 'invoice', en: 'Debit note related to goods or services', fr: 'Note de débit (biens ou services)', de: 'Belastungsanzeige (Waren oder Dienstleistungen)' },
    '81': { kind: 'credit-note', en: 'Credit note related to goods or services', fr: 'Avoir (biens ou services)', de: 'Gutschrift (Waren oder Dienstleistungen)' },
    '82': { kind: 'invoice', en: 'Metered services invoice', fr: 'Facture de services mesurés', de: 'Rechnung über Messdienstleistungen' },
    '83': { kind: 'credit-note', en: 'Credit note related to financial adjustments', fr: 'Avoir (ajustements financiers)', de: 'Gutschrift (finanzielle Anpassungen)' },
    '84': { kind: 'invoice', en: 'Debit note related to financial adjustments', fr: 'Note de débit (ajustements financiers)', de: 'Belastungsanzeige (finanzielle Anpassungen)' },
    '102': { kind: 'invoice', en: 'Tax notification', fr: 'Avis d’imposition', de: 'Steuerbescheid' },
    '130': { kind: 'invoice', en: 'Invoicing data sheet', fr: 'Fiche de données de facturation', de: 'Rechnungsdatenblatt' },
    '202': { kind: 'invoice', en: 'Direct payment valuation', fr: 'Évaluation pour paiement direct', de: 'Direkte Zahlungsbewertung' },
    '203': { kind: 'invoice', en: 'Provisional payment valuation', fr: 'Évaluation pour paiement provisoire', de: 'Vorläufige Zahlungsbewertung' },
    '204': { kind: 'invoice', en: 'Payment valuation', fr: 'Évaluation pour paiement', de: 'Zahlungsbewertung' },
    '211': { kind: 'invoice', en: 'Interim application for payment', fr: 'Demande de paiement intermédiaire', de: 'Abschlagszahlungsanforderung' },
    '218': { kind: 'invoice', en: 'Final payment request based on completion of work', fr: 'Demande de paiement final après achèvement des travaux', de: 'Schlusszahlungsanforderung nach Fertigstellung' },
    '219': { kind: 'invoice', en: 'Payment request for completed units', fr: 'Demande de paiement pour unités achevées', de: 'Zahlungsanforderung für fertiggestellte Einheiten' },
    '261': { kind: 'credit-note', selfBilled: true, en: 'Self billed credit note', fr: 'Avoir autofacturé', de: 'Selbst ausgestellte Gutschrift' },
    '262': { kind: 'credit-note', en: 'Consolidated credit note - goods and services', fr: 'Avoir récapitulatif (biens et services)', de: 'Sammelgutschrift (Waren und Dienstleistungen)' },
    '295': { kind: 'invoice', en: 'Price variation invoice', fr: 'Facture de variation de prix', de: 'Preisanpassungsrechnung' },
    '296': { kind: 'credit-note', en: 'Credit note for price variation', fr: 'Avoir pour variation de prix', de: 'Gutschrift zur Preisanpassung' },
    '308': { kind: 'credit-note', en: 'Delcredere credit note', fr: 'Avoir ducroire', de: 'Delkredere-Gutschrift' },
    '325': { kind: 'invoice', en: 'Proforma invoice', fr: 'Facture pro forma', de: 'Proformarechnung' },
    '326': { kind: 'invoice', en: 'Partial invoice', fr: 'Facture partielle', de: 'Teilrechnung' },
    '331': { kind: 'invoice', en: 'Commercial invoice which includes a packing list', fr: 'Facture commerciale avec liste de colisage', de: 'Handelsrechnung mit Packliste' },
    '380': { kind: 'invoice', en: 'Commercial invoice', fr: 'Facture commerciale', de: 'Handelsrechnung' },
    '381': { kind: 'credit-note', en: 'Credit note', fr: 'Avoir', de: 'Gutschrift' },
    '382': { kind: 'invoice', en: 'Commission note', fr: 'Note de commission', de: 'Provisionsabrechnung' },
    '383': { kind: 'invoice', en: 'Debit note', fr: 'Note de débit', de: 'Belastungsanzeige' },
    '384': { kind: 'invoice', en: 'Corrected invoice', fr: 'Facture rectificative', de: 'Rechnungskorrektur' },
    '385': { kind: 'invoice', en: 'Consolidated invoice', fr: 'Facture récapitulative', de: 'Sammelrechnung' },
    '386': { kind: 'invoice', en: 'Prepayment invoice', fr: 'Facture d’acompte', de: 'Vorauszahlungsrechnung' },
    '387': { kind: 'invoice', en: 'Hire invoice', fr: 'Facture de location', de: 'Mietrechnung' },
    '388': { kind: 'invoice', en: 'Tax invoice', fr: 'Facture fiscale', de: 'Steuerrechnung' },
    '389': { kind: 'invoice', selfBilled: true, en: 'Self-billed invoice', fr: 'Autofacture', de: 'Selbst ausgestellte Rechnung (Gutschriftsverfahren)' },
    '390': { kind: 'invoice', en: 'Delcredere invoice', fr: 'Facture ducroire', de: 'Delkredere-Rechnung' },
    '393': { kind: 'invoice', en: 'Factored invoice', fr: 'Facture affacturée', de: 'Factoring-Rechnung' },
    '394': { kind: 'invoice', en: 'Lease invoice', fr: 'Facture de crédit-bail', de: 'Leasingrechnung' },
    '395': { kind: 'invoice', en: 'Consignment invoice', fr: 'Facture de consignation', de: 'Konsignationsrechnung' },
    '396': { kind: 'credit-note', en: 'Factored credit note', fr: 'Avoir affacturé', de: 'Factoring-Gutschrift' },
    '420': { kind: 'credit-note', en: 'Optical Character Reading (OCR) payment credit note', fr: 'Avoir de paiement à lecture optique (OCR)', de: 'Gutschrift mit OCR-Zahlung' },
    '456': { kind: 'invoice', en: 'Debit advice', fr: 'Avis de débit', de: 'Lastschriftanzeige' },
    '457': { kind: 'invoice', en: 'Reversal of debit', fr: 'Annulation de débit', de: 'Stornierung einer Belastung' },
    '458': { kind: 'credit-note', en: 'Reversal of credit', fr: 'Annulation de crédit', de: 'Stornierung einer Gutschrift' },
    '527': { kind: 'invoice', selfBilled: true, en: 'Self billed debit note', fr: 'Note de débit autofacturée', de: 'Selbst ausgestellte Belastungsanzeige' },
    '532': { kind: 'credit-note', en: "Forwarder's credit note", fr: 'Avoir du transitaire', de: 'Gutschrift des Spediteurs' },
    '553': { kind: 'invoice', en: "Forwarder's invoice discrepancy report", fr: 'Rapport d’écart sur facture du transitaire', de: 'Abweichungsbericht zur Speditionsrechnung' },
    '575': { kind: 'invoice', en: "Insurer's invoice", fr: 'Facture de l’assureur', de: 'Versicherungsrechnung' },
    '623': { kind: 'invoice', en: "Forwarder's invoice", fr: 'Facture du transitaire', de: 'Speditionsrechnung' },
    '633': { kind: 'invoice', en: 'Port charges documents', fr: 'Facture de frais portuaires', de: 'Hafenkostenrechnung' },
    '751': { kind: 'invoice', en: 'Invoice information for accounting purposes', fr: 'Informations de facture à des fins comptables', de: 'Rechnungsinformationen für Buchhaltungszwecke' },
    '780': { kind: 'invoice', en: 'Freight invoice', fr: 'Facture de fret', de: 'Frachtrechnung' },
    '817': { kind: 'invoice', en: 'Claim notification', fr: 'Notification de réclamation', de: 'Forderungsmitteilung' },
    '870': { kind: 'invoice', en: 'Consular invoice', fr: 'Facture consulaire', de: 'Konsulatsfaktura' },
    '875': { kind: 'invoice', en: 'Partial construction invoice', fr: 'Facture partielle de travaux', de: 'Abschlagsrechnung (Bauleistung)' },
    '876': { kind: 'invoice', en: 'Partial final construction invoice', fr: 'Facture partielle finale de travaux', de: 'Teilschlussrechnung (Bauleistung)' },
    '877': { kind: 'invoice', en: 'Final construction invoice', fr: 'Facture finale de travaux', de: 'Schlussrechnung (Bauleistung)' },
    '935': { kind: 'invoice', en: 'Customs invoice', fr: 'Facture douanière', de: 'Zollrechnung' },
  },
};

/** BT-81, UNTDID 4461: payment means (the codes in common use; others are shown as code only). */
export const PAYMENT_MEANS: CodeList = {
  id: 'UNTDID 4461',
  source: 'UNTDID 4461 (D.16B) as used by EN 16931 for BT-81; the codes in common use (the list has about 80)',
  terms: ['BT-81'],
  codes: {
    '1': { en: 'Instrument not defined', fr: 'Moyen non défini', de: 'Zahlungsmittel nicht definiert' },
    '2': { en: 'Automated clearing house credit', fr: 'Crédit par chambre de compensation automatisée', de: 'Gutschrift über automatisierte Clearingstelle' },
    '3': { en: 'Automated clearing house debit', fr: 'Débit par chambre de compensation automatisée', de: 'Lastschrift über automatisierte Clearingstelle' },
    '9': { en: 'National or regional clearing', fr: 'Compensation nationale ou régionale', de: 'Nationales oder regionales Clearing' },
    '10': { en: 'In cash', fr: 'Espèces', de: 'Bargeld' },
    '20': { en: 'Cheque', fr: 'Chèque', de: 'Scheck' },
    '21': { en: "Banker's draft", fr: 'Traite bancaire', de: 'Bankwechsel' },
    '30': { en: 'Credit transfer', fr: 'Virement', de: 'Überweisung' },
    '31': { en: 'Debit transfer', fr: 'Transfert de débit', de: 'Lastschriftübertragung' },
    '42': { en: 'Payment to bank account', fr: 'Paiement sur compte bancaire', de: 'Zahlung auf ein Bankkonto' },
    '48': { en: 'Bank card', fr: 'Carte bancaire', de: 'Bankkarte' },
    '49': { en: 'Direct debit', fr: 'Prélèvement', de: 'Lastschrift' },
    '50': { en: 'Payment by postgiro', fr: 'Paiement par virement postal', de: 'Zahlung per Postgiro' },
    '54': { en: 'Credit card', fr: 'Carte de crédit', de: 'Kreditkarte' },
    '55': { en: 'Debit card', fr: 'Carte de débit', de: 'Debitkarte' },
    '56': { en: 'Bankgiro', fr: 'Bankgiro', de: 'Bankgiro' },
    '57': { en: 'Standing agreement', fr: 'Accord permanent', de: 'Dauerauftrag' },
    '58': { en: 'SEPA credit transfer', fr: 'Virement SEPA', de: 'SEPA-Überweisung' },
    '59': { en: 'SEPA direct debit', fr: 'Prélèvement SEPA', de: 'SEPA-Lastschrift' },
    '68': { en: 'Online payment service', fr: 'Service de paiement en ligne', de: 'Online-Zahlungsdienst' },
    '93': { en: 'Reference giro', fr: 'Virement avec référence', de: 'Referenzgiro' },
    '97': { en: 'Clearing between partners', fr: 'Compensation entre partenaires', de: 'Verrechnung zwischen Partnern' },
    ZZZ: { en: 'Mutually defined', fr: 'Défini d’un commun accord', de: 'Gegenseitig vereinbart' },
  },
};

/** BT-95, BT-102, BT-118, BT-151, UNTDID 5305: the VAT category codes EN 16931 allows. */
export const VAT_CATEGORIES: CodeList = {
  id: 'UNTDID 5305',
  source: 'UNTDID 5305 (D.16B), the subset of the EN 16931 code lists for VAT categories (complete)',
  terms: ['BT-95', 'BT-102', 'BT-118', 'BT-151'],
  codes: {
    S: { en: 'Standard rate', fr: 'Taux normal', de: 'Normalsatz' },
    Z: { en: 'Zero rated goods', fr: 'Taux zéro', de: 'Nullsatz' },
    E: { en: 'Exempt from tax', fr: 'Exonéré de TVA', de: 'Steuerbefreit' },
    AE: { en: 'VAT reverse charge', fr: 'Autoliquidation', de: 'Umkehrung der Steuerschuldnerschaft' },
    K: { en: 'VAT exempt for EEA intra-community supply of goods and services', fr: 'Exonéré\u00a0: livraison intracommunautaire', de: 'Steuerfrei: innergemeinschaftliche Lieferung' },
    G: { en: 'Free export item, VAT not charged', fr: 'Exportation hors UE, TVA non appliquée', de: 'Ausfuhr außerhalb der EU, keine Umsatzsteuer' },
    O: { en: 'Services outside scope of tax', fr: 'Hors du champ d’application de la TVA', de: 'Nicht steuerbar (außerhalb des Anwendungsbereichs)' },
    L: { en: 'Canary Islands general indirect tax', fr: 'IGIC (îles Canaries)', de: 'IGIC (Kanarische Inseln)' },
    M: { en: 'Tax for production, services and importation in Ceuta and Melilla', fr: 'IPSI (Ceuta et Melilla)', de: 'IPSI (Ceuta und Melilla)' },
    B: { en: 'Transferred (VAT), in Italy', fr: 'TVA transférée (Italie)', de: 'Übertragene Umsatzsteuer (Italien)' },
  },
};

/** BT-8 in UBL, UNTDID 2005: the VAT point date codes EN 16931 allows. */
export const VAT_POINT_DATE_CODES_UBL: CodeList = {
  id: 'UNTDID 2005',
  source: 'UNTDID 2005, the subset of the EN 16931 code lists for BT-8 in UBL (complete)',
  terms: ['BT-8'],
  codes: {
    '3': { en: 'Invoice document issue date time', fr: 'Date d’émission de la facture', de: 'Rechnungsdatum' },
    '35': { en: 'Delivery date/time, actual', fr: 'Date de livraison effective', de: 'Tatsächliches Lieferdatum' },
    '432': { en: 'Paid to date', fr: 'Date de paiement', de: 'Zahlungsdatum' },
  },
};

/** BT-8 in CII, UNTDID 2475: the same meanings with other codes. */
export const VAT_POINT_DATE_CODES_CII: CodeList = {
  id: 'UNTDID 2475',
  source: 'UNTDID 2475, the subset of the EN 16931 code lists for BT-8 in CII (complete)',
  terms: ['BT-8'],
  codes: {
    '5': { en: 'Date of invoice', fr: 'Date de la facture', de: 'Rechnungsdatum' },
    '29': { en: 'Date of delivery of goods to establishments/domicile/site', fr: 'Date de livraison des biens', de: 'Lieferdatum' },
    '72': { en: 'Paid to date', fr: 'Date de paiement', de: 'Zahlungsdatum' },
  },
};

/** BT-98, BT-140, UNTDID 5189: allowance reason codes. */
export const ALLOWANCE_REASONS: CodeList = {
  id: 'UNTDID 5189',
  source: 'UNTDID 5189 (D.16B), the subset of the EN 16931 code lists for allowance reasons (complete)',
  terms: ['BT-98', 'BT-140'],
  codes: {
    '41': { en: 'Bonus for works ahead of schedule', fr: 'Prime pour travaux en avance', de: 'Bonus für vorzeitige Fertigstellung' },
    '42': { en: 'Other bonus', fr: 'Autre prime', de: 'Sonstiger Bonus' },
    '60': { en: "Manufacturer's consumer discount", fr: 'Remise consommateur du fabricant', de: 'Verbraucherrabatt des Herstellers' },
    '62': { en: 'Due to military status', fr: 'Statut militaire', de: 'Aufgrund Militärstatus' },
    '63': { en: 'Due to work accident', fr: 'Accident du travail', de: 'Aufgrund eines Arbeitsunfalls' },
    '64': { en: 'Special agreement', fr: 'Accord spécial', de: 'Sondervereinbarung' },
    '65': { en: 'Production error discount', fr: 'Remise pour défaut de production', de: 'Rabatt wegen Produktionsfehler' },
    '66': { en: 'New outlet discount', fr: 'Remise nouveau point de vente', de: 'Rabatt für neue Verkaufsstelle' },
    '67': { en: 'Sample discount', fr: 'Remise sur échantillon', de: 'Musterrabatt' },
    '68': { en: 'End-of-range discount', fr: 'Remise de fin de série', de: 'Auslaufrabatt' },
    '70': { en: 'Incoterm discount', fr: 'Remise Incoterm', de: 'Incoterm-Rabatt' },
    '71': { en: 'Point of sales threshold allowance', fr: 'Remise de seuil au point de vente', de: 'Schwellenrabatt am Verkaufspunkt' },
    '88': { en: 'Material surcharge/deduction', fr: 'Supplément/déduction matière', de: 'Materialzuschlag/-abzug' },
    '95': { en: 'Discount', fr: 'Remise', de: 'Rabatt' },
    '100': { en: 'Special rebate', fr: 'Ristourne spéciale', de: 'Sonderrabatt' },
    '102': { en: 'Fixed long term', fr: 'Remise fixe à long terme', de: 'Langfristig fest' },
    '103': { en: 'Temporary', fr: 'Temporaire', de: 'Befristet' },
    '104': { en: 'Standard', fr: 'Standard', de: 'Standard' },
    '105': { en: 'Yearly turnover', fr: 'Chiffre d’affaires annuel', de: 'Jahresumsatz' },
  },
};

/** BT-130, BT-150, UN/ECE Recommendation 20 (with the packaging codes of Recommendation 21, X-prefixed): the units in common use. */
export const UNITS: CodeList = {
  id: 'UN/ECE Rec 20/21',
  source: 'UN/ECE Recommendation 20 (units of measure) and 21 (packaging, X-prefixed) as used by EN 16931; the units in common use (the lists have over 2,000 codes)',
  terms: ['BT-130', 'BT-150'],
  codes: {
    C62: { en: 'unit', fr: 'pièce', de: 'Stück' },
    H87: { en: 'piece', fr: 'pièce', de: 'Stück' },
    EA: { en: 'each', fr: 'unité', de: 'Stück' },
    NAR: { en: 'number of articles', fr: 'nombre d’articles', de: 'Anzahl Artikel' },
    PR: { en: 'pair', fr: 'paire', de: 'Paar' },
    SET: { en: 'set', fr: 'jeu', de: 'Satz' },
    DZN: { en: 'dozen', fr: 'douzaine', de: 'Dutzend' },
    LS: { en: 'lump sum', fr: 'forfait', de: 'Pauschale' },
    E48: { en: 'service unit', fr: 'unité de service', de: 'Serviceeinheit' },
    IE: { en: 'person', fr: 'personne', de: 'Person' },
    P1: { en: 'percent', fr: 'pour cent', de: 'Prozent' },
    ZZ: { en: 'mutually defined', fr: 'défini d’un commun accord', de: 'vereinbart' },
    SEC: { en: 'second', fr: 'seconde', de: 'Sekunde' },
    MIN: { en: 'minute', fr: 'minute', de: 'Minute' },
    HUR: { en: 'hour', fr: 'heure', de: 'Stunde' },
    DAY: { en: 'day', fr: 'jour', de: 'Tag' },
    E49: { en: 'working day', fr: 'jour ouvré', de: 'Arbeitstag' },
    WEE: { en: 'week', fr: 'semaine', de: 'Woche' },
    MON: { en: 'month', fr: 'mois', de: 'Monat' },
    QAN: { en: 'quarter (of a year)', fr: 'trimestre', de: 'Quartal' },
    ANN: { en: 'year', fr: 'année', de: 'Jahr' },
    GRM: { en: 'gram', fr: 'gramme', de: 'Gramm' },
    KGM: { en: 'kilogram', fr: 'kilogramme', de: 'Kilogramm' },
    TNE: { en: 'tonne', fr: 'tonne', de: 'Tonne' },
    MLT: { en: 'millilitre', fr: 'millilitre', de: 'Milliliter' },
    LTR: { en: 'litre', fr: 'litre', de: 'Liter' },
    MTQ: { en: 'cubic metre', fr: 'mètre cube', de: 'Kubikmeter' },
    MMT: { en: 'millimetre', fr: 'millimètre', de: 'Millimeter' },
    CMT: { en: 'centimetre', fr: 'centimètre', de: 'Zentimeter' },
    MTR: { en: 'metre', fr: 'mètre', de: 'Meter' },
    LM: { en: 'linear metre', fr: 'mètre linéaire', de: 'laufender Meter' },
    KMT: { en: 'kilometre', fr: 'kilomètre', de: 'Kilometer' },
    MTK: { en: 'square metre', fr: 'mètre carré', de: 'Quadratmeter' },
    HAR: { en: 'hectare', fr: 'hectare', de: 'Hektar' },
    KWT: { en: 'kilowatt', fr: 'kilowatt', de: 'Kilowatt' },
    KWH: { en: 'kilowatt hour', fr: 'kilowattheure', de: 'Kilowattstunde' },
    MWH: { en: 'megawatt hour', fr: 'mégawattheure', de: 'Megawattstunde' },
    XBG: { en: 'bag', fr: 'sac', de: 'Beutel' },
    XBX: { en: 'box', fr: 'boîte', de: 'Schachtel' },
    XCR: { en: 'crate', fr: 'caisse', de: 'Kiste' },
    XCT: { en: 'carton', fr: 'carton', de: 'Karton' },
    XPA: { en: 'packet', fr: 'paquet', de: 'Päckchen' },
    XPK: { en: 'package', fr: 'colis', de: 'Packung' },
    XPX: { en: 'pallet', fr: 'palette', de: 'Palette' },
    XRO: { en: 'roll', fr: 'rouleau', de: 'Rolle' },
  },
};

/** Every table, for documentation and tests. */
export const CODE_LISTS = { DOCUMENT_TYPES, PAYMENT_MEANS, VAT_CATEGORIES, VAT_POINT_DATE_CODES_UBL, VAT_POINT_DATE_CODES_CII, ALLOWANCE_REASONS, UNITS } as const;

/** The name of a code in a language; undefined when the table does not have it. */
export function codeName<E extends CodeName>(list: CodeList<E>, code: string, lang: keyof CodeName): string | undefined {
  const e = Object.prototype.hasOwnProperty.call(list.codes, code.trim()) ? list.codes[code.trim()] : undefined;
  return e?.[lang];
}

/** `code – name`, or the code alone when the table does not have it. */
export function codeWithName<E extends CodeName>(list: CodeList<E>, code: string, lang: keyof CodeName): string {
  const n = codeName(list, code, lang);
  return n === undefined ? code : `${code} – ${n}`;
}

/** The usual words for the four kinds of document, which titles and lists use rather than the code's name. */
export const DOCUMENT_KIND_NAMES: Readonly<Record<'invoice' | 'credit-note' | 'self-billed-invoice' | 'self-billed-credit-note', CodeName>> = {
  invoice: { fr: 'Facture', de: 'Rechnung', en: 'Invoice' },
  'credit-note': { fr: 'Avoir', de: 'Gutschrift', en: 'Credit note' },
  'self-billed-invoice': { fr: 'Autofacture', de: 'Selbst ausgestellte Rechnung', en: 'Self-billed invoice' },
  'self-billed-credit-note': { fr: 'Avoir autofacturé', de: 'Selbst ausgestellte Gutschrift', en: 'Self-billed credit note' },
};

export interface DocumentTypeOf {
  /** Invoice (a debit of the buyer) or credit note. */
  kind: 'invoice' | 'credit-note';
  selfBilled: boolean;
  /** The word for it in each language: the usual one for 380, 381, 389, 261 and unknown codes, the code's name for the others. */
  names: CodeName;
}

/**
 * What a document is, from its BT-3 type code (UNTDID 1001); without a known code, from what the
 * syntax said (`fallback`: the UBL root element, CreditNote or Invoice). One answer for the PDF,
 * the inbox, the console, the portal and the mails.
 */
export function documentTypeOf(typeCode: string | null | undefined, fallback: 'invoice' | 'credit-note' | null = null): DocumentTypeOf {
  const code = typeCode?.trim() ?? '';
  const entry = code !== '' && Object.prototype.hasOwnProperty.call(DOCUMENT_TYPES.codes, code) ? DOCUMENT_TYPES.codes[code] : undefined;
  const kind = entry?.kind ?? fallback ?? 'invoice';
  const selfBilled = entry?.selfBilled === true;
  const generic = DOCUMENT_KIND_NAMES[selfBilled ? (kind === 'credit-note' ? 'self-billed-credit-note' : 'self-billed-invoice') : kind];
  const usual = entry === undefined || ['380', '381', '389', '261'].includes(code);
  return { kind, selfBilled, names: usual ? generic : entry };
}

/** `Avoir (381)`, `Facture rectificative (384)`, `Facture` (no code): how lists name a document's type; an unknown code of an unknown kind as it is. */
export function documentTypeLabel(typeCode: string | null | undefined, lang: keyof CodeName, fallback: 'invoice' | 'credit-note' | null = null): string {
  const code = typeCode?.trim();
  if (code && fallback === null && !Object.prototype.hasOwnProperty.call(DOCUMENT_TYPES.codes, code)) return code;
  const t = documentTypeOf(typeCode, fallback);
  return code ? `${t.names[lang]} (${code})` : t.names[lang];
}
