/** The validation report: the contract every caller (CLI, workers, portal, console) relies on. */

export type Flag = 'fatal' | 'warning' | 'information';

/** Where a finding comes from: the XML parser (syntax), the XML Schema, a Schematron pack, scenario selection, or the engine itself (a phase that could not run). */
export type FindingSource = 'syntax' | 'xsd' | 'schematron' | 'scenario' | 'engine';

export interface Finding {
  source: FindingSource;
  /** Rule id (e.g. `BR-01`, `PEPPOL-EN16931-R001`), or a hub id for syntax/xsd/scenario/engine findings (e.g. `XSD`, `SYNTAX-DOCTYPE`). */
  ruleId: string;
  flag: Flag;
  /** XPath of the node concerned (`/` when it concerns the whole document). */
  location: string;
  /** 1-based line in the document, where known. */
  line?: number;
  /** The official text, in English (the contract: never translated). */
  message: string;
  /**
   * The same in French and German, for people to read (`templates/findings.ts` `findingText` chooses).
   * Schematron findings: the rule text of the pack and release that produced the finding
   * (`schematron/texts`), its values filled in from `message`. The hub's own findings (syntax, XML
   * Schema, scenario, engine): the hub's wording (`hub-texts.ts`), libxml2's English detail quoted
   * after a lead-in. A language is missing only where no text exists (then `message` is shown).
   */
  messages?: FindingMessages;
  /** Rule-pack id@version that produced it (schematron findings). */
  pack?: string;
}

/** The texts of a finding in the hub's languages other than English. */
export interface FindingMessages {
  fr?: string;
  de?: string;
}

export interface PackUsed {
  id: string;
  version: string;
  /** SHA-256 of the pack's source files (the compiled artefact is keyed by it). */
  hash: string;
}

export interface PhaseTiming {
  phase: string;
  ms: number;
  /** false when the phase could not run (fail closed: the report is then not valid). */
  ran: boolean;
}

export interface ValidationReport {
  /** true when no finding is fatal and every phase ran. */
  valid: boolean;
  /** Scenario id (`peppol-bis-billing-ubl`, …), or null when none matched. */
  scenario: string | null;
  /** Which engine executed the Schematron (`saxon`). */
  engine: string;
  /** Reception date the rule packs were chosen for (YYYY-MM-DD). */
  date: string;
  packs: PackUsed[];
  findings: Finding[];
  phases: PhaseTiming[];
  /** What was detected in the document (root, customization id, profile id). */
  detected?: { rootNamespace: string | null; rootName: string | null; customizationId: string | null; profileId: string | null };
}

export interface ValidateOptions {
  /** Reception date (YYYY-MM-DD); defaults to today. Chooses the rule packs in force. */
  date?: string;
  /** Force a scenario id instead of detecting it. */
  scenario?: string;
  /**
   * Run exactly these rule-pack releases instead of those in force on the date (conformance tests,
   * reprocessing with a chosen release). Each must be declared in the manifest.
   */
  packs?: { id: string; version: string }[];
  /** Schematron engine (`saxon` or `compiled`); default `EINVOICE_ENGINE`. */
  engine?: string;
  /** Skip the XML Schema phase (conformance tests run partial documents through the Schematron only). */
  skipXsd?: boolean;
  /**
   * The scenarios this caller takes (the reception pipeline: invoices and credit notes only). A
   * document detected as another one (an MLS, an Invoice Response, a Peppol report) is invalid,
   * with a finding that says what it is and what the channel takes; no rule pack runs.
   */
  accept?: readonly string[];
}
