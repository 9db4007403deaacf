/** The EN 16931 semantic model: catalogue, canonical types, readers, UBL writer, calculations, documentation. */
export { catalogue, byId, childrenOf, topLevel, label, terms as termDefinitions } from './catalogue';
export type { Term, TermDef, TermId, DataType, Cardinality, Labels } from './catalogue';
export * from './canonical';
export { readInvoice, readTree, detectFormat, ModelReadError, CREDIT_NOTE_TYPE_CODES } from './read';
export type { SourceFormat } from './read';
export { writeUbl, ublDocumentFor, PEPPOL_BILLING_CUSTOMIZATION, PEPPOL_BILLING_PROFILE } from './write';
export type { WriteOptions } from './write';
export { computeTotals, vatBreakdown, lineNetAmount, CalculationError } from './calc';
export { diffTerms, formatDifferences } from './diff';
export type { TermDifference } from './diff';
export { summarize } from './summary';
export type { InvoiceSummary, PartySummary } from './summary';
export { renderSemanticModelHtml, renderSemanticModelMarkdown } from './docs';
export { sampleInvoice } from './sample';
export { checkInvoiceFields, checkIban, checkBic, checkVatId, checkDate, checkDateOrder, checkPostcode, checkCity } from './checks';
export type { CheckCode, CheckError, FieldFinding, FieldFindings } from './checks';
