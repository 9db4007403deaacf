import fs from 'node:fs';
import pino from 'pino';
import { eq } from 'drizzle-orm';
import { FileStore } from '../../db/file-store';
import { documents, events } from '../../db/schema';
import { saveBodies } from '../../db/directory/store';
import type { StageDeps } from '../../workers/stage-contract';
import { extractRouting, ExtractError } from '../../workers/route/extract';
import { makeRouteStage } from '../../workers/route/stage';
import { body, luVat, tempDb } from './helpers';

const BODY_VAT = luVat(310001);
const OLD_VAT = luVat(310002);

function ubl(opts: { root?: 'Invoice' | 'CreditNote'; endpoint?: [string, string]; legal?: string; vat?: string; ids?: string[]; buyerRef?: string; order?: string }): string {
  const root = opts.root ?? 'Invoice';
  const ns = root === 'Invoice' ? 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2' : 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2';
  return `<?xml version="1.0" encoding="UTF-8"?>
<${root} xmlns="${ns}" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>INV-1</cbc:ID>
  ${opts.buyerRef ? `<cbc:BuyerReference>${opts.buyerRef}</cbc:BuyerReference>` : ''}
  ${opts.order ? `<cac:OrderReference><cbc:ID>${opts.order}</cbc:ID></cac:OrderReference>` : ''}
  <cac:AccountingSupplierParty><cac:Party><cbc:EndpointID schemeID="9938">LU99999999</cbc:EndpointID></cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party>
    ${opts.endpoint ? `<cbc:EndpointID schemeID="${opts.endpoint[0]}">${opts.endpoint[1]}</cbc:EndpointID>` : ''}
    ${(opts.ids ?? []).map((i) => `<cac:PartyIdentification><cbc:ID>${i}</cbc:ID></cac:PartyIdentification>`).join('')}
    ${opts.vat ? `<cac:PartyTaxScheme><cbc:CompanyID>${opts.vat}</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>` : ''}
    ${opts.legal ? `<cac:PartyLegalEntity><cbc:RegistrationName>X</cbc:RegistrationName><cbc:CompanyID schemeID="0240">${opts.legal}</cbc:CompanyID></cac:PartyLegalEntity>` : ''}
  </cac:Party></cac:AccountingCustomerParty>
</${root}>`;
}

const CII = `<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100">
  <rsm:SupplyChainTradeTransaction>
    <ram:ApplicableHeaderTradeAgreement>
      <ram:BuyerReference>IT-7</ram:BuyerReference>
      <ram:SellerTradeParty><ram:Name>S</ram:Name></ram:SellerTradeParty>
      <ram:BuyerTradeParty>
        <ram:ID>B-1</ram:ID>
        <ram:GlobalID schemeID="0088">5790000435975</ram:GlobalID>
        <ram:SpecifiedLegalOrganization><ram:ID schemeID="0240">20002200777</ram:ID></ram:SpecifiedLegalOrganization>
        <ram:URIUniversalCommunication><ram:URIID schemeID="9938">${BODY_VAT.toLowerCase()}</ram:URIID></ram:URIUniversalCommunication>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="FC">123</ram:ID></ram:SpecifiedTaxRegistration>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">${BODY_VAT}</ram:ID></ram:SpecifiedTaxRegistration>
      </ram:BuyerTradeParty>
      <ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>PO-9</ram:IssuerAssignedID></ram:BuyerOrderReferencedDocument>
    </ram:ApplicableHeaderTradeAgreement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>`;

