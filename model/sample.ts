/**
 * A complete, valid Peppol BIS Billing 3.0 invoice as a canonical model, with as many lines as asked:
 * for tests, benchmarks and demonstrations (a Luxembourg supplier invoicing a public body).
 */
import type { InvoiceLine, InvoiceTerms } from './canonical';

const RATES = [
  { category: 'S', rate: '17' },
  { category: 'S', rate: '8' },
  { category: 'S', rate: '3' },
];

/** Line `i` (1-based): quantities, prices and rates vary so the VAT breakdown has three entries. */
function line(i: number): InvoiceLine {
  const vat = RATES[i % RATES.length];
  return {
    'BT-126': String(i),
    'BT-129': String((i % 7) + 1),
    'BT-130': 'C62',
    'BT-132': String(i),
    'BG-27': i % 10 === 0 ? [{ 'BT-136': '1.00', 'BT-139': 'Volume discount', 'BT-140': '95' }] : [],
    'BG-28': [],
    'BG-29': { 'BT-146': `${(i % 50) + 1}.${String(i % 100).padStart(2, '0')}` },
    'BG-30': { 'BT-151': vat.category, 'BT-152': vat.rate },
    'BG-31': { 'BT-153': `Article ${i}`, 'BT-155': `ART-${String(i).padStart(6, '0')}`, 'BT-158': [], 'BG-32': [] },
  };
}

/** A valid invoice with `lines` lines; totals and VAT breakdown are left for the writer to compute. */
export function sampleInvoice(lines = 3): InvoiceTerms {
  return {
    'BT-1': `INV-${lines}`,
    'BT-2': '2026-05-04',
    'BT-3': '380',
    'BT-5': 'EUR',
    'BT-9': '2026-06-03',
    'BT-10': 'BR-2026-0042',
    'BT-13': 'PO-77812',
    'BT-20': 'Payment within 30 days',
    'BG-1': [{ 'BT-22': 'Delivered to the ministry, building C.' }],
    'BG-2': {},
    'BG-3': [],
    'BG-4': {
      'BT-27': 'Fournitures Moselle S.à r.l.',
      'BT-29': [],
      'BT-30': { value: 'B123456', scheme: '0240' },
      'BT-31': 'LU12345678',
      'BT-34': { value: 'LU12345678', scheme: '9938' },
      'BG-5': { 'BT-35': '12, rue de la Gare', 'BT-37': 'Luxembourg', 'BT-38': 'L-1611', 'BT-40': 'LU' },
      'BG-6': { 'BT-41': 'Service clients', 'BT-43': 'factures@moselle.example' },
    },
    'BG-7': {
      'BT-44': 'Ministère de la Digitalisation',
      'BT-49': { value: 'LU87654321', scheme: '9938' },
      'BG-8': { 'BT-50': '1, rue Notre-Dame', 'BT-52': 'Luxembourg', 'BT-53': 'L-2240', 'BT-55': 'LU' },
    },
    'BG-16': { 'BT-81': '30', 'BT-83': `INV-${lines}`, 'BG-17': [{ 'BT-84': 'LU280019400644750000', 'BT-85': 'Fournitures Moselle', 'BT-86': 'BCEELULL' }] },
    'BG-20': [],
    'BG-21': [],
    'BG-23': [],
    'BG-24': [],
    'BG-25': Array.from({ length: lines }, (_, i) => line(i + 1)),
  };
}
