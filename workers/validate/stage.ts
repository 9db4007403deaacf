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
 * transaction under an advisory lock on the business key, so two copies validated at the same time,
 * in one process or on two hosts, cannot both pass.
 *
 * The engine runs in the CPU pool's threads (`deps.cpu.validate`), which also read the business
 * keys in the same pass over the bytes.
 */
import { findEarlierDuplicate } from '../../core/documents/duplicates';
import { PASSED_VALIDATION } from '../../core/documents/states';
import { attachFile, derivedBlobs, getDocument, transition } from '../../core/documents/store';
import { INVOICE_SCENARIOS } from '../../validation/scenarios';
import { payloadOf } from '../payload';
import { PermanentStageError, TransientStageError, type DocumentState, type StageProcessor } from '../stage-contract';

export const validateStage: StageProcessor = async (documentId, deps) => {
  const { store } = deps;
  const doc = await getDocument(store, documentId);
  if (doc === undefined) throw new PermanentStageError(`document ${documentId} does not exist`, 'no-document');
  if (doc.state !== 'received') return { state: doc.state as DocumentState, changed: false };
  const bytes = await payloadOf(store, doc);
  let out;
  try {
    out = await deps.cpu.validate(bytes, { date: doc.receivedAt.slice(0, 10), accept: INVOICE_SCENARIOS });
  } catch (err) {
    throw new TransientStageError(`validation engine error: ${(err as Error).message}`, 'engine-error');
  }
  const { report, keys } = out;
  const notRun = report.phases.filter((p) => !p.ran);
  const fatal = report.findings.filter((f) => f.flag === 'fatal');
  // Fail closed: a phase that could not run is an error, unless the document is already rejected on findings of phases that did run
  if (notRun.length > 0 && fatal.every((f) => f.source === 'engine')) {
    throw new TransientStageError(`validation could not run: ${notRun.map((p) => p.phase).join(', ')}`, 'engine-not-run');
  }
  const reportJson = Buffer.from(JSON.stringify(report), 'utf8');
  const derived = await derivedBlobs(store, [reportJson]);
  const reportSha = derived.sha256[0]!;
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
  const tr = await transition(store, documentId, {
    from: 'received',
    to: report.valid ? 'validated' : 'rejected',
    actor: 'system:validate',
    at,
    details: summary,
    set: { scenario: report.scenario, ...keys },
    decide: async (tx) => {
      if (!report.valid || keys.invoiceNumber === null || keys.sellerKey === null) return {};
      const earlier = await findEarlierDuplicate(tx, documentId, { sellerKey: keys.sellerKey, invoiceNumber: keys.invoiceNumber, issueDate: keys.issueDate, typeCode: keys.typeCode }, PASSED_VALIDATION);
      if (earlier === undefined) return {};
      return {
        to: 'duplicate',
        set: { duplicateOf: earlier },
        details: { duplicateOf: earlier, finding: { ruleId: 'HUB-DUPLICATE', flag: 'fatal', message: `Duplicate of document ${earlier}: same seller (${keys.sellerKey}), invoice number ${keys.invoiceNumber}, issue date ${keys.issueDate ?? '-'} and type ${keys.typeCode ?? '-'}.` } },
      };
    },
    also: async (tx) => {
      await derived.writeIn(tx);
      await attachFile(tx, documentId, 'validation-report', reportSha, reportJson.length, 'application/json', at.toISOString());
    },
  });
  return { state: tr.state, changed: tr.changed, details: { scenario: report.scenario, fatal: fatal.length } };
};
