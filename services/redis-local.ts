/**
 * `npm start` convenience: when REDIS_URL is unset and nothing answers on 127.0.0.1:6379, start a
 * local `redis-server` (if installed) for the lifetime of the process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export async function redisAnswers(url: string, timeoutMs = 1000): Promise<boolean> {
  const r = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

export async function ensureRedis(logger: Logger, dataDir: string): Promise<{ url: string; child: ChildProcess | null }> {
  const explicit = process.env.REDIS_URL;
  const url = explicit !== undefined && explicit !== '' ? explicit : 'redis://127.0.0.1:6379';
  if (explicit !== undefined && explicit !== '') return { url, child: null };
  if (await redisAnswers(url)) return { url, child: null };
  const dir = path.join(dataDir, 'redis');
  fs.mkdirSync(dir, { recursive: true });
  logger.info({ dir }, 'no Redis answers on 127.0.0.1:6379: starting a local redis-server');
  const child = spawn('redis-server', ['--port', '6379', '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes'], { stdio: 'ignore' });
  const failed = new Promise<never>((_, reject) => child.once('error', (err) => reject(new Error(`could not start redis-server: ${err.message}`))));
  for (let i = 0; i < 50; i++) {
    const ok = await Promise.race([redisAnswers(url, 200), failed]);
    if (ok) return { url, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGTERM');
  throw new Error('redis-server did not answer within 5 s');
}
