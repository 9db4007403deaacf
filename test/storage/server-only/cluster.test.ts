/**
 * Proof of scale-out: one API process and two worker processes, each with its own EMPTY data
 * directory, one PostgreSQL, one Redis; 500 documents through the hand-off and the upload API; one
 * worker killed with -9 in the middle (a third one starts in its place). Every document reaches a
 * final state, none is delivered twice (inbox rows, webhook deliveries, delivered events, events the
 * body received), and the XML and PDF of every document are readable through the API process —
 * although the API never rendered anything and shares no disk with the workers.
 */
import { openStore } from '../../../db/store';
import { deliveryCounts, sendDocuments, startCluster, waitSettled, type Cluster } from '../../helpers/cluster';
import { settledCount } from '../../pipeline/helpers';
import { waitFor } from '../../helpers/wait';
import { assertEventsExactlyOnce, states } from '../../pipeline/invariants';

let c: Cluster;

beforeAll(async () => {
  c = await startCluster({ workers: 2, name: 'cluster', validateConcurrency: 1 });
}, 120_000);
afterAll(() => c?.stop(), 60_000);

test('500 documents, two worker hosts, one killed: all final, none delivered twice, all readable through the API', async () => {
  const N = 500;
  const sending = sendDocuments(c, 'T', N, 8);
  await waitFor('first deliveries', async () => (await settledCount(c.apiUrl, (s) => s === 'delivered')).settled >= 40, 120_000, 200);
  const victim = c.workers[0]!;
  victim.child.kill('SIGKILL');
  await victim.exited;
  await c.startWorker(); // another host takes its place
  const ids = await sending;
  expect(new Set(ids).size).toBe(N);
  await waitSettled(c, N, 600_000);
  await waitFor('webhooks pushed', () => c.receiver.events.size >= N, 120_000, 200);

  const check = await openStore({ dataDir: c.store.dataDir, databaseUrl: c.store.databaseUrl });
  try {
    const st = await states(check);
    expect(ids.map((id) => st.get(id))).toEqual(ids.map(() => 'delivered'));
    // the receiver answers before the sender records the delivery: wait for the last records
    await waitFor('webhook deliveries recorded', async () => [...(await deliveryCounts(check)).values()].filter((v) => v.webhook >= 1).length >= N, 60_000, 200);
    const counts = await deliveryCounts(check);
    for (const id of ids) expect([id, counts.get(id)]).toEqual([id, { inbox: 1, webhook: 1, deliveredEvents: 1 }]);
    await assertEventsExactlyOnce(check);
  } finally {
    await check.close();
  }
  // the body's system saw one event per document (a retried push keeps its event id)
  for (const id of ids) expect([id, c.receiver.events.get(id)?.size]).toEqual([id, 1]);
  const auth = { Authorization: `Bearer ${c.token}` };
  for (const id of ids) {
    const xml = await fetch(`${c.apiUrl}/api/v1/documents/${id}/xml`, { headers: auth });
    const pdf = await fetch(`${c.apiUrl}/api/v1/documents/${id}/pdf`, { headers: auth });
    expect([id, xml.status, pdf.status]).toEqual([id, 200, 200]);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await xml.arrayBuffer();
  }
}, 900_000);
