/** The document page, its actions (operators), and its files: the XML received, the PDF, the MLS response. */
import { roleAtLeast } from '../../../core/accounts/staff';
import { applyAction, isAction, type ActionResult } from '../../../core/documents/actions';
import { btConcerned, consoleDocument, type ConsoleDocument } from '../../../core/documents/queues';
import { fileOf, getDocument, type DocumentRow } from '../../../core/documents/store';
import { mlsOf } from '../../../core/mls/produce';
import { NO_NOTES, type Notes } from '../../../templates/console/components';
import { documentPage } from '../../../templates/console/document';
import { notFound, type RouteCall } from '../context';
import { actionFormView, resultNotes } from '../picker';
import { DOC_ID } from './queues';

export async function documentOr404(x: RouteCall, id = x.param('id')): Promise<DocumentRow> {
  const d = DOC_ID.test(id) ? await getDocument(x.store, id) : undefined;
  if (d === undefined) throw notFound('Unknown document.');
  return d;
}

async function viewOr404(x: RouteCall, id: string): Promise<ConsoleDocument> {
  const v = DOC_ID.test(id) ? await consoleDocument(x.store, id) : undefined;
  if (v === undefined) throw notFound('Unknown document.');
  return v;
}

async function show(x: RouteCall, id: string, o: { notes?: Notes; fields?: ReadonlyMap<string, string>; keep?: boolean; status?: number } = {}): Promise<void> {
  const v = await viewOr404(x, id);
  const lang = x.lang;
  x.page(o.status ?? 200, documentPage(x.frame(), {
    doc: v.doc, facts: v.facts, summary: v.summary, hasPdf: v.hasPdf, xml: v.xml, events: v.events, actors: v.actors, handled: v.handled,
    findings: v.findings.map((f) => ({
      ruleId: f.ruleId, flag: f.flag, location: f.location, message: f.message, ...(f.messages ? { messages: f.messages } : {}), bts: btConcerned(f.message, lang),
      ...(typeof f.line === 'number' ? { line: f.line } : {}),
    })),
    mls: v.mls === null ? null : { responseCode: v.mls.responseCode ?? '', createdAt: v.mls.createdAt, ackedAt: v.mls.ackedAt },
    canAct: roleAtLeast(x.me.role, 'operator'),
    form: await actionFormView(x.store, lang, 'documents', 'doc', o.fields, o.keep ?? true),
    notes: o.notes ?? NO_NOTES,
  }));
}

export async function document(x: RouteCall): Promise<void> {
  await show(x, x.param('id'));
}

export async function documentActions(x: RouteCall): Promise<void> {
  const d = await documentOr404(x);
  const f = await x.fields();
  if (f === null) return;
  if (f.has('find')) return show(x, d.id, { fields: f });
  const action = f.get('action');
  const result: ActionResult = isAction(action)
    ? await applyAction(x.ctx.actionDeps, action, d.id, { actor: x.me.actor, reason: f.get('reason'), bodyId: f.get('bodyId') })
    : { id: d.id, ok: false, status: 400, error: 'unknown action' };
  await show(x, d.id, { fields: f, keep: !result.ok, notes: resultNotes([result], x.lang), status: result.ok ? 200 : result.status });
}

export async function xml(x: RouteCall): Promise<void> {
  const d = await documentOr404(x);
  await x.blob(d.payloadSha256, 'application/xml', `attachment; filename="${d.id}.xml"`);
}

export async function pdf(x: RouteCall): Promise<void> {
  const d = await documentOr404(x);
  const sha = await fileOf(x.store, d.id, 'pdf');
  if (sha === undefined) throw notFound('This document has no PDF.');
  await x.blob(sha, 'application/pdf', `inline; filename="${d.id}.pdf"`);
}

export async function mls(x: RouteCall): Promise<void> {
  const d = await documentOr404(x);
  const m = await mlsOf(x.store, d.id);
  if (m === undefined) throw notFound('This document has no MLS response.');
  await x.blob(m.sha256, 'application/xml', `attachment; filename="${d.id}-mls.xml"`);
}
