/**
 * The CPU-heavy work of the pipeline, as plain functions of bytes: they run in the threads of the
 * CPU pool (pool.ts) in production and inline in tests. Each reads the business document once and
 * returns everything the stage needs from that one parse.
 */
import { readInvoice, summarize, type InvoiceSummary } from '../../model';
import { ModelReadError } from '../../model/read';
import { renderPdfWithInfo, type RenderOptions } from '../../templates';
import type { ValidateOptions, ValidationReport } from '../../validation/types';
import { validate } from '../../validation/validate';
import { extractBusinessKeys, NO_KEYS, type BusinessKeys } from '../../core/documents/keys';

export interface ValidateJobOutput {
  report: ValidationReport;
  /** Invoice number, date, type, seller key, buyer endpoint (nulls when the document is not well-formed). */
  keys: BusinessKeys;
}

export async function validateTask(bytes: Buffer, opts: ValidateOptions): Promise<ValidateJobOutput> {
  const report = await validate(bytes, opts);
  let keys = NO_KEYS;
  try {
    keys = extractBusinessKeys(bytes);
  } catch {
    // not well-formed: the report already says so (syntax finding)
  }
  return { report, keys };
}

export interface RenderJob {
  /** The business document (SBDH payload). */
  payload: Buffer;
  options: RenderOptions;
  /** Embed the payload itself in the PDF under this file name (PDF/A-3 associated file, relationship Source). */
  sourceFilename?: string;
}

/** The summary the inbox lists and webhooks send (model/summary.ts). */
export type DocumentSummary = InvoiceSummary;

export type RenderOutput =
  | { ok: true; pdf: Buffer; pages: number; summary: DocumentSummary; anomalies: number }
  | { ok: false; unreadable: string };

export async function renderTask(job: RenderJob): Promise<RenderOutput> {
  let model;
  try {
    model = readInvoice(job.payload);
  } catch (err) {
    if (err instanceof ModelReadError) return { ok: false, unreadable: err.message };
    throw err;
  }
  const options: RenderOptions = job.sourceFilename === undefined ? job.options : { ...job.options, source: { bytes: job.payload, filename: job.sourceFilename, mediaType: 'application/xml' } };
  const { pdf, pages } = await renderPdfWithInfo(model, options);
  return { ok: true, pdf, pages, summary: summarize(model), anomalies: model.anomalies.length };
}
