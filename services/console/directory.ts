/**
 * Adapters between the console's directory pages and core/directory (no second implementation of
 * the directory's rules):
 *
 * - the body form's values ↔ a `BodyInput` (rows left empty dropped; contacts other than the
 *   delivery one kept as they are);
 * - saving one edited body: planned by the directory's own `planChanges` against the directory
 *   under its write lock (`lockedCurrent`), written by `applyChanges`, with the staff audit row in
 *   the same transaction — what `importCsv` does for a file, for a body given as a whole (a CSV row
 *   cannot clear a value: an empty cell keeps it);
 * - the directory's errors on the form's fields;
 * - the CSV import's report as the diff table of the page, with the bodies the file leaves out.
 */
import { audit } from '../../core/accounts/staff';
import type { ImportReport } from '../../core/directory/csv';
import { normaliseBody, planChanges } from '../../core/directory/plan';
import { EAS_CODES } from '../../core/directory/schemes';
import type { BodyError, BodyInput } from '../../core/directory/types';
import { applyChanges, directoryTransaction, lockedCurrent } from '../../core/directory/write';
import type { Store } from '../../core/store';
import type { BodyFormValues } from '../../templates/console/body-form';
import type { ImportReportView } from '../../templates/console/directory-import';
import type { FieldError, Lang } from '../../web';

/** Schemes offered first in the identifier select, with the names staff know them by. */
const USUAL_SCHEMES: { code: string; name: string }[] = [
  { code: '9938', name: 'LU VAT' }, { code: '0240', name: 'LU register of legal persons' }, { code: '0088', name: 'GLN' },
  { code: '0060', name: 'DUNS' }, { code: '0208', name: 'BE enterprise number' }, { code: '9925', name: 'BE VAT' },
  { code: '0009', name: 'FR SIRET' }, { code: '0002', name: 'FR SIRENE' }, { code: '9957', name: 'FR VAT' }, { code: '0204', name: 'DE Leitweg-ID' }, { code: '9930', name: 'DE VAT' },
];

export function schemeOptions(): { code: string; name?: string }[] {
  const usual = new Set(USUAL_SCHEMES.map((s) => s.code));
  return [...USUAL_SCHEMES, ...[...EAS_CODES].filter((c) => !usual.has(c)).sort().map((code) => ({ code }))];
}

export function emptyValues(today: string): BodyFormValues {
  return {
    id: '', type: 'ministry', parentId: '', status: 'active', language: 'fr', validFrom: today, validTo: '',
    names: { fr: '', de: '', en: '', lb: '' }, shortName: '', identifiers: [], successors: [], requiredReferences: [], routingRules: [],
    contact: { name: '', email: '', phone: '' },
  };
}

export function valuesOf(b: BodyInput): BodyFormValues {
  const delivery = b.contacts.find((c) => c.role === 'delivery');
  return {
    id: b.id, type: b.type, parentId: b.parentId ?? '', status: b.status, language: b.language, validFrom: b.validFrom, validTo: b.validTo ?? '',
    names: { fr: b.names.fr, de: b.names.de, en: b.names.en ?? '', lb: b.names.lb ?? '' }, shortName: b.shortName ?? '',
    identifiers: b.identifiers.map((i) => ({ scheme: i.scheme, value: i.value, purpose: i.purpose })),
    successors: b.successors.map((s) => ({ id: s.id, primary: s.primary })),
    requiredReferences: [...b.requiredReferences],
    routingRules: b.routingRules.map((r) => ({ field: r.field, pattern: r.pattern, department: r.department })),
    contact: { name: delivery?.name ?? '', email: delivery?.email ?? '', phone: delivery?.phone ?? '' },
  };
}

const MAX_ROWS = 200;

/** The form's values as posted (rows read up to the first index absent from the form). */
export function valuesFromForm(f: ReadonlyMap<string, string>, references: readonly string[]): BodyFormValues {
  const get = (k: string): string => (f.get(k) ?? '').trim();
  const listOf = <T>(prefix: string, probe: string[], make: (i: number) => T): T[] => {
    const out: T[] = [];
    for (let i = 0; i < MAX_ROWS && probe.some((p) => f.has(`${prefix}[${i}].${p}`)); i++) out.push(make(i));
    return out;
  };
  return {
    id: get('id'), type: get('type'), parentId: get('parentId'), status: get('status'), language: get('language'), validFrom: get('validFrom'), validTo: get('validTo'),
    names: { fr: get('names.fr'), de: get('names.de'), en: get('names.en'), lb: get('names.lb') }, shortName: get('shortName'),
    identifiers: listOf('identifiers', ['scheme', 'value', 'purpose'], (i) => ({ scheme: get(`identifiers[${i}].scheme`), value: get(`identifiers[${i}].value`), purpose: get(`identifiers[${i}].purpose`) || 'peppol' }))
      .filter((x) => x.scheme !== '' || x.value !== ''),
    successors: listOf('successors', ['id', 'primary'], (i) => ({ id: get(`successors[${i}].id`), primary: f.has(`successors[${i}].primary`) })).filter((s) => s.id !== ''),
    requiredReferences: references.filter((r) => f.has(`requiredReferences.${r}`)),
    routingRules: listOf('routingRules', ['field', 'pattern', 'department'], (i) => ({ field: get(`routingRules[${i}].field`), pattern: get(`routingRules[${i}].pattern`), department: get(`routingRules[${i}].department`) }))
      .filter((r) => r.pattern !== '' || r.department !== ''),
    contact: { name: get('contact.name'), email: get('contact.email'), phone: get('contact.phone') },
  };
}

