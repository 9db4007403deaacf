/**
 * CII → UBL conversion of XRechnung-style invoices: variants of the official CII examples built with
 * `cii-variants.ts`. Each converted document must be schema-valid and pass the EN 16931 UBL rules
 * wherever its CII source passed the CII rules, and reading it back gives the CII source's model.
 */
import { diffTerms, formatDifferences } from '../../model/diff';
import { readInvoice } from '../../model/read';
import { writeUbl } from '../../model/write';
import { validate } from '../../validation';
import { AG, CiiDoc, DL, ST, SUM, type Exemption } from './cii-variants';
import { derivedAddition, example } from './helpers';

const date = '2026-06-01';
const fatal = (r: { findings: { flag: string; ruleId: string; location: string; message: string }[] }): string[] =>
  r.findings.filter((f) => f.flag === 'fatal').map((f) => `${f.ruleId} ${f.location} ${f.message}`);

test('a sales order reference (BT-14) without purchase order reference (BT-13): cbc:ID is NA, as the UBL binding says, and reads back as no BT-13', async () => {
  const cii = example('en16931-cii/CII_example5.xml')
    .toString('utf8')
    .replace(/<ram:BuyerOrderReferencedDocument>\s*<ram:IssuerAssignedID>PO4711<\/ram:IssuerAssignedID>\s*<\/ram:BuyerOrderReferencedDocument>/, '');
  const source = readInvoice(cii);
  expect([source.terms['BT-13'], source.terms['BT-14']]).toEqual([undefined, '123']);
  expect(fatal(await validate(Buffer.from(cii), { date }))).toEqual([]);
  const ubl = writeUbl(source, { totals: 'keep' });
  expect(ubl).toMatch(/<cac:OrderReference>\s*<cbc:ID>NA<\/cbc:ID>\s*<cbc:SalesOrderID>123<\/cbc:SalesOrderID>\s*<\/cac:OrderReference>/);
  expect(fatal(await validate(Buffer.from(ubl), { date }))).toEqual([]);
  const again = readInvoice(ubl);
  expect(formatDifferences(diffTerms(source.terms, again.terms).filter((d) => !derivedAddition(d)))).toBe('');
  expect(again.unmapped.filter((u) => u.location.includes('OrderReference'))).toEqual([]);
  // A real purchase order reference is written as it is.
  expect(writeUbl(readInvoice(example('en16931-cii/CII_example5.xml')), { totals: 'keep' })).toMatch(/<cac:OrderReference>\s*<cbc:ID>PO4711<\/cbc:ID>/);
}, 60_000);

// ── XRechnung-style variants of the official CII examples ──────────────────────────────────────

const ex1 = (): CiiDoc => CiiDoc.example('en16931-cii/CII_example1.xml');
const ex5 = (): CiiDoc => CiiDoc.example('en16931-cii/CII_example5.xml');
const LU_ADDRESS = '<ram:PostcodeCode>L-1499</ram:PostcodeCode><ram:LineOne>2, place de l’Europe</ram:LineOne><ram:CityName>Luxembourg</ram:CityName><ram:CountryID>LU</ram:CountryID>';
const doc = (reason: string, code: string): Exemption => ({ reason, code });
const allowance = (charge: boolean, amount: string, category: string, rate: string | undefined, extra = ''): string =>
  `<ram:SpecifiedTradeAllowanceCharge><ram:ChargeIndicator><udt:Indicator>${charge}</udt:Indicator></ram:ChargeIndicator>${extra}<ram:ActualAmount>${amount}</ram:ActualAmount>` +
  `<ram:CategoryTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>${category}</ram:CategoryCode>${rate === undefined ? '' : `<ram:RateApplicablePercent>${rate}</ram:RateApplicablePercent>`}</ram:CategoryTradeTax></ram:SpecifiedTradeAllowanceCharge>`;
const lineAllowance = (charge: boolean, amount: string, extra = ''): string =>
  `<ram:SpecifiedTradeAllowanceCharge><ram:ChargeIndicator><udt:Indicator>${charge}</udt:Indicator></ram:ChargeIndicator>${extra}<ram:ActualAmount>${amount}</ram:ActualAmount></ram:SpecifiedTradeAllowanceCharge>`;
