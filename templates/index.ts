/** The standardised PDF: `renderPdf(model, { lang, btCodes, documentId, receivedAt, validation, deliveredTo, source })`. */
export { renderPdf, renderPdfWithInfo, DEFAULT_MAX_LINES, type DeliveredTo, type RenderOptions, type RenderResult, type RenderValidation, type SourceFile } from './pdf';
export { renderDefinition } from './render';
export { formatAmount, formatDate, formatDecimal, formatPercent, formatQuantity, formatTimestamp, isLang, pdfLang, LANGS, type Lang } from './format';
