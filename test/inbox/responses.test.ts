/**
 * Statuses (Peppol Invoice Response) over the pull API: JSON and the ERP's own XML, the T111 rules as
 * a 422 naming the rule, idempotency (content and Idempotency-Key), another body's document as a 404,
 * the acknowledgement as AB, the Peppol outbox with the SBDH of Invoice Response 3.1, the signed
 * `document.status_changed` push, the supplier's mail, the documents API, the bulk CSV, the deadline's
 * reminder once per document, the Authority's reopening, the statistics — and every response the hub
 * stored passes the XML Schema and T111 with no fatal finding.
 */
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { applyAction } from '../../core/documents/actions';
import { queueCounts, queueItems } from '../../core/documents/queues';
import { eventsOf, getDocument } from '../../core/documents/store';
import { verifySignature } from '../../core/dispatch/signature';
import { senderPass } from '../../core/dispatch/sender';
import { redeliverDocument } from '../../core/dispatch/operations';
import { buildInvoiceResponse } from '../../core/invoice-response/build';
import { remindAwaiting } from '../../core/invoice-response/deadline';
import { mailPendingStatuses } from '../../core/invoice-response/notify';
import { INVOICE_RESPONSE_DOCUMENT_TYPE_ID, INVOICE_RESPONSE_PROCESS_ID } from '../../core/invoice-response/party';
import { dashboardStats } from '../../core/statistics/dashboard';
import { outboxOfDocument } from '../../core/outbox';
import { responsesOf } from '../../db/repositories/responses';
import { documentResponses } from '../../db/schema';
import { call, creditNoteXml, deliveredDocument, FAST, fixtureWebhook, postJson, silent, startReceiver, statusEnv, t111Fatal, type Env } from './helpers';
import type { TestServer } from '../pipeline/helpers';

let env: Env;
let srv: TestServer;
let tok: Record<string, string>;
let close: () => Promise<void>;
const docs: Record<string, string> = {};
const url = (id: string, rest = ''): string => `${srv.url}/inbox/v1/documents/${id}/responses${rest}`;

beforeAll(async () => {
  ({ env, srv, tokens: tok, close } = await statusEnv('api'));
  docs.peppol = await deliveredDocument(env, 'commune-a', { number: 'P-1', channel: 'peppol' });
  docs.peppol2 = await deliveredDocument(env, 'commune-a', { number: 'P-2', channel: 'peppol' });
  docs.xml = await deliveredDocument(env, 'commune-a', { number: 'P-3', channel: 'peppol' });
  docs.api = await deliveredDocument(env, 'commune-a', { number: 'A-1', channel: 'api', notify: { email: 'ap@supplier.lu', lang: 'de' } });
  docs.unit = await deliveredDocument(env, 'commune-a-unit', { number: 'U-1', channel: 'peppol' });
  docs.b = await deliveredDocument(env, 'commune-b', { number: 'B-1', channel: 'peppol' });
  docs.credit = await deliveredDocument(env, 'commune-a', { number: 'CN-1', channel: 'peppol', xml: creditNoteXml('CN-1') });
  docs.nopeppol = await deliveredDocument(env, 'no-peppol', { number: 'N-1', channel: 'api' });
});
afterAll(() => close());