describe('extractor', () => {
  test('reads BT-49, BT-47, BT-48, BT-46, BT-10, BT-13 from UBL invoices and credit notes and from CII', () => {
    expect(extractRouting(ubl({ endpoint: ['9938', BODY_VAT], legal: '20002200777', vat: BODY_VAT, ids: ['A', 'B'], buyerRef: 'R', order: 'O' }))).toEqual({
      syntax: 'ubl-invoice', bt49: { scheme: '9938', value: BODY_VAT }, bt47: { scheme: '0240', value: '20002200777' }, bt48: BODY_VAT,
      bt46: [{ value: 'A' }, { value: 'B' }], bt10: 'R', bt13: 'O',
    });
    expect(extractRouting(ubl({ root: 'CreditNote', endpoint: ['0240', 'X'] }))).toMatchObject({ syntax: 'ubl-creditnote', bt49: { scheme: '0240', value: 'X' }, bt10: null });
    expect(extractRouting(CII)).toEqual({
      syntax: 'cii', bt49: { scheme: '9938', value: BODY_VAT.toLowerCase() }, bt47: { scheme: '0240', value: '20002200777' }, bt48: BODY_VAT,
      bt46: [{ value: 'B-1' }, { scheme: '0088', value: '5790000435975' }], bt10: 'IT-7', bt13: 'PO-9',
    });
  });

  test('reads the receiver of an SBDH envelope; refuses DOCTYPEs, empty input and unknown roots', () => {
    const sbdh = `<StandardBusinessDocument xmlns="http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader"><StandardBusinessDocumentHeader><HeaderVersion>1.0</HeaderVersion>
      <Sender><Identifier Authority="iso6523-actorid-upis">9938:LU99999999</Identifier></Sender><Receiver><Identifier Authority="iso6523-actorid-upis">9938:${OLD_VAT}</Identifier></Receiver></StandardBusinessDocumentHeader>
      ${ubl({ endpoint: ['9938', BODY_VAT] }).replace(/^<\?xml[^>]*>/, '')}</StandardBusinessDocument>`;
    expect(extractRouting(sbdh)).toMatchObject({ receiver: `9938:${OLD_VAT}`, bt49: { value: BODY_VAT } });
    expect(() => extractRouting('<!DOCTYPE x [<!ENTITY a "b">]><Invoice/>')).toThrow(ExtractError);
    expect(() => extractRouting('<Order xmlns="urn:x"/>')).toThrow(/root element/);
    expect(() => extractRouting('')).toThrow(ExtractError);
  });
});

