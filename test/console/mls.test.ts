/**
 * Peppol MLS responses: built for rejected Peppol documents (several rejection cases), checked
 * against the official MLS rules (`../shared/rules/peppol-mls`) with the hub's own engine, stored
 * once, served by the outbox to the access point and acknowledged.
 */
import { createToken } from '../../core/accounts/tokens';
import { eventsOf, fileOf, getDocument } from '../../core/documents/store';
import { buildMls, linesFromFindings, spisOf } from '../../core/mls/build';
import { produceMls, produceMlsPending, type MlsDeps } from '../../core/mls/produce';
import { mlsOfDocument, type OutboxRow } from '../../db/repositories/outbox';
import { validate } from '../../validation';
import { inlineCpu } from '../../workers/cpu/inline';
import { validateStage } from '../../workers/validate/stage';
import { invalidInvoice, invoice, openTestStore, sbdh, silent, startTestServer, type TestServer, type TestStore } from '../pipeline/helpers';

// a hub with argon2id accounts and a fresh database per file: more than jest's default 5 s for the hooks
jest.setTimeout(120_000);

const ADMIN = 'admin-secret';
let hub: TestServer;
let store: TestStore;
let mls: MlsDeps;

async function handOff(bytes: Buffer, o: { as4: string; ap?: string; instanceId?: string; bare?: boolean }): Promise<string> {
  const res = await fetch(`${hub.url}/peppol/v1/inbound`, {
    method: 'POST', body: new Uint8Array(o.bare ? bytes : sbdh(bytes, { instanceId: o.instanceId })),
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/xml', 'x-as4-message-id': o.as4, 'x-peppol-sending-ap': o.ap ?? 'PBE000123' },
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

async function validateDoc(id: string): Promise<string> {
  const r = await validateStage(id, { store, cpu: inlineCpu, logger: silent, clock: () => new Date() });
  return r.state;
}

async function outboxOf(id: string): Promise<OutboxRow> {
  const row = await mlsOfDocument(store.db, id);
  if (row === undefined) throw new Error(`no MLS for ${id}`);
  return row;
}

async function blob(sha: string): Promise<Buffer> {
  return store.blobs.get(sha);
}

async function checkOfficial(xml: Buffer): Promise<void> {
  const report = await validate(xml, { scenario: 'peppol-mls' });
  expect(report.findings.filter((f) => f.flag === 'fatal')).toEqual([]);
  expect(report.valid).toBe(true);
  expect(report.packs.map((p) => p.id)).toContain('peppol-mls');
}

beforeAll(async () => {
  store = await openTestStore('console-mls');
  hub = await startTestServer(store, { adminToken: ADMIN });
  hub.server.keepAliveTimeout = 120_000; // see test/console/helpers.ts
  mls = { store, validate, hubSeat: 'PLU000042', acceptance: false, clock: () => new Date() };
});

afterAll(async () => {
  await hub.close();
  await store.close();
});

describe('MLS builder', () => {
  it('maps seat ids to SPIS ids and refuses anything else', () => {
    expect(spisOf('PLU000123')).toBe('000123');
    expect(() => spisOf('LU000123')).toThrow();
  });

  it('escapes markup and drops characters XML cannot carry; still passes the official rules', async () => {
    const lines = linesFromFindings([
      { source: 'schematron', ruleId: 'BR-X', flag: 'fatal', location: "/*[local-name()='Invoice'][1]", message: 'a <b> & "c" \u0001 ]]> end' },
      { source: 'xsd', ruleId: 'XSD', flag: 'fatal', location: '/', message: 'schema says no' },
      { source: 'schematron', ruleId: 'W-1', flag: 'warning', location: '/x', message: 'only a warning' },
    ]);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({ location: "/*[local-name()='Invoice'][1]", reason: 'BV', description: '[BR-X] a <b> & "c" \u0001 ]]> end' });
    expect(lines[1]).toMatchObject({ location: 'NA', reason: 'SV' });
    const xml = buildMls({ id: 'r1', issuedAt: new Date('2026-03-01T10:00:00Z'), senderSeat: 'PLU000042', receiverSeat: 'PBE000123', referenceId: 'ref<1>', code: 'RE', lines });
    const text = xml.toString('utf8');
    expect(text).toContain('[BR-X] a &lt;b&gt; &amp; "c"  ]]&gt; end');
    expect(text).toContain('<cbc:ID>ref&lt;1&gt;</cbc:ID>');
    expect(text).toContain('<cbc:IssueTime>10:00:00Z</cbc:IssueTime>');
    await checkOfficial(xml);
  });

  it('refuses a rejection without failure and an acceptance with failures', () => {
    const base = { id: 'x', issuedAt: new Date(), senderSeat: 'PLU000042', receiverSeat: 'PBE000123', referenceId: 'r' };
    expect(() => buildMls({ ...base, code: 'RE', lines: [] })).toThrow();
    expect(() => buildMls({ ...base, code: 'AP', lines: [{ location: 'NA', description: 'x', reason: 'BV' }] })).toThrow();
  });
});

describe('MLS for rejected Peppol documents', () => {
  it('business-rule rejection: one BV line per fatal finding, referencing the SBDH instance id, valid against the MLS rules', async () => {
    const id = await handOff(invalidInvoice('MLS-1'), { as4: 'as4-mls-1', instanceId: 'inst-mls-1', ap: 'PBE000123' });
    expect(await validateDoc(id)).toBe('rejected');
    const out = await produceMls(mls, id);
    expect(out).toMatchObject({ status: 'created', code: 'RE' });
    const row = await outboxOf(id);
    expect(row).toMatchObject({ responseCode: 'RE', receiverAp: 'PBE000123', referenceId: 'inst-mls-1', checkedWith: 'peppol-mls@1.0.1', ackedAt: null });
    const xml = await blob(row.sha256);
    const text = xml.toString('utf8');
    await checkOfficial(xml);
    const report = JSON.parse((await blob((await fileOf(store, id, 'validation-report'))!)).toString('utf8')) as { findings: { flag: string; ruleId: string }[] };
    const fatal = report.findings.filter((f) => f.flag === 'fatal');
    expect(fatal.length).toBeGreaterThan(0);
    expect((text.match(/<cac:LineResponse>/g) ?? []).length).toBe(fatal.length);
    for (const f of fatal) expect(text).toContain(`[${f.ruleId}]`);
    expect(text).toContain('<cbc:EndpointID schemeID="0242">000042</cbc:EndpointID>');
    expect(text).toContain('<cbc:EndpointID schemeID="0242">000123</cbc:EndpointID>');
    expect(text).toContain('<cbc:ResponseCode>RE</cbc:ResponseCode>');
    // one response per document: a second run creates nothing
    expect(await produceMls(mls, id)).toEqual({ status: 'exists' });
    const ev = (await eventsOf(store, id)).filter((e) => e.type === 'mls');
    expect(ev).toHaveLength(1);
    expect(ev[0]?.actor).toBe('system:mls');
  });

  it('syntax rejection (not well-formed, bare document without SBDH): SV line, referencing the AS4 message id', async () => {
    const id = await handOff(Buffer.from('<?xml version="1.0"?><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><cbc:ID>1</Invoice>'), { as4: 'as4-mls-2', bare: true, ap: 'PDE000777' });
    expect(await validateDoc(id)).toBe('rejected');
    expect((await produceMls(mls, id)).status).toBe('created');
    const row = await outboxOf(id);
    expect(row.referenceId).toBe('as4-mls-2');
    const text = (await blob(row.sha256)).toString('utf8');
    expect(text).toContain('<cbc:StatusReasonCode>SV</cbc:StatusReasonCode>');
    expect(text).toContain('<cbc:EndpointID schemeID="0242">000777</cbc:EndpointID>');
    await checkOfficial(await blob(row.sha256));
  });

  it('schema rejection (an element out of order): SV line with its location', async () => {
    const bad = invoice('MLS-3').toString('utf8').replace('<cbc:IssueDate>', '<cbc:Bogus>1</cbc:Bogus><cbc:IssueDate>');
    const id = await handOff(Buffer.from(bad), { as4: 'as4-mls-3', instanceId: 'inst-mls-3' });
    expect(await validateDoc(id)).toBe('rejected');
    expect((await produceMls(mls, id)).status).toBe('created');
    const xml = await blob((await outboxOf(id)).sha256);
    expect(xml.toString('utf8')).toContain('<cbc:StatusReasonCode>SV</cbc:StatusReasonCode>');
    await checkOfficial(xml);
  });

  it('duplicate: RE with the HUB-DUPLICATE line; a valid document gets nothing unless acceptance is configured, then AP', async () => {
    const first = await handOff(invoice('MLS-4'), { as4: 'as4-mls-4a', instanceId: 'inst-mls-4a' });
    expect(await validateDoc(first)).toBe('validated');
    const dup = await handOff(invoice('MLS-4'), { as4: 'as4-mls-4b', instanceId: 'inst-mls-4b' });
    expect(await validateDoc(dup)).toBe('duplicate');
    expect(await produceMls(mls, first)).toMatchObject({ status: 'not-applicable' });
    expect((await produceMls(mls, dup)).status).toBe('created');
    const dupXml = await blob((await outboxOf(dup)).sha256);
    expect(dupXml.toString('utf8')).toContain('[HUB-DUPLICATE]');
    await checkOfficial(dupXml);
    expect(await produceMls({ ...mls, acceptance: true }, first)).toMatchObject({ status: 'created', code: 'AP' });
    const ap = await blob((await outboxOf(first)).sha256);
    expect(ap.toString('utf8')).toContain('<cbc:ResponseCode>AP</cbc:ResponseCode>');
    expect(ap.toString('utf8')).not.toContain('<cac:LineResponse>');
    await checkOfficial(ap);
  });

  it('documents that did not come over Peppol get no MLS; the pending pass picks up what is missing', async () => {
    const up = await fetch(`${hub.url}/api/v1/documents`, { method: 'POST', body: new Uint8Array(invalidInvoice('MLS-5')), headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/xml' } });
    const upId = ((await up.json()) as { id: string }).id;
    expect(await validateDoc(upId)).toBe('rejected');
    expect(await produceMls(mls, upId)).toMatchObject({ status: 'not-applicable', reason: 'not-peppol' });
    const id = await handOff(invalidInvoice('MLS-6'), { as4: 'as4-mls-6', instanceId: 'inst-mls-6' });
    expect(await validateDoc(id)).toBe('rejected');
    const errors: string[] = [];
    expect(await produceMlsPending(mls, (d, e) => errors.push(`${d}: ${e.message}`))).toBe(1);
    expect(errors).toEqual([]);
    expect((await outboxOf(id)).responseCode).toBe('RE');
    expect(await produceMlsPending(mls, () => undefined)).toBe(0);
    expect((await getDocument(store, upId))?.state).toBe('rejected');
  });
});

describe('outbox API', () => {
  it('lists pending responses to the access point, serves the XML, takes acknowledgements once', async () => {
    const ap = (await createToken(store, { name: 'ap', scope: 'access-point' })).token;
    const bodyTok = (await createToken(store, { name: 'b', scope: 'body', subject: 'some-body' })).token;
    expect((await fetch(`${hub.url}/peppol/v1/outbox`)).status).toBe(401);
    expect((await fetch(`${hub.url}/peppol/v1/outbox`, { headers: { authorization: `Bearer ${bodyTok}` } })).status).toBe(403);
    const list = await fetch(`${hub.url}/peppol/v1/outbox`, { headers: { authorization: `Bearer ${ap}` } });
    expect(list.status).toBe(200);
    const items = ((await list.json()) as { items: { id: string; kind: string; documentId: string; xml: string; receiverSpis: string; href: string; sbdh: Record<string, string> }[] }).items;
    expect(items.length).toBeGreaterThanOrEqual(5);
    const first = items[0]!;
    expect(first.xml).toContain('urn:peppol:edec:mls:1.0');
    expect(first.receiverSpis).toMatch(/^[0-9]{6}$/);
    // what the access point needs to wrap it: an MLS from the hub's SPIS id to the sender's SPIS id
    expect(first.kind).toBe('mls');
    expect(first.sbdh).toEqual({
      senderId: expect.stringMatching(/^0242:[0-9]{6}$/), receiverId: `0242:${first.receiverSpis}`,
      documentTypeId: 'urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2::ApplicationResponse##urn:peppol:edec:mls:1.0::2.1',
      processId: 'urn:peppol:edec:mls', c1Country: 'LU',
    });
    expect((await fetch(`${hub.url}/peppol/v1/outbox?kind=mls`, { headers: { authorization: `Bearer ${ap}` } })).status).toBe(200);
    expect((await fetch(`${hub.url}/peppol/v1/outbox?kind=orders`, { headers: { authorization: `Bearer ${ap}` } })).status).toBe(400);
    const one = await fetch(hub.url + first.href, { headers: { authorization: `Bearer ${ap}` } });
    expect(one.headers.get('content-type')).toContain('application/xml');
    expect(await one.text()).toBe(first.xml);
    const ack = await fetch(`${hub.url}${first.href}/ack`, { method: 'POST', headers: { authorization: `Bearer ${ap}` } });
    expect(ack.status).toBe(200);
    const acked = (await ack.json()) as { ackedAt: string };
    const again = await fetch(`${hub.url}${first.href}/ack`, { method: 'POST', headers: { authorization: `Bearer ${ap}` } });
    expect(((await again.json()) as { ackedAt: string }).ackedAt).toBe(acked.ackedAt);
    const after = ((await (await fetch(`${hub.url}/peppol/v1/outbox`, { headers: { authorization: `Bearer ${ap}` } })).json()) as { items: { id: string }[] }).items;
    expect(after.map((i) => i.id)).not.toContain(first.id);
    expect(after).toHaveLength(items.length - 1);
    const taken = (await eventsOf(store, first.documentId)).filter((e) => e.type === 'mls-taken');
    expect(taken).toHaveLength(1);
    expect(taken[0]?.actor).toMatch(/^token:/);
    expect((await fetch(`${hub.url}/peppol/v1/outbox/00000000-0000-0000-0000-000000000000/ack`, { method: 'POST', headers: { authorization: `Bearer ${ap}` } })).status).toBe(404);
    expect((await fetch(`${hub.url}/peppol/v1/outbox?limit=0`, { headers: { authorization: `Bearer ${ap}` } })).status).toBe(400);
  });
});