test('a JSON status: 201, one row, the Invoice Response in the Peppol outbox with the SBDH of Invoice Response 3.1, an audited event', async () => {
  const r = await postJson(url(docs.peppol!), tok['commune-a']!, { code: 'AP', note: 'Bon pour paiement' });
  expect(r.status).toBe(201);
  expect(r.json).toMatchObject({ code: 'AP', note: 'Bon pour paiement', repeated: false, response: { state: 'valid', delivery: 'peppol' } });
  const [out] = await outboxOfDocument(env.store, docs.peppol!, 'invoice-response');
  expect(out).toMatchObject({
    responseCode: 'AP', receiverAp: 'POP000777', senderId: '9938:LU11111139', receiverId: '0088:9482348239847239874',
    documentTypeId: 'urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2::ApplicationResponse##urn:fdc:peppol.eu:poacc:trns:invoice_response:3::2.1',
    processId: 'urn:fdc:peppol.eu:poacc:bis:invoice_response:3', referenceId: 'inst-P-1',
  });
  expect([INVOICE_RESPONSE_DOCUMENT_TYPE_ID, INVOICE_RESPONSE_PROCESS_ID]).toEqual([out!.documentTypeId, out!.processId]);
  const xml = (await env.store.blobs.get(out!.sha256)).toString('utf8');
  expect(xml).toContain('<cbc:ResponseCode>AP</cbc:ResponseCode>');
  expect(xml).toContain('<cbc:EndpointID schemeID="9938">LU11111139</cbc:EndpointID>');
  expect(xml).toContain('<cbc:ID>P-1</cbc:ID>');
  const ev = (await eventsOf(env.store, docs.peppol!)).find((e) => e.type === 'invoice-response');
  expect(ev).toMatchObject({ actor: expect.stringMatching(/^token:/), fromState: 'delivered', toState: 'acknowledged', details: { code: 'AP', via: 'api' } });
  expect((await getDocument(env.store, docs.peppol!))?.state).toBe('acknowledged');
  const list = await call(url(docs.peppol!), tok['commune-a']!);
  expect(list.json).toMatchObject({ documentId: docs.peppol, next: ['PD'] });
  expect((list.json.items as unknown[]).length).toBe(1);
  const stored = await call(url(docs.peppol!, `/${String(r.json.id)}/xml`), tok['commune-a']!);
  expect([stored.status, stored.type]).toEqual([200, expect.stringMatching(/application\/xml/)]);
});

test('idempotent: the same request twice (content, or the same Idempotency-Key) makes one status and one response', async () => {
  const body = { code: 'PD', reasons: [{ code: 'PPD' }], paidAmount: '500.00' };
  const first = await postJson(url(docs.peppol!), tok['commune-a']!, body);
  const again = await postJson(url(docs.peppol!), tok['commune-a']!, body);
  expect([first.status, again.status, again.json.repeated, again.json.id]).toEqual([201, 200, true, first.json.id]);
  const keyed = await postJson(url(docs.peppol!), tok['commune-a']!, { code: 'PD', reasons: [{ StatusReasonCode: 'PPD', StatusReason: 'second instalment' }], paidAmount: '500.00' }, { 'Idempotency-Key': 'erp-42' });
  const keyedAgain = await postJson(url(docs.peppol!), tok['commune-a']!, { code: 'PD' }, { 'Idempotency-Key': 'erp-42' });
  expect([keyed.status, keyedAgain.status, keyedAgain.json.id]).toEqual([201, 200, keyed.json.id]);
  expect(keyed.json.currency).toBe('EUR');
  expect((await responsesOf(env.store.db, docs.peppol!)).map((r) => r.code)).toEqual(['AP', 'PD', 'PD']);
  expect((await outboxOfDocument(env.store, docs.peppol!, 'invoice-response')).length).toBe(3);
});

test('impossible combinations: a 422 naming the T111 or sequence rule', async () => {
  const cases: [string, unknown, string][] = [
    [docs.peppol2!, { code: 'RE' }, 'PEPPOL-T111-R001'],
    [docs.peppol2!, { code: 'AP', reasons: [{ code: 'PPD', text: 'half' }] }, 'PEPPOL-T111-R005'],
    [docs.peppol2!, { code: 'XX' }, 'PEPPOL-T111-B03001'],
    [docs.peppol2!, { code: 'UQ', reasons: ['NOPE'] }, 'PEPPOL-T111-R007'],
    [docs.peppol!, { code: 'AP' }, 'HUB-IR-PD-FINAL'],
  ];
  for (const [id, body, rule] of cases) {
    const r = await postJson(url(id), tok['commune-a']!, body);
    expect([rule, r.status, r.json.ruleId, String(r.json.title)]).toEqual([rule, 422, rule, expect.stringContaining(rule)]);
  }
  expect((await postJson(url(docs.peppol2!), tok['commune-a']!, { code: 'AP', paidAmount: 12 })).status).toBe(400);
  expect((await call(url(docs.peppol2!), tok['commune-a']!, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'AP' })).status).toBe(415);
  expect(await responsesOf(env.store.db, docs.peppol2!)).toEqual([]);
});

