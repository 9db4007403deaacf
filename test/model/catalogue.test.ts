import { catalogue, byId, childrenOf, label, topLevel } from '../../model/catalogue';
import { compilePath } from '../../model/path';

const expectedIds = [
  ...Array.from({ length: 165 }, (_, i) => `BT-${i + 1}`).filter((id) => id !== 'BT-4'), // EN 16931-1 has no BT-4
  ...Array.from({ length: 32 }, (_, i) => `BG-${i + 1}`),
];

test('every BT and BG of EN 16931-1 is in the catalogue exactly once', () => {
  const ids = catalogue.map((t) => t.id as string);
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort()).toEqual([...expectedIds].sort());
});

test('every row is complete: name, labels in three languages, parent group, form field, paths that compile', () => {
  const fields = new Set<string>();
  for (const t of catalogue) {
    expect(t.name).not.toBe('');
    for (const l of [t.labels.fr, t.labels.de, t.labels.en]) expect(l.trim()).not.toBe('');
    if (t.parent !== null) expect(byId(t.parent)?.type).toBe('group');
    expect(fields.has(t.formField)).toBe(false);
    fields.add(t.formField);
    expect(t.ubl).not.toBeNull();
    expect(t.cii).not.toBeNull();
    for (const p of [t.ubl, t.ublCn, t.ublNew, t.cii, t.scheme, t.ciiScheme]) {
      if (p) expect(() => compilePath(p)).not.toThrow();
    }
    if (t.type === 'code') expect(t.codeList).toBeDefined();
  }
});

test('groups list their members; derived names read as documented', () => {
  expect(childrenOf('BG-5').map((t) => t.id)).toEqual(['BT-35', 'BT-36', 'BT-162', 'BT-37', 'BT-38', 'BT-39', 'BT-40']);
  expect(topLevel.find((t) => t.id === 'BG-25')?.repeats).toBe(true);
  expect(byId('BT-35')?.formField).toBe('seller.address.line1');
  expect(byId('BT-153')?.formField).toBe('lines[].item.name');
  expect(byId('BT-27')?.fullPath.ubl).toBe('/Invoice/cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName');
  expect(byId('BT-129')?.fullPath.ublCreditNote).toBe('/CreditNote/cac:CreditNoteLine/cbc:CreditedQuantity');
  expect(byId('BT-1')?.fullPath.cii).toBe('/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:ID');
  expect(label('BT-1', 'de')).toBe('Rechnungsnummer');
  expect(byId('BT-999')).toBeUndefined();
});
