/**
 * The render stage: `routed` → `rendered`, with the standardised PDF stored as a derived file
 * (role `pdf`, content-addressed) and the document's summary (role `summary`, JSON: what the inbox
 * lists and webhooks send, read from the same parse) in the same transaction as the transition.
 *
 * Input of the render: the business document as received (the SBDH payload) read into the canonical
 * model, the reception timestamp and document id (footer), the validation report the validate stage
 * stored (role `validation-report`: rule packs, outcome, warnings), and the language of the body the
 * route stage resolved (`bodies.language`; `lb` and unknown bodies give French).
 *
 * Reading and rendering run in the CPU pool's threads (`deps.cpu.render`). Rendering is
 * deterministic, so a re-run (stalled job, reconciler) stores the same bytes under the same hash. Errors: missing bytes, a payload the model cannot read, or no validation record at all
 * are permanent (`render_failed`, the Authority sees it); anything else is retried.
 */
import { config } from '../../config';
import { bodyAsDelivered } from '../../core/directory/view';
import { attachFiles, derivedBlobs, eventsOf, getDocumentWithFile, readJsonFile, transition } from '../../core/documents/store';
import type { Store } from '../../core/store';
import { pdfLang } from '../../templates/format';
import type { RenderValidation } from '../../templates/render';
import { payloadOf } from '../payload';
import { PermanentStageError, type DocumentState, type StageProcessor } from '../stage-contract';

const FLAGS = new Set(['fatal', 'warning', 'information']);

type Pack = { id: string; version: string; hash?: string };
const isPack = (p: unknown): p is Pack => typeof (p as Pack | null)?.id === 'string' && typeof (p as Pack).version === 'string';
const packOf = (p: Pack): Pack => ({ id: p.id, version: p.version, hash: typeof p.hash === 'string' ? p.hash : undefined });

/** The validation report as the validate stage stored it, reduced to what the PDF shows. */
function reportToValidation(json: unknown): RenderValidation | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const r = json as { valid?: unknown; scenario?: unknown; packs?: unknown; findings?: unknown };
  if (typeof r.valid !== 'boolean') return undefined;
  const packs = Array.isArray(r.packs) ? r.packs.filter(isPack).map(packOf) : [];
  const findings = Array.isArray(r.findings)
    ? r.findings
        .filter((f): f is { ruleId: string; flag: 'fatal' | 'warning' | 'information'; message: string; location?: string } => typeof f?.ruleId === 'string' && FLAGS.has(f?.flag) && typeof f?.message === 'string')
        .map((f) => ({ ruleId: f.ruleId, flag: f.flag, message: f.message, location: typeof f.location === 'string' ? f.location : undefined }))
    : [];
  return { valid: r.valid, scenario: typeof r.scenario === 'string' ? r.scenario : null, packs, findings };
}

/**
 * What the PDF says about validation: the stored report; failing that, the validate event (rule packs
 * and counts, without the warning texts); neither → undefined.
 */
export async function loadValidation(store: Store, documentId: string, reportSha256?: string | null): Promise<{ validation: RenderValidation; source: 'report' | 'event' } | undefined> {
  const v = reportToValidation(await readJsonFile<unknown>(store, documentId, 'validation-report', reportSha256));
  if (v) return { validation: v, source: 'report' };
  const last = (await eventsOf(store, documentId)).filter((e) => e.actor === 'system:validate' && e.toState === 'validated').pop();
  if (last === undefined) return undefined;
  const d = last.details as { scenario?: unknown; packs?: unknown; warnings?: unknown };
  const packs = Array.isArray(d.packs) ? d.packs.filter(isPack).map(packOf) : [];
  const warnings = typeof d.warnings === 'number' ? d.warnings : 0;
  const findings = Array.from({ length: Math.min(warnings, 500) }, (_, i) => ({ ruleId: `#${i + 1}`, flag: 'warning' as const, message: 'warning text not available (validation report missing)' }));
  return { validation: { valid: true, scenario: typeof d.scenario === 'string' ? d.scenario : null, packs, findings }, source: 'event' };
}

/** The embedded file's name: the invoice number where it makes a safe file name, else the document id. */
export function sourceFilename(invoiceNumber: string | null, documentId: string): string {
  const safe = (invoiceNumber ?? '').normalize('NFKD').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+|_+$/g, '').slice(0, 80);
  return `${safe === '' ? documentId : safe}.xml`;
}

export const renderStage: StageProcessor = async (documentId, deps) => {
  const { store } = deps;
  // the row with its validation report's reference, in one read
  const found = await getDocumentWithFile(store, documentId, 'validation-report');
  if (found === undefined) throw new PermanentStageError(`document ${documentId} does not exist`, 'no-document');
  const doc = found.doc;
  if (doc.state !== 'routed') return { state: doc.state as DocumentState, changed: false };
  const payload = await payloadOf(store, doc);
  const v = await loadValidation(store, documentId, found.fileSha256);
  if (v === undefined) throw new PermanentStageError('no validation report or validation event: the PDF cannot state the validation outcome', 'no-validation');
  // the body's language (lb and unknown bodies: French) and how it is named, from the directory index (no query)
  const body = doc.resolvedBodyId === null ? undefined : await bodyAsDelivered(store, doc.resolvedBodyId, doc.receivedAt.slice(0, 10), pdfLang);
  const lang = pdfLang(body?.language);
  const deliveredTo = body === undefined ? undefined : { name: body.name, ...(body.identifier !== undefined ? { identifier: body.identifier } : {}) };
  const started = performance.now();
  // the business document itself goes inside the PDF (a body that archives one file keeps both)
  const out = await deps.cpu.render({
    payload, sourceFilename: sourceFilename(doc.invoiceNumber, doc.id),
    options: { lang, btCodes: false, documentId: doc.id, receivedAt: doc.receivedAt, validation: v.validation, maxLines: config.pdfMaxLines, deliveredTo: deliveredTo ?? null },
  });
  if (!out.ok) throw new PermanentStageError(`the invoice could not be read into the semantic model: ${out.unreadable}`, 'unreadable');
  const ms = Math.round(performance.now() - started);
  const { pdf, pages } = out;
  const summaryJson = Buffer.from(JSON.stringify(out.summary), 'utf8');
  const derived = await derivedBlobs(store, [pdf, summaryJson]);
  const [sha, summarySha] = derived.sha256 as [string, string];
  const at = deps.clock();
  const tr = await transition(store, documentId, {
    from: 'routed', to: 'rendered', actor: 'system:render', at,
    details: { pdf: { sha256: sha, size: pdf.length, pages }, lang, validationSource: v.source, anomalies: out.anomalies, ms },
    also: async (tx) => {
      await derived.writeIn(tx);
      await attachFiles(tx, [
        { documentId, role: 'pdf', sha256: sha, size: pdf.length, mediaType: 'application/pdf', at: at.toISOString() },
        { documentId, role: 'summary', sha256: summarySha, size: summaryJson.length, mediaType: 'application/json', at: at.toISOString() },
      ]);
    },
  });
  deps.logger.info({ documentId, pages, bytes: pdf.length, lang, ms }, 'rendered');
  return { state: tr.state, changed: tr.changed, details: { pages, bytes: pdf.length, lang } };
};