test('a body sets statuses only on its own documents and its accounting units\'; the Authority only reads', async () => {
  for (const [method, path] of [['POST', url(docs.b!)], ['GET', url(docs.b!)], ['GET', url(docs.b!, '/x/xml')]] as const) {
    const r = method === 'POST' ? await postJson(path, tok['commune-a']!, { code: 'AP' }) : await call(path, tok['commune-a']!);
    expect([path, r.status]).toEqual([path, 404]);
  }
  expect((await postJson(url(docs.peppol2!), tok['commune-a-unit']!, { code: 'AP' })).status).toBe(404);
  expect((await postJson(url(docs.unit!), tok['commune-a']!, { code: 'IP' })).status).toBe(201);
  expect((await postJson(url(docs.unit!), 'admin-secret', { code: 'AP' })).status).toBe(403);
  expect((await call(url(docs.unit!), 'admin-secret')).status).toBe(200);
  // the acknowledgement is status AB: the body's too, not the Authority's
  expect((await call(`${srv.url}/inbox/v1/documents/${docs.unit!}/ack`, 'admin-secret', { method: 'POST' })).status).toBe(403);
  expect((await responsesOf(env.store.db, docs.unit!)).map((r) => r.code)).toEqual(['IP']);
  const bulk = await call(`${srv.url}/inbox/v1/responses/import?dryRun=true`, tok['commune-b']!, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: `documentId,code\n${docs.peppol2},AP\n` });
  expect(bulk.json).toMatchObject({ applied: false, errors: 1, lines: [{ ok: false, error: expect.stringMatching(/^document-not-found/) }] });
  expect(await responsesOf(env.store.db, docs.b!)).toEqual([]);
});

test('the ERP\'s own Invoice Response (application/xml): checked by XSD + T111, the reference and the sender, then sent as it is', async () => {
  const base = {
    id: 'ERP-IR-1', issueDate: '2026-12-01', sender: { endpoint: '9938:LU11111139', name: 'Commune A' }, receiver: { endpoint: '0088:9482348239847239874', name: 'SupplierOfficialName Ltd' },
    invoice: { id: 'P-3', issueDate: '2017-11-13', typeCode: '380' }, status: { code: 'RE', reasons: [{ code: 'REF', text: 'Commande inconnue' }], actions: [{ code: 'NIN' }] },
  };
  const post = (xml: string): ReturnType<typeof call> => call(url(docs.xml!), tok['commune-a']!, { method: 'POST', headers: { 'Content-Type': 'application/xml' }, body: xml });
  const wrongNumber = await post(buildInvoiceResponse({ ...base, invoice: { ...base.invoice, id: 'P-999' } }));
  expect([wrongNumber.status, wrongNumber.json.type]).toEqual([422, '/problems/response-reference']);
  expect(wrongNumber.text).toContain('HUB-IR-REFERENCE-ID');
  const wrongDate = await post(buildInvoiceResponse({ ...base, invoice: { ...base.invoice, issueDate: '2017-11-14' } }));
  expect(wrongDate.text).toContain('HUB-IR-REFERENCE-DATE');
  const wrongSender = await post(buildInvoiceResponse({ ...base, sender: { endpoint: '9938:LU22222278', name: 'Commune B' } }));
  expect([wrongSender.status, wrongSender.text]).toEqual([422, expect.stringContaining('HUB-IR-SENDER')]);
  const invalid = await post(buildInvoiceResponse({ ...base, status: { code: 'RE', reasons: [], actions: [] } }));
  expect([invalid.status, invalid.json.type, invalid.text]).toEqual([422, '/problems/response-invalid', expect.stringContaining('PEPPOL-T111-R001')]);
  expect((await post('<Invoice/>')).status).toBe(400);
  const good = buildInvoiceResponse(base);
  const ok = await post(good);
  expect([ok.status, ok.json.code, ok.json.via]).toEqual([201, 'RE', 'api-xml']);
  expect((await post(good)).status).toBe(200);
  const [out] = await outboxOfDocument(env.store, docs.xml!, 'invoice-response');
  expect((await env.store.blobs.get(out!.sha256)).toString('utf8')).toBe(good);
  const after = await postJson(url(docs.xml!), tok['commune-a']!, { code: 'AP' });
  expect(after.json.ruleId).toBe('HUB-IR-RE-FINAL');
});

