/** Identifier and form-data checks (model/checks): real valid and invalid values, and the run over a canonical invoice. */
import {
  checkBic, checkCity, checkDate, checkDateOrder, checkIban, checkInvoiceFields, checkPostcode, checkVatId,
  EU_VAT_FORMS, IBAN_LENGTHS, ISO_COUNTRIES, luVatCheckDigits, type CheckError,
} from '../../model/checks';
import { readInvoice } from '../../model/read';
import { sampleInvoice } from '../../model/sample';
import { example, invoiceExamples } from './helpers';

const code = (e: CheckError | null): string | null => e?.code ?? null;

describe('IBAN (ISO 13616)', () => {
  test.each([
    ['LU280019400644750000'], // Luxembourg, the registry's example
    ['LU28 0019 4006 4475 0000'], // paper form
    ['lu280019400644750000'],
    ['DE89370400440532013000'],
    ['DE89 3704 0044 0532 0130 00'],
    ['FR1420041010050500013M02606'],
    ['FR76 3000 6000 0112 3456 7890 189'],
    ['BE68539007547034'],
    ['BE71 0961 2345 6769'],
    ['NL91ABNA0417164300'],
    ['AT611904300234573201'],
    ['CH9300762011623852957'],
    ['GB29NWBK60161331926819'],
  ])('%s is valid', (iban) => expect(checkIban(iban)).toBeNull());

  test.each([
    ['LU280019400644750001', 'iban.checksum'],
    ['LU290019400644750000', 'iban.checksum'],
    ['DE89370400440532013001', 'iban.checksum'],
    ['DE88370400440532013000', 'iban.checksum'],
    ['FR1420041010050500013M02607', 'iban.checksum'],
    ['BE68539007547035', 'iban.checksum'],
    ['BE86539007547034', 'iban.checksum'],
    ['LU28001940064475000', 'iban.length'],
    ['DE8937040044053201300', 'iban.length'],
    ['US64SVBKUS6S3300958879', 'iban.country'],
    ['LU28-0019-4006-4475-0000', 'iban.format'],
    ['0019400644750000', 'iban.format'],
    ['A', 'iban.format'],
  ])('%s: %s', (iban, expected) => expect(code(checkIban(iban))).toBe(expected));

  test('the error says what was expected, in FR/DE/EN', () => {
    expect(checkIban('LU28001940064475000')).toEqual({
      code: 'iban.length',
      value: 'LU28001940064475000',
      params: { country: 'LU', expected: '20', actual: '19' },
      message: {
        fr: 'Un IBAN LU compte 20 caractères ; « LU28001940064475000 » en compte 19.',
        de: 'Eine IBAN aus LU hat 20 Zeichen; „LU28001940064475000“ hat 19.',
        en: 'An IBAN of LU has 20 characters; “LU28001940064475000” has 19.',
      },
    });
    expect(checkIban('DE89370400440532013001')?.message.en).toBe('The check digits of the IBAN “DE89370400440532013001” are wrong (modulo 97): check what was typed.');
  });

  test('the length table: the EU and EEA countries, each length in 15..34', () => {
    for (const c of ['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK', 'IS', 'LI', 'NO']) expect([c, IBAN_LENGTHS[c] !== undefined]).toEqual([c, true]);
    expect([IBAN_LENGTHS.LU, IBAN_LENGTHS.DE, IBAN_LENGTHS.FR, IBAN_LENGTHS.BE, IBAN_LENGTHS.NL, IBAN_LENGTHS.NO, IBAN_LENGTHS.MT]).toEqual([20, 22, 27, 16, 18, 15, 31]);
    for (const [c, n] of Object.entries(IBAN_LENGTHS)) expect([c, n >= 15 && n <= 34, ISO_COUNTRIES.has(c) || c === 'XK']).toEqual([c, true, true]);
  });
});

describe('BIC (ISO 9362)', () => {
  test.each([['BCEELULL'], ['BGLLLULL'], ['CCPLLULL'], ['BILLLULL'], ['DEUTDEFF'], ['DEUTDEFF500'], ['BNPAFRPP'], ['GEBABEBB'], ['INGBNL2A'], ['RZBAATWW']])('%s is valid', (bic) => expect(checkBic(bic)).toBeNull());
  test.each([
    ['BCEELUL', 'bic.format'],
    ['DEUTDEFF50', 'bic.format'],
    ['DEUTDEFF5000', 'bic.format'],
    ['bceelull', 'bic.format'],
    ['BCEE1ULL', 'bic.format'],
    ['BCEE LULL', 'bic.format'],
    ['BCEEZZLL', 'bic.country'],
    ['BCEEUKLL', 'bic.country'],
  ])('%s: %s', (bic, expected) => expect(code(checkBic(bic))).toBe(expected));
  test('the country code is named in the message', () => {
    expect(checkBic('BCEEZZLL')?.message.de).toBe('Der Ländercode „ZZ“ des BIC „BCEEZZLL“ ist kein ISO-3166-Land.');
  });
});

