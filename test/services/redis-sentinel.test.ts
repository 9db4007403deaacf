/**
 * REDIS_URL through Redis Sentinel: a real redis-server and a real sentinel monitoring it (both started
 * here on free ports), the hub's connection finding the master through the sentinel.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Queue } from 'bullmq';
import { redisAnswers } from '../../services/redis-local';
import { redisConnection, redisOptionsOf } from '../../workers/queues';
import { tmpDir } from '../pipeline/helpers';

const dir = tmpDir('redis-sentinel');
const children: ChildProcess[] = [];
const port = (): number => 40_000 + Math.floor(Math.random() * 20_000);

async function until(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await redisAnswers(url, 200)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} does not answer`);
}

afterAll(async () => {
  for (const c of children) {
    c.kill('SIGTERM');
    if (c.exitCode === null) await new Promise((r) => c.once('exit', r));
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test('redis+sentinel:// URLs: hosts, default port, master name, database, password', () => {
  expect(redisOptionsOf('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  expect(redisOptionsOf('redis+sentinel://s1:26380,s2/hub/2')).toEqual({ sentinels: [{ host: 's1', port: 26380 }, { host: 's2', port: 26379 }], name: 'hub', db: 2 });
  expect(redisOptionsOf('redis+sentinel://:p%40ss@s1:26379/hub')).toEqual({ sentinels: [{ host: 's1', port: 26379 }], name: 'hub', password: 'p@ss', sentinelPassword: 'p@ss' });
  expect(() => redisOptionsOf('redis+sentinel://s1:26379')).toThrow(/master name/);
});

test('the queues reach the master through a real sentinel', async () => {
  const master = port();
  const sentinel = port();
  children.push(spawn('redis-server', ['--port', String(master), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' }));
  await until(`redis://127.0.0.1:${master}`);
  const conf = path.join(dir, 'sentinel.conf');
  fs.writeFileSync(conf, `port ${sentinel}\nbind 127.0.0.1\nsentinel monitor hub 127.0.0.1 ${master} 1\n`);
  children.push(spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' }));
  await until(`redis://127.0.0.1:${sentinel}`);
  const url = `redis+sentinel://127.0.0.1:${sentinel}/hub`;
  const r = redisConnection(url);
  const qc = redisConnection(url);
  const q = new Queue('sentinel-check', { connection: qc, prefix: `t-${process.pid}` });
  try {
    await r.set('through-sentinel', 'yes');
    expect(await r.get('through-sentinel')).toBe('yes');
    await q.add('x', { a: 1 }, { jobId: 'one' });
    expect(await q.getJobCounts('waiting')).toEqual({ waiting: 1 });
  } finally {
    await q.close();
    qc.disconnect();
    r.disconnect();
  }
});
