/**
 * The EN 16931 semantic model as ONE table: every business term (BT) and business group (BG) of
 * EN 16931-1, with its cardinality, data type, parent group, its place in UBL (Invoice and, where it
 * differs, CreditNote) and in CII, the manual-entry form field and the PDF labels in FR/DE/EN.
 *
 * Readers, the UBL writer, the canonical model types (`model/canonical.ts`), the form, the PDF labels
 * and the published documentation (`docs/semantic-model.md`, `/docs/semantic-model`) all come from here.
 *
 * Paths are a small XPath subset, relative to the parent group's node (a path starting with `/` is
 * relative to the document root, a group path `''` means the group has no element of its own):
 * steps `prefix:Name`, `..`, `@attr`; predicates with `=`, `!=` (xsd:boolean `1`/`0` equal `true`/`false`), `and`, `or`, `not(…)`, `$BT-n`
 * (the value of a document-level term); alternatives with ` | `. Prefixes are canonical whatever the
 * document uses: UBL `cbc`/`cac`, CII `rsm`/`ram`/`udt`/`qdt`.
 */

export type Cardinality = '0..1' | '1..1' | '0..n' | '1..n';

export type DataType =
  | 'group'
  | 'text'
  | 'identifier' // an identifier without scheme (EN 16931 Identifier where no scheme applies)
  | 'scheme-identifier' // an identifier with its scheme identifier (…-1) and, for BT-158, scheme version (…-2)
  | 'document-reference'
  | 'date'
  | 'code'
  | 'amount'
  | 'unit-price-amount'
  | 'quantity'
  | 'percentage'
  | 'binary';

export interface Labels {
  fr: string;
  de: string;
  en: string;
}

/** One row of the table as written below. */
export interface TermDef {
  id: string;
  name: string;
  card: Cardinality;
  type: DataType;
  /** Parent group id, or null for a term of the invoice itself. */
  parent: string | null;
  /** Form field key within its parent (the full form field name is derived: `seller.address.line1`). */
  key: string;
  /** Code list, for codes (and for the scheme of identifiers). */
  codeList?: string;
  /** UBL Invoice path (relative to the parent group's node). null: not carried in UBL. */
  ubl: string | null;
  /** UBL CreditNote path where it differs from the Invoice path. */
  ublCn?: string;
  /** UBL path used to create the element when the reading path cannot say what to create (negative predicates). */
  ublNew?: string;
  /** The step of the UBL path the writer always creates anew: for repeating groups/terms the repeating element (default 0, the first); for others none unless given. */
  ublRepeatAt?: number;
  /** CII path (relative to the parent group's node). */
  cii: string | null;
  /** Where the scheme of a scheme-identifier is, relative to the identifier element (default `@schemeID`). */
  scheme?: string;
  /** The same for CII where it differs. */
  ciiScheme?: string;
  /**
   * For a code whose CII binding uses another code list than the semantic model: the CII code of each
   * model code (BT-8: UNTDID 2005 `3`/`35`/`432` are UNTDID 2475 `5`/`29`/`72` in CII). The model holds the
   * semantic codes, so a CII document read and written as UBL carries the UBL (semantic) code.
   */
  ciiCodes?: Readonly<Record<string, string>>;
  /** Currency of an amount when not the invoice currency (BT-111: `BT-6`). */
  currency?: string;
  labels: Labels;
}

const HDR = 'rsm:SupplyChainTradeTransaction';
const AG = `${HDR}/ram:ApplicableHeaderTradeAgreement`;
const DL = `${HDR}/ram:ApplicableHeaderTradeDelivery`;
const ST = `${HDR}/ram:ApplicableHeaderTradeSettlement`;
const VATCAT = "cac:TaxCategory[cac:TaxScheme/cbc:ID='VAT']";
const CLASSVAT = "cac:ClassifiedTaxCategory[cac:TaxScheme/cbc:ID='VAT']";

