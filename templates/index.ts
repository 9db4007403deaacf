/** The standardised PDF: `renderPdf(model, { lang, btCodes, documentId, receivedAt, validation })`. */
export { renderPdf, renderPdfWithInfo, renderDefinition, type RenderOptions, type RenderValidation, type RenderResult } from './render';
export { buildDocument } from './document';
export { formatAmount, formatDate, formatDecimal, formatPercent, formatQuantity, formatTimestamp, isLang, pdfLang, LANGS, type Lang } from './format';