/** Every line of a document in one VAT category (the breakdown recomputed), with the parties that category requires. */
function oneCategory(category: string, exemption: Exemption, rate = '0'): CiiDoc {
  const d = ex1().keepLines(4);
  for (const l of d.lines()) d.lineVat(l, category, category === 'O' ? undefined : rate);
  return d.recompute({ [category]: exemption });
}

const variants: [string, () => CiiDoc][] = [
  // Order references
  ['BT-14 without BT-13 (rich invoice)', () => ex5().remove(`${AG}/ram:BuyerOrderReferencedDocument`)],
  ['BT-14 without BT-13, no other reference', () => ex1().add(AG, '<ram:SellerOrderReferencedDocument><ram:IssuerAssignedID>SO-2026-17</ram:IssuerAssignedID></ram:SellerOrderReferencedDocument>')],
  ['BT-14 without BT-13, with order line references (BT-132)', () => {
    const d = ex1().add(AG, '<ram:SellerOrderReferencedDocument><ram:IssuerAssignedID>SO-9</ram:IssuerAssignedID></ram:SellerOrderReferencedDocument>');
    d.lines().forEach((l, i) => d.add('ram:SpecifiedLineTradeAgreement', `<ram:BuyerOrderReferencedDocument><ram:LineID>${i + 1}</ram:LineID></ram:BuyerOrderReferencedDocument>`, l));
    return d;
  }],
  ['BT-13 only', () => ex1().add(AG, '<ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>PO-77</ram:IssuerAssignedID></ram:BuyerOrderReferencedDocument>')],
  ['project, contract, receiving and despatch advice, tender and invoiced object references', () =>
    ex1()
      .add(AG, '<ram:ContractReferencedDocument><ram:IssuerAssignedID>C-2026-1</ram:IssuerAssignedID></ram:ContractReferencedDocument>')
      .add(AG, '<ram:SpecifiedProcuringProject><ram:ID>PRJ-8</ram:ID><ram:Name>Project</ram:Name></ram:SpecifiedProcuringProject>')
      .add(AG, '<ram:AdditionalReferencedDocument><ram:IssuerAssignedID>LOT-3</ram:IssuerAssignedID><ram:TypeCode>50</ram:TypeCode></ram:AdditionalReferencedDocument>')
      .add(AG, '<ram:AdditionalReferencedDocument><ram:IssuerAssignedID>METER-0042</ram:IssuerAssignedID><ram:TypeCode>130</ram:TypeCode><ram:ReferenceTypeCode>AUU</ram:ReferenceTypeCode></ram:AdditionalReferencedDocument>')
      .add(DL, '<ram:ReceivingAdviceReferencedDocument><ram:IssuerAssignedID>RA-1</ram:IssuerAssignedID></ram:ReceivingAdviceReferencedDocument>')
      .add(DL, '<ram:DespatchAdviceReferencedDocument><ram:IssuerAssignedID>DA-1</ram:IssuerAssignedID></ram:DespatchAdviceReferencedDocument>')
      .add(ST, '<ram:ReceivableSpecifiedTradeAccountingAccount><ram:ID>6120-01</ram:ID></ram:ReceivableSpecifiedTradeAccountingAccount>')],
  ['invoiced object identifier (BT-18) without scheme', () => ex1().add(AG, '<ram:AdditionalReferencedDocument><ram:IssuerAssignedID>OBJ-1</ram:IssuerAssignedID><ram:TypeCode>130</ram:TypeCode></ram:AdditionalReferencedDocument>')],

  // Delivery
  ['delivery to an address only', () => ex1().add(`${DL}/ram:ShipToTradeParty/ram:PostalTradeAddress`, LU_ADDRESS)],
  ['delivery party name only', () => ex1().add(`${DL}/ram:ShipToTradeParty`, '<ram:Name>Lycée technique, cuisine</ram:Name>')],
  ['delivery location identifier with scheme only', () => ex1().add(`${DL}/ram:ShipToTradeParty`, '<ram:GlobalID schemeID="0088">5790000436068</ram:GlobalID>')],
  ['delivery location identifier without scheme, name, full address', () =>
    ex1().add(`${DL}/ram:ShipToTradeParty`, '<ram:ID>DOCK-7</ram:ID><ram:Name>Entrepôt</ram:Name>').add(`${DL}/ram:ShipToTradeParty/ram:PostalTradeAddress`, '<ram:PostcodeCode>L-4361</ram:PostcodeCode><ram:LineOne>1, avenue du Rock’n’Roll</ram:LineOne><ram:LineTwo>Quai 7</ram:LineTwo><ram:LineThree>Bâtiment B</ram:LineThree><ram:CityName>Esch-sur-Alzette</ram:CityName><ram:CountryID>LU</ram:CountryID><ram:CountrySubDivisionName>Canton d’Esch</ram:CountrySubDivisionName>')],
  ['delivery date only', () => ex1().add(`${DL}/ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime`, '<udt:DateTimeString format="102">20150105</udt:DateTimeString>')],
  ['invoicing period with a start date only', () => ex1().add(`${ST}/ram:BillingSpecifiedPeriod/ram:StartDateTime`, '<udt:DateTimeString format="102">20150101</udt:DateTimeString>')],
  ['invoicing period with an end date only', () => ex1().add(`${ST}/ram:BillingSpecifiedPeriod/ram:EndDateTime`, '<udt:DateTimeString format="102">20150131</udt:DateTimeString>')],

  // Payee, tax representative
  ['payee name only', () => ex1().add(`${ST}/ram:PayeeTradeParty`, '<ram:Name>Factor SA</ram:Name>')],
  ['payee with identifier and legal registration, both with scheme', () =>
    ex1().add(`${ST}/ram:PayeeTradeParty`, '<ram:GlobalID schemeID="0088">5790000436071</ram:GlobalID><ram:Name>Factor SA</ram:Name><ram:SpecifiedLegalOrganization><ram:ID schemeID="0002">B123456</ram:ID></ram:SpecifiedLegalOrganization>')],
  ['payee identifier without scheme, direct debit with SEPA creditor identifier', () => {
    const d = ex1().add(`${ST}/ram:PayeeTradeParty`, '<ram:ID>PAYEE-1</ram:ID><ram:Name>Factor SA</ram:Name>');
    d.remove(`${ST}/ram:SpecifiedTradeSettlementPaymentMeans`);
    return d
      .add(ST, '<ram:CreditorReferenceID>LU98ZZZ0000000000000000058</ram:CreditorReferenceID>')
      .add(ST, '<ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>59</ram:TypeCode><ram:PayerPartyDebtorFinancialAccount><ram:IBANID>LU280019400644750000</ram:IBANID></ram:PayerPartyDebtorFinancialAccount></ram:SpecifiedTradeSettlementPaymentMeans>')
      .add(`${ST}/ram:SpecifiedTradePaymentTerms`, '<ram:DirectDebitMandateID>MANDATE-2026-001</ram:DirectDebitMandateID>');
  }],
  ['tax representative with a full address', () =>
    ex1().add(`${AG}/ram:SellerTaxRepresentativeTradeParty`, '<ram:Name>Fiscal Rep Sàrl</ram:Name><ram:PostalTradeAddress><ram:PostcodeCode>L-2540</ram:PostcodeCode><ram:LineOne>15, rue Edward Steichen</ram:LineOne><ram:LineTwo>Boîte 3</ram:LineTwo><ram:LineThree>c/o Fiduciaire</ram:LineThree><ram:CityName>Luxembourg</ram:CityName><ram:CountryID>LU</ram:CountryID><ram:CountrySubDivisionName>Canton de Luxembourg</ram:CountrySubDivisionName></ram:PostalTradeAddress><ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">LU15027442</ram:ID></ram:SpecifiedTaxRegistration>')],
  ['tax representative with a country only', () =>
    ex1().add(`${AG}/ram:SellerTaxRepresentativeTradeParty`, '<ram:Name>Fiscal Rep</ram:Name><ram:PostalTradeAddress><ram:CountryID>LU</ram:CountryID></ram:PostalTradeAddress><ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">LU15027442</ram:ID></ram:SpecifiedTaxRegistration>')],

  // Parties in full
  ['seller with several identifiers, tax number, trading name, legal information, department contact', () => {
    const d = ex1();
    const seller = d.one(`${AG}/ram:SellerTradeParty`);
    return d
      .add('.', '<ram:ID>SUP-001</ram:ID><ram:GlobalID schemeID="0088">5790000436101</ram:GlobalID><ram:Description>Capital 12 500 EUR</ram:Description>', seller)
      .add('ram:SpecifiedLegalOrganization', '<ram:TradingBusinessName>Koksmaat</ram:TradingBusinessName>', seller)
      .add('ram:DefinedTradeContact', '<ram:DepartmentName>Debiteurenadministratie</ram:DepartmentName><ram:EmailURIUniversalCommunication><ram:URIID>debiteuren@koksmaat.nl</ram:URIID></ram:EmailURIUniversalCommunication>', seller)
      .add('ram:URIUniversalCommunication', '<ram:URIID schemeID="0106">57151520</ram:URIID>', seller)
      .add('.', '<ram:SpecifiedTaxRegistration><ram:ID schemeID="FC">8200.98.395</ram:ID></ram:SpecifiedTaxRegistration>', seller);
  }],
  ['buyer with trading name, identifier and legal registration with scheme, electronic address, contact', () => {
    const d = ex1();
    const buyer = d.one(`${AG}/ram:BuyerTradeParty`);
    d.remove('ram:ID', buyer);
    return d
      .add(AG, '<ram:BuyerReference>991-12345-67</ram:BuyerReference>')
      .add('.', '<ram:GlobalID schemeID="0088">5790000436057</ram:GlobalID>', buyer)
      .add('ram:SpecifiedLegalOrganization', '<ram:ID schemeID="0106">37075143</ram:ID><ram:TradingBusinessName>Odin</ram:TradingBusinessName>', buyer)
      .add('ram:DefinedTradeContact', '<ram:TelephoneUniversalCommunication><ram:CompleteNumber>+31 251 000000</ram:CompleteNumber></ram:TelephoneUniversalCommunication><ram:EmailURIUniversalCommunication><ram:URIID>inkoop@odin59.nl</ram:URIID></ram:EmailURIUniversalCommunication>', buyer)
      .add('ram:URIUniversalCommunication', '<ram:URIID schemeID="9938">LU15003772</ram:URIID>', buyer)
      .add('.', '<ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">NL123456789B01</ram:ID></ram:SpecifiedTaxRegistration>', buyer);
  }],
  ['addresses with a country only', () => {
    const d = ex1();
    for (const p of ['ram:SellerTradeParty', 'ram:BuyerTradeParty']) {
      const a = d.one(`${AG}/${p}/ram:PostalTradeAddress`);
      a.children = a.children.filter((c) => c.name === 'ram:CountryID');
    }
    return d;
  }],

  // Allowances and charges
  ['document allowance and charge with percentage, base amount and reason codes', () =>
    ex1()
      .add(ST, allowance(false, '10.00', 'S', '6', '<ram:CalculationPercent>5</ram:CalculationPercent><ram:BasisAmount>200.00</ram:BasisAmount><ram:ReasonCode>95</ram:ReasonCode><ram:Reason>Discount</ram:Reason>'))
      .add(ST, allowance(true, '7.50', 'S', '21', '<ram:ReasonCode>FC</ram:ReasonCode><ram:Reason>Freight</ram:Reason>'))
      .recompute()],
  ['several document allowances (reason text only, reason code only) and charges on different rates', () =>
    ex1()
      .add(ST, allowance(false, '3.00', 'S', '6', '<ram:Reason>Early order</ram:Reason>'))
      .add(ST, allowance(false, '1.25', 'S', '21', '<ram:ReasonCode>100</ram:ReasonCode>'))
      .add(ST, allowance(true, '2.00', 'S', '6', '<ram:ReasonCode>ABL</ram:ReasonCode>'))
      .add(ST, allowance(true, '0.99', 'S', '21', '<ram:Reason>Handling</ram:Reason>'))
      .recompute()],
  ['line allowances and charges with percentage, base amount and reason codes', () => {
    const d = ex1().keepLines(3);
    const [a, b] = d.lines();
    d.add('ram:SpecifiedLineTradeSettlement', lineAllowance(false, '1.99', '<ram:CalculationPercent>10</ram:CalculationPercent><ram:BasisAmount>19.90</ram:BasisAmount><ram:ReasonCode>95</ram:ReasonCode><ram:Reason>Promotion</ram:Reason>'), a);
    d.add('ram:SpecifiedLineTradeSettlement', lineAllowance(true, '2.50', '<ram:ReasonCode>ABL</ram:ReasonCode><ram:Reason>Packaging</ram:Reason>'), a);
    d.add('ram:SpecifiedLineTradeSettlement', lineAllowance(true, '1.00', '<ram:Reason>Cutting</ram:Reason>'), b);
    return d.recompute();
  }],
  ['item gross price with a price discount, base quantity with unit', () => {
    const d = ex1().keepLines(2);
    const [a, b] = d.lines();
    d.add('ram:SpecifiedLineTradeAgreement', '<ram:GrossPriceProductTradePrice><ram:ChargeAmount>10.95</ram:ChargeAmount><ram:AppliedTradeAllowanceCharge><ram:ChargeIndicator><udt:Indicator>false</udt:Indicator></ram:ChargeIndicator><ram:ActualAmount>1.00</ram:ActualAmount></ram:AppliedTradeAllowanceCharge></ram:GrossPriceProductTradePrice>', a);
    d.add('ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice', '<ram:BasisQuantity unitCode="H87">2</ram:BasisQuantity>', b);
    return d.recompute();
  }],

  // VAT
  ['Luxembourg rates 17, 14, 8 and 3 %', () => {
    const d = ex1().keepLines(8);
    d.lines().forEach((l, i) => d.lineVat(l, 'S', ['17', '14', '8', '3'][i % 4]));
    return d.recompute();
  }],
  ['standard, zero-rated and exempt lines', () => {
    const d = ex1().keepLines(6);
    d.lines().forEach((l, i) => (i % 3 === 0 ? d.lineVat(l, 'S', '17') : i % 3 === 1 ? d.lineVat(l, 'Z', '0') : d.lineVat(l, 'E', '0')));
    return d.recompute({ E: doc('Exonéré, article 44 de la loi TVA', 'VATEX-EU-132') });
  }],
  ['reverse charge (AE)', () => {
    const d = oneCategory('AE', doc('Autoliquidation', 'VATEX-EU-AE'));
    return d.add(`${AG}/ram:BuyerTradeParty`, '<ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">LU15027442</ram:ID></ram:SpecifiedTaxRegistration>');
  }],
  ['intra-community supply (K) with delivery country and date', () => {
    const d = oneCategory('K', doc('Livraison intracommunautaire', 'VATEX-EU-IC'));
    return d
      .add(`${AG}/ram:BuyerTradeParty`, '<ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">LU15027442</ram:ID></ram:SpecifiedTaxRegistration>')
      .add(`${DL}/ram:ShipToTradeParty/ram:PostalTradeAddress`, LU_ADDRESS)
      .add(`${DL}/ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime`, '<udt:DateTimeString format="102">20150105</udt:DateTimeString>');
  }],
  ['export outside the EU (G)', () => oneCategory('G', doc('Export', 'VATEX-EU-G'))],
  ['zero-rated only (Z)', () => oneCategory('Z', {})],
  ['not subject to VAT (O), no VAT identifiers', () => {
    const d = oneCategory('O', doc('Non soumis à la TVA', 'VATEX-EU-O'));
    return d.remove(`${AG}/ram:SellerTradeParty/ram:SpecifiedTaxRegistration`);
  }],
  ['IGIC (L) and IPSI (M)', () => {
    const d = ex1().keepLines(4);
    d.lines().forEach((l, i) => d.lineVat(l, i % 2 ? 'L' : 'M', i % 2 ? '7' : '4'));
    return d.recompute();
  }],
  ['VAT accounting currency (BT-6) with the VAT total in it (BT-111)', () => {
    const d = ex1().add(ST, '<ram:TaxCurrencyCode>LUF</ram:TaxCurrencyCode>'.replace('LUF', 'USD'));
    return d.add(SUM, '<ram:TaxTotalAmount currencyID="USD">23.53</ram:TaxTotalAmount>');
  }],
  ['VAT point date (BT-7)', () => ex1().add(`${ST}/ram:ApplicableTradeTax[ram:CategoryCode='S']/ram:TaxPointDate`, '<udt:DateString format="102">20150109</udt:DateString>')],
  ...(['5', '29', '72'] as const).map((code): [string, () => CiiDoc] => [`VAT point date code (BT-8) ${code}`, () => {
    const d = ex1();
    for (const t of d.all(`${ST}/ram:ApplicableTradeTax`)) d.set('ram:DueDateTypeCode', code, t);
    return d;
  }]),
  ['VAT exemption reason text without code', () => oneCategory('E', { reason: 'Exonération, article 44, paragraphe 1, lettre d' })],

  // Attachments
  ['several supporting documents: embedded PDF, embedded CSV, external location, reference only', () =>
    ex1()
      .add(AG, `<ram:AdditionalReferencedDocument><ram:IssuerAssignedID>TS-01</ram:IssuerAssignedID><ram:TypeCode>916</ram:TypeCode><ram:Name>Timesheet</ram:Name><ram:AttachmentBinaryObject mimeCode="application/pdf" filename="timesheet.pdf">${Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64')}</ram:AttachmentBinaryObject></ram:AdditionalReferencedDocument>`)
      .add(AG, `<ram:AdditionalReferencedDocument><ram:IssuerAssignedID>CSV-1</ram:IssuerAssignedID><ram:TypeCode>916</ram:TypeCode><ram:AttachmentBinaryObject mimeCode="text/csv" filename="detail.csv">${Buffer.from('line;amount\n1;19.90\n').toString('base64')}</ram:AttachmentBinaryObject></ram:AdditionalReferencedDocument>`)
      .add(AG, '<ram:AdditionalReferencedDocument><ram:IssuerAssignedID>EXT-9</ram:IssuerAssignedID><ram:URIID>https://example.lu/docs/9</ram:URIID><ram:TypeCode>916</ram:TypeCode><ram:Name>Delivery note</ram:Name></ram:AdditionalReferencedDocument>')
      .add(AG, '<ram:AdditionalReferencedDocument><ram:IssuerAssignedID>REF-ONLY</ram:IssuerAssignedID><ram:TypeCode>916</ram:TypeCode></ram:AdditionalReferencedDocument>')],

  // Lines
  ['line periods: start and end, start only, end only; line notes, object identifiers and accounting references', () => {
    const d = ex1().keepLines(4);
    const [a, b, c, e] = d.lines();
    d.add('ram:SpecifiedLineTradeSettlement/ram:BillingSpecifiedPeriod', '<ram:StartDateTime><udt:DateTimeString format="102">20150101</udt:DateTimeString></ram:StartDateTime><ram:EndDateTime><udt:DateTimeString format="102">20150131</udt:DateTimeString></ram:EndDateTime>', a);
    d.add('ram:SpecifiedLineTradeSettlement/ram:BillingSpecifiedPeriod', '<ram:StartDateTime><udt:DateTimeString format="102">20150101</udt:DateTimeString></ram:StartDateTime>', b);
    d.add('ram:SpecifiedLineTradeSettlement/ram:BillingSpecifiedPeriod', '<ram:EndDateTime><udt:DateTimeString format="102">20150131</udt:DateTimeString></ram:EndDateTime>', c);
    d.add('ram:AssociatedDocumentLineDocument', '<ram:IncludedNote><ram:Content>Livraison partielle</ram:Content></ram:IncludedNote>', a);
    d.add('ram:SpecifiedLineTradeSettlement', '<ram:AdditionalReferencedDocument><ram:IssuerAssignedID>METER-7</ram:IssuerAssignedID><ram:TypeCode>130</ram:TypeCode><ram:ReferenceTypeCode>AUU</ram:ReferenceTypeCode></ram:AdditionalReferencedDocument>', b);
    d.add('ram:SpecifiedLineTradeSettlement', '<ram:AdditionalReferencedDocument><ram:IssuerAssignedID>OBJ-8</ram:IssuerAssignedID><ram:TypeCode>130</ram:TypeCode></ram:AdditionalReferencedDocument>', c);
    d.add('ram:SpecifiedLineTradeSettlement/ram:ReceivableSpecifiedTradeAccountingAccount', '<ram:ID>6061</ram:ID>', e);
    return d.recompute();
  }],
  ['item details: description, buyer and standard identifiers, classifications with version, origin, attributes', () => {
    const d = ex1().keepLines(2);
    const [a] = d.lines();
    return d
      .add('ram:SpecifiedTradeProduct', '<ram:GlobalID schemeID="0160">05410013101010</ram:GlobalID><ram:BuyerAssignedID>ART-88</ram:BuyerAssignedID><ram:Description>Frites 10 mm, surgelées</ram:Description>', a)
      .add('ram:SpecifiedTradeProduct', '<ram:ApplicableProductCharacteristic><ram:Description>Poids</ram:Description><ram:Value>10 kg</ram:Value></ram:ApplicableProductCharacteristic><ram:ApplicableProductCharacteristic><ram:Description>Calibre</ram:Description><ram:Value>10 mm</ram:Value></ram:ApplicableProductCharacteristic>', a)
      .add('ram:SpecifiedTradeProduct', '<ram:DesignatedProductClassification><ram:ClassCode listID="STI" listVersionID="2.1">15-20-30</ram:ClassCode></ram:DesignatedProductClassification><ram:DesignatedProductClassification><ram:ClassCode listID="TST">99</ram:ClassCode></ram:DesignatedProductClassification>', a)
      .add('ram:SpecifiedTradeProduct/ram:OriginTradeCountry', '<ram:ID>BE</ram:ID>', a)
      .recompute();
  }],

  // Notes, payment, totals, document kinds
  ['several notes with and without subject codes; business process', () =>
    ex1()
      .add('rsm:ExchangedDocument', '<ram:IncludedNote><ram:Content>Merci de votre commande</ram:Content></ram:IncludedNote><ram:IncludedNote><ram:Content>Pénalités de retard 10 %</ram:Content><ram:SubjectCode>PMD</ram:SubjectCode></ram:IncludedNote>')
      .add('rsm:ExchangedDocumentContext/ram:BusinessProcessSpecifiedDocumentContextParameter', '<ram:ID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</ram:ID>')],
  ['payment card', () => {
    const d = ex1();
    d.remove(`${ST}/ram:SpecifiedTradeSettlementPaymentMeans`);
    return d.add(ST, '<ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>54</ram:TypeCode><ram:Information>Carte</ram:Information><ram:ApplicableTradeSettlementFinancialCard><ram:ID>1234</ram:ID><ram:CardholderName>J. Blokker</ram:CardholderName></ram:ApplicableTradeSettlementFinancialCard></ram:SpecifiedTradeSettlementPaymentMeans>');
  }],
  ['several accounts: IBAN with account name and BIC, proprietary account; payment means text', () => {
    const d = ex1();
    d.remove(`${ST}/ram:SpecifiedTradeSettlementPaymentMeans`);
    return d
      .add(ST, '<ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>58</ram:TypeCode><ram:Information>Virement SEPA</ram:Information><ram:PayeePartyCreditorFinancialAccount><ram:IBANID>LU280019400644750000</ram:IBANID><ram:AccountName>De Koksmaat</ram:AccountName></ram:PayeePartyCreditorFinancialAccount><ram:PayeeSpecifiedCreditorFinancialInstitution><ram:BICID>BCEELULL</ram:BICID></ram:PayeeSpecifiedCreditorFinancialInstitution></ram:SpecifiedTradeSettlementPaymentMeans>')
      .add(ST, '<ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>58</ram:TypeCode><ram:PayeePartyCreditorFinancialAccount><ram:ProprietaryID>0107307510</ram:ProprietaryID></ram:PayeePartyCreditorFinancialAccount></ram:SpecifiedTradeSettlementPaymentMeans>');
  }],
  ['paid amount and rounding amount', () => ex1().add(SUM, '<ram:TotalPrepaidAmount>50.00</ram:TotalPrepaidAmount><ram:RoundingAmount>0.02</ram:RoundingAmount>').recompute()],
  // CII D16B has room for one preceding invoice only.
  ['credit note (381) with a preceding invoice and its date', () =>
    ex1()
      .set('rsm:ExchangedDocument/ram:TypeCode', '381')
      .add(ST, '<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>12115001</ram:IssuerAssignedID><ram:FormattedIssueDateTime><qdt:DateTimeString format="102">20141201</qdt:DateTimeString></ram:FormattedIssueDateTime></ram:InvoiceReferencedDocument>')],
  ['credit note (381) with a preceding invoice without date, payee and delivery', () =>
    ex1()
      .set('rsm:ExchangedDocument/ram:TypeCode', '381')
      .add(ST, '<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>12115002</ram:IssuerAssignedID></ram:InvoiceReferencedDocument>')
      .add(`${ST}/ram:PayeeTradeParty`, '<ram:Name>Factor SA</ram:Name>')
      .add(`${DL}/ram:ShipToTradeParty`, '<ram:Name>Keuken</ram:Name>')],
  ['corrected invoice (384) and XRechnung specification identifier', () =>
    ex5()
      .set('rsm:ExchangedDocument/ram:TypeCode', '384')
      .set('rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID', 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0')],
  ['XRechnung O example with its line references as object identifiers (BT-128)', () => {
    const d = CiiDoc.example('en16931-cii/XRechnung-O.xml');
    for (const l of d.lines()) d.add('ram:SpecifiedLineTradeSettlement/ram:AdditionalReferencedDocument', '<ram:TypeCode>130</ram:TypeCode>', l);
    return d;
  }],
];

test('the VAT point date code (BT-8) is read from CII (UNTDID 2475) as the model\'s UNTDID 2005 code and written so in UBL', () => {
  for (const [cii, model] of [['5', '3'], ['29', '35'], ['72', '432']]) {
    const d = ex1();
    for (const t of d.all(`${ST}/ram:ApplicableTradeTax`)) d.set('ram:DueDateTypeCode', cii, t);
    const m = readInvoice(d.xml());
    expect(m.terms['BT-8']).toBe(model);
    expect(writeUbl(m, { totals: 'keep' })).toContain(`<cbc:DescriptionCode>${model}</cbc:DescriptionCode>`);
    expect(readInvoice(writeUbl(m, { totals: 'keep' })).terms['BT-8']).toBe(model);
  }
});

/** CII content that no BT carries (CII requires a project name; EN 16931 has only the project reference). */
const NO_BT = /\/ram:SpecifiedProcuringProject\/ram:Name$/;

test.each(variants.map(([name, build]) => [name, build]))('CII → UBL: %s', async (_name, build) => {
  const variant = (build as () => CiiDoc)();
  const cii = variant.xml();
  const sourceReport = await validate(Buffer.from(cii), { date });
  // Each variant is built to be a valid CII invoice: the comparison below is then meaningful.
  expect([fatal(sourceReport), sourceReport.valid]).toEqual([[], true]);
  const source = readInvoice(cii);
  expect(source.anomalies).toEqual([]);
  // What the variant added is read into business terms (else the comparison below would not see it).
  const before = new Set(readInvoice(example(variant.base)).unmapped.map((u) => u.location));
  expect(source.unmapped.filter((u) => !before.has(u.location) && !NO_BT.test(u.location))).toEqual([]);
  const ubl = writeUbl(source, { totals: 'keep' });
  const report = await validate(Buffer.from(ubl), { date });
  expect([report.scenario, fatal(report), report.valid]).toEqual([sourceReport.scenario?.replace('-cii', '-ubl'), [], true]);
  const again = readInvoice(ubl);
  expect(again.anomalies).toEqual([]);
  expect(formatDifferences(diffTerms(source.terms, again.terms).filter((d) => !derivedAddition(d)))).toBe('');
}, 60_000);
