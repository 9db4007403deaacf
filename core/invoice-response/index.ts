/** Peppol BIS Invoice Response 3.1 (T111): codes, request checks, the builder and the reader. Pure functions. */
export * from './codes';
export * from './rules';
export * from './build';
export { parseInvoiceResponse, checkReference, XmlInputError, type ParsedInvoiceResponse, type ReferenceProblem } from './parse';
