/**
 * One document of the web inbox: the page (facts, statuses and the form for the next one, history,
 * PDF), its files, the acknowledgement (status AB) and the status form (core/invoice-response); a
 * refused status comes back on the page with the rule it breaks, in the user's language (`../texts`).
 */
import { bundleEntries, documentMetadata, pdfSha, recordDownload, xmlSha } from '../../../../core/documents/inbox';
import { CoreError } from '../../../../core/errors';
import { ACTION_CODES, actionCodes, REASON_CODES, reasonCodes } from '../../../../core/invoice-response/codes';
import { idempotencyKeyOf, canonicalRequest } from '../../../../core/invoice-response/request';
import { allowedAfter, type StatusRequest, type Violation } from '../../../../core/invoice-response/rules';
import { acknowledgeWithStatus, setStatus, statusContext } from '../../../../core/invoice-response/status';
import { shownStatus, statusName } from '../../../../core/invoice-response/view';
import { documentPage, type DocumentView } from '../../../../templates/inbox/document';
import { colon } from '../../../../templates/inbox/format';
import { eventLabel, inboxText as t } from '../../../../templates/inbox/messages';
import type { StatusFormValues } from '../../../../templates/inbox/status-form';
import type { FieldError, Lang } from '../../../../web';
import { responseDeps } from '../../viewer';
import { sendStored, sendZip } from '../../send';
import type { InboxWebRoute, WebCall } from '../context';
import { findingLine, refusalText } from '../texts';
import { listItemOf } from './list';

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

async function view(x: WebCall, id: string, form: { values: StatusFormValues; errors: FieldError[] } | null): Promise<DocumentView | null> {
  const v = await x.visible(id);
  if (v === null) return null;
  const lang = x.lang;
  const ctx = await statusContext(x.deps.store, x.session.viewer, id);
  const m = await documentMetadata(x.deps.store, v.item, v.doc);
  const line = listItemOf(v.item, undefined, lang);
  const sm = m.summary;
  const seller = (sm.seller ?? {}) as Record<string, unknown>;
  const answerable = v.doc.state === 'delivered' || v.doc.state === 'acknowledged';
  const saved = str(x.req.query.set);
  return {
    id: v.doc.id, number: line.number, type: line.type, supplier: str(seller.name) ?? line.supplier, supplierVat: str(seller.vatId) ?? v.item.supplierKey,
    issueDate: str(sm.issueDate), dueDate: str(sm.dueDate), amount: line.amount, currency: line.currency, buyerRef: str(sm.buyerReference), orderRef: str(sm.purchaseOrderReference),
    department: v.item.department, deliveredAt: v.item.deliveredAt, inboxStatus: v.item.status, acknowledgedAt: v.item.acknowledgedAt,
    hasPdf: (await pdfSha(x.deps.store, v.doc)) !== null,
    findings: m.findings.map(findingLine),
    events: m.events.map((e) => ({ at: e.at, label: eventText(e.type, e.to, e.details, lang) })),
    statuses: ctx.rows.map((r) => shownStatus(r, lang)),
    form: {
      allowed: (answerable ? allowedAfter(ctx.previous, { reopenedByAuthority: ctx.reopened }) : []).map((c) => ({ code: c, name: statusName(c, lang) })),
      reasons: REASON_CODES.map((c) => ({ code: c, name: reasonCodes[c][lang] })), actions: ACTION_CODES.map((c) => ({ code: c, name: actionCodes[c][lang] })),
      currency: line.currency, values: form?.values ?? null, errors: form?.errors ?? [],
    },
    saved: saved === null ? null : statusName(saved, lang),
  };
}

/** A history line: the event in words, and for a status which one (`statut communiqué au fournisseur : Accepté (AP)`). */
function eventText(type: string, to: string, details: Record<string, unknown>, lang: Lang): string {
  const label = eventLabel(type, to, lang);
  return typeof details.code === 'string' && (type === 'invoice-response' || type === 'inbox.ack') ? `${colon(label, lang)} ${statusName(details.code, lang)} (${details.code})` : label;
}

async function page(x: WebCall): Promise<void> {
  const v = await view(x, String(x.req.params.id), null);
  if (v !== null) x.page(200, documentPage(x.frame(), v));
}

