/**
 * Peppol Reporting: the monthly TSR 1.0 and EUSR 1.1 from the exchange ledger, and their reader. Pure
 * functions; the ledger table and the reports stored are in record.ts (recording), monthly.ts
 * (building, storing, handing off) and overview.ts (reading), imported by their path.
 */
export * from './ledger';
export * from './report';
export { normalizeSpace } from './keys';
export { buildTsr, tsrFigures, tsrCountry, type TsrResult } from './tsr';
export { buildEusr, eusrFigures, endUserCountry, type EusrResult } from './eusr';
export { readTsr, readEusr, readReport, reportTable, keyLabel, ReportReadError, type ReportTable } from './read';
export * from './identifiers';
export * from './schedule';
