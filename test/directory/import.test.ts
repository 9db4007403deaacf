/**
 * The directory functions the console calls (core/directory): one body edited as one CSV row,
 * imports all or nothing with the caller's own writes in the same transaction, the checked file
 * kept in the blob store between dry run and apply, and the one search.
 */
import { bodyRow, emptyRow, exportCsv, rowCsv } from '../../core/directory/csv';
import { importCsv, keepCsv, keptCsv } from '../../core/directory/import';
import { findBodies, lookupBodies, searchBodies } from '../../core/directory/search';
import { currentBodies, currentBody, directoryView } from '../../core/directory/view';
import { openTestStore, type TestStore } from '../helpers/store';
import { body, luVat, save } from './helpers';

let s: TestStore;
const now = new Date('2026-03-01T10:00:00Z');

beforeAll(async () => {
  s = await openTestStore('dir-import');
  await save(s, [
    body('min-old', { names: { fr: 'Ancien ministère', de: 'Altes Ministerium' }, identifiers: [{ scheme: '9938', value: luVat(111111), purpose: 'peppol' }] }),
    body('min-new', { names: { fr: 'Nouveau ministère', de: 'Neues Ministerium' }, contacts: [{ role: 'delivery', email: 'new@x.example' }, { role: 'accounting', email: 'acc@x.example' }] }),
  ], '2020-01-01');
});
afterAll(async () => { await s.close(); });

test('a body as one CSV row: written back unchanged, edited through the import', async () => {
  const b = (await currentBody(s, 'min-new'))!;
  const row = bodyRow(b);
  expect(row).toMatchObject({ id: 'min-new', name_fr: 'Nouveau ministère', contact_email: 'new@x.example' });
  expect(Object.values(emptyRow()).every((v) => v === '')).toBe(true);
  const same = await importCsv(s, rowCsv(row), { actor: 'staff:otto', dryRun: false, effectiveFrom: '2026-03-01', now });
  expect(same).toMatchObject({ ok: true, applied: true, report: { unchanged: 1, added: [], changed: [] } });
  const edited = await importCsv(s, rowCsv({ ...row, name_en: 'New ministry' }), { actor: 'staff:otto', dryRun: false, effectiveFrom: '2026-03-01', now });
  expect(edited.report?.changed.map((c) => c.fields)).toEqual([['names']]);
  const after = (await currentBodies(s)).get('min-new')!;
  expect(after.names.en).toBe('New ministry');
  // the accounting contact is not a column of the row: it is kept
  expect(after.contacts.map((c) => c.role).sort()).toEqual(['accounting', 'delivery']);
});

test('dry run writes nothing; an apply whose own writes fail writes nothing either; errors and unusable files are reported', async () => {
  const csv = `${exportCsv([])}min-extra,ministry,,active,Ministère en plus,Zusätzliches Ministerium,,,fr,2026-01-01,,9938:${luVat(333333)}@peppol,,,,,,\n`;
  const dry = await importCsv(s, csv, { actor: 'staff:otto', dryRun: true, effectiveFrom: '2026-03-01', now });
  expect(dry).toMatchObject({ ok: true, applied: false, report: { added: [{ id: 'min-extra' }] } });
  expect((await currentBodies(s)).has('min-extra')).toBe(false);

  const failing = importCsv(s, csv, { actor: 'staff:otto', dryRun: false, effectiveFrom: '2026-03-01', now, onApplied: () => Promise.reject(new Error('audit refused')) });
  await expect(failing).rejects.toThrow('audit refused');
  expect((await currentBodies(s)).has('min-extra')).toBe(false);

  const seen: unknown[] = [];
  const applied = await importCsv(s, csv, { actor: 'staff:otto', dryRun: false, effectiveFrom: '2026-03-01', now, onApplied: async (_tx, summary) => { seen.push(summary); } });
  expect(applied).toMatchObject({ ok: true, applied: true });
  expect(seen).toEqual([{ added: ['min-extra'], changed: [], retired: [], effectiveFrom: '2026-03-01' }]);
  expect((await currentBodies(s)).get('min-extra')?.status).toBe('active');

  const bad = await importCsv(s, 'id,identifiers\nmin-old,9938:NOTAVAT@peppol\n', { actor: 'staff:otto', dryRun: false, effectiveFrom: '2026-03-01', now });
  expect(bad).toMatchObject({ ok: false, applied: false });
  expect(bad.report?.errors).toEqual([expect.objectContaining({ row: 2, id: 'min-old', field: 'identifiers' })]);
  expect(await importCsv(s, 'id,colour\nx,red\n', { actor: 'staff:otto', dryRun: true, effectiveFrom: '2026-03-01', now })).toEqual({ ok: false, applied: false, error: expect.stringContaining('unknown column(s): colour') });
});

test('the checked CSV is kept in the blob store under its SHA-256 until the apply step', async () => {
  const csv = 'id,name_en\nmin-old,Old ministry\n';
  const sha = await keepCsv(s, csv);
  expect(sha).toMatch(/^[0-9a-f]{64}$/);
  expect(await keptCsv(s, sha)).toBe(csv);
  expect(await keptCsv(s, 'f'.repeat(64))).toBeNull();
  expect(await keptCsv(s, '../etc/passwd')).toBeNull();
});

test('one search for the API list, the console, the lookup and the portal', async () => {
  const view = await directoryView(s);
  expect(searchBodies(view.index, 'ancien')).toEqual(['min-old']);
  expect(searchBodies(view.index, `9938:${luVat(111111).toLowerCase()}`)).toEqual(['min-old']);
  expect((await findBodies(s, { q: 'ancien', limit: 200 })).items.map((b) => b.id)).toEqual(['min-old']);
  const all = await findBodies(s, { limit: 2 });
  expect(all.total).toBe((await currentBodies(s)).size);
  expect(all.items.map((b) => b.id)).toEqual([...(await currentBodies(s)).keys()].sort().slice(0, 2));
  expect((await findBodies(s, { q: 'ministere', type: 'ministry', status: 'retired' })).total).toBe(0);
  expect((await lookupBodies(s, { q: 'ancien', today: '2026-03-01', limit: 10 })).items).toEqual([
    expect.objectContaining({ id: 'min-old', peppolIdentifiers: [`9938:${luVat(111111)}`], replaces: [] }),
  ]);
});
