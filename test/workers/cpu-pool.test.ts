/** The CPU pool: validation and rendering in worker threads, same results as in-process, the event loop stays free, fail closed on timeout. */
import fs from 'node:fs';
import path from 'node:path';
import { validate } from '../../validation';
import { readInvoice } from '../../model';
import { renderPdfWithInfo } from '../../templates';
import { CpuPool } from '../../workers/cpu/pool';

const base = fs.readFileSync(path.resolve(__dirname, '../../../shared/examples/peppol-billing/base-example.xml'));

test('the pool gives the same report as in-process validation, and the event loop keeps turning', async () => {
  const pool = new CpuPool({ size: 2 });
  try {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    const bad = Buffer.from(base.toString('utf8').replace(/<cbc:PayableAmount currencyID="EUR">[^<]*</, '<cbc:PayableAmount currencyID="EUR">1.00<'));
    const [a, b, c] = await Promise.all([pool.validateReport(base), pool.validateReport(bad), pool.validateReport(base, { date: '2025-09-01' })]);
    clearInterval(ticker);
    expect(a.valid).toBe(true);
    expect(b.valid).toBe(false);
    const inProcess = await validate(bad);
    expect(b.findings).toEqual(inProcess.findings);
    expect(c.packs.map((p) => p.version)).toEqual(['1.3.16', '2025.5']);
    // While workers validated (loading stylesheets takes seconds), timers on the main thread still fired.
    expect(ticks).toBeGreaterThan(10);
  } finally {
    await pool.close();
  }
});

test('a validation that exceeds the time limit fails closed, and the pool replaces the worker', async () => {
  const pool = new CpuPool({ size: 1, timeoutMs: 3000 });
  try {
    expect((await pool.validateReport(Buffer.alloc(0))).findings[0].ruleId).toBe('SYNTAX-EMPTY'); // worker up
    // 3,000 invoice lines: the reference engine (saxon) needs far more than 3 s for them.
    const text = base.toString('utf8');
    const line = /<cac:InvoiceLine>[\s\S]*?<\/cac:InvoiceLine>/.exec(text)![0];
    const big = Buffer.from(text.replace(line, line.repeat(3000)));
    const r = await pool.validateReport(big, { engine: 'saxon' });
    expect(r.valid).toBe(false);
    expect(r.findings).toEqual([expect.objectContaining({ source: 'engine', ruleId: 'HUB-ENGINE-TIMEOUT', flag: 'fatal' })]);
    expect(r.findings[0].message).toMatch(/within 3000 ms/);
    expect(r.phases).toEqual([expect.objectContaining({ ran: false })]);
    // The stuck worker was replaced: the next document is handled.
    expect((await pool.validateReport(Buffer.from('<not-closed'))).findings[0].ruleId).toBe('SYNTAX-XML');
  } finally {
    await pool.close();
  }
});

test('validation in the pool also reads the business keys; rendering gives the same PDF as in-process', async () => {
  const pool = new CpuPool({ size: 1 });
  try {
    const v = await pool.validate(base, {});
    expect(v.report.valid).toBe(true);
    expect(v.keys).toEqual({ invoiceNumber: 'Snippet1', issueDate: '2017-11-13', typeCode: '380', sellerKey: 'GB1232434', buyerEndpointId: '0002:FR23342' });
    const options = { lang: 'de' as const, documentId: 'pool-1', receivedAt: '2026-12-01T10:00:00.000Z' };
    const out = await pool.render({ payload: base, options });
    if (!out.ok) throw new Error(out.unreadable);
    const direct = await renderPdfWithInfo(readInvoice(base), options);
    expect(Buffer.isBuffer(out.pdf)).toBe(true);
    expect(out.pdf.equals(direct.pdf)).toBe(true);
    expect(out.pages).toBe(direct.pages);
    expect(out.summary).toEqual(expect.objectContaining({ number: 'Snippet1' }));
    const bad = await pool.render({ payload: Buffer.from('<Order xmlns="urn:x"/>'), options });
    expect(bad.ok).toBe(false);
  } finally {
    await pool.close();
  }
});
