import { cleanText, formatAmount, formatDate, formatDecimal, formatPercent, formatQuantity, formatTimestamp, mask, pdfLang } from '../../templates/format';

describe('formatting of amounts, quantities and rates (exact, per language)', () => {
  test('amounts keep every digit of the XML and get at least two decimals', () => {
    expect(formatAmount('1234567.891', 'fr')).toBe('1\u00a0234\u00a0567,891');
    expect(formatAmount('1234567.891', 'de')).toBe('1.234.567,891');
    expect(formatAmount('1234567.891', 'en')).toBe('1,234,567.891');
    expect(formatAmount('229.6', 'en')).toBe('229.60');
    expect(formatAmount('-1500', 'de')).toBe('-1.500,00');
    expect(formatAmount('0.005', 'fr')).toBe('0,005');
    expect(formatAmount('+12', 'en')).toBe('12.00');
    expect(formatAmount('.5', 'en')).toBe('0.50');
  });

  test('very large values are not turned into floats', () => {
    expect(formatAmount('123456789012345678901234.99', 'en')).toBe('123,456,789,012,345,678,901,234.99');
    expect(formatQuantity('0.000000000000000001', 'de')).toBe('0,000000000000000001');
  });

  test('quantities and percentages are shown with the decimals written', () => {
    expect(formatQuantity('7', 'fr')).toBe('7');
    expect(formatQuantity('1000.50', 'fr')).toBe('1\u00a0000,50');
    expect(formatPercent('25.0', 'de')).toBe('25,0\u00a0%');
    expect(formatPercent('6', 'en')).toBe('6\u00a0%');
  });

  test('a value that is not a decimal number is shown as received', () => {
    for (const raw of ['', ' ', 'abc', '1,5', '1.2.3', '12e3', '--1', '.']) {
      expect(formatDecimal(raw, 'fr', 2)).toBe(raw);
      expect(formatPercent(raw, 'en')).toBe(raw);
    }
  });

  test('dates per language, anything else as received', () => {
    expect(formatDate('2015-01-09', 'fr')).toBe('09/01/2015');
    expect(formatDate('2015-01-09', 'de')).toBe('09.01.2015');
    expect(formatDate('2015-01-09', 'en')).toBe('09 Jan 2015');
    expect(formatDate('20150109', 'fr')).toBe('20150109');
    expect(formatDate('2024-13-01', 'en')).toBe('2024-13-01');
    expect(formatDate('2024-12-01;2024-11-20', 'de')).toBe('2024-12-01;2024-11-20');
  });

  test('reception timestamps are shown in UTC to the millisecond', () => {
    expect(formatTimestamp('2026-11-22T14:11:50.123Z', 'fr')).toBe('22/11/2026 14:11:50.123 UTC');
    expect(formatTimestamp('2026-11-22T15:11:50+01:00', 'en')).toBe('22 Nov 2026 14:11:50 UTC');
    expect(formatTimestamp('not a date', 'de')).toBe('not a date');
  });

  test('card numbers are masked to their last four characters', () => {
    expect(mask('4111 1111 1111 1234')).toBe('************1234');
    expect(mask('1234')).toBe('1234');
  });

  test('received text is made safe to lay out and bounded', () => {
    expect(cleanText('a\u0000b\u0007c\r\nd')).toBe('a\ufffdb\ufffdc\nd');
    expect(cleanText('x\ud800y')).toBe('x\ufffdy');
    expect(cleanText('😀 ok')).toBe('😀 ok');
    const long = cleanText('z'.repeat(50_000));
    expect(long.length).toBeLessThan(20_100);
    expect(long).toMatch(/\[…30000\]$/);
  });

  test('the body language maps to a PDF language, French by default', () => {
    expect(pdfLang('de')).toBe('de');
    expect(pdfLang('lb')).toBe('fr');
    expect(pdfLang(null)).toBe('fr');
  });
});
