/**
 * One round trip of the manual-entry form: what the hub does with a posted form for each of its
 * buttons — add or remove a row, search the directory, save the draft, preview the PDF, or "check
 * and continue": the hub's own checks, the form → canonical model → Peppol BIS UBL, the official
 * validation in the CPU pool, findings mapped to their fields, and the checked draft for review.
 * Every round trip first makes the rates follow the categories (`normalizeForm`).
 */
import type { Lang } from '../../config/languages';
import crypto from 'node:crypto';
import { checkInvoiceFields, writeUbl, type InvoiceTerms } from '../../model';
import { addAttachment, attachmentBytes, type AttachmentFile } from './attachments';
import { today, type PortalDeps } from './deps';
import { saveDraft } from './drafts';
import { mapFinding, type MappedFinding } from './findings';
import { checkForm, type FormIssue } from './form-check';
import { addRow, btOfField, count, formToTerms, isRowKind, normalizeForm, removeRow, type Fields, type Recipient, type RowKind } from './form';
import { previewPdf } from './preview';
import { recipientOf, searchRecipients, type BodyOption } from './recipients';
import { checkRecordOf } from './review';

export type FormAction =
  | { kind: 'add' | 'remove'; row: RowKind; index: number }
  | { kind: 'search' | 'save' | 'check' | 'preview' | 'recalculate' };

/** The button a form post names (`add:lines`, `remove:charges:2`, `check`…); anything else recalculates. */
export function parseAction(raw: string | undefined): FormAction {
  const v = raw ?? 'recalculate';
  const row = /^(add|remove):(\w+)(?::(\d+))?$/.exec(v);
  if (row && isRowKind(row[2] ?? '')) return { kind: row[1] === 'add' ? 'add' : 'remove', row: row[2] as RowKind, index: Number(row[3] ?? -1) };
  if (v === 'search' || v === 'save' || v === 'check' || v === 'preview') return { kind: v };
  return { kind: 'recalculate' };
}

export interface FormPost {
  fields: Fields;
  /** The draft link the form was opened from, if any. */
  draftToken: string | null;
  action: FormAction;
  /** A file to attach, if one was chosen. */
  file?: AttachmentFile;
}

export type FormOutcome =
  | { show: 'form'; fields: Fields; issues: FormIssue[]; findings: MappedFinding[]; results: BodyOption[] | null; query: string | null; invalid: boolean }
  | { show: 'saved'; token: string }
  | { show: 'review'; token: string }
  | { show: 'pdf'; pdf: Buffer };

/**
 * Field checks of the model (seller VAT identifier, IBAN checksum, due date before issue date,
 * addresses…): `checkInvoiceFields` (model/checks) answers findings keyed by BT id with their
 * FR/DE/EN messages; each becomes an issue `field-check` on its form field (the field the model
 * names when the form has it, else the form's field of that BT and row), its messages in `vars`.
 */
