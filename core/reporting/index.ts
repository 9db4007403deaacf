/** Peppol Reporting: the monthly TSR 1.0 and EUSR 1.1 from the exchange ledger, and their reader. Pure functions. */
export * from './ledger';
export * from './report';
export { normalizeSpace } from './keys';
export { buildTsr, tsrFigures, tsrCountry, type TsrResult } from './tsr';
export { buildEusr, eusrFigures, endUserCountry, type EusrResult } from './eusr';
export { readTsr, readEusr, readReport, reportTable, keyLabel, ReportReadError, type ReportTable } from './read';
