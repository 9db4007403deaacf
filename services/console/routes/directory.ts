/**
 * Directory administration: search, a body's form (viewers read it, operators edit it), a new body,
 * and the CSV import — a dry run shown as a diff first, then exactly the file checked applied.
 * Every write is audited; the directory's own checks decide what is valid.
 */
import { audit, roleAtLeast } from '../../../core/accounts/staff';
import { importCsv, keepCsv, keptCsv } from '../../../core/directory/import';
import { findBodies } from '../../../core/directory/search';
import { BODY_TYPES, IDENTIFIER_PURPOSES, isIsoDate, isoDate, LANGUAGES, REFERENCE_FIELDS } from '../../../core/directory/types';
import { currentBodies, currentBody } from '../../../core/directory/view';
import { bodyFormPage, type BodyFormValues } from '../../../templates/console/body-form';
import { importPage } from '../../../templates/console/directory-import';
import { directoryPage } from '../../../templates/console/directory';
import { ct } from '../../../templates/console/messages';
import type { FieldError } from '../../../web';
import { notFound, type RouteCall } from '../context';
import { bodyOf, emptyValues, importView, saveBody as save, schemeOptions, valuesFromForm, valuesOf } from '../directory';

const OPTIONS = { types: BODY_TYPES, purposes: IDENTIFIER_PURPOSES, languages: LANGUAGES, references: REFERENCE_FIELDS };
const EMPTY_ROWS = 2;

export async function list(x: RouteCall): Promise<void> {
  const q = x.qs('q') ?? '';
  const found = await findBodies(x.store, { q, limit: 200 });
  x.page(200, directoryPage(x.frame(), {
    query: q, total: found.total, canEdit: roleAtLeast(x.me.role, 'operator'),
    bodies: found.items.map((b) => ({ id: b.id, name: (x.lang === 'en' ? b.names.en : b.names[x.lang]) ?? b.names.fr, type: b.type, status: b.status, identifiers: b.identifiers })),
  }));
}

function showForm(x: RouteCall, values: BodyFormValues, o: { isNew: boolean; status?: number; errors?: FieldError[]; saved?: boolean; effectiveFrom?: string; emptyRows?: number }): void {
  x.page(o.status ?? 200, bodyFormPage(x.frame(), {
    isNew: o.isNew, canEdit: roleAtLeast(x.me.role, 'operator'), saved: o.saved ?? false, errors: o.errors ?? [], values,
    effectiveFrom: o.effectiveFrom ?? isoDate(x.ctx.now()), emptyRows: o.emptyRows ?? EMPTY_ROWS,
    options: { ...OPTIONS, schemes: schemeOptions() },
  }));
}

export async function newBody(x: RouteCall): Promise<void> {
  showForm(x, emptyValues(isoDate(x.ctx.now())), { isNew: true });
}

export async function body(x: RouteCall): Promise<void> {
  const b = await currentBody(x.store, x.param('id'));
  if (b === undefined) throw notFound('Unknown body.');
  showForm(x, valuesOf(b), { isNew: false, saved: x.qs('saved') === '1' });
}

export async function saveBody(x: RouteCall): Promise<void> {
  const f = await x.fields();
  if (f === null) return;
  const isNew = !f.has('existing');
  const values = valuesFromForm(f, REFERENCE_FIELDS);
  const eff = f.get('effectiveFrom') ?? '';
  const rows = Math.min(50, Math.max(EMPTY_ROWS, Number.parseInt(f.get('rows') ?? '', 10) || EMPTY_ROWS));
  if (f.has('more')) return showForm(x, values, { isNew, effectiveFrom: eff, emptyRows: rows + 2 });
  const existing = isNew ? undefined : await currentBody(x.store, values.id);
  const b = bodyOf(values, existing);
  if (!isIsoDate(eff)) return showForm(x, valuesOf(b), { isNew, status: 400, effectiveFrom: eff, emptyRows: rows, errors: [{ field: 'effectiveFrom', message: ct('effectiveFrom', x.lang) }] });
  const out = await save(x.store, b, { isNew, actor: x.me.actor, effectiveFrom: eff, now: x.ctx.now() });
  if (!out.ok) return showForm(x, valuesOf(b), { isNew, status: 400, errors: out.errors, effectiveFrom: eff, emptyRows: rows });
  x.res.redirect(303, `/console/directory/bodies/${encodeURIComponent(b.id)}?saved=1`);
}

function showImport(x: RouteCall, o: { status?: number; effectiveFrom?: string; errors?: FieldError[]; report?: Parameters<typeof importView>[0]; current?: Awaited<ReturnType<typeof currentBodies>>; sha?: string; applied?: boolean }): void {
  x.page(o.status ?? 200, importPage(x.frame(), {
    effectiveFrom: o.effectiveFrom ?? isoDate(x.ctx.now()), errors: o.errors ?? [], sha: o.sha ?? null, applied: o.applied ?? false,
    report: o.report === undefined ? null : importView(o.report, o.current ?? new Map(), x.lang),
  }));
}

export async function importForm(x: RouteCall): Promise<void> {
  showImport(x, {});
}

export async function importCheck(x: RouteCall): Promise<void> {
  const form = await x.form({ maxFields: 10, maxFieldBytes: 1024, maxFiles: 1, maxFileBytes: 5 * 1024 * 1024, maxTotalBytes: 5 * 1024 * 1024 });
  if (form === null) return;
  const eff = form.fields.get('effectiveFrom') ?? '';
  const file = form.files.find((v) => v.field === 'file');
  if (file === undefined || file.bytes.length === 0) return showImport(x, { status: 400, effectiveFrom: eff, errors: [{ field: 'file', message: ct('csvFile', x.lang) }] });
  if (!isIsoDate(eff)) return showImport(x, { status: 400, effectiveFrom: eff, errors: [{ field: 'effectiveFrom', message: ct('effectiveFrom', x.lang) }] });
  const csv = file.bytes.toString('utf8');
  const current = await currentBodies(x.store);
  const out = await importCsv(x.store, csv, { actor: x.me.actor, dryRun: true, effectiveFrom: eff, now: x.ctx.now() });
  if (out.error !== undefined || out.report === undefined) return showImport(x, { status: 400, effectiveFrom: eff, errors: [{ field: 'file', message: out.error ?? ct('csvFile', x.lang) }] });
  showImport(x, { report: out.report, current, sha: await keepCsv(x.store, csv), effectiveFrom: eff, status: out.ok ? 200 : 400 });
}

export async function importApply(x: RouteCall): Promise<void> {
  const f = await x.fields();
  if (f === null) return;
  const csv = await keptCsv(x.store, f.get('sha') ?? '');
  const eff = f.get('effectiveFrom') ?? '';
  if (csv === null || !isIsoDate(eff)) return showImport(x, { status: 400, errors: [{ field: 'file', message: ct('csvFile', x.lang) }] });
  const actor = x.me.actor;
  const now = x.ctx.now();
  const out = await importCsv(x.store, csv, {
    actor, dryRun: false, effectiveFrom: eff, now,
    onApplied: (tx, summary) => audit({ db: tx }, actor, 'directory-import', 'directory', { ...summary }, now),
  });
  if (out.error !== undefined || out.report === undefined) return showImport(x, { status: 400, errors: [{ field: 'file', message: out.error ?? ct('csvFile', x.lang) }] });
  showImport(x, { report: out.report, applied: out.applied, effectiveFrom: eff, status: out.ok ? 200 : 400 });
}
