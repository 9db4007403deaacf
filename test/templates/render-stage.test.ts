import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { eq } from 'drizzle-orm';
import { attachFile, eventsOf, fileOf } from '../../core/documents/store';
import { readEmbeddedInvoice } from '../../core/portal/facturx';
import { bodies, documents, events } from '../../db/schema';
import { inlineCpu } from '../../workers/cpu/inline';
import { renderStage } from '../../workers/render/stage';
import { PermanentStageError, type CpuWork, type StageDeps } from '../../workers/stage-contract';
import { openTestStore, type TestStore } from '../helpers/store';
import { pdfText } from './coverage';
import { EXAMPLES_DIR } from './fixtures';

const EXAMPLE = fs.readFileSync(path.join(EXAMPLES_DIR, 'peppol-billing', 'base-example.xml'));

const REPORT = {
  valid: true, scenario: 'peppol-bis-billing-ubl', engine: 'saxon', date: '2026-03-01',
  packs: [{ id: 'en16931-ubl', version: '1.3.16', hash: 'c'.repeat(64) }, { id: 'peppol-billing', version: '2026.5', hash: 'd'.repeat(64) }],
  findings: [{ source: 'schematron', ruleId: 'PEPPOL-EN16931-R008', flag: 'warning', location: '/Invoice', message: 'Document MUST not contain empty elements.' }],
  phases: [],
};

