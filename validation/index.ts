/** The validation engine: `validate(bytes, options)` → report. See validate.ts for the phases. */
export { validate, today } from './validate';
export { schematronEngine, type EngineName } from './engines';
export { scenarios, scenarioById, selectScenario, packsFor } from './scenarios';
export type { Finding, Flag, FindingSource, PackUsed, PhaseTiming, ValidateOptions, ValidationReport } from './types';
