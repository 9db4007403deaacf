/**
 * Two worker processes on one Redis and one PostgreSQL, each running every periodic pass (the MLS
 * pass every second here): what cluster.test.ts does not look at. Refused Peppol documents —
 * rejected by the rules, duplicates, unknown receivers — each get exactly one MLS response, valid
 * against the official MLS rules, however often the two hosts run their passes; ten copies of one
 * invoice handed off at the same instant leave exactly one original and nine duplicates (the
 * business-key lock holds across hosts); delivered documents get no response.
 */
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../../db/client';
import { openStore } from '../../../db/store';
import { validate } from '../../../validation';
import { startCluster, waitSettled, type Cluster } from '../../helpers/cluster';
import { invoice, sbdh } from '../../pipeline/helpers';
import { assertEventsExactlyOnce, states } from '../../pipeline/invariants';

let c: Cluster;
process.env.EINVOICE_MLS_INTERVAL_MS = '1000'; // inherited by the spawned workers

beforeAll(async () => {
  c = await startCluster({ workers: 2, name: 'cluster-mls', validateConcurrency: 1 });
}, 120_000);
afterAll(async () => {
  delete process.env.EINVOICE_MLS_INTERVAL_MS;
  await c?.stop();
}, 60_000);

async function handOff(xml: Buffer, receiver: string, key: string): Promise<string> {
  const res = await fetch(`${c.apiUrl}/peppol/v1/inbound`, {
    method: 'POST', body: new Uint8Array(sbdh(xml, { receiver, instanceId: key })),
    headers: { Authorization: `Bearer ${c.token}`, 'Content-Type': 'application/xml', 'X-AS4-Message-Id': `${key}@cluster`, 'X-Peppol-Sending-AP': 'PBE000042' },
  });
  const body = (await res.json()) as { id?: string };
  if (res.status !== 202 || body.id === undefined) throw new Error(`${key}: ${res.status} ${JSON.stringify(body)}`);
  return body.id;
}

test('two hosts, their passes racing: one MLS per refused document, one original among ten simultaneous copies', async () => {
  const [scheme, value] = c.participant.split(/:(.*)/s) as [string, string];
  const addressed = (n: string): Buffer => Buffer.from(invoice(n).toString('utf8').replace('<cbc:EndpointID schemeID="0002">FR23342</cbc:EndpointID>', `<cbc:EndpointID schemeID="${scheme}">${value}</cbc:EndpointID>`));
  const rejected = await Promise.all(Array.from({ length: 10 }, (_, i) => handOff(Buffer.from(addressed(`MLS-R-${i}`).toString('utf8').replace(/<cbc:DocumentCurrencyCode>EUR<\/cbc:DocumentCurrencyCode>/, '')), c.participant, `mls-r-${i}`)));
  const unknown = await Promise.all(Array.from({ length: 10 }, (_, i) => handOff(invoice(`MLS-U-${i}`), '9938:LU00000000', `mls-u-${i}`)));
  const copies = await Promise.all(Array.from({ length: 10 }, (_, i) => handOff(addressed('MLS-COPY'), c.participant, `mls-c-${i}`)));
  const valid = await Promise.all(Array.from({ length: 5 }, (_, i) => handOff(addressed(`MLS-V-${i}`), c.participant, `mls-v-${i}`)));
  const all = [...rejected, ...unknown, ...copies, ...valid];
  await waitSettled(c, all.length, 180_000);
  const db = await openStore({ dataDir: c.store.dataDir, databaseUrl: c.store.databaseUrl });
  try {
    const st = await states(db);
    expect(rejected.map((id) => st.get(id))).toEqual(rejected.map(() => 'rejected'));
    expect(unknown.map((id) => st.get(id))).toEqual(unknown.map(() => 'unroutable'));
    expect(copies.filter((id) => st.get(id) === 'duplicate')).toHaveLength(9);
    expect(copies.filter((id) => st.get(id) === 'delivered')).toHaveLength(1);
    const refused = [...rejected, ...unknown, ...copies.filter((id) => st.get(id) === 'duplicate')];
    const mlsCount = async (): Promise<Map<string, number>> => new Map((await rowsOf<{ document_id: string; n: string }>(db.db, sql`select document_id, count(*) as n from peppol_outbox where kind = 'mls' group by document_id`)).map((r) => [r.document_id, Number(r.n)]));
    const end = Date.now() + 60_000;
    while ((await mlsCount()).size < refused.length && Date.now() < end) await new Promise((r) => setTimeout(r, 250));
    await new Promise((r) => setTimeout(r, 3000)); // a few more passes of both hosts
    const counts = await mlsCount();
    for (const id of refused) expect([id, counts.get(id)]).toEqual([id, 1]);
    for (const id of [...valid, ...copies.filter((x) => st.get(x) === 'delivered')]) expect(counts.get(id)).toBeUndefined();
    const rows = await rowsOf<{ sha256: string; document_id: string }>(db.db, sql`select sha256, document_id from peppol_outbox where kind = 'mls'`);
    for (const r of rows) {
      const report = await validate(await db.blobs.get(r.sha256), { scenario: 'peppol-mls' });
      expect([r.document_id, report.valid]).toEqual([r.document_id, true]);
    }
    const events = await rowsOf<{ document_id: string; n: string }>(db.db, sql`select document_id, count(*) as n from events where type = 'mls' group by document_id having count(*) > 1`);
    expect(events).toEqual([]);
    await assertEventsExactlyOnce(db);
  } finally {
    await db.close();
  }
}, 300_000);