export const terms = [
  // ── The invoice ───────────────────────────────────────────────────────────────────────────
  { id: 'BT-1', name: 'Invoice number', card: '1..1', type: 'identifier', parent: null, key: 'number', ubl: 'cbc:ID', cii: 'rsm:ExchangedDocument/ram:ID', labels: { fr: 'Numéro de facture', de: 'Rechnungsnummer', en: 'Invoice number' } },
  { id: 'BT-2', name: 'Invoice issue date', card: '1..1', type: 'date', parent: null, key: 'issueDate', ubl: 'cbc:IssueDate', cii: 'rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString', labels: { fr: 'Date de facture', de: 'Rechnungsdatum', en: 'Invoice date' } },
  { id: 'BT-3', name: 'Invoice type code', card: '1..1', type: 'code', codeList: 'UNTDID 1001', parent: null, key: 'typeCode', ubl: 'cbc:InvoiceTypeCode', ublCn: 'cbc:CreditNoteTypeCode', cii: 'rsm:ExchangedDocument/ram:TypeCode', labels: { fr: 'Type de document', de: 'Rechnungsart', en: 'Document type' } },
  { id: 'BT-5', name: 'Invoice currency code', card: '1..1', type: 'code', codeList: 'ISO 4217', parent: null, key: 'currency', ubl: 'cbc:DocumentCurrencyCode', cii: `${ST}/ram:InvoiceCurrencyCode`, labels: { fr: 'Devise de facturation', de: 'Rechnungswährung', en: 'Invoice currency' } },
  { id: 'BT-6', name: 'VAT accounting currency code', card: '0..1', type: 'code', codeList: 'ISO 4217', parent: null, key: 'vatCurrency', ubl: 'cbc:TaxCurrencyCode', cii: `${ST}/ram:TaxCurrencyCode`, labels: { fr: 'Devise de comptabilisation de la TVA', de: 'Währung für die Umsatzsteuerbuchung', en: 'VAT accounting currency' } },
  { id: 'BT-7', name: 'Value added tax point date', card: '0..1', type: 'date', parent: null, key: 'taxPointDate', ubl: 'cbc:TaxPointDate', cii: `${ST}/ram:ApplicableTradeTax/ram:TaxPointDate/udt:DateString`, labels: { fr: "Date d'exigibilité de la TVA", de: 'Steuerfälligkeitsdatum', en: 'VAT point date' } },
  { id: 'BT-8', name: 'Value added tax point date code', card: '0..1', type: 'code', codeList: 'UNTDID 2005', parent: null, key: 'taxPointDateCode', ubl: 'cac:InvoicePeriod/cbc:DescriptionCode', cii: `${ST}/ram:ApplicableTradeTax/ram:DueDateTypeCode`, ciiCodes: { '3': '5', '35': '29', '432': '72' }, labels: { fr: "Code de date d'exigibilité de la TVA", de: 'Code für das Steuerfälligkeitsdatum', en: 'VAT point date code' } },
  { id: 'BT-9', name: 'Payment due date', card: '0..1', type: 'date', parent: null, key: 'dueDate', ubl: 'cbc:DueDate', ublCn: 'cac:PaymentMeans/cbc:PaymentDueDate', cii: `${ST}/ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString`, labels: { fr: "Date d'échéance", de: 'Fälligkeitsdatum', en: 'Payment due date' } },
  { id: 'BT-10', name: 'Buyer reference', card: '0..1', type: 'text', parent: null, key: 'buyerReference', ubl: 'cbc:BuyerReference', cii: `${AG}/ram:BuyerReference`, labels: { fr: "Référence de l'acheteur", de: 'Käuferreferenz', en: 'Buyer reference' } },
  { id: 'BT-11', name: 'Project reference', card: '0..1', type: 'document-reference', parent: null, key: 'projectReference', ubl: 'cac:ProjectReference/cbc:ID', ublCn: "cac:AdditionalDocumentReference[cbc:DocumentTypeCode='50']/cbc:ID", cii: `${AG}/ram:SpecifiedProcuringProject/ram:ID`, labels: { fr: 'Référence de projet', de: 'Projektreferenz', en: 'Project reference' } },
  { id: 'BT-12', name: 'Contract reference', card: '0..1', type: 'document-reference', parent: null, key: 'contractReference', ubl: 'cac:ContractDocumentReference/cbc:ID', cii: `${AG}/ram:ContractReferencedDocument/ram:IssuerAssignedID`, labels: { fr: 'Référence du contrat', de: 'Vertragsnummer', en: 'Contract reference' } },
  { id: 'BT-13', name: 'Purchase order reference', card: '0..1', type: 'document-reference', parent: null, key: 'purchaseOrderReference', ubl: 'cac:OrderReference/cbc:ID', cii: `${AG}/ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID`, labels: { fr: 'Référence du bon de commande', de: 'Bestellnummer', en: 'Purchase order reference' } },
  { id: 'BT-14', name: 'Sales order reference', card: '0..1', type: 'document-reference', parent: null, key: 'salesOrderReference', ubl: 'cac:OrderReference/cbc:SalesOrderID', cii: `${AG}/ram:SellerOrderReferencedDocument/ram:IssuerAssignedID`, labels: { fr: 'Référence de la commande client', de: 'Auftragsnummer', en: 'Sales order reference' } },
  { id: 'BT-15', name: 'Receiving advice reference', card: '0..1', type: 'document-reference', parent: null, key: 'receivingAdviceReference', ubl: 'cac:ReceiptDocumentReference/cbc:ID', cii: `${DL}/ram:ReceivingAdviceReferencedDocument/ram:IssuerAssignedID`, labels: { fr: "Référence de l'avis de réception", de: 'Referenz der Wareneingangsmeldung', en: 'Receiving advice reference' } },
  { id: 'BT-16', name: 'Despatch advice reference', card: '0..1', type: 'document-reference', parent: null, key: 'despatchAdviceReference', ubl: 'cac:DespatchDocumentReference/cbc:ID', cii: `${DL}/ram:DespatchAdviceReferencedDocument/ram:IssuerAssignedID`, labels: { fr: "Référence de l'avis d'expédition", de: 'Referenz des Lieferavis', en: 'Despatch advice reference' } },
  { id: 'BT-17', name: 'Tender or lot reference', card: '0..1', type: 'document-reference', parent: null, key: 'tenderReference', ubl: 'cac:OriginatorDocumentReference/cbc:ID', cii: `${AG}/ram:AdditionalReferencedDocument[ram:TypeCode='50']/ram:IssuerAssignedID`, labels: { fr: "Référence de l'appel d'offres ou du lot", de: 'Vergabenummer', en: 'Tender or lot reference' } },
  { id: 'BT-18', name: 'Invoiced object identifier', card: '0..1', type: 'scheme-identifier', codeList: 'UNTDID 1153', parent: null, key: 'invoicedObject', ubl: "cac:AdditionalDocumentReference[cbc:DocumentTypeCode='130']/cbc:ID", cii: `${AG}/ram:AdditionalReferencedDocument[ram:TypeCode='130']/ram:IssuerAssignedID`, ciiScheme: '../ram:ReferenceTypeCode', labels: { fr: "Identifiant de l'objet facturé", de: 'Objektkennung', en: 'Invoiced object identifier' } },
  { id: 'BT-19', name: 'Buyer accounting reference', card: '0..1', type: 'text', parent: null, key: 'buyerAccountingReference', ubl: 'cbc:AccountingCost', cii: `${ST}/ram:ReceivableSpecifiedTradeAccountingAccount/ram:ID`, labels: { fr: "Référence comptable de l'acheteur", de: 'Buchungsreferenz des Käufers', en: 'Buyer accounting reference' } },
  { id: 'BT-20', name: 'Payment terms', card: '0..1', type: 'text', parent: null, key: 'paymentTerms', ubl: 'cac:PaymentTerms/cbc:Note', cii: `${ST}/ram:SpecifiedTradePaymentTerms/ram:Description`, labels: { fr: 'Conditions de paiement', de: 'Zahlungsbedingungen', en: 'Payment terms' } },

  { id: 'BG-1', name: 'INVOICE NOTE', card: '0..n', type: 'group', parent: null, key: 'notes', ubl: 'cbc:Note', cii: 'rsm:ExchangedDocument/ram:IncludedNote', labels: { fr: 'Note de facture', de: 'Bemerkung zur Rechnung', en: 'Invoice note' } },
  { id: 'BT-21', name: 'Invoice note subject code', card: '0..1', type: 'code', codeList: 'UNTDID 4451', parent: 'BG-1', key: 'subjectCode', ubl: '.', cii: 'ram:SubjectCode', labels: { fr: 'Code du sujet de la note', de: 'Betreff der Bemerkung', en: 'Note subject' } },
  { id: 'BT-22', name: 'Invoice note', card: '1..1', type: 'text', parent: 'BG-1', key: 'text', ubl: '.', cii: 'ram:Content', labels: { fr: 'Note', de: 'Bemerkung', en: 'Note' } },

  { id: 'BG-2', name: 'PROCESS CONTROL', card: '1..1', type: 'group', parent: null, key: 'process', ubl: '', cii: 'rsm:ExchangedDocumentContext', labels: { fr: 'Contrôle du processus', de: 'Prozesssteuerung', en: 'Process control' } },
  { id: 'BT-23', name: 'Business process type', card: '0..1', type: 'text', parent: 'BG-2', key: 'businessProcess', ubl: 'cbc:ProfileID', cii: 'ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID', labels: { fr: "Type de processus d'affaires", de: 'Geschäftsprozesstyp', en: 'Business process' } },
  { id: 'BT-24', name: 'Specification identifier', card: '1..1', type: 'identifier', parent: 'BG-2', key: 'specification', ubl: 'cbc:CustomizationID', cii: 'ram:GuidelineSpecifiedDocumentContextParameter/ram:ID', labels: { fr: 'Identifiant de spécification', de: 'Spezifikationskennung', en: 'Specification identifier' } },

  { id: 'BG-3', name: 'PRECEDING INVOICE REFERENCE', card: '0..n', type: 'group', parent: null, key: 'precedingInvoices', ubl: 'cac:BillingReference/cac:InvoiceDocumentReference', cii: `${ST}/ram:InvoiceReferencedDocument`, labels: { fr: 'Facture antérieure', de: 'Vorausgegangene Rechnung', en: 'Preceding invoice' } },
  { id: 'BT-25', name: 'Preceding Invoice reference', card: '1..1', type: 'document-reference', parent: 'BG-3', key: 'reference', ubl: 'cbc:ID', cii: 'ram:IssuerAssignedID', labels: { fr: 'Référence de la facture antérieure', de: 'Nummer der vorausgegangenen Rechnung', en: 'Preceding invoice reference' } },
  { id: 'BT-26', name: 'Preceding Invoice issue date', card: '0..1', type: 'date', parent: 'BG-3', key: 'issueDate', ubl: 'cbc:IssueDate', cii: 'ram:FormattedIssueDateTime/qdt:DateTimeString', labels: { fr: 'Date de la facture antérieure', de: 'Datum der vorausgegangenen Rechnung', en: 'Preceding invoice date' } },

  // ── Seller ────────────────────────────────────────────────────────────────────────────────
  { id: 'BG-4', name: 'SELLER', card: '1..1', type: 'group', parent: null, key: 'seller', ubl: 'cac:AccountingSupplierParty/cac:Party', cii: `${AG}/ram:SellerTradeParty`, labels: { fr: 'Vendeur', de: 'Verkäufer', en: 'Seller' } },
  { id: 'BT-27', name: 'Seller name', card: '1..1', type: 'text', parent: 'BG-4', key: 'name', ubl: 'cac:PartyLegalEntity/cbc:RegistrationName', cii: 'ram:Name', labels: { fr: 'Raison sociale du vendeur', de: 'Name des Verkäufers', en: 'Seller name' } },
  { id: 'BT-28', name: 'Seller trading name', card: '0..1', type: 'text', parent: 'BG-4', key: 'tradingName', ubl: 'cac:PartyName/cbc:Name', cii: 'ram:SpecifiedLegalOrganization/ram:TradingBusinessName', labels: { fr: 'Nom commercial du vendeur', de: 'Handelsname des Verkäufers', en: 'Seller trading name' } },
  { id: 'BT-29', name: 'Seller identifier', card: '0..n', type: 'scheme-identifier', codeList: 'ISO 6523 ICD', parent: 'BG-4', key: 'identifiers', ubl: "cac:PartyIdentification/cbc:ID[not(@schemeID='SEPA')]", cii: 'ram:ID | ram:GlobalID', labels: { fr: 'Identifiant du vendeur', de: 'Kennung des Verkäufers', en: 'Seller identifier' } },
  { id: 'BT-30', name: 'Seller legal registration identifier', card: '0..1', type: 'scheme-identifier', codeList: 'ISO 6523 ICD', parent: 'BG-4', key: 'legalRegistration', ubl: 'cac:PartyLegalEntity/cbc:CompanyID', cii: 'ram:SpecifiedLegalOrganization/ram:ID', labels: { fr: "Numéro d'immatriculation du vendeur", de: 'Registernummer des Verkäufers', en: 'Seller legal registration identifier' } },
  { id: 'BT-31', name: 'Seller VAT identifier', card: '0..1', type: 'identifier', parent: 'BG-4', key: 'vatId', ubl: `cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='VAT']/cbc:CompanyID`, cii: "ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']", labels: { fr: 'Numéro de TVA du vendeur', de: 'Umsatzsteuer-Identifikationsnummer des Verkäufers', en: 'Seller VAT identifier' } },
  { id: 'BT-32', name: 'Seller tax registration identifier', card: '0..1', type: 'identifier', parent: 'BG-4', key: 'taxRegistration', ubl: "cac:PartyTaxScheme[not(cac:TaxScheme/cbc:ID='VAT')]/cbc:CompanyID", ublNew: "cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='TAX']/cbc:CompanyID", cii: "ram:SpecifiedTaxRegistration/ram:ID[@schemeID='FC']", labels: { fr: "Identifiant fiscal du vendeur", de: 'Steuernummer des Verkäufers', en: 'Seller tax registration identifier' } },
  { id: 'BT-33', name: 'Seller additional legal information', card: '0..1', type: 'text', parent: 'BG-4', key: 'legalInformation', ubl: 'cac:PartyLegalEntity/cbc:CompanyLegalForm', cii: 'ram:Description', labels: { fr: 'Informations juridiques complémentaires', de: 'Weitere rechtliche Informationen zum Verkäufer', en: 'Additional legal information' } },
  { id: 'BT-34', name: 'Seller electronic address', card: '0..1', type: 'scheme-identifier', codeList: 'EAS', parent: 'BG-4', key: 'electronicAddress', ubl: 'cbc:EndpointID', cii: 'ram:URIUniversalCommunication/ram:URIID', labels: { fr: 'Adresse électronique du vendeur', de: 'Elektronische Adresse des Verkäufers', en: 'Seller electronic address' } },
  { id: 'BG-5', name: 'SELLER POSTAL ADDRESS', card: '1..1', type: 'group', parent: 'BG-4', key: 'address', ubl: 'cac:PostalAddress', cii: 'ram:PostalTradeAddress', labels: { fr: 'Adresse postale du vendeur', de: 'Anschrift des Verkäufers', en: 'Seller postal address' } },
  { id: 'BT-35', name: 'Seller address line 1', card: '0..1', type: 'text', parent: 'BG-5', key: 'line1', ubl: 'cbc:StreetName', cii: 'ram:LineOne', labels: { fr: 'Adresse ligne 1', de: 'Adresszeile 1', en: 'Address line 1' } },
  { id: 'BT-36', name: 'Seller address line 2', card: '0..1', type: 'text', parent: 'BG-5', key: 'line2', ubl: 'cbc:AdditionalStreetName', cii: 'ram:LineTwo', labels: { fr: 'Adresse ligne 2', de: 'Adresszeile 2', en: 'Address line 2' } },
  { id: 'BT-162', name: 'Seller address line 3', card: '0..1', type: 'text', parent: 'BG-5', key: 'line3', ubl: 'cac:AddressLine/cbc:Line', cii: 'ram:LineThree', labels: { fr: 'Adresse ligne 3', de: 'Adresszeile 3', en: 'Address line 3' } },
  { id: 'BT-37', name: 'Seller city', card: '0..1', type: 'text', parent: 'BG-5', key: 'city', ubl: 'cbc:CityName', cii: 'ram:CityName', labels: { fr: 'Localité', de: 'Ort', en: 'City' } },
  { id: 'BT-38', name: 'Seller post code', card: '0..1', type: 'text', parent: 'BG-5', key: 'postCode', ubl: 'cbc:PostalZone', cii: 'ram:PostcodeCode', labels: { fr: 'Code postal', de: 'Postleitzahl', en: 'Post code' } },
  { id: 'BT-39', name: 'Seller country subdivision', card: '0..1', type: 'text', parent: 'BG-5', key: 'countrySubdivision', ubl: 'cbc:CountrySubentity', cii: 'ram:CountrySubDivisionName', labels: { fr: 'Subdivision du pays', de: 'Bundesland / Region', en: 'Country subdivision' } },
  { id: 'BT-40', name: 'Seller country code', card: '1..1', type: 'code', codeList: 'ISO 3166-1 alpha-2', parent: 'BG-5', key: 'country', ubl: 'cac:Country/cbc:IdentificationCode', cii: 'ram:CountryID', labels: { fr: 'Pays', de: 'Land', en: 'Country' } },
  { id: 'BG-6', name: 'SELLER CONTACT', card: '0..1', type: 'group', parent: 'BG-4', key: 'contact', ubl: 'cac:Contact', cii: 'ram:DefinedTradeContact', labels: { fr: 'Contact du vendeur', de: 'Kontakt des Verkäufers', en: 'Seller contact' } },
  { id: 'BT-41', name: 'Seller contact point', card: '0..1', type: 'text', parent: 'BG-6', key: 'name', ubl: 'cbc:Name', cii: 'ram:PersonName | ram:DepartmentName', labels: { fr: 'Point de contact', de: 'Kontaktstelle', en: 'Contact point' } },
  { id: 'BT-42', name: 'Seller contact telephone number', card: '0..1', type: 'text', parent: 'BG-6', key: 'telephone', ubl: 'cbc:Telephone', cii: 'ram:TelephoneUniversalCommunication/ram:CompleteNumber', labels: { fr: 'Téléphone', de: 'Telefon', en: 'Telephone' } },
  { id: 'BT-43', name: 'Seller contact email address', card: '0..1', type: 'text', parent: 'BG-6', key: 'email', ubl: 'cbc:ElectronicMail', cii: 'ram:EmailURIUniversalCommunication/ram:URIID', labels: { fr: 'Courriel', de: 'E-Mail', en: 'Email' } },

  // ── Buyer ─────────────────────────────────────────────────────────────────────────────────
  { id: 'BG-7', name: 'BUYER', card: '1..1', type: 'group', parent: null, key: 'buyer', ubl: 'cac:AccountingCustomerParty/cac:Party', cii: `${AG}/ram:BuyerTradeParty`, labels: { fr: 'Acheteur', de: 'Käufer', en: 'Buyer' } },
  { id: 'BT-44', name: 'Buyer name', card: '1..1', type: 'text', parent: 'BG-7', key: 'name', ubl: 'cac:PartyLegalEntity/cbc:RegistrationName', cii: 'ram:Name', labels: { fr: "Raison sociale de l'acheteur", de: 'Name des Käufers', en: 'Buyer name' } },
  { id: 'BT-45', name: 'Buyer trading name', card: '0..1', type: 'text', parent: 'BG-7', key: 'tradingName', ubl: 'cac:PartyName/cbc:Name', cii: 'ram:SpecifiedLegalOrganization/ram:TradingBusinessName', labels: { fr: "Nom commercial de l'acheteur", de: 'Handelsname des Käufers', en: 'Buyer trading name' } },
  { id: 'BT-46', name: 'Buyer identifier', card: '0..1', type: 'scheme-identifier', codeList: 'ISO 6523 ICD', parent: 'BG-7', key: 'identifier', ubl: 'cac:PartyIdentification/cbc:ID', cii: 'ram:ID | ram:GlobalID', labels: { fr: "Identifiant de l'acheteur", de: 'Kennung des Käufers', en: 'Buyer identifier' } },
  { id: 'BT-47', name: 'Buyer legal registration identifier', card: '0..1', type: 'scheme-identifier', codeList: 'ISO 6523 ICD', parent: 'BG-7', key: 'legalRegistration', ubl: 'cac:PartyLegalEntity/cbc:CompanyID', cii: 'ram:SpecifiedLegalOrganization/ram:ID', labels: { fr: "Numéro d'immatriculation de l'acheteur", de: 'Registernummer des Käufers', en: 'Buyer legal registration identifier' } },
  { id: 'BT-48', name: 'Buyer VAT identifier', card: '0..1', type: 'identifier', parent: 'BG-7', key: 'vatId', ubl: `cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='VAT']/cbc:CompanyID`, cii: "ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']", labels: { fr: "Numéro de TVA de l'acheteur", de: 'Umsatzsteuer-Identifikationsnummer des Käufers', en: 'Buyer VAT identifier' } },
  { id: 'BT-49', name: 'Buyer electronic address', card: '0..1', type: 'scheme-identifier', codeList: 'EAS', parent: 'BG-7', key: 'electronicAddress', ubl: 'cbc:EndpointID', cii: 'ram:URIUniversalCommunication/ram:URIID', labels: { fr: "Adresse électronique de l'acheteur", de: 'Elektronische Adresse des Käufers', en: 'Buyer electronic address' } },
  { id: 'BG-8', name: 'BUYER POSTAL ADDRESS', card: '1..1', type: 'group', parent: 'BG-7', key: 'address', ubl: 'cac:PostalAddress', cii: 'ram:PostalTradeAddress', labels: { fr: "Adresse postale de l'acheteur", de: 'Anschrift des Käufers', en: 'Buyer postal address' } },
  { id: 'BT-50', name: 'Buyer address line 1', card: '0..1', type: 'text', parent: 'BG-8', key: 'line1', ubl: 'cbc:StreetName', cii: 'ram:LineOne', labels: { fr: 'Adresse ligne 1', de: 'Adresszeile 1', en: 'Address line 1' } },
  { id: 'BT-51', name: 'Buyer address line 2', card: '0..1', type: 'text', parent: 'BG-8', key: 'line2', ubl: 'cbc:AdditionalStreetName', cii: 'ram:LineTwo', labels: { fr: 'Adresse ligne 2', de: 'Adresszeile 2', en: 'Address line 2' } },
  { id: 'BT-163', name: 'Buyer address line 3', card: '0..1', type: 'text', parent: 'BG-8', key: 'line3', ubl: 'cac:AddressLine/cbc:Line', cii: 'ram:LineThree', labels: { fr: 'Adresse ligne 3', de: 'Adresszeile 3', en: 'Address line 3' } },
  { id: 'BT-52', name: 'Buyer city', card: '0..1', type: 'text', parent: 'BG-8', key: 'city', ubl: 'cbc:CityName', cii: 'ram:CityName', labels: { fr: 'Localité', de: 'Ort', en: 'City' } },
  { id: 'BT-53', name: 'Buyer post code', card: '0..1', type: 'text', parent: 'BG-8', key: 'postCode', ubl: 'cbc:PostalZone', cii: 'ram:PostcodeCode', labels: { fr: 'Code postal', de: 'Postleitzahl', en: 'Post code' } },
  { id: 'BT-54', name: 'Buyer country subdivision', card: '0..1', type: 'text', parent: 'BG-8', key: 'countrySubdivision', ubl: 'cbc:CountrySubentity', cii: 'ram:CountrySubDivisionName', labels: { fr: 'Subdivision du pays', de: 'Bundesland / Region', en: 'Country subdivision' } },
  { id: 'BT-55', name: 'Buyer country code', card: '1..1', type: 'code', codeList: 'ISO 3166-1 alpha-2', parent: 'BG-8', key: 'country', ubl: 'cac:Country/cbc:IdentificationCode', cii: 'ram:CountryID', labels: { fr: 'Pays', de: 'Land', en: 'Country' } },
  { id: 'BG-9', name: 'BUYER CONTACT', card: '0..1', type: 'group', parent: 'BG-7', key: 'contact', ubl: 'cac:Contact', cii: 'ram:DefinedTradeContact', labels: { fr: "Contact de l'acheteur", de: 'Kontakt des Käufers', en: 'Buyer contact' } },
  { id: 'BT-56', name: 'Buyer contact point', card: '0..1', type: 'text', parent: 'BG-9', key: 'name', ubl: 'cbc:Name', cii: 'ram:PersonName | ram:DepartmentName', labels: { fr: 'Point de contact', de: 'Kontaktstelle', en: 'Contact point' } },
  { id: 'BT-57', name: 'Buyer contact telephone number', card: '0..1', type: 'text', parent: 'BG-9', key: 'telephone', ubl: 'cbc:Telephone', cii: 'ram:TelephoneUniversalCommunication/ram:CompleteNumber', labels: { fr: 'Téléphone', de: 'Telefon', en: 'Telephone' } },
  { id: 'BT-58', name: 'Buyer contact email address', card: '0..1', type: 'text', parent: 'BG-9', key: 'email', ubl: 'cbc:ElectronicMail', cii: 'ram:EmailURIUniversalCommunication/ram:URIID', labels: { fr: 'Courriel', de: 'E-Mail', en: 'Email' } },

  // ── Payee, tax representative, delivery ──────────────────────────────────────────────────
  { id: 'BG-10', name: 'PAYEE', card: '0..1', type: 'group', parent: null, key: 'payee', ubl: 'cac:PayeeParty', cii: `${ST}/ram:PayeeTradeParty`, labels: { fr: 'Bénéficiaire du paiement', de: 'Zahlungsempfänger', en: 'Payee' } },
  { id: 'BT-59', name: 'Payee name', card: '1..1', type: 'text', parent: 'BG-10', key: 'name', ubl: 'cac:PartyName/cbc:Name', cii: 'ram:Name', labels: { fr: 'Nom du bénéficiaire', de: 'Name des Zahlungsempfängers', en: 'Payee name' } },
  { id: 'BT-60', name: 'Payee identifier', card: '0..1', type: 'scheme-identifier', codeList: 'ISO 6523 ICD', parent: 'BG-10', key: 'identifier', ubl: "cac:PartyIdentification/cbc:ID[not(@schemeID='SEPA')]", cii: 'ram:ID | ram:GlobalID', labels: { fr: 'Identifiant du bénéficiaire', de: 'Kennung des Zahlungsempfängers', en: 'Payee identifier' } },
  { id: 'BT-61', name: 'Payee legal registration identifier', card: '0..1', type: 'scheme-identifier', codeList: 'ISO 6523 ICD', parent: 'BG-10', key: 'legalRegistration', ubl: 'cac:PartyLegalEntity/cbc:CompanyID', cii: 'ram:SpecifiedLegalOrganization/ram:ID', labels: { fr: "Numéro d'immatriculation du bénéficiaire", de: 'Registernummer des Zahlungsempfängers', en: 'Payee legal registration identifier' } },

  { id: 'BG-11', name: 'SELLER TAX REPRESENTATIVE PARTY', card: '0..1', type: 'group', parent: null, key: 'taxRepresentative', ubl: 'cac:TaxRepresentativeParty', cii: `${AG}/ram:SellerTaxRepresentativeTradeParty`, labels: { fr: 'Représentant fiscal du vendeur', de: 'Steuerbevollmächtigter des Verkäufers', en: 'Seller tax representative' } },
  { id: 'BT-62', name: 'Seller tax representative name', card: '1..1', type: 'text', parent: 'BG-11', key: 'name', ubl: 'cac:PartyName/cbc:Name', cii: 'ram:Name', labels: { fr: 'Nom du représentant fiscal', de: 'Name des Steuerbevollmächtigten', en: 'Tax representative name' } },
  { id: 'BT-63', name: 'Seller tax representative VAT identifier', card: '1..1', type: 'identifier', parent: 'BG-11', key: 'vatId', ubl: `cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='VAT']/cbc:CompanyID`, cii: "ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']", labels: { fr: 'Numéro de TVA du représentant fiscal', de: 'Umsatzsteuer-Identifikationsnummer des Steuerbevollmächtigten', en: 'Tax representative VAT identifier' } },
  { id: 'BG-12', name: 'SELLER TAX REPRESENTATIVE POSTAL ADDRESS', card: '1..1', type: 'group', parent: 'BG-11', key: 'address', ubl: 'cac:PostalAddress', cii: 'ram:PostalTradeAddress', labels: { fr: 'Adresse postale du représentant fiscal', de: 'Anschrift des Steuerbevollmächtigten', en: 'Tax representative postal address' } },
  { id: 'BT-64', name: 'Tax representative address line 1', card: '0..1', type: 'text', parent: 'BG-12', key: 'line1', ubl: 'cbc:StreetName', cii: 'ram:LineOne', labels: { fr: 'Adresse ligne 1', de: 'Adresszeile 1', en: 'Address line 1' } },
  { id: 'BT-65', name: 'Tax representative address line 2', card: '0..1', type: 'text', parent: 'BG-12', key: 'line2', ubl: 'cbc:AdditionalStreetName', cii: 'ram:LineTwo', labels: { fr: 'Adresse ligne 2', de: 'Adresszeile 2', en: 'Address line 2' } },
  { id: 'BT-164', name: 'Tax representative address line 3', card: '0..1', type: 'text', parent: 'BG-12', key: 'line3', ubl: 'cac:AddressLine/cbc:Line', cii: 'ram:LineThree', labels: { fr: 'Adresse ligne 3', de: 'Adresszeile 3', en: 'Address line 3' } },
  { id: 'BT-66', name: 'Tax representative city', card: '0..1', type: 'text', parent: 'BG-12', key: 'city', ubl: 'cbc:CityName', cii: 'ram:CityName', labels: { fr: 'Localité', de: 'Ort', en: 'City' } },
  { id: 'BT-67', name: 'Tax representative post code', card: '0..1', type: 'text', parent: 'BG-12', key: 'postCode', ubl: 'cbc:PostalZone', cii: 'ram:PostcodeCode', labels: { fr: 'Code postal', de: 'Postleitzahl', en: 'Post code' } },
  { id: 'BT-68', name: 'Tax representative country subdivision', card: '0..1', type: 'text', parent: 'BG-12', key: 'countrySubdivision', ubl: 'cbc:CountrySubentity', cii: 'ram:CountrySubDivisionName', labels: { fr: 'Subdivision du pays', de: 'Bundesland / Region', en: 'Country subdivision' } },
  { id: 'BT-69', name: 'Tax representative country code', card: '1..1', type: 'code', codeList: 'ISO 3166-1 alpha-2', parent: 'BG-12', key: 'country', ubl: 'cac:Country/cbc:IdentificationCode', cii: 'ram:CountryID', labels: { fr: 'Pays', de: 'Land', en: 'Country' } },

  { id: 'BG-13', name: 'DELIVERY INFORMATION', card: '0..1', type: 'group', parent: null, key: 'delivery', ubl: 'cac:Delivery', cii: DL, labels: { fr: 'Livraison', de: 'Lieferinformationen', en: 'Delivery' } },
  { id: 'BT-70', name: 'Deliver to party name', card: '0..1', type: 'text', parent: 'BG-13', key: 'partyName', ubl: 'cac:DeliveryParty/cac:PartyName/cbc:Name', cii: 'ram:ShipToTradeParty/ram:Name', labels: { fr: 'Nom du destinataire de la livraison', de: 'Name des Empfängers', en: 'Deliver to party name' } },
  { id: 'BT-71', name: 'Deliver to location identifier', card: '0..1', type: 'scheme-identifier', codeList: 'ISO 6523 ICD', parent: 'BG-13', key: 'locationId', ubl: 'cac:DeliveryLocation/cbc:ID', cii: 'ram:ShipToTradeParty/ram:ID | ram:ShipToTradeParty/ram:GlobalID', labels: { fr: 'Identifiant du lieu de livraison', de: 'Kennung des Lieferorts', en: 'Deliver to location identifier' } },
  { id: 'BT-72', name: 'Actual delivery date', card: '0..1', type: 'date', parent: 'BG-13', key: 'date', ubl: 'cbc:ActualDeliveryDate', cii: 'ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/udt:DateTimeString', labels: { fr: 'Date de livraison', de: 'Lieferdatum', en: 'Delivery date' } },
  { id: 'BG-14', name: 'INVOICING PERIOD', card: '0..1', type: 'group', parent: 'BG-13', key: 'period', ubl: '/cac:InvoicePeriod', cii: `/${ST}/ram:BillingSpecifiedPeriod`, labels: { fr: 'Période de facturation', de: 'Abrechnungszeitraum', en: 'Invoicing period' } },
  { id: 'BT-73', name: 'Invoicing period start date', card: '0..1', type: 'date', parent: 'BG-14', key: 'start', ubl: 'cbc:StartDate', cii: 'ram:StartDateTime/udt:DateTimeString', labels: { fr: 'Début de la période', de: 'Beginn des Zeitraums', en: 'Period start' } },
  { id: 'BT-74', name: 'Invoicing period end date', card: '0..1', type: 'date', parent: 'BG-14', key: 'end', ubl: 'cbc:EndDate', cii: 'ram:EndDateTime/udt:DateTimeString', labels: { fr: 'Fin de la période', de: 'Ende des Zeitraums', en: 'Period end' } },
  { id: 'BG-15', name: 'DELIVER TO ADDRESS', card: '0..1', type: 'group', parent: 'BG-13', key: 'address', ubl: 'cac:DeliveryLocation/cac:Address', cii: 'ram:ShipToTradeParty/ram:PostalTradeAddress', labels: { fr: 'Adresse de livraison', de: 'Lieferanschrift', en: 'Delivery address' } },
  { id: 'BT-75', name: 'Deliver to address line 1', card: '0..1', type: 'text', parent: 'BG-15', key: 'line1', ubl: 'cbc:StreetName', cii: 'ram:LineOne', labels: { fr: 'Adresse ligne 1', de: 'Adresszeile 1', en: 'Address line 1' } },
  { id: 'BT-76', name: 'Deliver to address line 2', card: '0..1', type: 'text', parent: 'BG-15', key: 'line2', ubl: 'cbc:AdditionalStreetName', cii: 'ram:LineTwo', labels: { fr: 'Adresse ligne 2', de: 'Adresszeile 2', en: 'Address line 2' } },
  { id: 'BT-165', name: 'Deliver to address line 3', card: '0..1', type: 'text', parent: 'BG-15', key: 'line3', ubl: 'cac:AddressLine/cbc:Line', cii: 'ram:LineThree', labels: { fr: 'Adresse ligne 3', de: 'Adresszeile 3', en: 'Address line 3' } },
  { id: 'BT-77', name: 'Deliver to city', card: '0..1', type: 'text', parent: 'BG-15', key: 'city', ubl: 'cbc:CityName', cii: 'ram:CityName', labels: { fr: 'Localité', de: 'Ort', en: 'City' } },
  { id: 'BT-78', name: 'Deliver to post code', card: '0..1', type: 'text', parent: 'BG-15', key: 'postCode', ubl: 'cbc:PostalZone', cii: 'ram:PostcodeCode', labels: { fr: 'Code postal', de: 'Postleitzahl', en: 'Post code' } },
  { id: 'BT-79', name: 'Deliver to country subdivision', card: '0..1', type: 'text', parent: 'BG-15', key: 'countrySubdivision', ubl: 'cbc:CountrySubentity', cii: 'ram:CountrySubDivisionName', labels: { fr: 'Subdivision du pays', de: 'Bundesland / Region', en: 'Country subdivision' } },
  { id: 'BT-80', name: 'Deliver to country code', card: '1..1', type: 'code', codeList: 'ISO 3166-1 alpha-2', parent: 'BG-15', key: 'country', ubl: 'cac:Country/cbc:IdentificationCode', cii: 'ram:CountryID', labels: { fr: 'Pays', de: 'Land', en: 'Country' } },

  // ── Payment ───────────────────────────────────────────────────────────────────────────────
  { id: 'BG-16', name: 'PAYMENT INSTRUCTIONS', card: '0..1', type: 'group', parent: null, key: 'payment', ubl: 'cac:PaymentMeans', cii: `${ST}/ram:SpecifiedTradeSettlementPaymentMeans`, labels: { fr: 'Instructions de paiement', de: 'Zahlungsanweisungen', en: 'Payment instructions' } },
  { id: 'BT-81', name: 'Payment means type code', card: '1..1', type: 'code', codeList: 'UNTDID 4461', parent: 'BG-16', key: 'meansCode', ubl: 'cbc:PaymentMeansCode', cii: 'ram:TypeCode', labels: { fr: 'Moyen de paiement', de: 'Zahlungsart', en: 'Payment means' } },
  { id: 'BT-82', name: 'Payment means text', card: '0..1', type: 'text', parent: 'BG-16', key: 'meansText', ubl: 'cbc:PaymentMeansCode/@name', cii: 'ram:Information', labels: { fr: 'Libellé du moyen de paiement', de: 'Text zur Zahlungsart', en: 'Payment means text' } },
  { id: 'BT-83', name: 'Remittance information', card: '0..1', type: 'text', parent: 'BG-16', key: 'remittanceInformation', ubl: 'cbc:PaymentID', cii: `/${ST}/ram:PaymentReference`, labels: { fr: 'Référence de paiement', de: 'Verwendungszweck', en: 'Remittance information' } },
  { id: 'BG-17', name: 'CREDIT TRANSFER', card: '0..n', type: 'group', parent: 'BG-16', key: 'creditTransfers', ubl: 'cac:PayeeFinancialAccount', cii: 'ram:PayeePartyCreditorFinancialAccount', labels: { fr: 'Virement', de: 'Überweisung', en: 'Credit transfer' } },
  { id: 'BT-84', name: 'Payment account identifier', card: '1..1', type: 'identifier', parent: 'BG-17', key: 'account', ubl: 'cbc:ID', cii: 'ram:IBANID | ram:ProprietaryID', labels: { fr: 'Compte de paiement (IBAN)', de: 'Kontonummer (IBAN)', en: 'Payment account (IBAN)' } },
  { id: 'BT-85', name: 'Payment account name', card: '0..1', type: 'text', parent: 'BG-17', key: 'accountName', ubl: 'cbc:Name', cii: 'ram:AccountName', labels: { fr: 'Titulaire du compte', de: 'Kontoinhaber', en: 'Account name' } },
  { id: 'BT-86', name: 'Payment service provider identifier', card: '0..1', type: 'identifier', parent: 'BG-17', key: 'serviceProvider', ubl: 'cac:FinancialInstitutionBranch/cbc:ID', cii: '../ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID', labels: { fr: 'Code BIC du prestataire de paiement', de: 'BIC des Zahlungsdienstleisters', en: 'Payment service provider (BIC)' } },
  { id: 'BG-18', name: 'PAYMENT CARD INFORMATION', card: '0..1', type: 'group', parent: 'BG-16', key: 'card', ubl: 'cac:CardAccount', cii: 'ram:ApplicableTradeSettlementFinancialCard', labels: { fr: 'Carte de paiement', de: 'Zahlungskarte', en: 'Payment card' } },
  { id: 'BT-87', name: 'Payment card primary account number', card: '1..1', type: 'text', parent: 'BG-18', key: 'accountNumber', ubl: 'cbc:PrimaryAccountNumberID', cii: 'ram:ID', labels: { fr: 'Numéro de carte (partiel)', de: 'Kartennummer (teilweise)', en: 'Card number (partial)' } },
  { id: 'BT-88', name: 'Payment card holder name', card: '0..1', type: 'text', parent: 'BG-18', key: 'holderName', ubl: 'cbc:HolderName', cii: 'ram:CardholderName', labels: { fr: 'Titulaire de la carte', de: 'Karteninhaber', en: 'Card holder' } },
  { id: 'BG-19', name: 'DIRECT DEBIT', card: '0..1', type: 'group', parent: 'BG-16', key: 'directDebit', ubl: 'cac:PaymentMandate', cii: '', labels: { fr: 'Prélèvement', de: 'Lastschrift', en: 'Direct debit' } },
  { id: 'BT-89', name: 'Mandate reference identifier', card: '0..1', type: 'identifier', parent: 'BG-19', key: 'mandateReference', ubl: 'cbc:ID', cii: `/${ST}/ram:SpecifiedTradePaymentTerms/ram:DirectDebitMandateID`, labels: { fr: 'Référence du mandat', de: 'Mandatsreferenz', en: 'Mandate reference' } },
  { id: 'BT-90', name: 'Bank assigned creditor identifier', card: '0..1', type: 'identifier', parent: 'BG-19', key: 'creditorId', ubl: "/cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification/cbc:ID[@schemeID='SEPA'] | /cac:PayeeParty/cac:PartyIdentification/cbc:ID[@schemeID='SEPA']", ublRepeatAt: 2, cii: `/${ST}/ram:CreditorReferenceID`, labels: { fr: 'Identifiant du créancier', de: 'Gläubiger-Identifikationsnummer', en: 'Creditor identifier' } },
  { id: 'BT-91', name: 'Debited account identifier', card: '0..1', type: 'identifier', parent: 'BG-19', key: 'debitedAccount', ubl: 'cac:PayerFinancialAccount/cbc:ID', cii: 'ram:PayerPartyDebtorFinancialAccount/ram:IBANID', labels: { fr: 'Compte débité', de: 'Belastetes Konto', en: 'Debited account' } },

  // ── Document level allowances and charges ───────────────────────────────────────────────
  { id: 'BG-20', name: 'DOCUMENT LEVEL ALLOWANCES', card: '0..n', type: 'group', parent: null, key: 'allowances', ubl: "cac:AllowanceCharge[cbc:ChargeIndicator='false']", cii: `${ST}/ram:SpecifiedTradeAllowanceCharge[ram:ChargeIndicator/udt:Indicator='false']`, labels: { fr: 'Remises au niveau du document', de: 'Nachlässe auf Dokumentenebene', en: 'Document level allowances' } },
  { id: 'BT-92', name: 'Document level allowance amount', card: '1..1', type: 'amount', parent: 'BG-20', key: 'amount', ubl: 'cbc:Amount', cii: 'ram:ActualAmount', labels: { fr: 'Montant de la remise', de: 'Betrag des Nachlasses', en: 'Allowance amount' } },
  { id: 'BT-93', name: 'Document level allowance base amount', card: '0..1', type: 'amount', parent: 'BG-20', key: 'baseAmount', ubl: 'cbc:BaseAmount', cii: 'ram:BasisAmount', labels: { fr: 'Assiette de la remise', de: 'Grundbetrag des Nachlasses', en: 'Allowance base amount' } },
  { id: 'BT-94', name: 'Document level allowance percentage', card: '0..1', type: 'percentage', parent: 'BG-20', key: 'percentage', ubl: 'cbc:MultiplierFactorNumeric', cii: 'ram:CalculationPercent', labels: { fr: 'Pourcentage de la remise', de: 'Prozentsatz des Nachlasses', en: 'Allowance percentage' } },
  { id: 'BT-95', name: 'Document level allowance VAT category code', card: '1..1', type: 'code', codeList: 'UNTDID 5305', parent: 'BG-20', key: 'vatCategory', ubl: `${VATCAT}/cbc:ID`, cii: "ram:CategoryTradeTax[ram:TypeCode='VAT']/ram:CategoryCode", labels: { fr: 'Catégorie de TVA de la remise', de: 'Umsatzsteuerkategorie des Nachlasses', en: 'Allowance VAT category' } },
  { id: 'BT-96', name: 'Document level allowance VAT rate', card: '0..1', type: 'percentage', parent: 'BG-20', key: 'vatRate', ubl: `${VATCAT}/cbc:Percent`, cii: "ram:CategoryTradeTax[ram:TypeCode='VAT']/ram:RateApplicablePercent", labels: { fr: 'Taux de TVA de la remise', de: 'Umsatzsteuersatz des Nachlasses', en: 'Allowance VAT rate' } },
  { id: 'BT-97', name: 'Document level allowance reason', card: '0..1', type: 'text', parent: 'BG-20', key: 'reason', ubl: 'cbc:AllowanceChargeReason', cii: 'ram:Reason', labels: { fr: 'Motif de la remise', de: 'Grund des Nachlasses', en: 'Allowance reason' } },
  { id: 'BT-98', name: 'Document level allowance reason code', card: '0..1', type: 'code', codeList: 'UNTDID 5189', parent: 'BG-20', key: 'reasonCode', ubl: 'cbc:AllowanceChargeReasonCode', cii: 'ram:ReasonCode', labels: { fr: 'Code du motif de la remise', de: 'Code für den Grund des Nachlasses', en: 'Allowance reason code' } },
  { id: 'BG-21', name: 'DOCUMENT LEVEL CHARGES', card: '0..n', type: 'group', parent: null, key: 'charges', ubl: "cac:AllowanceCharge[cbc:ChargeIndicator='true']", cii: `${ST}/ram:SpecifiedTradeAllowanceCharge[ram:ChargeIndicator/udt:Indicator='true']`, labels: { fr: 'Frais au niveau du document', de: 'Zuschläge auf Dokumentenebene', en: 'Document level charges' } },
  { id: 'BT-99', name: 'Document level charge amount', card: '1..1', type: 'amount', parent: 'BG-21', key: 'amount', ubl: 'cbc:Amount', cii: 'ram:ActualAmount', labels: { fr: 'Montant des frais', de: 'Betrag des Zuschlags', en: 'Charge amount' } },
  { id: 'BT-100', name: 'Document level charge base amount', card: '0..1', type: 'amount', parent: 'BG-21', key: 'baseAmount', ubl: 'cbc:BaseAmount', cii: 'ram:BasisAmount', labels: { fr: 'Assiette des frais', de: 'Grundbetrag des Zuschlags', en: 'Charge base amount' } },
  { id: 'BT-101', name: 'Document level charge percentage', card: '0..1', type: 'percentage', parent: 'BG-21', key: 'percentage', ubl: 'cbc:MultiplierFactorNumeric', cii: 'ram:CalculationPercent', labels: { fr: 'Pourcentage des frais', de: 'Prozentsatz des Zuschlags', en: 'Charge percentage' } },
  { id: 'BT-102', name: 'Document level charge VAT category code', card: '1..1', type: 'code', codeList: 'UNTDID 5305', parent: 'BG-21', key: 'vatCategory', ubl: `${VATCAT}/cbc:ID`, cii: "ram:CategoryTradeTax[ram:TypeCode='VAT']/ram:CategoryCode", labels: { fr: 'Catégorie de TVA des frais', de: 'Umsatzsteuerkategorie des Zuschlags', en: 'Charge VAT category' } },
  { id: 'BT-103', name: 'Document level charge VAT rate', card: '0..1', type: 'percentage', parent: 'BG-21', key: 'vatRate', ubl: `${VATCAT}/cbc:Percent`, cii: "ram:CategoryTradeTax[ram:TypeCode='VAT']/ram:RateApplicablePercent", labels: { fr: 'Taux de TVA des frais', de: 'Umsatzsteuersatz des Zuschlags', en: 'Charge VAT rate' } },
  { id: 'BT-104', name: 'Document level charge reason', card: '0..1', type: 'text', parent: 'BG-21', key: 'reason', ubl: 'cbc:AllowanceChargeReason', cii: 'ram:Reason', labels: { fr: 'Motif des frais', de: 'Grund des Zuschlags', en: 'Charge reason' } },
  { id: 'BT-105', name: 'Document level charge reason code', card: '0..1', type: 'code', codeList: 'UNTDID 7161', parent: 'BG-21', key: 'reasonCode', ubl: 'cbc:AllowanceChargeReasonCode', cii: 'ram:ReasonCode', labels: { fr: 'Code du motif des frais', de: 'Code für den Grund des Zuschlags', en: 'Charge reason code' } },

  // ── Totals and VAT breakdown ──────────────────────────────────────────────────────────────
  { id: 'BG-22', name: 'DOCUMENT TOTALS', card: '1..1', type: 'group', parent: null, key: 'totals', ubl: 'cac:LegalMonetaryTotal', cii: `${ST}/ram:SpecifiedTradeSettlementHeaderMonetarySummation`, labels: { fr: 'Totaux du document', de: 'Gesamtbeträge', en: 'Document totals' } },
  { id: 'BT-106', name: 'Sum of Invoice line net amount', card: '1..1', type: 'amount', parent: 'BG-22', key: 'lineNetTotal', ubl: 'cbc:LineExtensionAmount', cii: 'ram:LineTotalAmount', labels: { fr: 'Total des montants nets des lignes', de: 'Summe der Nettobeträge der Positionen', en: 'Sum of line net amounts' } },
  { id: 'BT-107', name: 'Sum of allowances on document level', card: '0..1', type: 'amount', parent: 'BG-22', key: 'allowanceTotal', ubl: 'cbc:AllowanceTotalAmount', cii: 'ram:AllowanceTotalAmount', labels: { fr: 'Total des remises', de: 'Summe der Nachlässe', en: 'Sum of allowances' } },
  { id: 'BT-108', name: 'Sum of charges on document level', card: '0..1', type: 'amount', parent: 'BG-22', key: 'chargeTotal', ubl: 'cbc:ChargeTotalAmount', cii: 'ram:ChargeTotalAmount', labels: { fr: 'Total des frais', de: 'Summe der Zuschläge', en: 'Sum of charges' } },
  { id: 'BT-109', name: 'Invoice total amount without VAT', card: '1..1', type: 'amount', parent: 'BG-22', key: 'taxExclusive', ubl: 'cbc:TaxExclusiveAmount', cii: 'ram:TaxBasisTotalAmount', labels: { fr: 'Total HT', de: 'Gesamtbetrag ohne Umsatzsteuer', en: 'Total without VAT' } },
  { id: 'BT-110', name: 'Invoice total VAT amount', card: '0..1', type: 'amount', parent: 'BG-22', key: 'vatTotal', ubl: '/cac:TaxTotal[cbc:TaxAmount/@currencyID=$BT-5]/cbc:TaxAmount', cii: 'ram:TaxTotalAmount[not(@currencyID) or @currencyID=$BT-5]', labels: { fr: 'Total TVA', de: 'Gesamtbetrag der Umsatzsteuer', en: 'Total VAT' } },
  { id: 'BT-111', name: 'Invoice total VAT amount in accounting currency', card: '0..1', type: 'amount', currency: 'BT-6', parent: 'BG-22', key: 'vatTotalAccounting', ubl: '/cac:TaxTotal[cbc:TaxAmount/@currencyID=$BT-6]/cbc:TaxAmount', cii: 'ram:TaxTotalAmount[@currencyID=$BT-6]', labels: { fr: 'Total TVA en devise de comptabilisation', de: 'Umsatzsteuergesamtbetrag in Buchungswährung', en: 'Total VAT in accounting currency' } },
  { id: 'BT-112', name: 'Invoice total amount with VAT', card: '1..1', type: 'amount', parent: 'BG-22', key: 'taxInclusive', ubl: 'cbc:TaxInclusiveAmount', cii: 'ram:GrandTotalAmount', labels: { fr: 'Total TTC', de: 'Gesamtbetrag einschließlich Umsatzsteuer', en: 'Total with VAT' } },
  { id: 'BT-113', name: 'Paid amount', card: '0..1', type: 'amount', parent: 'BG-22', key: 'paid', ubl: 'cbc:PrepaidAmount', cii: 'ram:TotalPrepaidAmount', labels: { fr: 'Montant déjà payé', de: 'Gezahlter Betrag', en: 'Paid amount' } },
  { id: 'BT-114', name: 'Rounding amount', card: '0..1', type: 'amount', parent: 'BG-22', key: 'rounding', ubl: 'cbc:PayableRoundingAmount', cii: 'ram:RoundingAmount', labels: { fr: "Montant d'arrondi", de: 'Rundungsbetrag', en: 'Rounding amount' } },
  { id: 'BT-115', name: 'Amount due for payment', card: '1..1', type: 'amount', parent: 'BG-22', key: 'due', ubl: 'cbc:PayableAmount', cii: 'ram:DuePayableAmount', labels: { fr: 'Montant à payer', de: 'Fälliger Zahlungsbetrag', en: 'Amount due' } },

  { id: 'BG-23', name: 'VAT BREAKDOWN', card: '1..n', type: 'group', parent: null, key: 'vatBreakdown', ubl: '/cac:TaxTotal[cbc:TaxAmount/@currencyID=$BT-5]/cac:TaxSubtotal', ublRepeatAt: 1, cii: `${ST}/ram:ApplicableTradeTax[ram:TypeCode='VAT']`, labels: { fr: 'Ventilation de la TVA', de: 'Aufschlüsselung der Umsatzsteuer', en: 'VAT breakdown' } },
  { id: 'BT-116', name: 'VAT category taxable amount', card: '1..1', type: 'amount', parent: 'BG-23', key: 'taxableAmount', ubl: 'cbc:TaxableAmount', cii: 'ram:BasisAmount', labels: { fr: 'Base imposable', de: 'Steuerbemessungsgrundlage', en: 'Taxable amount' } },
  { id: 'BT-117', name: 'VAT category tax amount', card: '1..1', type: 'amount', parent: 'BG-23', key: 'taxAmount', ubl: 'cbc:TaxAmount', cii: 'ram:CalculatedAmount', labels: { fr: 'Montant de TVA', de: 'Steuerbetrag', en: 'VAT amount' } },
  { id: 'BT-118', name: 'VAT category code', card: '1..1', type: 'code', codeList: 'UNTDID 5305', parent: 'BG-23', key: 'category', ubl: `${VATCAT}/cbc:ID`, cii: 'ram:CategoryCode', labels: { fr: 'Catégorie de TVA', de: 'Umsatzsteuerkategorie', en: 'VAT category' } },
  { id: 'BT-119', name: 'VAT category rate', card: '0..1', type: 'percentage', parent: 'BG-23', key: 'rate', ubl: `${VATCAT}/cbc:Percent`, cii: 'ram:RateApplicablePercent', labels: { fr: 'Taux de TVA', de: 'Steuersatz', en: 'VAT rate' } },
  { id: 'BT-120', name: 'VAT exemption reason text', card: '0..1', type: 'text', parent: 'BG-23', key: 'exemptionReason', ubl: `${VATCAT}/cbc:TaxExemptionReason`, cii: 'ram:ExemptionReason', labels: { fr: "Motif d'exonération", de: 'Befreiungsgrund', en: 'Exemption reason' } },
  { id: 'BT-121', name: 'VAT exemption reason code', card: '0..1', type: 'code', codeList: 'VATEX', parent: 'BG-23', key: 'exemptionReasonCode', ubl: `${VATCAT}/cbc:TaxExemptionReasonCode`, cii: 'ram:ExemptionReasonCode', labels: { fr: "Code du motif d'exonération", de: 'Code für den Befreiungsgrund', en: 'Exemption reason code' } },

  { id: 'BG-24', name: 'ADDITIONAL SUPPORTING DOCUMENTS', card: '0..n', type: 'group', parent: null, key: 'attachments', ubl: "cac:AdditionalDocumentReference[not(cbc:DocumentTypeCode='130') and not(cbc:DocumentTypeCode='50')]", cii: `${AG}/ram:AdditionalReferencedDocument[ram:TypeCode='916']`, labels: { fr: 'Pièces justificatives', de: 'Rechnungsbegründende Unterlagen', en: 'Supporting documents' } },
  { id: 'BT-122', name: 'Supporting document reference', card: '1..1', type: 'document-reference', parent: 'BG-24', key: 'reference', ubl: 'cbc:ID', cii: 'ram:IssuerAssignedID', labels: { fr: 'Référence du document', de: 'Kennung der Unterlage', en: 'Document reference' } },
  { id: 'BT-123', name: 'Supporting document description', card: '0..1', type: 'text', parent: 'BG-24', key: 'description', ubl: 'cbc:DocumentDescription', cii: 'ram:Name', labels: { fr: 'Description du document', de: 'Beschreibung der Unterlage', en: 'Document description' } },
  { id: 'BT-124', name: 'External document location', card: '0..1', type: 'text', parent: 'BG-24', key: 'uri', ubl: 'cac:Attachment/cac:ExternalReference/cbc:URI', cii: 'ram:URIID', labels: { fr: 'Emplacement du document externe', de: 'Verweis auf externe Unterlage', en: 'External document location' } },
  { id: 'BT-125', name: 'Attached document', card: '0..1', type: 'binary', codeList: 'IANA MIME', parent: 'BG-24', key: 'content', ubl: 'cac:Attachment/cbc:EmbeddedDocumentBinaryObject', cii: 'ram:AttachmentBinaryObject', labels: { fr: 'Document joint', de: 'Anhang', en: 'Attached document' } },

  // ── Invoice lines ────────────────────────────────────────────────────────────────────────
  { id: 'BG-25', name: 'INVOICE LINE', card: '1..n', type: 'group', parent: null, key: 'lines', ubl: 'cac:InvoiceLine', ublCn: 'cac:CreditNoteLine', cii: `${HDR}/ram:IncludedSupplyChainTradeLineItem`, labels: { fr: 'Ligne de facture', de: 'Rechnungsposition', en: 'Invoice line' } },
  { id: 'BT-126', name: 'Invoice line identifier', card: '1..1', type: 'identifier', parent: 'BG-25', key: 'id', ubl: 'cbc:ID', cii: 'ram:AssociatedDocumentLineDocument/ram:LineID', labels: { fr: 'N° de ligne', de: 'Position', en: 'Line' } },
  { id: 'BT-127', name: 'Invoice line note', card: '0..1', type: 'text', parent: 'BG-25', key: 'note', ubl: 'cbc:Note', cii: 'ram:AssociatedDocumentLineDocument/ram:IncludedNote/ram:Content', labels: { fr: 'Note de ligne', de: 'Bemerkung zur Position', en: 'Line note' } },
  { id: 'BT-128', name: 'Invoice line object identifier', card: '0..1', type: 'scheme-identifier', codeList: 'UNTDID 1153', parent: 'BG-25', key: 'objectIdentifier', ubl: "cac:DocumentReference[cbc:DocumentTypeCode='130']/cbc:ID", cii: "ram:SpecifiedLineTradeSettlement/ram:AdditionalReferencedDocument[ram:TypeCode='130']/ram:IssuerAssignedID", ciiScheme: '../ram:ReferenceTypeCode', labels: { fr: "Identifiant d'objet de la ligne", de: 'Objektkennung der Position', en: 'Line object identifier' } },
  { id: 'BT-129', name: 'Invoiced quantity', card: '1..1', type: 'quantity', parent: 'BG-25', key: 'quantity', ubl: 'cbc:InvoicedQuantity', ublCn: 'cbc:CreditedQuantity', cii: 'ram:SpecifiedLineTradeDelivery/ram:BilledQuantity', labels: { fr: 'Quantité', de: 'Menge', en: 'Quantity' } },
  { id: 'BT-130', name: 'Invoiced quantity unit of measure code', card: '1..1', type: 'code', codeList: 'UN/ECE Rec 20/21', parent: 'BG-25', key: 'unit', ubl: 'cbc:InvoicedQuantity/@unitCode', ublCn: 'cbc:CreditedQuantity/@unitCode', cii: 'ram:SpecifiedLineTradeDelivery/ram:BilledQuantity/@unitCode', labels: { fr: 'Unité', de: 'Einheit', en: 'Unit' } },
  { id: 'BT-131', name: 'Invoice line net amount', card: '1..1', type: 'amount', parent: 'BG-25', key: 'netAmount', ubl: 'cbc:LineExtensionAmount', cii: 'ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount', labels: { fr: 'Montant net HT', de: 'Nettobetrag', en: 'Net amount' } },
  { id: 'BT-132', name: 'Referenced purchase order line reference', card: '0..1', type: 'document-reference', parent: 'BG-25', key: 'orderLineReference', ubl: 'cac:OrderLineReference/cbc:LineID', cii: 'ram:SpecifiedLineTradeAgreement/ram:BuyerOrderReferencedDocument/ram:LineID', labels: { fr: 'Référence de ligne de commande', de: 'Referenz der Bestellposition', en: 'Order line reference' } },
  { id: 'BT-133', name: 'Invoice line Buyer accounting reference', card: '0..1', type: 'text', parent: 'BG-25', key: 'buyerAccountingReference', ubl: 'cbc:AccountingCost', cii: 'ram:SpecifiedLineTradeSettlement/ram:ReceivableSpecifiedTradeAccountingAccount/ram:ID', labels: { fr: "Référence comptable de l'acheteur", de: 'Buchungsreferenz des Käufers', en: 'Buyer accounting reference' } },
  { id: 'BG-26', name: 'INVOICE LINE PERIOD', card: '0..1', type: 'group', parent: 'BG-25', key: 'period', ubl: 'cac:InvoicePeriod', cii: 'ram:SpecifiedLineTradeSettlement/ram:BillingSpecifiedPeriod', labels: { fr: 'Période de la ligne', de: 'Abrechnungszeitraum der Position', en: 'Line period' } },
  { id: 'BT-134', name: 'Invoice line period start date', card: '0..1', type: 'date', parent: 'BG-26', key: 'start', ubl: 'cbc:StartDate', cii: 'ram:StartDateTime/udt:DateTimeString', labels: { fr: 'Début de la période', de: 'Beginn des Zeitraums', en: 'Period start' } },
  { id: 'BT-135', name: 'Invoice line period end date', card: '0..1', type: 'date', parent: 'BG-26', key: 'end', ubl: 'cbc:EndDate', cii: 'ram:EndDateTime/udt:DateTimeString', labels: { fr: 'Fin de la période', de: 'Ende des Zeitraums', en: 'Period end' } },
  { id: 'BG-27', name: 'INVOICE LINE ALLOWANCES', card: '0..n', type: 'group', parent: 'BG-25', key: 'allowances', ubl: "cac:AllowanceCharge[cbc:ChargeIndicator='false']", cii: "ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeAllowanceCharge[ram:ChargeIndicator/udt:Indicator='false']", labels: { fr: 'Remises sur la ligne', de: 'Nachlässe auf Positionsebene', en: 'Line allowances' } },
  { id: 'BT-136', name: 'Invoice line allowance amount', card: '1..1', type: 'amount', parent: 'BG-27', key: 'amount', ubl: 'cbc:Amount', cii: 'ram:ActualAmount', labels: { fr: 'Montant de la remise', de: 'Betrag des Nachlasses', en: 'Allowance amount' } },
  { id: 'BT-137', name: 'Invoice line allowance base amount', card: '0..1', type: 'amount', parent: 'BG-27', key: 'baseAmount', ubl: 'cbc:BaseAmount', cii: 'ram:BasisAmount', labels: { fr: 'Assiette de la remise', de: 'Grundbetrag des Nachlasses', en: 'Allowance base amount' } },
  { id: 'BT-138', name: 'Invoice line allowance percentage', card: '0..1', type: 'percentage', parent: 'BG-27', key: 'percentage', ubl: 'cbc:MultiplierFactorNumeric', cii: 'ram:CalculationPercent', labels: { fr: 'Pourcentage de la remise', de: 'Prozentsatz des Nachlasses', en: 'Allowance percentage' } },
  { id: 'BT-139', name: 'Invoice line allowance reason', card: '0..1', type: 'text', parent: 'BG-27', key: 'reason', ubl: 'cbc:AllowanceChargeReason', cii: 'ram:Reason', labels: { fr: 'Motif de la remise', de: 'Grund des Nachlasses', en: 'Allowance reason' } },
  { id: 'BT-140', name: 'Invoice line allowance reason code', card: '0..1', type: 'code', codeList: 'UNTDID 5189', parent: 'BG-27', key: 'reasonCode', ubl: 'cbc:AllowanceChargeReasonCode', cii: 'ram:ReasonCode', labels: { fr: 'Code du motif de la remise', de: 'Code für den Grund des Nachlasses', en: 'Allowance reason code' } },
  { id: 'BG-28', name: 'INVOICE LINE CHARGES', card: '0..n', type: 'group', parent: 'BG-25', key: 'charges', ubl: "cac:AllowanceCharge[cbc:ChargeIndicator='true']", cii: "ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeAllowanceCharge[ram:ChargeIndicator/udt:Indicator='true']", labels: { fr: 'Frais sur la ligne', de: 'Zuschläge auf Positionsebene', en: 'Line charges' } },
  { id: 'BT-141', name: 'Invoice line charge amount', card: '1..1', type: 'amount', parent: 'BG-28', key: 'amount', ubl: 'cbc:Amount', cii: 'ram:ActualAmount', labels: { fr: 'Montant des frais', de: 'Betrag des Zuschlags', en: 'Charge amount' } },
  { id: 'BT-142', name: 'Invoice line charge base amount', card: '0..1', type: 'amount', parent: 'BG-28', key: 'baseAmount', ubl: 'cbc:BaseAmount', cii: 'ram:BasisAmount', labels: { fr: 'Assiette des frais', de: 'Grundbetrag des Zuschlags', en: 'Charge base amount' } },
  { id: 'BT-143', name: 'Invoice line charge percentage', card: '0..1', type: 'percentage', parent: 'BG-28', key: 'percentage', ubl: 'cbc:MultiplierFactorNumeric', cii: 'ram:CalculationPercent', labels: { fr: 'Pourcentage des frais', de: 'Prozentsatz des Zuschlags', en: 'Charge percentage' } },
  { id: 'BT-144', name: 'Invoice line charge reason', card: '0..1', type: 'text', parent: 'BG-28', key: 'reason', ubl: 'cbc:AllowanceChargeReason', cii: 'ram:Reason', labels: { fr: 'Motif des frais', de: 'Grund des Zuschlags', en: 'Charge reason' } },
  { id: 'BT-145', name: 'Invoice line charge reason code', card: '0..1', type: 'code', codeList: 'UNTDID 7161', parent: 'BG-28', key: 'reasonCode', ubl: 'cbc:AllowanceChargeReasonCode', cii: 'ram:ReasonCode', labels: { fr: 'Code du motif des frais', de: 'Code für den Grund des Zuschlags', en: 'Charge reason code' } },
  { id: 'BG-29', name: 'PRICE DETAILS', card: '1..1', type: 'group', parent: 'BG-25', key: 'price', ubl: 'cac:Price', cii: 'ram:SpecifiedLineTradeAgreement', labels: { fr: 'Prix', de: 'Preiseinzelheiten', en: 'Price details' } },
  { id: 'BT-146', name: 'Item net price', card: '1..1', type: 'unit-price-amount', parent: 'BG-29', key: 'netPrice', ubl: 'cbc:PriceAmount', cii: 'ram:NetPriceProductTradePrice/ram:ChargeAmount', labels: { fr: 'Prix unitaire net', de: 'Nettopreis', en: 'Net price' } },
  { id: 'BT-147', name: 'Item price discount', card: '0..1', type: 'unit-price-amount', parent: 'BG-29', key: 'discount', ubl: "cac:AllowanceCharge[cbc:ChargeIndicator='false']/cbc:Amount", cii: "ram:GrossPriceProductTradePrice/ram:AppliedTradeAllowanceCharge[ram:ChargeIndicator/udt:Indicator='false']/ram:ActualAmount", labels: { fr: 'Rabais sur le prix', de: 'Rabatt auf den Preis', en: 'Price discount' } },
  { id: 'BT-148', name: 'Item gross price', card: '0..1', type: 'unit-price-amount', parent: 'BG-29', key: 'grossPrice', ubl: "cac:AllowanceCharge[cbc:ChargeIndicator='false']/cbc:BaseAmount", cii: 'ram:GrossPriceProductTradePrice/ram:ChargeAmount', labels: { fr: 'Prix unitaire brut', de: 'Bruttopreis', en: 'Gross price' } },
  { id: 'BT-149', name: 'Item price base quantity', card: '0..1', type: 'quantity', parent: 'BG-29', key: 'baseQuantity', ubl: 'cbc:BaseQuantity', cii: 'ram:NetPriceProductTradePrice/ram:BasisQuantity', labels: { fr: 'Quantité de base du prix', de: 'Basismenge zum Preis', en: 'Price base quantity' } },
  { id: 'BT-150', name: 'Item price base quantity unit of measure code', card: '0..1', type: 'code', codeList: 'UN/ECE Rec 20/21', parent: 'BG-29', key: 'baseQuantityUnit', ubl: 'cbc:BaseQuantity/@unitCode', cii: 'ram:NetPriceProductTradePrice/ram:BasisQuantity/@unitCode', labels: { fr: 'Unité de la quantité de base', de: 'Einheit der Basismenge', en: 'Base quantity unit' } },
  { id: 'BG-30', name: 'LINE VAT INFORMATION', card: '1..1', type: 'group', parent: 'BG-25', key: 'vat', ubl: `cac:Item/${CLASSVAT}`, cii: "ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax[ram:TypeCode='VAT']", labels: { fr: 'TVA de la ligne', de: 'Umsatzsteuer der Position', en: 'Line VAT' } },
  { id: 'BT-151', name: 'Invoiced item VAT category code', card: '1..1', type: 'code', codeList: 'UNTDID 5305', parent: 'BG-30', key: 'category', ubl: 'cbc:ID', cii: 'ram:CategoryCode', labels: { fr: 'Catégorie de TVA', de: 'Umsatzsteuerkategorie', en: 'VAT category' } },
  { id: 'BT-152', name: 'Invoiced item VAT rate', card: '0..1', type: 'percentage', parent: 'BG-30', key: 'rate', ubl: 'cbc:Percent', cii: 'ram:RateApplicablePercent', labels: { fr: 'Taux de TVA', de: 'Steuersatz', en: 'VAT rate' } },
  { id: 'BG-31', name: 'ITEM INFORMATION', card: '1..1', type: 'group', parent: 'BG-25', key: 'item', ubl: 'cac:Item', cii: 'ram:SpecifiedTradeProduct', labels: { fr: 'Article', de: 'Artikelinformationen', en: 'Item' } },
  { id: 'BT-153', name: 'Item name', card: '1..1', type: 'text', parent: 'BG-31', key: 'name', ubl: 'cbc:Name', cii: 'ram:Name', labels: { fr: 'Désignation', de: 'Artikelname', en: 'Item name' } },
  { id: 'BT-154', name: 'Item description', card: '0..1', type: 'text', parent: 'BG-31', key: 'description', ubl: 'cbc:Description', cii: 'ram:Description', labels: { fr: 'Description', de: 'Artikelbeschreibung', en: 'Item description' } },
  { id: 'BT-155', name: "Item Seller's identifier", card: '0..1', type: 'identifier', parent: 'BG-31', key: 'sellerId', ubl: 'cac:SellersItemIdentification/cbc:ID', cii: 'ram:SellerAssignedID', labels: { fr: 'Référence vendeur', de: 'Artikelnummer des Verkäufers', en: "Seller's item identifier" } },
  { id: 'BT-156', name: "Item Buyer's identifier", card: '0..1', type: 'identifier', parent: 'BG-31', key: 'buyerId', ubl: 'cac:BuyersItemIdentification/cbc:ID', cii: 'ram:BuyerAssignedID', labels: { fr: 'Référence acheteur', de: 'Artikelnummer des Käufers', en: "Buyer's item identifier" } },
  { id: 'BT-157', name: 'Item standard identifier', card: '0..1', type: 'scheme-identifier', codeList: 'ISO 6523 ICD', parent: 'BG-31', key: 'standardId', ubl: 'cac:StandardItemIdentification/cbc:ID', cii: 'ram:GlobalID', labels: { fr: 'Identifiant standard', de: 'Standardkennung des Artikels', en: 'Standard identifier' } },
  { id: 'BT-158', name: 'Item classification identifier', card: '0..n', type: 'scheme-identifier', codeList: 'UNTDID 7143', parent: 'BG-31', key: 'classifications', ubl: 'cac:CommodityClassification/cbc:ItemClassificationCode', cii: 'ram:DesignatedProductClassification/ram:ClassCode', scheme: '@listID', labels: { fr: 'Classification', de: 'Klassifizierung', en: 'Classification' } },
  { id: 'BT-159', name: 'Item country of origin', card: '0..1', type: 'code', codeList: 'ISO 3166-1 alpha-2', parent: 'BG-31', key: 'originCountry', ubl: 'cac:OriginCountry/cbc:IdentificationCode', cii: 'ram:OriginTradeCountry/ram:ID', labels: { fr: "Pays d'origine", de: 'Ursprungsland', en: 'Country of origin' } },
  { id: 'BG-32', name: 'ITEM ATTRIBUTES', card: '0..n', type: 'group', parent: 'BG-31', key: 'attributes', ubl: 'cac:AdditionalItemProperty', cii: 'ram:ApplicableProductCharacteristic', labels: { fr: "Attributs de l'article", de: 'Artikelattribute', en: 'Item attributes' } },
  { id: 'BT-160', name: 'Item attribute name', card: '1..1', type: 'text', parent: 'BG-32', key: 'name', ubl: 'cbc:Name', cii: 'ram:Description', labels: { fr: 'Attribut', de: 'Attribut', en: 'Attribute' } },
  { id: 'BT-161', name: 'Item attribute value', card: '1..1', type: 'text', parent: 'BG-32', key: 'value', ubl: 'cbc:Value', cii: 'ram:Value', labels: { fr: 'Valeur', de: 'Wert', en: 'Value' } },
] as const satisfies readonly TermDef[];

