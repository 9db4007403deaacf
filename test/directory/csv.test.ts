import { CsvFormatError, exportCsv, planImport } from '../../core/directory/csv';
import { normaliseBody, planChanges } from '../../core/directory/plan';
import type { BodyInput } from '../../core/directory/types';
import { body, luVat } from './helpers';

function dir(...bodies: BodyInput[]): Map<string, BodyInput> {
  return new Map(bodies.map((b) => [b.id, normaliseBody(b)]));
}

describe('CSV import planning (pure)', () => {
  const current = dir(
    body('a', { identifiers: [{ scheme: '9938', value: luVat(1), purpose: 'peppol' }], requiredReferences: ['BT-10'], contacts: [{ role: 'delivery', email: 'a@x.example' }, { role: 'accounting', email: 'acc@x.example' }] }),
    body('b'),
  );

  test('a successor cycle made of two rows of the same file is refused on both rows', () => {
    const csv = 'id,status,valid_to,successors\na,retired,2026-01-01,b\nb,retired,2026-01-01,a\n';
    const r = planImport(csv, current);
    expect(r.errors.map((e) => [e.row, e.id, e.field])).toEqual([[2, 'a', 'successors'], [3, 'b', 'successors']]);
    expect(r.errors[0]!.message).toContain('cycle');
    expect(r.bodies).toEqual([]);
  });

  test('blank cells keep the current value, "-" clears, other contacts survive a new delivery contact', () => {
    const r = planImport('id,type,identifiers,required_references,contact_email\na,,,-,new@x.example\n', current);
    expect(r.errors).toEqual([]);
    const a = r.bodies[0]!;
    expect(a.type).toBe('ministry');
    expect(a.identifiers).toEqual([{ scheme: '9938', value: luVat(1), purpose: 'peppol' }]);
    expect(a.requiredReferences).toEqual([]);
    expect(a.contacts).toEqual([{ role: 'accounting', email: 'acc@x.example' }, { role: 'delivery', email: 'new@x.example' }]);
    expect(r.changed).toEqual([expect.objectContaining({ row: 2, id: 'a', fields: ['requiredReferences', 'contacts'] })]);
  });

  test('new bodies need type, names and valid_from; malformed list cells say what is expected', () => {
    const r = planImport('id,name_fr,identifiers,routing_rules,required_references\nnew,Nouveau,LU123,BT-99:x=y,BT-11\n', current);
    expect(r.errors.map((e) => e.field).sort()).toEqual(['identifiers', 'identifiers', 'name_de', 'required_references', 'routing_rules', 'type', 'valid_from', 'valid_from'].sort());
    expect(r.errors.find((e) => e.field === 'routing_rules')!.message).toContain('FIELD:PATTERN=department');
  });

  test('unusable files: unknown or duplicated columns, no id column, empty file, broken quoting', () => {
    expect(() => planImport('', current)).toThrow(CsvFormatError);
    expect(() => planImport('name_fr\nx\n', current)).toThrow(/no "id" column/);
    expect(() => planImport('id,id\nx,y\n', current)).toThrow(/listed twice/);
    expect(() => planImport('id,colour\nx,red\n', current)).toThrow(/unknown column/);
    expect(() => planImport('id,type\n"a,b\n', current)).toThrow(/not valid CSV/);
    expect(() => planImport('id,type\na,b,c\n', current)).toThrow(CsvFormatError);
  });

  test('export then plan: the same directory, nothing to change; a UTF-8 BOM is accepted', () => {
    const csv = exportCsv(current.values());
    const r = planImport(`\ufeff${csv}`, current);
    expect(r.errors).toEqual([]);
    expect(r.unchanged).toBe(2);
    expect(r.added.length + r.changed.length).toBe(0);
  });
});

describe('checks across the directory (pure)', () => {
  test('unknown parent, parent cycle, identifier already held by another body (case-insensitive), retired body without end date', () => {
    const current = dir(body('p1', { parentId: null, identifiers: [{ scheme: '0240', value: 'ABC1', purpose: 'legal' }] }), body('p2', { parentId: 'p1' }));
    const plan = planChanges(current, [
      body('p1', { parentId: 'p2', identifiers: [{ scheme: '0240', value: 'ABC1', purpose: 'legal' }] }),
      body('x', { parentId: 'ghost', identifiers: [{ scheme: '0240', value: 'abc1', purpose: 'peppol' }] }),
      body('y', { status: 'retired' }),
    ]);
    // both bodies of the write that claim the identifier are told
    expect(plan.errors.get('p1')).toEqual([
      expect.objectContaining({ field: 'parentId', message: expect.stringContaining('cycle: p1 → p2 → p1') }),
      { field: 'identifiers[0]', message: 'identifier 0240:ABC1 already belongs to body x' },
    ]);
    expect(plan.errors.get('x')!.map((e) => e.message)).toEqual([
      'unknown parent body "ghost"',
      expect.stringContaining('identifier 0240:abc1 already belongs to body p1'),
    ]);
    expect(plan.errors.get('y')).toEqual([expect.objectContaining({ field: 'validTo' })]);
  });
});
