import type { Fields } from '../../core/portal/form';
import { computeFormTotals } from '../../core/portal/totals';

const form = (entries: [string, string][]): Fields => new Map<string, string>(entries);

test('line net amounts follow the model: base quantity (BT-149) and line allowances/charges (BG-27/BG-28)', () => {
  const t = computeFormTotals(form([
    ['count.lines', '3'],
    // 10 × (25.00 per 100) − 0.50 allowance + 0.20 charge = 2.20
    ['lines[0].quantity', '10'], ['lines[0].price.netPrice', '25'], ['lines[0].price.baseQuantity', '100'],
    ['lines[0].allowances[0].amount', '0,50'], ['lines[0].charges[0].amount', '0.20'],
    ['lines[0].vat.category', 'S'], ['lines[0].vat.rate', '17'],
    // an allowance given as a percentage of a base: 3 × 10 − 10 % of 30 = 27.00
    ['lines[1].quantity', '3'], ['lines[1].price.netPrice', '10'],
    ['lines[1].allowances[0].baseAmount', '30'], ['lines[1].allowances[0].percentage', '10'],
    ['lines[1].vat.category', 'S'], ['lines[1].vat.rate', '17'],
    // unfinished line: no price yet
    ['lines[2].quantity', '1'],
  ]), 'en');
  expect(t.lines).toEqual(['2.20', '27.00', null]);
  expect(t.totals['BT-106']).toBe('29.20');
  expect(t.breakdown).toEqual([{ category: 'S', rate: '17', taxable: '29.20', tax: '4.96' }]);
  expect(t.totals['BT-112']).toBe('34.16');
});

test('a line the model cannot compute stays null and does not blank the other lines', () => {
  const t = computeFormTotals(form([
    ['count.lines', '2'],
    ['lines[0].quantity', '2'], ['lines[0].price.netPrice', '1.005'],
    ['lines[1].quantity', '1'], ['lines[1].price.netPrice', '5'], ['lines[1].allowances[0].amount', 'abc'],
  ]), 'en');
  expect(t.lines).toEqual(['2.01', null]);
  expect(t.totals['BT-106']).toBe('2.01');
});