describe('routeStage', () => {
  let t: ReturnType<typeof tempDb>;
  let deps: StageDeps;
  const stage = makeRouteStage();
  let n = 0;

  function addDocument(xml: string, opts: { receiverId?: string; receivedAt?: string; state?: string } = {}): string {
    const bytes = Buffer.from(xml, 'utf8');
    const sha = deps.files.put(bytes);
    const id = `doc-${++n}`;
    const at = opts.receivedAt ?? '2026-03-01T09:00:00.000Z';
    t.db.insert(documents).values({
      id, state: opts.state ?? 'validated', version: 2, channel: 'peppol', receivedAt: at, updatedAt: at, submittedBy: 'test',
      originalSha256: sha, payloadSha256: sha, sizeBytes: bytes.length, receiverId: opts.receiverId ?? null,
    }).run();
    return id;
  }

  function lastEvent(id: string): { type: string; toState: string; actor: string; details: Record<string, unknown> } {
    const e = t.db.select().from(events).where(eq(events.documentId, id)).all().pop()!;
    return { type: e.type, toState: e.toState, actor: e.actor, details: JSON.parse(e.details) as Record<string, unknown> };
  }

  beforeAll(() => {
    t = tempDb();
    deps = { db: t.db, files: new FileStore(t.dir), dataDir: t.dir, logger: pino({ level: 'silent' }), clock: () => new Date('2026-03-01T10:00:00Z') };
    const r = saveBodies(t.db, [
      body('min-x', {
        identifiers: [{ scheme: '9938', value: BODY_VAT, purpose: 'peppol' }], requiredReferences: ['BT-13'],
        routingRules: [{ field: 'BT-10', pattern: 'IT-*', department: 'informatique' }],
      }),
      body('min-old', { status: 'retired', validTo: '2025-01-01', successors: [{ id: 'min-x', primary: false }], identifiers: [{ scheme: '9938', value: OLD_VAT, purpose: 'peppol' }] }),
    ], { actor: 'test', source: 'api' });
    expect(r.ok).toBe(true);
  });
  afterAll(() => t.close());

  test('validated → routed: the body, the step, the department and the missing reference are in the one event', async () => {
    const id = addDocument(ubl({ endpoint: ['9938', BODY_VAT], buyerRef: 'IT-2026-4' }));
    const r = await stage(id, deps);
    expect(r).toMatchObject({ state: 'routed', changed: true, details: { bodyId: 'min-x', matchedBy: 'BT-49', department: 'informatique' } });
    const doc = t.db.select().from(documents).where(eq(documents.id, id)).get()!;
    expect(doc).toMatchObject({ state: 'routed', resolvedBodyId: 'min-x' });
    const e = lastEvent(id);
    expect(e).toMatchObject({ toState: 'routed', actor: 'system:route' });
    expect(e.details).toMatchObject({
      bodyId: 'min-x', matchedBy: 'BT-49', department: 'informatique', missingReferences: ['BT-13'], date: '2026-03-01',
      findings: [{ ruleId: 'HUB-ROUTE-REQUIRED-BT-13', flag: 'warning' }],
    });
    // idempotent: a second run finds the document already routed and writes nothing
    const again = await stage(id, deps);
    expect(again).toEqual({ state: 'routed', changed: false });
    expect(t.db.select().from(events).where(eq(events.documentId, id)).all()).toHaveLength(1);
  });

  test('the SBDH receiver stored on the document wins, a retired body is redirected and the event records it', async () => {
    const id = addDocument(ubl({ endpoint: ['9938', BODY_VAT], order: 'PO-1' }), { receiverId: `iso6523-actorid-upis::9938:${OLD_VAT}` });
    expect(await stage(id, deps)).toMatchObject({ state: 'routed' });
    expect(lastEvent(id).details).toMatchObject({
      bodyId: 'min-x', addressedBodyId: 'min-old', matchedBy: 'sbdh-receiver',
      redirections: [{ from: 'min-old', to: 'min-x', since: '2025-01-01' }],
      findings: [{ ruleId: 'HUB-ROUTE-REDIRECTED' }],
    });
    // received before the retirement: it went to the old body
    const early = addDocument(ubl({ order: 'PO-1' }), { receiverId: `9938:${OLD_VAT}`, receivedAt: '2024-12-31T12:00:00.000Z' });
    await stage(early, deps);
    expect(lastEvent(early).details).toMatchObject({ bodyId: 'min-old', redirections: [] });
  });

  test('CII buyer fields route too', async () => {
    const id = addDocument(CII);
    expect(await stage(id, deps)).toMatchObject({ state: 'routed', details: { bodyId: 'min-x', matchedBy: 'BT-49', department: 'informatique' } });
  });

  test('no body: unroutable, with every identifier tried and why it failed, for the Authority', async () => {
    const id = addDocument(ubl({ endpoint: ['9938', luVat(999001)], legal: '123', vat: 'LU00000000', ids: ['nobody'] }), { receiverId: `9938:${luVat(999001)}` });
    const r = await stage(id, deps);
    expect(r).toMatchObject({ state: 'unroutable', changed: true, details: { reason: 'no-match' } });
    const doc = t.db.select().from(documents).where(eq(documents.id, id)).get()!;
    expect(doc.lastError).toContain('no body found');
    const d = lastEvent(id).details as { attempts: { step: string; outcome: string; identifier: string }[] };
    expect(d.attempts.map((a) => [a.step, a.outcome])).toEqual([
      ['sbdh-receiver', 'no-match'], ['BT-49', 'no-match'], ['BT-47', 'no-match'], ['BT-48', 'no-match'], ['BT-46', 'no-match'],
    ]);
  });

  test('not in its input state: nothing done; missing bytes or unreadable XML: permanent errors', async () => {
    const id = addDocument(ubl({}), { state: 'received' });
    expect(await stage(id, deps)).toEqual({ state: 'received', changed: false });
    const broken = addDocument('<Order xmlns="urn:x"/>');
    await expect(stage(broken, deps)).rejects.toMatchObject({ name: 'PermanentStageError', reason: 'unreadable' });
    const gone = addDocument(ubl({ buyerRef: 'bytes-to-lose' }));
    const sha = t.db.select().from(documents).where(eq(documents.id, gone)).get()!.payloadSha256;
    fs.rmSync(deps.files.pathOf(sha));
    await expect(stage(gone, deps)).rejects.toMatchObject({ name: 'PermanentStageError', reason: 'bytes-missing' });
  });
});
