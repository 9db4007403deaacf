/**
 * The validate stage: `received` → `validated` | `rejected` | `duplicate`.
 *
 * Runs the validation engine (validation/index.ts) on the business document (the SBDH payload),
 * for the rule packs in force on the reception date. The full report is stored as a derived file
 * (role `validation-report`); the event records the scenario, the rule packs (id, version, hash)
 * and the finding counts. Fail closed: a report where a phase could not run is a transient error
 * (retried, then `validate_failed`), never a `validated`.
 *
 * Duplicates: a valid document whose seller key, invoice number, issue date and type code equal
 * those of an earlier document that passed validation (and is not itself a duplicate) goes to
 * `duplicate` (terminal; `duplicateOf` names the first one). The check runs inside the transition's
 * transaction, so two copies validated at the same time cannot both pass.
 */
import { and, eq, inArray, ne } from 'drizzle-orm';
import { releaseAfterDocument } from '../../validation/memory';
import type { ValidateOptions, ValidationReport } from '../../validation/types';
import { validate } from '../../validation/validate';
import { attachFile } from '../../db/file-store';
import { documents } from '../../db/schema';
import { getDocument, PermanentStageError, transition, TransientStageError, type DocumentState, type StageProcessor } from '../stage-contract';
import { extractBusinessKeys, type BusinessKeys } from './keys';

export type ValidateFn = (bytes: Buffer, opts?: ValidateOptions) => Promise<ValidationReport>;

/** The validation engine (validation/validate.ts); its first call loads the compiled rule artefacts. */
export function loadValidator(): ValidateFn {
  return validate;
}

/** States of documents that passed validation and count as "already received" for duplicate detection. */
const COUNTED: DocumentState[] = ['validated', 'routed', 'unroutable', 'rendered', 'delivered', 'acknowledged', 'route_failed', 'render_failed', 'dispatch_failed'];

export function makeValidateStage(getValidator: () => ValidateFn = loadValidator): StageProcessor {
  return async (documentId, deps) => {
    const doc = getDocument(deps.db, documentId);
    if (doc === undefined) throw new PermanentStageError(`document ${documentId} does not exist`, 'no-document');
    if (doc.state !== 'received') return { state: doc.state as DocumentState, changed: false };
    if (!deps.files.has(doc.payloadSha256)) throw new PermanentStageError(`stored bytes ${doc.payloadSha256} are missing`, 'bytes-missing');
    const bytes = deps.files.get(doc.payloadSha256);
    const run = getValidator();
    let report: ValidationReport;
    try {
      report = await run(bytes, { date: doc.receivedAt.slice(0, 10) });
    } catch (err) {
      throw new TransientStageError(`validation engine error: ${(err as Error).message}`, 'engine-error');
    } finally {
      // The engine's tree of a large invoice is garbage now: collected at once (validation/memory.ts).
      releaseAfterDocument(bytes.length);
    }
    const notRun = report.phases.filter((p) => !p.ran);
    const fatal = report.findings.filter((f) => f.flag === 'fatal');
    // Fail closed: a phase that could not run is an error, unless the document is already rejected on findings of phases that did run
    if (notRun.length > 0 && fatal.every((f) => f.source === 'engine')) {
      throw new TransientStageError(`validation could not run: ${notRun.map((p) => p.phase).join(', ')}`, 'engine-not-run');
    }
    const reportJson = Buffer.from(JSON.stringify(report), 'utf8');
    const reportSha = deps.files.put(reportJson);
    let keys: BusinessKeys = { invoiceNumber: null, issueDate: null, typeCode: null, sellerKey: null, buyerEndpointId: null };
    try {
      keys = extractBusinessKeys(bytes);
    } catch {
      // not well-formed: the report already says so (syntax finding)
    }
    const at = deps.clock();
    const summary = {
      scenario: report.scenario,
      engine: report.engine,
      date: report.date,
      packs: report.packs,
      fatal: fatal.length,
      warnings: report.findings.filter((f) => f.flag === 'warning').length,
      phases: report.phases,
    };
    const tr = transition(deps.db, documentId, {
      from: 'received',
      to: report.valid ? 'validated' : 'rejected',
      actor: 'system:validate',
      at,
      details: summary,
      set: { scenario: report.scenario, ...keys },
      decide: (tx) => {
        if (!report.valid || keys.invoiceNumber === null || keys.sellerKey === null) return {};
        const earlier = tx.select({ id: documents.id }).from(documents).where(and(
          eq(documents.sellerKey, keys.sellerKey),
          eq(documents.invoiceNumber, keys.invoiceNumber),
          keys.issueDate === null ? undefined : eq(documents.issueDate, keys.issueDate),
          keys.typeCode === null ? undefined : eq(documents.typeCode, keys.typeCode),
          inArray(documents.state, COUNTED),
          ne(documents.id, documentId),
        )).orderBy(documents.receivedAt).limit(1).get();
        if (earlier === undefined) return {};
        return {
          to: 'duplicate',
          set: { duplicateOf: earlier.id },
          details: { duplicateOf: earlier.id, finding: { ruleId: 'HUB-DUPLICATE', flag: 'fatal', message: `Duplicate of document ${earlier.id}: same seller (${keys.sellerKey}), invoice number ${keys.invoiceNumber}, issue date ${keys.issueDate ?? '-'} and type ${keys.typeCode ?? '-'}.` } },
        };
      },
      also: (tx) => attachFile(tx, documentId, 'validation-report', reportSha, reportJson.length, 'application/json', at.toISOString()),
    });
    return { state: tr.state, changed: tr.changed, details: { scenario: report.scenario, fatal: fatal.length } };
  };
}

export const validateStage: StageProcessor = makeValidateStage();