/** The body the form describes (its lists in the directory's order, so that errors name the rows shown). */
export function bodyOf(v: BodyFormValues, existing: BodyInput | undefined): BodyInput {
  const names: BodyInput['names'] = { fr: v.names.fr, de: v.names.de };
  if (v.names.en !== '') names.en = v.names.en;
  if (v.names.lb !== '') names.lb = v.names.lb;
  const delivery = { role: 'delivery', ...(v.contact.name ? { name: v.contact.name } : {}), ...(v.contact.email ? { email: v.contact.email } : {}), ...(v.contact.phone ? { phone: v.contact.phone } : {}) };
  const b: BodyInput = {
    id: v.id, type: v.type as BodyInput['type'], parentId: v.parentId || null, status: v.status as BodyInput['status'], names,
    validFrom: v.validFrom, validTo: v.validTo || null, language: v.language as BodyInput['language'],
    identifiers: v.identifiers.map((i) => ({ scheme: i.scheme, value: i.value, purpose: i.purpose as BodyInput['identifiers'][number]['purpose'] })),
    successors: v.successors,
    requiredReferences: v.requiredReferences as BodyInput['requiredReferences'],
    routingRules: v.routingRules.map((r) => ({ field: r.field as BodyInput['routingRules'][number]['field'], pattern: r.pattern, department: r.department })),
    contacts: [...(existing?.contacts ?? []).filter((c) => c.role !== 'delivery'), ...(Object.keys(delivery).length > 1 ? [delivery] : [])],
  };
  if (v.shortName !== '') b.shortName = v.shortName;
  return normaliseBody(b);
}

/** The form field a directory error is about. */
export function formField(e: BodyError, body: BodyInput): string | null {
  const f = e.field;
  const indexed = /^(identifiers|successors|routingRules|contacts)\[(\d+)\](?:\.(\w+))?$/.exec(f);
  if (indexed) {
    const [, list, i, sub] = indexed;
    if (list === 'identifiers') return `identifiers[${i}].value`;
    if (list === 'successors') return `successors[${i}].id`;
    if (list === 'routingRules') return `routingRules[${i}].${sub ?? 'pattern'}`;
    return body.contacts[Number(i)]?.role === 'delivery' ? `contact.${sub ?? 'email'}` : null;
  }
  if (f === 'names.short') return 'shortName';
  if (f === 'identifiers') return 'identifiers[0].value';
  if (f === 'successors') return 'successors[0].id';
  if (f === 'routingRules') return 'routingRules[0].pattern';
  if (f === 'requiredReferences') return 'requiredReferences.BT-10';
  if (['id', 'type', 'parentId', 'status', 'language', 'validFrom', 'validTo', 'shortName', 'names.fr', 'names.de', 'names.en', 'names.lb'].includes(f)) return f;
  return null;
}

export type BodySave = { ok: true; action: 'create' | 'update' | 'retire' | 'unchanged' } | { ok: false; errors: FieldError[] };

/**
 * Writes one body as the staff member edited it, all or nothing, with its audit row (`body-create`
 * or `body-update`). `isNew`: the form was the creation form (an existing id is refused).
 */
export async function saveBody(store: Pick<Store, 'db'>, body: BodyInput, o: { isNew: boolean; actor: string; effectiveFrom: string; now: Date }): Promise<BodySave> {
  return directoryTransaction(store, async (tx) => {
    const current = await lockedCurrent(tx);
    if (o.isNew && current.has(body.id)) return { ok: false as const, errors: [{ field: 'id', message: `a body with the id ${body.id} exists` }] };
    if (!o.isNew && !current.has(body.id)) return { ok: false as const, errors: [{ field: 'id', message: `no body ${body.id}` }] };
    const plan = planChanges(current, [body]);
    const errors = [...plan.errors.values()].flat();
    if (errors.length > 0) return { ok: false as const, errors: errors.map((e) => ({ field: formField(e, body), message: e.message })) };
    const change = plan.changes[0];
    if (change === undefined || change.action === 'unchanged') return { ok: true as const, action: 'unchanged' as const };
    await applyChanges(tx, plan.changes, { actor: o.actor, source: 'import', effectiveFrom: o.effectiveFrom, now: o.now });
    await audit({ db: tx }, o.actor, o.isNew ? 'body-create' : 'body-update', 'directory', {
      added: change.action === 'create' ? [body.id] : [], changed: change.action === 'create' ? [] : [body.id], retired: change.action === 'retire' ? [body.id] : [],
      fields: change.fields, effectiveFrom: o.effectiveFrom,
    }, o.now);
    return { ok: true as const, action: change.action };
  });
}

/** The import's report as the page's diff: one line per field that changes, the errors, the bodies the file leaves out. */
export function importView(r: ImportReport, current: ReadonlyMap<string, BodyInput>, lang: Lang): ImportReportView {
  const retired = new Set(r.retired.map((x) => x.id));
  const inFile = new Set([...r.changes.map((c) => c.id), ...r.errors.map((e) => e.id).filter((x): x is string => x !== null)]);
  return {
    counts: { added: r.added.length, changed: r.changed.length, retired: r.retired.length, unchanged: r.unchanged },
    errors: r.errors,
    lines: [
      ...r.added.map((a) => ({ change: 'added' as const, row: a.row, id: a.id, field: null, before: null, after: a.name })),
      ...r.changed.flatMap((c) => c.fields.map((field) => ({
        change: retired.has(c.id) ? 'retired' as const : 'changed' as const, row: c.row, id: c.id, field,
        before: (c.before as Record<string, unknown>)[field] ?? null, after: (c.after as Record<string, unknown>)[field] ?? null,
      }))),
    ],
    missing: [...current.values()].filter((b) => !inFile.has(b.id)).sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((b) => ({ id: b.id, name: (lang === 'en' ? b.names.en : b.names[lang]) ?? b.names.fr, status: b.status })),
  };
}
