/**
 * `npm run bench:route` — recipient resolution speed with the seed directory padded to 3,000
 * identifiers: index build, resolution alone (per document, over a mix of paths), extraction +
 * resolution, the per-document directory version check, and the whole route stage (read row and
 * bytes, check the directory version, extract, resolve, write the transition and its event).
 *
 * Options: `--docs N` (default 20000 resolutions, 2000 stage runs). The database is a new embedded
 * PGlite in a temporary directory; with `--server postgres://…` (a server where the bench may create
 * databases) a new database there instead, dropped at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import pino from 'pino';
import { buildIndex, DirectoryIndexCache } from '../core/directory/directory-index';
import { extractRouting } from '../core/directory/extract';
import { resolveRecipient, type RoutingInput } from '../core/directory/resolve';
import { currentBodies } from '../core/directory/view';
import { saveBodies } from '../core/directory/write';
import { loadDirectoryRows } from '../db/repositories/directory';
import { insertDocument } from '../db/repositories/documents';
import { openStore, type StoreHandle } from '../db/store';
import { seedDirectory } from '../fixtures/directory/seed';
import type { CpuWork } from '../workers/stage-contract';
import { makeRouteStage } from '../workers/route/stage';

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}

function strArg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function admin(url: string, statement: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

/** A store of the bench's own: embedded in `dir`, or a new database on the server of `serverUrl`. */
async function benchStore(dir: string, serverUrl: string | undefined): Promise<{ store: StoreHandle; drop: () => Promise<void> }> {
  if (serverUrl === undefined) {
    const store = await openStore({ dataDir: dir });
    return { store, drop: async () => { await store.close(); } };
  }
  const name = `bench_route_${process.pid}_${Date.now()}`;
  await admin(serverUrl, `create database "${name}"`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const store = await openStore({ dataDir: dir, databaseUrl: u.toString(), poolSize: 4 });
  return { store, drop: async () => { await store.close(); await admin(serverUrl, `drop database if exists "${name}" with (force)`); } };
}

const noCpu: CpuWork = {
  validate: () => Promise.reject(new Error('not used by the route stage')),
  render: () => Promise.reject(new Error('not used by the route stage')),
};

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function fmt(ms: number): string {
  return ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`;
}

function ubl(endpoint: [string, string] | null, legal: string | null, buyerRef: string, order: string, lines = 10): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
  <cbc:ID>INV-${Math.random().toString(36).slice(2)}</cbc:ID><cbc:IssueDate>2026-03-01</cbc:IssueDate>
  <cbc:BuyerReference>${buyerRef}</cbc:BuyerReference><cac:OrderReference><cbc:ID>${order}</cbc:ID></cac:OrderReference>
  <cac:AccountingSupplierParty><cac:Party><cbc:EndpointID schemeID="9938">LU15001316</cbc:EndpointID></cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party>${endpoint ? `<cbc:EndpointID schemeID="${endpoint[0]}">${endpoint[1]}</cbc:EndpointID>` : ''}
    ${legal ? `<cac:PartyLegalEntity><cbc:RegistrationName>B</cbc:RegistrationName><cbc:CompanyID schemeID="0240">${legal}</cbc:CompanyID></cac:PartyLegalEntity>` : ''}
  </cac:Party></cac:AccountingCustomerParty>
  ${'<cac:InvoiceLine><cbc:ID>1</cbc:ID><cbc:InvoicedQuantity unitCode="C62">1</cbc:InvoicedQuantity><cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount><cac:Item><cbc:Name>Item</cbc:Name></cac:Item></cac:InvoiceLine>'.repeat(lines)}
</Invoice>`;
}

async function main(): Promise<void> {
  const n = arg('--docs', 20000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-route-'));
  const { store, drop } = await benchStore(dir, strArg('--server'));
  try {
    let t0 = performance.now();
    const seeded = await seedDirectory(store);
    const seedMs = performance.now() - t0;
    // pad to 3,000 identifiers with GLNs (0088) spread over the active bodies
    const current = [...(await currentBodies(store)).values()].filter((b) => b.status === 'active');
    let count = (await loadDirectoryRows(store.db)).identifiers.length;
    let g = 0;
    while (count < 3000) {
      const b = current[g % current.length]!;
      b.identifiers.push({ scheme: '0088', value: String(5400000000000 + g * 7), purpose: 'other' });
      g++;
      count++;
    }
    t0 = performance.now();
    const pad = await saveBodies(store, current, { actor: 'bench', source: 'api', effectiveFrom: '2026-01-01' });
    const padMs = performance.now() - t0;
    if (!pad.ok) throw new Error('padding failed');
    t0 = performance.now();
    const rows = await loadDirectoryRows(store.db);
    const loadMs = performance.now() - t0;
    t0 = performance.now();
    const index = buildIndex(rows);
    const buildMs = performance.now() - t0;

    // a mix of inputs: 40 % SBDH receiver, 25 % BT-49 only, 10 % BT-47 without scheme, 10 % retired body via successor, 15 % unknown
    const all = [...(await currentBodies(store)).values()];
    const active = all.filter((b) => b.status === 'active');
    const retired = all.filter((b) => b.status === 'retired');
    const inputs: RoutingInput[] = [];
    for (let i = 0; i < n; i++) {
      const b = active[(i * 7919) % active.length]!;
      const peppol = b.identifiers.find((x) => x.purpose === 'peppol')!;
      const legal = b.identifiers.find((x) => x.purpose === 'legal');
      const r = i % 20;
      if (r < 8) inputs.push({ receiver: `iso6523-actorid-upis::${peppol.scheme}:${peppol.value}`, bt49: { scheme: peppol.scheme, value: peppol.value }, bt10: 'VDL-ECOLES-1', bt13: 'PO-1' });
      else if (r < 13) inputs.push({ bt49: { scheme: peppol.scheme, value: peppol.value.toLowerCase() }, bt10: 'X' });
      else if (r < 15) inputs.push({ bt49: { scheme: '9938', value: 'LU00000000' }, bt47: { value: (legal ?? peppol).value } });
      else if (r < 17) {
        const old = retired[i % retired.length]!;
        inputs.push({ receiver: `9938:${old.identifiers.find((x) => x.scheme === '9938')!.value}` });
      } else inputs.push({ receiver: `9938:LU${String(10000000 + i).slice(-8)}`, bt49: { scheme: '9938', value: 'LU99999999' }, bt47: { value: `nobody-${i}` }, bt48: 'LU11111111', bt46: [{ value: 'x' }] });
    }
    const times: number[] = [];
    let ok = 0;
    for (const inp of inputs.slice(0, 1000)) resolveRecipient(index, inp, '2026-03-01'); // warm-up
    const tAll = performance.now();
    for (const inp of inputs) {
      const s = performance.now();
      const r = resolveRecipient(index, inp, '2026-03-01');
      times.push(performance.now() - s);
      if (r.ok) ok++;
    }
    const totalResolve = performance.now() - tAll;
    times.sort((a, b) => a - b);

    // extraction + resolution on a 10-line UBL invoice
    const target = active.find((b) => b.id === 'commune-luxembourg')!.identifiers.find((x) => x.purpose === 'peppol')!;
    const sample = ubl([target.scheme, target.value], null, 'VDL-ECOLES-1', 'PO-1');
    const ex: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const s = performance.now();
      resolveRecipient(index, extractRouting(sample), '2026-03-01');
      ex.push(performance.now() - s);
    }
    ex.sort((a, b) => a - b);
    const big = ubl([target.scheme, target.value], null, 'VDL-ECOLES-1', 'PO-1', 200);
    const exBig: number[] = [];
    for (let i = 0; i < 300; i++) {
      const s = performance.now();
      resolveRecipient(index, extractRouting(big), '2026-03-01');
      exBig.push(performance.now() - s);
    }
    exBig.sort((a, b) => a - b);

    // the version check every document pays (directory unchanged: the cached index is used)
    const cache = new DirectoryIndexCache();
    await cache.get(store);
    const vc: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const s = performance.now();
      await cache.get(store);
      vc.push(performance.now() - s);
    }
    vc.sort((a, b) => a - b);

    // the whole stage, with the database writes (one transaction per document)
    const stageN = Math.min(2000, n);
    const ids: string[] = [];
    for (let i = 0; i < stageN; i++) {
      const b = active[(i * 31) % active.length]!;
      const peppol = b.identifiers.find((x) => x.purpose === 'peppol')!;
      const bytes = Buffer.from(ubl([peppol.scheme, peppol.value], null, `REF-${i}`, `PO-${i}`));
      const sha = await store.blobs.put(bytes);
      const id = `bench-${i}`;
      await insertDocument(store.db, { id, state: 'validated', version: 2, channel: 'peppol', receivedAt: '2026-03-01T09:00:00.000Z', updatedAt: '2026-03-01T09:00:00.000Z', submittedBy: 'bench', originalSha256: sha, payloadSha256: sha, sizeBytes: bytes.length });
      ids.push(id);
    }
    const stage = makeRouteStage(cache);
    const deps = { store, cpu: noCpu, logger: pino({ level: 'silent' }), clock: () => new Date() };
    const st: number[] = [];
    let routed = 0;
    for (const id of ids) {
      const s = performance.now();
      const r = await stage(id, deps);
      st.push(performance.now() - s);
      if (r.state === 'routed') routed++;
    }
    st.sort((a, b) => a - b);

    const lines = [
      `database: ${store.mode === 'server' ? 'PostgreSQL server' : 'embedded PGlite'}`,
      `directory: ${index.bodies.size} bodies, ${rows.identifiers.length} identifier rows (seeded ${seeded.bodies} bodies in ${seedMs.toFixed(0)} ms; padding write of ${current.length} bodies ${padMs.toFixed(0)} ms)`,
      `rows load (snapshot): ${loadMs.toFixed(1)} ms; index build: ${buildMs.toFixed(1)} ms`,
      `resolution alone: ${n} documents, ${ok} resolved; mean ${fmt(totalResolve / n)}, p50 ${fmt(pct(times, 50))}, p99 ${fmt(pct(times, 99))}, max ${fmt(times[times.length - 1]!)}`,
      `extract + resolve (10-line UBL, ${sample.length} bytes): p50 ${fmt(pct(ex, 50))}, p99 ${fmt(pct(ex, 99))}`,
      `extract + resolve (200-line UBL, ${big.length} bytes): p50 ${fmt(pct(exBig, 50))}, p99 ${fmt(pct(exBig, 99))}`,
      `directory version check (cached index): p50 ${fmt(pct(vc, 50))}, p99 ${fmt(pct(vc, 99))}`,
      `route stage (row + bytes + version check + extract + resolve + transition): ${stageN} documents, ${routed} routed; p50 ${fmt(pct(st, 50))}, p99 ${fmt(pct(st, 99))}, ${(stageN / (st.reduce((a, b) => a + b, 0) / 1000)).toFixed(0)} documents/s`,
    ];
    console.log(lines.join('\n'));
  } finally {
    await drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
