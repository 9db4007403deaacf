import fs from 'node:fs';
import { Redis } from 'ioredis';
import { ensureRedis, redisAnswers } from '../../services/redis-local';
import { REDIS_URL, silent, tmpDir } from '../pipeline/helpers';

const dir = tmpDir('redis-local');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('uses REDIS_URL as given, or a Redis that answers, without starting anything', async () => {
  expect(await ensureRedis(silent, dir, { explicitUrl: 'redis://example.invalid:6379' })).toEqual({ url: 'redis://example.invalid:6379', child: null });
  expect(await ensureRedis(silent, dir, { defaultUrl: REDIS_URL })).toEqual({ url: REDIS_URL, child: null });
});

test('starts a local redis-server when none answers, and it serves', async () => {
  const port = 40_000 + Math.floor(Math.random() * 20_000);
  const url = `redis://127.0.0.1:${port}`;
  expect(await redisAnswers(url, 300)).toBe(false);
  const { child } = await ensureRedis(silent, dir, { defaultUrl: url });
  try {
    expect(child).not.toBeNull();
    const r = new Redis(url);
    await r.set('k', 'v');
    expect(await r.get('k')).toBe('v');
    r.disconnect();
  } finally {
    child?.kill('SIGTERM');
    if (child && child.exitCode === null) await new Promise((res) => child.once('exit', res));
  }
  expect(await redisAnswers(url, 300)).toBe(false);
});
