/**
 * `npx einvoice report tsr|eusr --month YYYY-MM [--json]` as a child process over the hub's database of
 * the mode in use (the test's embedded data directory, or its server database through DATABASE_URL):
 * the XML the hub stored, the figures as JSON, an empty month, usage errors.
 */

import { runCli, type CliResult } from '../helpers/cli';
import { addToOutbox } from '../../core/outbox';
import { buildMonth } from '../../core/reporting/monthly';
import { insertLedgerRows } from '../../db/repositories/reporting';
import { validate } from '../../validation';
import { openTestStore, testDbMode, type TestStore } from '../helpers/store';
import { ledgerRow } from './reporting-helpers';

jest.setTimeout(180_000);

let store: TestStore;
let storedXml = '';

function run(args: string[]): Promise<CliResult> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'NODE_OPTIONS' && k !== 'DATABASE_URL') env[k] = v;
  Object.assign(env, { EINVOICE_DATA_DIR: store.dataDir, EINVOICE_PEPPOL_SEAT_ID: 'PLU000000', ...(store.databaseUrl !== undefined ? { DATABASE_URL: store.databaseUrl } : {}) });
  return runCli(args, env);
}

beforeAll(async () => {
  store = await openTestStore('reporting-cli');
  await insertLedgerRows(store.db, [
    ledgerRow({ as4MessageId: 'c1', exchangedAt: '2026-11-02T10:00:00.000Z' }),
    ledgerRow({ as4MessageId: 'c2', exchangedAt: '2026-11-03T10:00:00.000Z', c2SeatId: 'PDE000002', c1Country: 'DE', endUserId: 'commune-b' }),
  ]);
  const [tsr] = await buildMonth({ store, validate: (b, o) => validate(b, o), reporterId: 'PLU000000', handOff: addToOutbox, clock: () => new Date('2026-12-02T01:00:00.000Z') }, '2026-11', 'system:reporting');
  storedXml = (await store.blobs.get(tsr!.report.sha256!)).toString('utf8');
});

afterAll(async () => {
  await store?.close();
});

it('while the hub holds its database: the embedded one is refused (one process owns it), a server one is shared', async () => {
  const r = await run(['report', 'tsr', '--month', '2026-11']);
  if (testDbMode() === 'embedded') {
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot open the hub\'s database');
    expect(r.stderr).toContain('DATABASE_URL');
  } else {
    expect([r.code, r.stdout]).toEqual([0, storedXml]);
  }
});

describe('with the database free', () => {
  beforeAll(async () => {
    await store.release();
  });

  it('prints the XML: the bytes the hub stored', async () => {
    const r = await run(['report', 'tsr', '--month', '2026-11']);
    expect([r.code, r.stderr]).toEqual([0, expect.stringContaining('TSR 2026-11 for PLU000000')]);
    expect(r.stderr).toContain('the same bytes as the stored version 1 (built)');
    expect(r.stdout).toBe(storedXml);
  });

  it('--json: the figures', async () => {
    const r = await run(['report', 'eusr', '--month', '2026-11', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { month: string; kind: string; figures: { fullSet: unknown; subsets: unknown[] }; counted: number; stored: { version: number; sameBytes: boolean } };
    // two received invoices, to min-a and commune-b
    expect([j.month, j.kind, j.figures.fullSet, j.counted, j.stored.version, j.stored.sameBytes]).toEqual(['2026-11', 'eusr', { sending: 0, receiving: 2, sendingOrReceiving: 2 }, 2, 1, true]);
    const t = JSON.parse((await run(['report', 'tsr', '--month', '2026-11', '--json'])).stdout) as { figures: { total: unknown } };
    expect(t.figures.total).toEqual({ incoming: 2, outgoing: 0 });
  });

  it('a month without traffic is still a report', async () => {
    const r = await run(['report', 'tsr', '--month', '2026-10']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('<Incoming>0</Incoming>');
    expect(r.stdout).not.toContain('<Subtotal');
    expect(r.stderr).toContain('no version stored by the hub yet');
  });

  it('usage errors exit 2; help lists the command', async () => {
    for (const args of [['report'], ['report', 'xsr', '--month', '2026-11'], ['report', 'tsr'], ['report', 'tsr', '--month', '2026-13'], ['report', 'tsr', 'eusr', '--month', '2026-11'], ['report', 'tsr', '--month', '2026-11', '--bogus']]) {
      const r = await run(args);
      expect([args.join(' '), r.code]).toEqual([args.join(' '), 2]);
      expect(r.stderr).toContain('usage: einvoice report');
    }
    const help = await run(['help']);
    expect(help.stdout).toMatch(/\n {2}report +print a month's Peppol TSR or EUSR/);
    expect((await run(['report', '--help'])).code).toBe(0);
  });
});