test('the Authority reopens a rejection (audited): the body may then set another status', async () => {
  const deps = { store: env.store, clock: () => new Date(), redeliver: redeliverDocument };
  expect(await applyAction(deps, 'reopen', docs.peppol2!, { actor: 'staff:ops', reason: 'x' })).toMatchObject({ ok: false, status: 409 });
  const r = await applyAction(deps, 'reopen', docs.xml!, { actor: 'staff:ops', reason: 'Le fournisseur a fourni la commande' });
  expect(r.ok).toBe(true);
  expect((await eventsOf(env.store, docs.xml!)).find((e) => e.type === 'response.reopened')?.actor).toBe('staff:ops');
  expect((await postJson(url(docs.xml!), tok['commune-a']!, { code: 'AP' })).status).toBe(201);
});

test('the acknowledgement is status AB, once; a credit note is referenced by its own type code', async () => {
  const ack = await call(`${srv.url}/inbox/v1/documents/${docs.credit}/ack`, tok['commune-a']!, { method: 'POST' });
  expect(ack.json).toEqual({ id: docs.credit, status: 'acknowledged', alreadyAcknowledged: false });
  const again = await call(`${srv.url}/inbox/v1/documents/${docs.credit}/ack`, tok['commune-a']!, { method: 'POST' });
  expect(again.json.alreadyAcknowledged).toBe(true);
  const rows = await responsesOf(env.store.db, docs.credit!);
  expect(rows.map((r) => [r.code, r.via, r.responseState])).toEqual([['AB', 'api', 'valid']]);
  expect((await env.store.blobs.get(rows[0]!.sha256!)).toString('utf8')).toContain('<cbc:DocumentTypeCode>381</cbc:DocumentTypeCode>');
  // a document that already has a status is acknowledged again after a redelivery, without a second AB
  await redeliverDocument(env.store, docs.unit!, { actor: 'admin', reason: 'test', at: new Date() });
  await call(`${srv.url}/inbox/v1/documents/${docs.unit}/ack`, tok['commune-a']!, { method: 'POST' });
  expect((await responsesOf(env.store.db, docs.unit!)).map((r) => r.code)).toEqual(['IP']);
});

test('a body without a Peppol identifier: the status stands, its response is held (invalid) and listed in the console queue', async () => {
  const r = await postJson(url(docs.nopeppol!), tok['no-peppol']!, { code: 'AP' });
  expect(r.json).toMatchObject({ response: { state: 'invalid', findings: [{ ruleId: 'HUB-IR-NO-SENDER' }] } });
  expect((await queueCounts(env.store, new Date().toISOString()))['invalid-responses']).toBe(1);
  const items = await queueItems(env.store, 'invalid-responses', new Date().toISOString(), {}, 10, 0);
  expect(items.map((i) => i.id)).toEqual([docs.nopeppol]);
  expect(await applyAction({ store: env.store, clock: () => new Date(), redeliver: redeliverDocument }, 'handled', docs.nopeppol!, { actor: 'staff:ops', reason: 'directory fixed' })).toMatchObject({ ok: true });
  expect((await queueCounts(env.store, new Date().toISOString()))['invalid-responses']).toBe(0);
});