describe('renderStage (routed → rendered)', () => {
  let store: TestStore;
  let deps: StageDeps;
  let n = 0;

  async function addDocument(opts: { bytes?: Buffer; state?: string; bodyId?: string | null; report?: unknown; validateEvent?: Record<string, unknown> } = {}): Promise<string> {
    const bytes = opts.bytes ?? EXAMPLE;
    const sha = await store.blobs.put(bytes);
    const id = `doc-${++n}`;
    const at = '2026-03-01T09:00:00.000Z';
    await store.db.insert(documents).values({
      id, state: opts.state ?? 'routed', version: 0, channel: 'peppol', receivedAt: at, updatedAt: at, submittedBy: 'test',
      originalSha256: sha, payloadSha256: sha, sizeBytes: bytes.length, resolvedBodyId: opts.bodyId === undefined ? 'min-de' : opts.bodyId,
    });
    if (opts.report !== undefined) {
      const json = Buffer.from(JSON.stringify(opts.report));
      await attachFile(store.db, id, 'validation-report', await store.blobs.put(json), json.length, 'application/json', at);
    }
    if (opts.validateEvent) {
      await store.db.insert(events).values({ documentId: id, seq: 1, at, actor: 'system:validate', type: 'transition', fromState: 'received', toState: 'validated', details: opts.validateEvent });
      await store.db.update(documents).set({ version: 1 }).where(eq(documents.id, id));
    }
    return id;
  }
  const pdfOf = async (id: string): Promise<Buffer> => store.blobs.get((await fileOf(store, id, 'pdf')) as string);

  beforeAll(async () => {
    store = await openTestStore('render-stage');
    deps = { store, cpu: inlineCpu, logger: pino({ level: 'silent' }), clock: () => new Date('2026-03-01T10:00:00Z') };
    const now = '2026-01-01T00:00:00Z';
    for (const [id, language] of [['min-de', 'de'], ['commune-lb', 'lb'], ['min-en', 'en']] as const) {
      await store.db.insert(bodies).values({ id, type: 'ministry', parentId: null, status: 'active', validFrom: '2020-01-01', validTo: null, language, createdAt: now, updatedAt: now });
    }
  });
  afterAll(() => store.close());

  test('renders in the body language, stores the PDF (role pdf) and the summary (role summary), writes one event, idempotently', async () => {
    const id = await addDocument({ report: REPORT });
    const r = await renderStage(id, deps);
    expect(r).toMatchObject({ state: 'rendered', changed: true, details: { lang: 'de' } });
    const sha = await fileOf(store, id, 'pdf');
    expect(sha).toBeDefined();
    const pdf = await pdfOf(id);
    const text = pdfText(pdf);
    expect(text).toMatch(/^Rechnung/);
    expect(text).toContain(`Dokument ${id}`);
    expect(text).toContain('Empfangen am 01.03.2026 09:00:00 UTC');
    expect(text).toContain('en16931-ubl 1.3.16, peppol-billing 2026.5');
    expect(text).toContain('Prüfung: gültig, 1 Warnung');
    expect(text).toContain('PEPPOL-EN16931-R008');
    const summary = JSON.parse((await store.blobs.get((await fileOf(store, id, 'summary')) as string)).toString('utf8')) as { number: string };
    expect(summary.number).toBe('Snippet1');
    const evs = await eventsOf(store, id);
    expect(evs).toHaveLength(1);
    expect(evs[0]).toMatchObject({ actor: 'system:render', fromState: 'routed', toState: 'rendered' });
    const details = evs[0]!.details as { pdf: { sha256: string; size: number; pages: number }; lang: string; validationSource: string };
    expect(details).toMatchObject({ pdf: { sha256: sha, size: pdf.length }, lang: 'de', validationSource: 'report' });
    expect(details.pdf.pages).toBeGreaterThanOrEqual(1);
    // a second run finds the document rendered and does nothing
    expect(await renderStage(id, deps)).toEqual({ state: 'rendered', changed: false });
    expect(await eventsOf(store, id)).toHaveLength(1);
  });

  test('the PDF carries the received business document byte for byte, and names the body it was delivered to', async () => {
    const id = await addDocument({ report: REPORT });
    await renderStage(id, deps);
    const pdf = await pdfOf(id);
    expect(readEmbeddedInvoice(pdf, 10 << 20)).toEqual({ xml: EXAMPLE, filename: `${id}.xml` });
    expect(pdfText(pdf)).toContain('min-de');
  });

  test('the same document rendered again gives the same bytes (same content address)', async () => {
    const a = await addDocument({ report: REPORT, bodyId: 'min-en' });
    await renderStage(a, deps);
    const shaA = await fileOf(store, a, 'pdf');
    // reset to routed, as a reprocessing would, and render again
    await store.db.update(documents).set({ state: 'routed' }).where(eq(documents.id, a));
    await renderStage(a, deps);
    expect(await fileOf(store, a, 'pdf')).toBe(shaA);
  });

  test('Luxembourgish or unknown body → French', async () => {
    for (const bodyId of ['commune-lb', null, 'no-such-body']) {
      const id = await addDocument({ report: REPORT, bodyId });
      const r = await renderStage(id, deps);
      expect(r.details).toMatchObject({ lang: 'fr' });
      expect(pdfText(await pdfOf(id))).toMatch(/^Facture/);
    }
  });

  test('without a stored report the validate event gives the packs and the warning count', async () => {
    const id = await addDocument({ validateEvent: { scenario: 'peppol-bis-billing-ubl', packs: REPORT.packs, fatal: 0, warnings: 2 } });
    const r = await renderStage(id, deps);
    expect(r.state).toBe('rendered');
    const text = pdfText(await pdfOf(id));
    expect(text).toContain('Prüfung: gültig, 2 Warnungen');
    expect(text).toContain('peppol-billing 2026.5');
  });

  test('permanent failures: no validation record, unreadable payload, missing bytes, unknown document', async () => {
    await expect(renderStage(await addDocument({}), deps)).rejects.toMatchObject({ name: 'PermanentStageError', reason: 'no-validation' });
    await expect(renderStage(await addDocument({ bytes: Buffer.from('<Order xmlns="urn:x"/>'), report: REPORT }), deps)).rejects.toMatchObject({ reason: 'unreadable' });
    const gone = await addDocument({ report: REPORT });
    const [row] = await store.db.select().from(documents).where(eq(documents.id, gone));
    const sha = row!.payloadSha256;
    await store.db.update(documents).set({ payloadSha256: sha.replace(/^./, sha[0] === 'a' ? 'b' : 'a') }).where(eq(documents.id, gone));
    await expect(renderStage(gone, deps)).rejects.toBeInstanceOf(PermanentStageError);
    await expect(renderStage('nope', deps)).rejects.toMatchObject({ reason: 'no-document' });
  });

  test('a document in another state is left alone', async () => {
    let called = 0;
    const cpu: CpuWork = { ...inlineCpu, render: async () => { called++; throw new Error('must not render'); } };
    const id = await addDocument({ state: 'validated', report: REPORT });
    expect(await renderStage(id, { ...deps, cpu })).toEqual({ state: 'validated', changed: false });
    expect(called).toBe(0);
  });
});
