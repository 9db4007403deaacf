/** The options of the standardised PDF. */
import type { Lang } from '../format';
import type { SourceFile } from './writer';

export type { SourceFile } from './writer';

/** What the PDF says about the validation (structurally a subset of validation/types.ts `ValidationReport`). */
export interface RenderValidation {
  valid: boolean;
  scenario?: string | null;
  packs: readonly { id: string; version: string; hash?: string }[];
  findings: readonly { ruleId: string; flag: 'fatal' | 'warning' | 'information'; message: string; location?: string }[];
}

/** The body the hub delivered the document to (shown next to the buyer of the XML). */
export interface DeliveredTo {
  name: string;
  /** The body's identifier in the directory (e.g. its Peppol participant id). */
  identifier?: string;
}

export interface RenderOptions {
  /** Language of the labels and of the formatting (default `fr`). */
  lang?: Lang;
  /** Show the BT/BG code beside each label. */
  btCodes?: boolean;
  /** The hub's document id (footer of every page). */
  documentId?: string;
  /** Reception timestamp, ISO 8601 (footer: the legal proof of receipt). Also the PDF's dates. */
  receivedAt?: string;
  /** The validation report stored by the pipeline (footer and final section); absent: "not performed". */
  validation?: RenderValidation | null;
  /** Invoice lines laid out (default 10,000); beyond, one notice row says how many lines are only in the XML. */
  maxLines?: number;
  /** The body the hub delivered to, shown next to the buyer. */
  deliveredTo?: DeliveredTo | null;
  /** The received business document, embedded as the PDF's source file (PDF/A-3 associated file). */
  source?: SourceFile | null;
}

export const DEFAULT_MAX_LINES = 10_000;
