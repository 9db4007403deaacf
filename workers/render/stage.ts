/**
 * The render stage: `routed` → `rendered`, with the standardised PDF stored as a derived file
 * (role `pdf`, content-addressed) in the same transaction as the transition.
 *
 * Input of the render: the business document as received (the SBDH payload) read into the canonical
 * model, the reception timestamp and document id (footer), the validation report the validate stage
 * stored (role `validation-report`: rule packs, outcome, warnings), and the language of the body the
 * route stage resolved (`bodies.language`; `lb` and unknown bodies give French).
 *
 * Rendering is deterministic, so a re-run (stalled job, reconciler) stores the same bytes under the
 * same hash. Errors: missing bytes, a payload the model cannot read, or no validation record at all
 * are permanent (`render_failed`, the Authority sees it); anything else is retried.
 */
import { eq } from 'drizzle-orm';
import { config } from '../../config';
import { attachFile, fileOf } from '../../db/file-store';
import { bodies, events } from '../../db/schema';
import { ModelReadError, readInvoice } from '../../model/read';
import { pdfLang, type Lang } from '../../templates/format';
import { renderPdfWithInfo, type RenderOptions, type RenderResult, type RenderValidation } from '../../templates/render';
import type { CanonicalInvoice } from '../../model/canonical';
import { getDocument, PermanentStageError, transition, type DocumentState, type StageDeps, type StageProcessor } from '../stage-contract';

export type RenderFn = (model: CanonicalInvoice, opts: RenderOptions) => Promise<RenderResult>;

const FLAGS = new Set(['fatal', 'warning', 'information']);

/** The validation report as the validate stage stored it, reduced to what the PDF shows. */
function reportToValidation(json: unknown): RenderValidation | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const r = json as { valid?: unknown; scenario?: unknown; packs?: unknown; findings?: unknown };
  if (typeof r.valid !== 'boolean') return undefined;
  const packs = Array.isArray(r.packs) ? r.packs.filter((p): p is { id: string; version: string; hash?: string } => typeof p?.id === 'string' && typeof p?.version === 'string') : [];
  const findings = Array.isArray(r.findings)
    ? r.findings
        .filter((f): f is { ruleId: string; flag: 'fatal' | 'warning' | 'information'; message: string; location?: string } => typeof f?.ruleId === 'string' && FLAGS.has(f?.flag) && typeof f?.message === 'string')
        .map((f) => ({ ruleId: f.ruleId, flag: f.flag, message: f.message, location: typeof f.location === 'string' ? f.location : undefined }))
    : [];
  return { valid: r.valid, scenario: typeof r.scenario === 'string' ? r.scenario : null, packs: packs.map((p) => ({ id: p.id, version: p.version, hash: typeof p.hash === 'string' ? p.hash : undefined })), findings };
}

/**
 * What the PDF says about validation: the stored report; failing that, the validate event (rule packs
 * and counts, without the warning texts); neither → undefined.
 */
export function loadValidation(deps: StageDeps, documentId: string): { validation: RenderValidation; source: 'report' | 'event' } | undefined {
  const sha = fileOf(deps.db, documentId, 'validation-report');
  if (sha !== undefined && deps.files.has(sha)) {
    try {
      const v = reportToValidation(JSON.parse(deps.files.get(sha).toString('utf8')));
      if (v) return { validation: v, source: 'report' };
    } catch {
      // unreadable report: fall back to the event below
    }
  }
  const evs = deps.db.select().from(events).where(eq(events.documentId, documentId)).all()
    .filter((e) => e.actor === 'system:validate' && e.toState === 'validated');
  const last = evs[evs.length - 1];
  if (last === undefined) return undefined;
  let d: { scenario?: unknown; packs?: unknown; warnings?: unknown } = {};
  try {
    d = JSON.parse(last.details) as typeof d;
  } catch {
    return undefined;
  }
  const packs = Array.isArray(d.packs) ? d.packs.filter((p): p is { id: string; version: string; hash?: string } => typeof p?.id === 'string' && typeof p?.version === 'string') : [];
  const warnings = typeof d.warnings === 'number' ? d.warnings : 0;
  const findings = Array.from({ length: Math.min(warnings, 500) }, (_, i) => ({ ruleId: `#${i + 1}`, flag: 'warning' as const, message: 'warning text not available (validation report missing)' }));
  return { validation: { valid: true, scenario: typeof d.scenario === 'string' ? d.scenario : null, packs, findings }, source: 'event' };
}

/** The PDF language of a body (French when the body is unknown or prefers Luxembourgish). */
export function bodyLanguage(deps: StageDeps, bodyId: string | null): Lang {
  if (bodyId === null) return 'fr';
  const row = deps.db.select({ language: bodies.language }).from(bodies).where(eq(bodies.id, bodyId)).get();
  return pdfLang(row?.language);
}

export function makeRenderStage(render: RenderFn = renderPdfWithInfo): StageProcessor {
  return async (documentId, deps) => {
    const doc = getDocument(deps.db, documentId);
    if (doc === undefined) throw new PermanentStageError(`document ${documentId} does not exist`, 'no-document');
    if (doc.state !== 'routed') return { state: doc.state as DocumentState, changed: false };
    if (!deps.files.has(doc.payloadSha256)) throw new PermanentStageError(`stored bytes ${doc.payloadSha256} are missing`, 'bytes-missing');
    let model: CanonicalInvoice;
    try {
      model = readInvoice(deps.files.get(doc.payloadSha256));
    } catch (err) {
      if (err instanceof ModelReadError) throw new PermanentStageError(`the invoice could not be read into the semantic model: ${err.message}`, 'unreadable');
      throw err;
    }
    const v = loadValidation(deps, documentId);
    if (v === undefined) throw new PermanentStageError('no validation report or validation event: the PDF cannot state the validation outcome', 'no-validation');
    const lang = bodyLanguage(deps, doc.resolvedBodyId);
    const started = performance.now();
    const { pdf, pages } = await render(model, { lang, btCodes: false, documentId: doc.id, receivedAt: doc.receivedAt, validation: v.validation, maxLines: config.pdfMaxLines });
    const ms = Math.round(performance.now() - started);
    const sha = deps.files.put(pdf);
    const at = deps.clock();
    const tr = transition(deps.db, documentId, {
      from: 'routed', to: 'rendered', actor: 'system:render', at,
      details: { pdf: { sha256: sha, size: pdf.length, pages }, lang, validationSource: v.source, anomalies: model.anomalies.length, ms },
      also: (tx) => attachFile(tx, documentId, 'pdf', sha, pdf.length, 'application/pdf', at.toISOString()),
    });
    deps.logger.info({ documentId, pages, bytes: pdf.length, lang, ms }, 'rendered');
    return { state: tr.state, changed: tr.changed, details: { pages, bytes: pdf.length, lang } };
  };
}

export const renderStage: StageProcessor = makeRenderStage();
