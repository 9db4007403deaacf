/**
 * The official Invoice Response examples, one per use case: the parser reads each; the builder, given
 * what was read, reproduces the example's content element for element (names, texts, attributes; not
 * comments, indentation or namespace declarations) and the result passes XSD and T111 with no fatal
 * finding; the status read from each example is one `checkStatusRequest` accepts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildInvoiceResponse, checkStatusRequest, checkReference, isSendable, parseInvoiceResponse, XmlInputError } from '../../core/invoice-response';
import { readNsXml, type NsElement } from '../../core/invoice-response/xml-read';
import { judge } from './helpers';

const dir = path.resolve(__dirname, '../../../shared/examples/peppol-invoice-response');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.xml')).sort();

/** Every element as `path = text [attributes]`, in document order. */
function content(xml: string): string[] {
  const out: string[] = [];
  const walk = (el: NsElement, p: string) => {
    const here = `${p}/${el.local}`;
    const attrs = [...el.attrs].filter(([k]) => k !== 'schemaLocation').map(([k, v]) => `@${k}=${v}`);
    out.push(`${here} = ${el.children.length ? '' : el.text} ${attrs.join(' ')}`.trimEnd());
    for (const c of el.children) walk(c, here);
  };
  walk(readNsXml(xml), '');
  return out;
}

test('the folder holds the use cases', () => {
  expect(files).toHaveLength(14);
});

describe.each(files)('%s', (file) => {
  const xml = fs.readFileSync(path.join(dir, file), 'utf8');

  test('is read, and its status is one the check accepts', () => {
    const parsed = parseInvoiceResponse(xml);
    expect(parsed.customizationId).toBe('urn:fdc:peppol.eu:poacc:trns:invoice_response:3');
    expect(parsed.profileId).toBe('urn:fdc:peppol.eu:poacc:bis:invoice_response:3');
    expect(parsed.remarks).toEqual([]);
    expect(parsed.invoice).toMatchObject({ id: 'inv021', typeCode: '380' });
    expect(isSendable(checkStatusRequest(parsed.status))).toBe(true);
    expect(checkReference(parsed, { id: 'inv021', typeCode: '380' })).toEqual([]);
  });

  test('is reproduced by the builder from what was read, and the result passes XSD and T111', async () => {
    const parsed = parseInvoiceResponse(xml);
    const built = buildInvoiceResponse(parsed);
    expect(content(built)).toEqual(content(xml));
    expect(parseInvoiceResponse(built)).toEqual(parsed);
    const v = await judge(built);
    expect(v.scenario).toBe('peppol-invoice-response');
    expect(v.fatal).toEqual([]);
  });
});

test('what the use cases say, as read', () => {
  const read = (f: string) => parseInvoiceResponse(fs.readFileSync(path.join(dir, f)));
  expect(read('T111-uc004c-Rejected-requesting-replacement.xml').status).toEqual({
    code: 'RE',
    reasons: [{ code: 'REF' }],
    actions: [{ code: 'CNF' }, { code: 'NIN' }],
  });
  expect(read('T111-uc005-Invoice-is-conditionally-accepted.xml').status).toEqual({
    code: 'CA',
    reasons: [{ code: 'PAY', conditions: [{ attributeId: 'BT-9', description: '2018-01-15' }] }],
    actions: [],
  });
  expect(read('T111-uc002b-In-process-but-postponed.xml').status).toEqual({
    code: 'IP',
    reasons: [],
    actions: [],
    texts: [{ text: 'Shipment has not yet been received. Invoice processing will be attempted later.' }],
    effectiveDate: '2017-12-15',
  });
  expect(read('T111-uc007-Payment-has-been-initiated.xml').status).toEqual({ code: 'PD', reasons: [], actions: [], effectiveDate: '2017-12-30' });
  const third = read('T111-uc008-Invoice-is-accepted-by-third-party.xml');
  expect(third.recipient).toEqual({ name: 'Buyer A', identifier: { scheme: '0088', value: '9876549873211' } });
  const full = read('InvoiceResponse_Example.xml');
  expect(full.sender).toEqual({
    endpoint: { scheme: '0088', value: '5798000012349' },
    name: 'Buyer organization',
    identifier: { scheme: '0184', value: 'DK88776655' },
    contact: { name: 'Jens Jensen', telephone: '23232323', email: 'jj@test-company.dk' },
  });
  expect(full.status.note).toBe('text');
  expect(full.issuer).toEqual({ name: 'Test Company AS', identifier: { scheme: '0192', value: '123456785' } });
});