test('an API submission: the supplier gets one mail per status in its language (X-Notify-Email), and the documents API shows the statuses', async () => {
  const r = await postJson(url(docs.api!), tok['commune-a']!, { code: 'UQ', reasons: [{ code: 'REF', text: 'Bestellnummer fehlt' }], actions: ['PIN'] });
  expect(r.json.response).toMatchObject({ delivery: 'mail', state: 'valid' });
  const sent: { to: string; subject: string; text: string; attachments: unknown[] }[] = [];
  const transport = nodemailer.createTransport({ jsonTransport: true });
  const orig = transport.sendMail.bind(transport);
  transport.sendMail = (async (m: SendMailOptions) => { sent.push(m as unknown as (typeof sent)[number]); return orig(m); }) as unknown as typeof transport.sendMail;
  const mdeps = { store: env.store, transport, from: 'hub@example.lu', clock: () => new Date(), bodyName: async () => 'Gemeinde A' };
  expect(await mailPendingStatuses(mdeps)).toBe(1);
  expect(await mailPendingStatuses(mdeps)).toBe(0);
  expect(sent[0]).toMatchObject({ to: 'ap@supplier.lu', subject: 'Rechnung A-1: Rückfrage' });
  expect(sent[0]!.text).toContain('Referenzen fehlerhaft (REF): Bestellnummer fehlt');
  expect(sent[0]!.text).toContain('Informationen nachreichen (PIN)');
  expect(sent[0]!.attachments).toHaveLength(1);
  const submitter = await call(`${srv.url}/api/v1/documents/${docs.api}`, 'admin-secret');
  expect(submitter.json.responses).toEqual([expect.objectContaining({ code: 'UQ', response: expect.objectContaining({ delivery: 'mail', notifiedAt: expect.any(String) }) })]);
});

test('document.status_changed: pushed to the body\'s webhook, signed like document.delivered', async () => {
  const rx = await startReceiver(() => 204);
  try {
    const hook = await fixtureWebhook(env, 'commune-b', rx.url, 'whsec_test');
    await postJson(url(docs.b!), tok['commune-b']!, { code: 'AP' });
    await senderPass(env.store, FAST, { logger: silent, limit: 10 });
    const got = rx.received.find((x) => x.headers['x-einvoice-event-type'] === 'document.status_changed');
    expect(got).toBeDefined();
    expect(verifySignature(String(got!.headers['x-einvoice-signature']), got!.body, hook.secret)).toBe(true);
    const ev = JSON.parse(got!.body) as { type: string; data: { documentId: string; status: { code: string }; links: { responses: string } } };
    expect(ev).toMatchObject({ type: 'document.status_changed', data: { documentId: docs.b, status: { code: 'AP' }, links: { responses: `https://hub.example.lu/inbox/v1/documents/${docs.b}/responses` } } });
  } finally {
    await rx.close();
  }
});

