/**
 * Every path of the builder gives a response that passes the XML Schema and T111 with no fatal finding,
 * through the hub's own `validate()` (scenario `peppol-invoice-response`, detected), on the compiled
 * engine — and for a sample on the reference engine too. Also: determinism, escaping, the reference to a
 * credit note, the reference taken from a real invoice.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  buildInvoiceResponse,
  buildInvoiceResponseBytes,
  checkStatusRequest,
  fromInvoice,
  InvoiceResponseBuildError,
  parseInvoiceResponse,
  REASON_CODES,
  ACTION_CODES,
  RESPONSE_CODES,
  splitParticipantId,
  type StatusRequest,
} from '../../core/invoice-response';
import { readInvoice } from '../../model';
import { baseInput, judge } from './helpers';

const examples = path.resolve(__dirname, '../../../shared/examples');

const needsCode = (code: string) => ['CA', 'UQ', 'RE'].includes(code);

/** One request per path: each status bare (with a reason where T111 needs one), each with reasons and actions, every code of both lists. */
const paths: [string, StatusRequest][] = [
  ...RESPONSE_CODES.map((code): [string, StatusRequest] => [`${code} alone`, { code, reasons: needsCode(code) ? [{ code: 'REF' }] : [], actions: [] }]),
  ...RESPONSE_CODES.map((code): [string, StatusRequest] => [
    `${code} with a reason, an action, texts, conditions, a note and an effective date`,
    {
      code,
      reasons: [{ code: code === 'PD' ? 'NON' : 'PRI', text: 'Unit price of line 2 differs from the contract', conditions: [{ attributeId: 'BT-146', description: '12.50' }] }],
      actions: [{ code: 'CNP', text: 'Please send a credit note for line 2' }],
      texts: [{ text: 'Processing resumes once the credit note is received.' }],
      note: 'Ref. dossier 2026/117',
      effectiveDate: '2026-12-02',
    },
  ]),
  ...REASON_CODES.filter((r) => r !== 'PPD').map((code): [string, StatusRequest] => [`UQ with reason ${code}`, { code: 'UQ', reasons: [{ code, text: `reason ${code}` }], actions: [] }]),
  ...ACTION_CODES.map((code): [string, StatusRequest] => [`RE with action ${code}`, { code: 'RE', reasons: [], actions: [{ code, text: `action ${code}` }] }]),
  ['RE with several reasons and actions (UC 4c)', { code: 'RE', reasons: [{ code: 'REF' }, { code: 'LEG', text: 'VAT number missing' }], actions: [{ code: 'CNF' }, { code: 'NIN' }] }],
  ['PD partial, amount only', { code: 'PD', reasons: [{ code: 'PPD' }], actions: [], paidAmount: '1250.00', currency: 'EUR' }],
  ['PD partial, amount and text', { code: 'PD', reasons: [{ code: 'PPD', text: 'The rest after the delivery of line 3' }], actions: [], paidAmount: '0.01', currency: 'EUR', effectiveDate: '2026-12-01' }],
  ['PD partial, text only', { code: 'PD', reasons: [{ code: 'PPD', text: 'Half paid: 500.00 EUR' }], actions: [] }],
  ['an uncoded clarification with a condition (UC 2a/2b)', { code: 'IP', reasons: [], actions: [], texts: [{ text: 'Postponed', conditions: [{ attributeId: 'Buyer process reference', description: 'X001' }] }] }],
  [
    'odd characters everywhere',
    {
      code: 'UQ',
      reasons: [{ code: 'OTH', text: 'A < B & C > D "quoted" \'single\' ]]> <![CDATA[ x ]]> &amp; é ß € 😀 \u00A0 \t tab\r\nCRLF', conditions: [{ attributeId: 'BT-13 & "x"', description: '<PO-1>' }] }],
      actions: [{ code: 'PIN', text: 'Ünïcödé — « guillemets » \u200B' }],
      note: '&lt; stays literal',
    },
  ],
];

describe.each(paths)('%s', (_name, status) => {
  test('is sendable, and its XML passes XSD and T111 without a fatal finding', async () => {
    expect(checkStatusRequest(status).filter((v) => v.flag === 'fatal')).toEqual([]);
    const xml = buildInvoiceResponse(baseInput(status));
    const v = await judge(xml);
    expect(v.scenario).toBe('peppol-invoice-response');
    expect(v.fatal).toEqual([]);
    expect(v.valid).toBe(true);
    // The only T111 warning a sendable request may get is R002 (OTH without text), and none of these has one.
    expect(v.warnings).toEqual([]);
  });

  test('reads back as it was written', () => {
    const parsed = parseInvoiceResponse(buildInvoiceResponse(baseInput(status)));
    expect(parsed.status).toEqual(status);
    expect(parsed.remarks).toEqual([]);
  });
});