export type TermId = (typeof terms)[number]['id'];

/** A row of the catalogue with what is derived from the table (full paths, form field name, children). */
export interface Term extends TermDef {
  id: TermId;
  /** true when the term may occur more than once in its parent. */
  repeats: boolean;
  /** Manual-entry form field name, e.g. `seller.address.line1`, `lines[].item.name`. */
  formField: string;
  /** Absolute paths for the documentation (`null`: not carried in that syntax). */
  fullPath: { ubl: string | null; ublCreditNote: string | null; cii: string | null };
  /** Child term ids (groups only), in table order. */
  children: TermId[];
}

function joinPath(base: string | null, rel: string | null, root: string): string | null {
  if (rel === null) return null;
  if (rel.startsWith('/')) return rel.split(' | ').map((alt) => `/${root}${alt.trim()}`).join(' | ');
  if (base === null) base = `/${root}`;
  if (rel === '' || rel === '.') return base;
  return rel.split(' | ').map((alt) => (alt.trim().startsWith('/') ? `/${root}${alt.trim()}` : `${base}/${alt.trim()}`)).join(' | ');
}

function build(): { list: Term[]; map: Map<string, Term> } {
  const map = new Map<string, Term>();
  const list: Term[] = [];
  for (const def of terms as readonly TermDef[]) {
    const parent = def.parent === null ? undefined : map.get(def.parent);
    if (def.parent !== null && !parent) throw new Error(`catalogue: ${def.id} names parent ${def.parent} before it is defined`);
    const repeats = def.card.endsWith('n');
    const formField = `${parent ? parent.formField + '.' : ''}${def.key}${repeats && def.type === 'group' ? '[]' : ''}`;
    const ubl = joinPath(parent?.fullPath.ubl ?? null, def.ubl, 'Invoice');
    const ublCn = joinPath(parent?.fullPath.ublCreditNote ?? null, def.ublCn ?? def.ubl, 'CreditNote');
    const cii = joinPath(parent?.fullPath.cii ?? null, def.cii, 'rsm:CrossIndustryInvoice');
    const term: Term = { ...def, id: def.id as TermId, repeats, formField, fullPath: { ubl, ublCreditNote: ublCn, cii }, children: [] };
    if (map.has(def.id)) throw new Error(`catalogue: duplicate ${def.id}`);
    map.set(def.id, term);
    list.push(term);
    parent?.children.push(term.id);
  }
  return { list, map };
}

const built = build();

/** Every BT and BG, in the order of the table (each group before its members). */
export const catalogue: readonly Term[] = built.list;

/** The catalogue row of a BT/BG id (`BT-27`, `BG-4`); undefined when there is none. */
export function byId(id: string): Term | undefined {
  return built.map.get(id);
}

/** Terms of the invoice itself (parent null), in table order. */
export const topLevel: readonly Term[] = built.list.filter((t) => t.parent === null);

/** The children of a group (or of the invoice when `id` is null). */
export function childrenOf(id: string | null): Term[] {
  if (id === null) return [...topLevel];
  const t = built.map.get(id);
  return t ? t.children.map((c) => built.map.get(c) as Term) : [];
}

/** The label of a term in a language (falls back to the English name). */
export function label(id: string, lang: keyof Labels = 'en'): string {
  return built.map.get(id)?.labels[lang] ?? id;
}