export function invoiceFieldChecks(terms: InvoiceTerms, fields: Fields): FormIssue[] {
  const issues: FormIssue[] = [];
  for (const found of Object.values(checkInvoiceFields(terms))) {
    for (const f of found ?? []) {
      const row = /\[(\d+)\][^[]*$/.exec(f.field);
      const field = fields.has(f.field) ? f.field : fieldOfTerm(f.term, fields, row ? Number(row[1]) : 0);
      issues.push({ field, code: 'field-check', vars: { ...f.message, term: f.term, check: f.code } });
    }
  }
  return issues;
}

/** The form field of a business term (`BT-31` → `seller.vatId`; the first row for a term of a repeated group), if it is on the form. */
export function fieldOfTerm(bt: string, fields: Fields, index = 0): string | null {
  for (const name of fields.keys()) {
    const t = btOfField(name);
    if (t?.id === bt && !name.endsWith(':scheme') && (!/\[\d+\]/.test(name) || name.includes(`[${index}]`))) return name;
  }
  return null;
}

type Built = { ok: true; terms: InvoiceTerms; xml: Buffer; recipient: Recipient | null } | { ok: false; issues: FormIssue[] };

/** The hub's checks, then the UBL the form stands for. */
async function build(deps: PortalDeps, fields: Fields, lang: Lang): Promise<Built> {
  const recipient = await recipientOf(deps.store, fields.get('recipient'), today(deps), lang);
  const issues = checkForm(fields, recipient, lang);
  if (issues.length > 0) return { ok: false, issues };
  try {
    const terms = formToTerms(fields, recipient, await attachmentBytes(deps.store, fields), lang);
    return { ok: true, terms, xml: Buffer.from(writeUbl(terms), 'utf8'), recipient };
  } catch (err) {
    return { ok: false, issues: [{ field: null, code: 'cannot-write', vars: { detail: (err as Error).message } }] };
  }
}

function formError(fields: Fields, issues: FormIssue[], findings: MappedFinding[] = []): FormOutcome {
  return { show: 'form', fields, issues, findings, results: null, query: null, invalid: true };
}

/** "Check and continue": the checked draft, or the problems shown next to their fields. */
async function check(deps: PortalDeps, post: FormPost, lang: Lang): Promise<FormOutcome> {
  const { fields } = post;
  const built = await build(deps, fields, lang);
  if (!built.ok) return formError(fields, built.issues);
  const report = await deps.cpu.validateReport(built.xml, { date: today(deps) });
  const known = new Set(fields.keys());
  const fatal = report.findings.filter((f) => f.flag === 'fatal').map((f) => mapFinding(f, { allowances: count(fields, 'allowances'), fields: known }));
  const fieldIssues = invoiceFieldChecks(built.terms, fields);
  if (fatal.length > 0 || fieldIssues.length > 0) return formError(fields, fieldIssues, fatal);
  const sha = await deps.store.blobs.put(built.xml);
  const dataHash = crypto.createHash('sha256').update(JSON.stringify([...fields])).digest('hex');
  const token = await saveDraft(deps, post.draftToken, 'form', { fields: [...fields], check: checkRecordOf(report) }, { sha256: sha, valid: report.valid, dataHash });
  return { show: 'review', token };
}

/** "PDF preview": the PDF of the form as it stands, with the validation that XML gets. */
async function preview(deps: PortalDeps, fields: Fields, lang: Lang): Promise<FormOutcome> {
  const built = await build(deps, fields, lang);
  if (!built.ok) return formError(fields, built.issues);
  const report = await deps.cpu.validateReport(built.xml, { date: today(deps) });
  return { show: 'pdf', pdf: await previewPdf(deps, built.xml, checkRecordOf(report), lang) };
}

/** Takes U+0000 out of every posted name and value: a draft is stored in the database, whose text cannot hold it (and no field needs it). */
function withoutNul(fields: Fields): void {
  for (const [k, v] of [...fields]) {
    if (!k.includes('\u0000') && !v.includes('\u0000')) continue;
    fields.delete(k);
    fields.set(k.replaceAll('\u0000', ''), v.replaceAll('\u0000', ''));
  }
}

export async function handleFormPost(deps: PortalDeps, post: FormPost, lang: Lang): Promise<FormOutcome> {
  const { fields, action } = post;
  withoutNul(fields);
  normalizeForm(fields);
  const issues: FormIssue[] = [];
  if (post.file !== undefined && post.file.bytes.length > 0) {
    const refused = await addAttachment(deps.store, fields, post.file, deps.maxAttachments);
    if (refused !== null) issues.push(refused);
  }
  const shown = (results: BodyOption[] | null = null, query: string | null = null): FormOutcome => ({ show: 'form', fields, issues, findings: [], results, query, invalid: false });
  switch (action.kind) {
    case 'add':
      addRow(fields, action.row);
      normalizeForm(fields);
      return shown();
    case 'remove':
      removeRow(fields, action.row, action.index);
      return shown();
    case 'search': {
      const q = (fields.get('recipientQuery') ?? '').trim().slice(0, 200);
      return shown(await searchRecipients(deps.store, q, today(deps), lang), q);
    }
    case 'save':
      return { show: 'saved', token: await saveDraft(deps, post.draftToken, 'form', { fields: [...fields] }, null) };
    case 'check':
      return issues.length > 0 ? formError(fields, issues) : check(deps, post, lang);
    case 'preview':
      return issues.length > 0 ? formError(fields, issues) : preview(deps, fields, lang);
    case 'recalculate':
      return shown();
  }
}