test('a sample of the paths also passes on the reference engine (saxon-js)', async () => {
  for (const [, status] of paths.filter((_p, i) => i % 5 === 0)) {
    const v = await judge(buildInvoiceResponse(baseInput(status)), 'saxon');
    expect(v.fatal).toEqual([]);
    expect(v.valid).toBe(true);
  }
});

test('a credit note is referenced with its own type code; a self-billed invoice too', async () => {
  for (const typeCode of ['381', '389', '384', '261', '396']) {
    const xml = buildInvoiceResponse(baseInput({ code: 'AP', reasons: [], actions: [] }, { invoice: { id: 'CN-7', issueDate: '2026-11-30', typeCode } }));
    expect(xml).toContain(`<cbc:DocumentTypeCode>${typeCode}</cbc:DocumentTypeCode>`);
    expect((await judge(xml)).valid).toBe(true);
  }
});

test('the reference and the receiver come from the invoice itself: an official Peppol credit note', async () => {
  const model = readInvoice(fs.readFileSync(path.join(examples, 'peppol-billing/base-creditnote-correction.xml')));
  expect(model.kind).toBe('credit-note');
  const { invoice, receiver } = fromInvoice(model);
  expect(invoice.typeCode).toBe('381');
  expect(invoice.id).toBe(model.terms['BT-1']);
  expect(receiver.endpoint).toEqual({ scheme: model.terms['BG-4']?.['BT-34']?.scheme, value: model.terms['BG-4']?.['BT-34']?.value });
  const xml = buildInvoiceResponse(baseInput({ code: 'RE', reasons: [{ code: 'REF', text: 'Unknown invoice referenced' }], actions: [] }, { invoice, receiver }));
  const v = await judge(xml);
  expect(v.fatal).toEqual([]);
  const parsed = parseInvoiceResponse(xml);
  expect(parsed.invoice).toEqual(invoice);
});

test('the reference comes from an official invoice (type 380)', () => {
  const model = readInvoice(fs.readFileSync(path.join(examples, 'peppol-billing/base-example.xml')));
  expect(fromInvoice(model).invoice).toMatchObject({ id: model.terms['BT-1'], typeCode: '380', issueDate: model.terms['BT-2'] });
});

test('deterministic: the same input gives the same bytes; the identity fields are inputs', () => {
  const status: StatusRequest = { code: 'UQ', reasons: [{ code: 'REF', conditions: [{ attributeId: 'BT-13', description: 'PO0001' }] }], actions: [{ code: 'PIN' }] };
  const a = buildInvoiceResponseBytes(baseInput(status));
  const b = buildInvoiceResponseBytes(JSON.parse(JSON.stringify(baseInput(status))));
  expect(a.equals(b)).toBe(true);
  expect(a.toString('utf8')).toBe(buildInvoiceResponse(baseInput(status)));
  const other = buildInvoiceResponse(baseInput(status, { id: 'IR-2', issueDate: '2026-12-04', issueTime: undefined }));
  expect(other).toContain('<cbc:ID>IR-2</cbc:ID>');
  expect(other).toContain('<cbc:IssueDate>2026-12-04</cbc:IssueDate>');
  expect(other).not.toContain('IssueTime');
});

test('everything is escaped: text, attributes, carriage returns; what XML cannot carry is refused', () => {
  const xml = buildInvoiceResponse(
    baseInput(
      { code: 'AP', reasons: [], actions: [], note: 'a < b & c\r\nd' },
      { sender: { endpoint: { scheme: '99"38', value: 'LU&1' }, name: '<Body>' } },
    ),
  );
  expect(xml).toContain('<cbc:Note>a &lt; b &amp; c&#13;\nd</cbc:Note>');
  expect(xml).toContain('<cbc:EndpointID schemeID="99&quot;38">LU&amp;1</cbc:EndpointID>');
  expect(xml).toContain('<cbc:RegistrationName>&lt;Body&gt;</cbc:RegistrationName>');
  expect(parseInvoiceResponse(xml).status.note).toBe('a < b & c\r\nd');
  expect(() => buildInvoiceResponse(baseInput({ code: 'AP', reasons: [], actions: [], note: 'nul \u0000' }))).toThrow(InvoiceResponseBuildError);
  expect(() => buildInvoiceResponse(baseInput({ code: 'AP', reasons: [], actions: [], note: 'lone \uD800 surrogate' }))).toThrow(/lone surrogate/);
});

test('participant identifiers: scheme:value, the value may hold colons, the ISO 6523 prefix is accepted', () => {
  expect(splitParticipantId('9938:LU12345678')).toEqual({ scheme: '9938', value: 'LU12345678' });
  expect(splitParticipantId('iso6523-actorid-upis::0240:a:b')).toEqual({ scheme: '0240', value: 'a:b' });
  expect(() => splitParticipantId('LU12345678')).toThrow(/scheme:value/);
  expect(() => splitParticipantId('9938:')).toThrow(InvoiceResponseBuildError);
});
