/** A 10,000-line invoice (≈8 MB of UBL) is written and read whole. */
import { readInvoice } from '../../model/read';
import { sampleInvoice } from '../../model/sample';
import { writeUbl } from '../../model/write';

test('an invoice of 10,000 lines is read whole', () => {
  const xml = writeUbl(sampleInvoice(10_000));
  const m = readInvoice(xml);
  expect(m.terms['BG-25']).toHaveLength(10_000);
  expect(m.terms['BG-25'][9_999]['BT-126']).toBe('10000');
  expect(m.anomalies).toEqual([]);
  expect(m.unmapped).toEqual([]);
});