describe('VAT identifiers', () => {
  test('Luxembourg: LU + 8 digits, the first six mod 89 are the last two', () => {
    expect(luVatCheckDigits('150274')).toBe('42');
    for (const ok of ['LU15027442', 'LU15003772', 'LU 1502 7442', 'lu15027442', 'LU00000000', 'LU26375245']) expect([ok, checkVatId(ok)]).toEqual([ok, null]);
    expect(checkVatId('LU15027443')).toEqual({
      code: 'vat.checksum',
      value: 'LU15027443',
      params: { country: 'LU', expected: '42' },
      message: {
        fr: 'Les chiffres de contrôle du numéro de TVA luxembourgeois « LU15027443 » sont faux : les six premiers chiffres modulo 89 donnent 42.',
        de: 'Die Prüfziffern der luxemburgischen USt-IdNr. „LU15027443“ stimmen nicht: die ersten sechs Ziffern modulo 89 ergeben 42.',
        en: 'The check digits of the Luxembourg VAT number “LU15027443” are wrong: the first six digits modulo 89 give 42.',
      },
    });
    expect(code(checkVatId('LU12345678'))).toBe('vat.checksum'); // 123456 mod 89 = 13
    expect(code(checkVatId('LU1502744'))).toBe('vat.format');
    expect(code(checkVatId('LU150274420'))).toBe('vat.format');
    expect(code(checkVatId('LUB1502744'))).toBe('vat.format');
  });

  test.each([
    ['ATU13585627'], ['BE0202239951'], ['BE 0202.239.951'], ['BG175074752'], ['BG1750747521'], ['CY10259033P'], ['CZ00177041'], ['CZ6306150004'],
    ['DE136695976'], ['DK13585628'], ['EE100931558'], ['EL094014201'], ['ESA28015865'], ['ESX1234567L'], ['FI20774740'], ['FR40303265045'], ['FRK7399859412'],
    ['HR33392005961'], ['HU12892312'], ['IE6388047V'], ['IE3628739UA'], ['IE8Z49289F'], ['IT00743110157'], ['LT119511515'], ['LT100001919017'],
    ['LV40003009497'], ['MT15121333'], ['NL004495445B01'], ['PL5260250274'], ['PT501964843'], ['RO18547290'], ['RO12'], ['SE556188840401'],
    ['SI15012557'], ['SK2020317068'], ['XI123456789'],
  ])('%s has the form of its country', (id) => expect(checkVatId(id)).toBeNull());

  test.each([
    ['ATU1358562', 'vat.format'], ['AT13585627', 'vat.format'], ['BE2202239951', 'vat.format'], ['BE020223995', 'vat.format'], ['CY102590331', 'vat.format'],
    ['DE13669597', 'vat.format'], ['DE1366959761', 'vat.format'], ['FR4O303265045', 'vat.format'], ['FR403032650', 'vat.format'], ['NL004495445', 'vat.format'],
    ['NL004495445B1', 'vat.format'], ['SE556188840402', 'vat.format'], ['RO0123', 'vat.format'], ['PL526025027', 'vat.format'], ['IT0074311015', 'vat.format'],
    ['GR094014201', 'vat.greece'], ['123456789', 'vat.prefix'], ['ZZ123', 'vat.prefix'], ['LU', 'vat.format'],
  ])('%s: %s', (id, expected) => expect(code(checkVatId(id))).toBe(expected));

  test('every EU member state has a form (Greece as EL), XI for Northern Ireland; other countries only need their prefix', () => {
    expect(Object.keys(EU_VAT_FORMS).sort()).toEqual(['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'EL', 'ES', 'FI', 'FR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK', 'XI']);
    expect(checkVatId('CHE-116.281.710 MWST')).toBeNull();
    expect(checkVatId('NO923609016MVA')).toBeNull();
    expect(checkVatId('DE13669597')?.message.fr).toBe('« DE13669597 » n’est pas un numéro de TVA DE valable : forme attendue DE123456789.');
  });
});

describe('dates', () => {
  test('real calendar dates only', () => {
    for (const d of ['2024-02-29', '2026-12-31', '2026-01-01']) expect(checkDate(d)).toBeNull();
    for (const d of ['2025-02-29', '2025-13-01', '2025-04-31', '20250101', '01.02.2025', '2024-12-01;2024-11-20']) expect([d, code(checkDate(d))]).toEqual([d, 'date.invalid']);
  });
  test('in order: a later date may not be before the earlier one (equal is fine)', () => {
    expect(checkDateOrder('2026-05-04', '2026-06-03', 'BT-2', 'BT-9')).toBeNull();
    expect(checkDateOrder('2026-05-04', '2026-05-04', 'BT-2', 'BT-9')).toBeNull();
    expect(checkDateOrder('2026-05-04', '2026-05-03', 'BT-2', 'BT-9')).toEqual({
      code: 'date.order',
      value: '2026-05-03',
      params: { other: '2026-05-04', term: 'BT-9', otherTerm: 'BT-2' },
      message: {
        fr: "Date d'échéance (2026-05-03) est antérieure à Date de facture (2026-05-04).",
        de: 'Fälligkeitsdatum (2026-05-03) liegt vor Rechnungsdatum (2026-05-04).',
        en: 'Payment due date (2026-05-03) is before Invoice date (2026-05-04).',
      },
    });
    expect(code(checkDateOrder('2026-01-31', '2026-01-01', 'BT-73', 'BT-74'))).toBe('date.order');
    expect(checkDateOrder('2026-01-31', 'soon', 'BT-73', 'BT-74')).toBeNull(); // checkDate reports that one
  });
});

describe('post codes and cities', () => {
  test.each([
    ['LU', 'L-1499'], ['LU', '1499'], ['LU', 'L1499'], ['LU', 'l-2240'], ['FR', '75001'], ['FR', '57000'], ['DE', '10115'], ['DE', '01067'],
    ['BE', '1000'], ['BE', '4700'], ['NL', '1234 AB'], ['NL', '1234AB'], ['NL', '2514 ea'], ['AT', '1010'], ['PT', '1000-001'], ['JP', '100-0001'], ['LU', 'L-1499 '],
  ])('%s %s fits', (country, pc) => expect(checkPostcode(pc, country)).toBeNull());
  test.each([
    ['LU', '14990'], ['LU', 'L-149'], ['LU', 'D-1499'], ['FR', '7500'], ['FR', 'F-75001'], ['FR', '750 01'], ['DE', '1011'], ['DE', 'D-10115'],
    ['BE', '0100'], ['BE', '10000'], ['NL', '0123 AB'], ['NL', '1234 SA'], ['NL', '123 AB'], ['NL', '1234'],
  ])('%s %s does not fit', (country, pc) => expect(code(checkPostcode(pc, country))).toBe('postcode.format'));
  test('the message names the country and the expected form', () => {
    expect(checkPostcode('14990', 'LU')?.message.en).toBe('“14990” is not a post code of LU: expected the form L-1234 / 1234.');
  });
  test('a city is a name, not a code or a number', () => {
    for (const city of ['Luxembourg', 'Esch-sur-Alzette', "'s-Hertogenbosch", 'Köln', 'Saint-Étienne', 'Frankfurt am Main', 'Paris 15', 'Ettelbruck']) expect([city, checkCity(city)]).toEqual([city, null]);
    for (const city of ['1499', 'L-1499', 'D 10115', 'F-75001', '75001', '-', '1 2 3', 'L1499']) expect([city, code(checkCity(city))]).toEqual([city, 'city.code']);
  });
});

describe('checkInvoiceFields over a canonical invoice', () => {
  const clean = (): ReturnType<typeof sampleInvoice> => {
    const t = sampleInvoice(3);
    t['BG-4'] = { ...(t['BG-4'] as NonNullable<typeof t['BG-4']>), 'BT-31': 'LU15027442' };
    return t;
  };

  test('a correct invoice has no findings', () => {
    expect(checkInvoiceFields(clean())).toEqual({});
  });

  test('the sample invoice\'s seller VAT number LU12345678 has wrong check digits', () => {
    const f = checkInvoiceFields(sampleInvoice(2));
    expect(Object.keys(f)).toEqual(['BT-31']);
    expect(f['BT-31']).toEqual([expect.objectContaining({ code: 'vat.checksum', value: 'LU12345678', term: 'BT-31', location: 'BG-4/BT-31', field: 'seller.vatId' })]);
  });

  test('every kind of finding, keyed by BT, with its place in the model and its form field', () => {
    const t = clean();
    t['BT-9'] = '2026-05-01';
    t['BG-4']!['BT-31'] = 'LU15027443';
    t['BG-4']!['BG-5'] = { 'BT-37': 'L-1611', 'BT-38': '16110', 'BT-40': 'LU' };
    t['BG-7']!['BT-48'] = 'GR094014201';
    t['BG-7']!['BG-8'] = { 'BT-52': 'Paris', 'BT-53': '7500', 'BT-55': 'FR' };
    t['BG-16'] = { 'BT-81': '58', 'BG-17': [{ 'BT-84': 'LU280019400644750000', 'BT-86': 'BCEELULL' }, { 'BT-84': 'DE89370400440532013001', 'BT-86': 'DEUTDEF' }] };
    t['BG-13'] = { 'BG-14': { 'BT-73': '2026-04-30', 'BT-74': '2026-04-01' }, 'BG-15': { 'BT-77': 'Esch-sur-Alzette', 'BT-78': 'L-4361', 'BT-80': 'LU' } };
    t['BG-11'] = { 'BT-62': 'Rep', 'BT-63': 'BE0202239951', 'BG-12': { 'BT-66': 'Bruxelles', 'BT-67': '1000', 'BT-69': 'BE' } };
    t['BG-25'][1]['BG-26'] = { 'BT-134': '2026-04-10', 'BT-135': '2026-04-09' };
    t['BG-25'][2]['BG-26'] = { 'BT-134': '2026-02-30' };
    const f = checkInvoiceFields(t);
    const brief = Object.fromEntries(Object.entries(f).map(([k, v]) => [k, v.map((x) => [x.code, x.location, x.field, x.value])]));
    expect(brief).toEqual({
      'BT-9': [['date.order', 'BT-9', 'dueDate', '2026-05-01']],
      'BT-31': [['vat.checksum', 'BG-4/BT-31', 'seller.vatId', 'LU15027443']],
      'BT-37': [['city.code', 'BG-4/BG-5/BT-37', 'seller.address.city', 'L-1611']],
      'BT-38': [['postcode.format', 'BG-4/BG-5/BT-38', 'seller.address.postCode', '16110']],
      'BT-48': [['vat.greece', 'BG-7/BT-48', 'buyer.vatId', 'GR094014201']],
      'BT-53': [['postcode.format', 'BG-7/BG-8/BT-53', 'buyer.address.postCode', '7500']],
      'BT-74': [['date.order', 'BG-13/BG-14/BT-74', 'delivery.period.end', '2026-04-01']],
      'BT-84': [['iban.checksum', 'BG-16/BG-17[2]/BT-84', 'payment.creditTransfers[1].account', 'DE89370400440532013001']],
      'BT-86': [['bic.format', 'BG-16/BG-17[2]/BT-86', 'payment.creditTransfers[1].serviceProvider', 'DEUTDEF']],
      'BT-134': [['date.invalid', 'BG-25[3]/BG-26/BT-134', 'lines[2].period.start', '2026-02-30']],
      'BT-135': [['date.order', 'BG-25[2]/BG-26/BT-135', 'lines[1].period.end', '2026-04-09']],
    });
    expect(f['BT-135']?.[0].message.fr).toBe('Fin de la période (2026-04-09) est antérieure à Début de la période (2026-04-10).');
  });

  test('payment accounts: checked as IBANs for SEPA credit transfer (58) and direct debit (59), or when written like one', () => {
    const t = clean();
    t['BG-16'] = { 'BT-81': '30', 'BG-17': [{ 'BT-84': '0107307510' }, { 'BT-84': 'NL57RABO0107307511' }], 'BG-19': { 'BT-91': 'LU280019400644750001' } };
    const f = checkInvoiceFields(t);
    expect(f['BT-84']?.map((x) => [x.code, x.location])).toEqual([['iban.checksum', 'BG-16/BG-17[2]/BT-84']]);
    expect(f['BT-91']?.map((x) => x.code)).toEqual(['iban.checksum']);
    t['BG-16'] = { 'BT-81': '58', 'BG-17': [{ 'BT-84': '0107307510' }] };
    expect(checkInvoiceFields(t)['BT-84']?.map((x) => x.code)).toEqual(['iban.format']);
  });

  test('a model read from a document: the official CII example 5 pays by SEPA transfer (58) to made-up accounts', () => {
    const m = readInvoice(example('en16931-cii/CII_example5.xml'));
    expect(checkInvoiceFields(m)['BT-84']?.map((x) => [x.code, x.value, x.location])).toEqual([
      ['iban.checksum', 'DK1212341234123412', 'BG-16/BG-17[1]/BT-84'],
      ['iban.format', 'A', 'BG-16/BG-17[2]/BT-84'],
    ]);
    // Every official example can be checked (no crash), whatever it holds.
    for (const e of invoiceExamples()) expect(typeof checkInvoiceFields(readInvoice(example(e.name)))).toBe('object');
  });
});