async function file(x: WebCall): Promise<void> {
  const what = String(x.req.params.what);
  if (!['pdf', 'xml', 'bundle'].includes(what)) return x.notFound();
  const v = await x.visible();
  if (v === null) return;
  x.res.set({ 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' });
  const opened = (): Promise<void> => recordDownload(x.deps.store, x.session.viewer, v.item, what, x.deps.clock());
  if (what === 'pdf') {
    const sha = await pdfSha(x.deps.store, v.doc);
    if (sha === null) return x.notFound();
    await sendStored(x.deps.store, x.res, sha, 'application/pdf', `inline; filename="${v.doc.id}.pdf"`, { headers: { 'X-Frame-Options': 'SAMEORIGIN' }, opened });
  } else if (what === 'xml') {
    await sendStored(x.deps.store, x.res, xmlSha(v.doc), 'application/xml', `attachment; filename="${v.doc.id}.xml"`, { opened });
  } else {
    await opened();
    await sendZip(x.res, `${v.doc.id}.zip`, await bundleEntries(x.deps.store, v.item, v.doc));
  }
}

async function ack(x: WebCall): Promise<void> {
  const v = await x.visible();
  if (v === null) return;
  await acknowledgeWithStatus(responseDeps(x.deps), x.session.viewer, v.doc.id);
  x.res.redirect(303, `/inbox/documents/${v.doc.id}`);
}

/** The form's fields → a status request: the text goes with the first reason (else action), a paid amount makes PD a partial payment. */
export function requestOfForm(f: StatusFormValues, currency: string | null): StatusRequest {
  const reasons = f.reasons.map((code) => ({ code }));
  const actions = f.actions.map((code) => ({ code }));
  const text = f.reasonText.trim();
  const texts = [];
  if (text !== '') {
    if (reasons[0]) Object.assign(reasons[0], { text });
    else if (actions[0]) Object.assign(actions[0], { text });
    else texts.push({ text });
  }
  const amount = f.paidAmount.trim().replace(/^(\d+),(\d{1,2})$/, '$1.$2');
  if (amount !== '' && f.code === 'PD' && !reasons.some((r) => r.code === 'PPD')) reasons.push({ code: 'PPD' });
  return {
    code: f.code, reasons, actions, ...(texts.length > 0 ? { texts } : {}),
    ...(f.note.trim() !== '' ? { note: f.note.trim() } : {}), ...(f.effectiveDate !== '' ? { effectiveDate: f.effectiveDate } : {}),
    ...(amount !== '' ? { paidAmount: amount, ...(currency !== null ? { currency } : {}) } : {}),
  };
}

const FORM_FIELD: Record<string, string> = { code: 'code', reasons: 'reasons', actions: 'actions', texts: 'reasonText', note: 'note', paidAmount: 'paidAmount', currency: 'paidAmount', effectiveDate: 'effectiveDate' };

function fieldErrors(violations: Violation[], lang: Lang): FieldError[] {
  return violations.filter((v) => v.flag === 'fatal').map((v) => {
    const top = v.field.replace(/\[.*$/, '');
    const field = /\.text$/.test(v.field) ? 'reasonText' : FORM_FIELD[top] ?? 'code';
    return { field, message: refusalText(v.ruleId, v.message, lang) };
  });
}

async function respond(x: WebCall): Promise<void> {
  const v = await x.visible();
  if (v === null) return;
  const values: StatusFormValues = {
    code: x.field('code', 10).toUpperCase(), reasons: x.fields('reasons'), actions: x.fields('actions'), reasonText: x.field('reasonText'),
    note: x.field('note'), paidAmount: x.field('paidAmount', 30), effectiveDate: x.field('effectiveDate', 10),
  };
  if (values.code === '') {
    const shown = await view(x, v.doc.id, { values, errors: [{ field: 'code', message: t('chooseStatus', x.lang) }] });
    if (shown !== null) x.page(422, documentPage(x.frame(), shown, shown.form.errors));
    return;
  }
  const request = requestOfForm(values, listItemOf(v.item, undefined, x.lang).currency);
  try {
    await setStatus(responseDeps(x.deps), { viewer: x.session.viewer, documentId: v.doc.id, request, via: 'web', idempotencyKey: idempotencyKeyOf(undefined, canonicalRequest(request)) });
  } catch (err) {
    if (!(err instanceof CoreError) || err.kind === 'not-found') throw err;
    const violations = (err.extra.violations as Violation[] | undefined) ?? [{ ruleId: err.slug, flag: 'fatal', field: 'code', message: err.detail }];
    const shown = await view(x, v.doc.id, { values, errors: fieldErrors(violations, x.lang) });
    if (shown !== null) x.page(err.kind === 'conflict' ? 409 : 422, documentPage(x.frame(), shown, shown.form.errors));
    return;
  }
  x.res.redirect(303, `/inbox/documents/${v.doc.id}?set=${encodeURIComponent(request.code)}#statuses`);
}

export function documentRoutes(): InboxWebRoute[] {
  return [
    { method: 'get', path: '/inbox/documents/:id', session: true, handle: page },
    { method: 'get', path: '/inbox/documents/:id/:what', session: true, file: true, handle: file },
    { method: 'post', path: '/inbox/documents/:id/ack', session: true, form: 'small', handle: ack },
    { method: 'post', path: '/inbox/documents/:id/responses', session: true, form: 'small', handle: respond },
  ];
}
