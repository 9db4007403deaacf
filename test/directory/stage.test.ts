import { ExtractError, extractRouting } from '../../core/directory/extract';
import { eventsOf, getDocument } from '../../core/documents/store';
import { makeRouteStage } from '../../workers/route/stage';
import type { StageDeps } from '../../workers/stage-contract';
import { openTestStore, type TestStore } from '../helpers/store';
import { body, luVat, save } from './helpers';
import { addDocument, depsOf, lastEvent, ubl } from './stage-fixtures';

const BODY_VAT = luVat(310001);
const OLD_VAT = luVat(310002);

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
  let t: TestStore;
  let deps: StageDeps;
  const stage = makeRouteStage();

  beforeAll(async () => {
    t = await openTestStore('dir-stage');
    deps = depsOf(t);
    await save(t, [
      body('min-x', {
        identifiers: [{ scheme: '9938', value: BODY_VAT, purpose: 'peppol' }], requiredReferences: ['BT-13'],
        routingRules: [{ field: 'BT-10', pattern: 'IT-*', department: 'informatique' }],
      }),
      body('min-old', { status: 'retired', validTo: '2025-01-01', successors: [{ id: 'min-x', primary: false }], identifiers: [{ scheme: '9938', value: OLD_VAT, purpose: 'peppol' }] }),
    ]);
  });
  afterAll(async () => { await t.close(); });

  test('validated → routed: the body, the step, the department and the missing reference are in the one event', async () => {
    const id = await addDocument(t, ubl({ endpoint: ['9938', BODY_VAT], buyerRef: 'IT-2026-4' }));
    const r = await stage(id, deps);
    expect(r).toMatchObject({ state: 'routed', changed: true, details: { bodyId: 'min-x', matchedBy: 'BT-49', department: 'informatique' } });
    expect(await getDocument(t, id)).toMatchObject({ state: 'routed', resolvedBodyId: 'min-x' });
    const e = await lastEvent(t, id);
    expect(e).toMatchObject({ toState: 'routed', actor: 'system:route' });
    expect(e.details).toMatchObject({
      bodyId: 'min-x', matchedBy: 'BT-49', department: 'informatique', missingReferences: ['BT-13'], date: '2026-03-01',
      findings: [{ ruleId: 'HUB-ROUTE-REQUIRED-BT-13', flag: 'warning' }],
    });
    // idempotent: a second run finds the document already routed and writes nothing
    const again = await stage(id, deps);
    expect(again).toEqual({ state: 'routed', changed: false });
    expect(await eventsOf(t, id)).toHaveLength(1);
  });

  test('the SBDH receiver stored on the document wins, a retired body is redirected and the event records it', async () => {
    const id = await addDocument(t, ubl({ endpoint: ['9938', BODY_VAT], order: 'PO-1' }), { receiverId: `iso6523-actorid-upis::9938:${OLD_VAT}` });
    expect(await stage(id, deps)).toMatchObject({ state: 'routed' });
    expect((await lastEvent(t, id)).details).toMatchObject({
      bodyId: 'min-x', addressedBodyId: 'min-old', matchedBy: 'sbdh-receiver',
      redirections: [{ from: 'min-old', to: 'min-x', since: '2025-01-01' }],
      findings: [{ ruleId: 'HUB-ROUTE-REDIRECTED' }],
    });
    // received before the retirement: it went to the old body
    const early = await addDocument(t, ubl({ order: 'PO-1' }), { receiverId: `9938:${OLD_VAT}`, receivedAt: '2024-12-31T12:00:00.000Z' });
    await stage(early, deps);
    expect((await lastEvent(t, early)).details).toMatchObject({ bodyId: 'min-old', redirections: [] });
  });

  test('CII buyer fields route too', async () => {
    const id = await addDocument(t, CII);
    expect(await stage(id, deps)).toMatchObject({ state: 'routed', details: { bodyId: 'min-x', matchedBy: 'BT-49', department: 'informatique' } });
  });

  test('no body: unroutable, with every identifier tried and why it failed, for the Authority', async () => {
    const id = await addDocument(t, ubl({ endpoint: ['9938', luVat(999001)], legal: '123', vat: 'LU00000000', ids: ['nobody'] }), { receiverId: `9938:${luVat(999001)}` });
    const r = await stage(id, deps);
    expect(r).toMatchObject({ state: 'unroutable', changed: true, details: { reason: 'no-match' } });
    expect((await getDocument(t, id))!.lastError).toContain('no body found');
    const d = (await lastEvent(t, id)).details as { attempts: { step: string; outcome: string; identifier: string }[] };
    expect(d.attempts.map((a) => [a.step, a.outcome])).toEqual([
      ['sbdh-receiver', 'no-match'], ['BT-49', 'no-match'], ['BT-47', 'no-match'], ['BT-48', 'no-match'], ['BT-46', 'no-match'],
    ]);
  });

  test('not in its input state: nothing done; missing bytes or unreadable XML: permanent errors', async () => {
    const id = await addDocument(t, ubl({}), { state: 'received' });
    expect(await stage(id, deps)).toEqual({ state: 'received', changed: false });
    const broken = await addDocument(t, '<Order xmlns="urn:x"/>');
    await expect(stage(broken, deps)).rejects.toMatchObject({ name: 'PermanentStageError', reason: 'unreadable' });
    const gone = await addDocument(t, ubl({ buyerRef: 'bytes-never-stored' }), { storeBytes: false });
    await expect(stage(gone, deps)).rejects.toMatchObject({ name: 'PermanentStageError', reason: 'bytes-missing' });
    await expect(stage('no-such-document', deps)).rejects.toMatchObject({ name: 'PermanentStageError', reason: 'no-document' });
  });
});