test('bulk CSV: a dry run writes nothing, applying sets each line once, applying again changes nothing', async () => {
  const one = await deliveredDocument(env, 'commune-a', { number: 'BK-1', channel: 'peppol' });
  const two = await deliveredDocument(env, 'commune-a', { number: 'BK-2', channel: 'peppol' });
  const csv = `documentId;code;reasons;actions;note;paidAmount\n${one};AP;;;;\n${two};RE;REF=Commande inconnue;NIN;Merci;\n${one};PD;PPD;;;100.00\n`;
  const send = (q: string): ReturnType<typeof call> => call(`${srv.url}/inbox/v1/responses/import${q}`, tok['commune-a']!, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: csv });
  const dry = await send('?dryRun=true');
  expect(dry.json).toMatchObject({ dryRun: true, applied: false, errors: 0 });
  expect(await responsesOf(env.store.db, one)).toEqual([]);
  const applied = await send('');
  expect(applied.json).toMatchObject({ applied: true, errors: 0 });
  expect((await responsesOf(env.store.db, one)).map((r) => r.code)).toEqual(['AP', 'PD']);
  expect((await send('')).json).toMatchObject({ applied: true, lines: [{ created: false }, { created: false }, { created: false }] });
  const bad = await call(`${srv.url}/inbox/v1/responses/import`, tok['commune-a']!, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: `documentId,code\n${two},AP\n` });
  expect([bad.status, (bad.json.lines as { error: string }[])[0]!.error]).toEqual([422, expect.stringMatching(/^HUB-IR-RE-FINAL/)]);
});

test('the deadline: documents without a status beyond AB after N days are awaiting the body; one reminder each', async () => {
  const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
  const late = await deliveredDocument(env, 'commune-a', { number: 'LATE-1', channel: 'peppol', deliveredAt: old });
  const lateAcked = await deliveredDocument(env, 'commune-a', { number: 'LATE-2', channel: 'peppol', deliveredAt: old });
  await call(`${srv.url}/inbox/v1/documents/${lateAcked}/ack`, tok['commune-a']!, { method: 'POST' });
  const answered = await deliveredDocument(env, 'commune-a', { number: 'LATE-3', channel: 'peppol', deliveredAt: old });
  await postJson(url(answered), tok['commune-a']!, { code: 'AP' });
  const items = await queueItems(env.store, 'awaiting-body', new Date().toISOString(), {}, 50, 0);
  expect(items.map((i) => i.id).sort()).toEqual([late, lateAcked].sort());
  const transport = nodemailer.createTransport({ jsonTransport: true });
  const s = { days: 30, mailFrom: 'hub@example.lu', publicUrl: 'https://hub', transport };
  expect(await remindAwaiting(env.store, s, silent)).toBe(2);
  expect(await remindAwaiting(env.store, s, silent)).toBe(0);
  expect((await eventsOf(env.store, late)).find((e) => e.type === 'response.reminder')?.details).toMatchObject({ recipients: ['recette@commune-a.lu'], mail: 'sent' });
});

test('statistics: delivery → accepted / paid per body and the share never answered', async () => {
  const year = new Date().getUTCFullYear();
  const s = await dashboardStats(env.store, `${year - 1}-01-01`, `${year + 1}-01-01`);
  const all = s.answers.find((a) => a.bodyId === '*')!;
  const a = s.answers.find((x) => x.bodyId === 'commune-a')!;
  expect(all.delivered).toBeGreaterThan(a.delivered - 1);
  expect(a.medianAcceptedSeconds).not.toBeNull();
  expect(a.medianPaidSeconds).not.toBeNull();
  expect(a.unanswered).toBeGreaterThan(0);
  expect(a.unansweredShare).toMatch(/^0\.\d{4}$/);
});

test('every Invoice Response the hub stored (every path above) passes the XML Schema and T111 with no fatal finding', async () => {
  const rows = await env.store.db.select().from(documentResponses);
  const valid = rows.filter((r) => r.responseState === 'valid');
  for (const r of valid) expect([r.id, r.via, await t111Fatal(await env.store.blobs.get(r.sha256!))]).toEqual([r.id, r.via, []]);
  // every path: JSON, the ERP's XML, the acknowledgement, the bulk CSV; every status code
  expect(new Set(valid.map((r) => r.via))).toEqual(new Set(['api', 'api-xml', 'api-bulk']));
  expect(new Set(valid.map((r) => r.code))).toEqual(new Set(['AB', 'IP', 'UQ', 'RE', 'AP', 'PD']));
  expect(valid.length).toBeGreaterThanOrEqual(12);
});