describe('the reader', () => {
  const example = fs.readFileSync(path.join(dir, 'T111-uc001-Invoice-in-process.xml'), 'utf8');

  test('does not depend on prefixes', () => {
    const other = example
      .replace(/xmlns:cbc=/, 'xmlns:b=')
      .replace(/xmlns:cac=/, 'xmlns:a=')
      .replace(/<(\/?)cbc:/g, '<$1b:')
      .replace(/<(\/?)cac:/g, '<$1a:')
      .replace('<ApplicationResponse xmlns=', '<ar:ApplicationResponse xmlns:ar=')
      .replace('</ApplicationResponse>', '</ar:ApplicationResponse>');
    expect(parseInvoiceResponse(other)).toEqual(parseInvoiceResponse(example));
  });

  test('refuses a DOCTYPE, what is not XML, and other documents', () => {
    expect(() => parseInvoiceResponse(`<!DOCTYPE x [<!ENTITY e "boom">]>${example.replace(/^<\?xml[^>]*>/, '')}`)).toThrow(/DOCTYPE/);
    expect(() => parseInvoiceResponse('<ApplicationResponse')).toThrow(XmlInputError);
    expect(() => parseInvoiceResponse('<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>')).toThrow(/not a UBL ApplicationResponse/);
    expect(() => parseInvoiceResponse('<ApplicationResponse xmlns="urn:other"/>')).toThrow(/not a UBL ApplicationResponse/);
    expect(() => parseInvoiceResponse('<x:ApplicationResponse/>')).toThrow(/prefix "x"/);
  });

  test('reads bytes in another declared encoding', () => {
    const latin1 = Buffer.from(example.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').replace('Seller company', 'Société'), 'latin1');
    expect(parseInvoiceResponse(latin1).receiver.name).toBe('Société');
  });

  test('says what it guessed: a clarification code without listID', () => {
    const noList = fs.readFileSync(path.join(dir, 'T111-uc004b-Rejected-requesting-reissue.xml'), 'utf8').replace(' listID="OPStatusAction"', '');
    const parsed = parseInvoiceResponse(noList);
    expect(parsed.status.actions).toEqual([{ code: 'NIN' }]);
    expect(parsed.remarks).toEqual(['Status 2: listID missing; NIN read as an action']);
  });

  test('checkReference: the right invoice, the right type, the seller', () => {
    const parsed = parseInvoiceResponse(example);
    expect(checkReference(parsed, { id: 'inv021', typeCode: '380', sellerEndpoint: { scheme: '0196', value: '6841569459' } })).toEqual([]);
    expect(checkReference(parsed, { id: 'inv022', typeCode: '381', sellerEndpoint: { scheme: '0196', value: '1' } }).map((p) => p.ruleId)).toEqual([
      'HUB-IR-REFERENCE-ID',
      'HUB-IR-REFERENCE-TYPE',
      'HUB-IR-REFERENCE-SELLER',
    ]);
    const dated = parseInvoiceResponse(fs.readFileSync(path.join(dir, 'InvoiceResponse_Example.xml')));
    expect(checkReference(dated, { id: 'inv021', issueDate: '2018-09-21', typeCode: '380' }).map((p) => p.ruleId)).toEqual(['HUB-IR-REFERENCE-DATE']);
  });
});
