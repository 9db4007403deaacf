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

export interface EnsureRedisOptions {
  /** REDIS_URL as configured (used as is when set). */
  explicitUrl?: string | undefined;
  /** Where to look, and start one, otherwise (default redis://127.0.0.1:6379). */
  defaultUrl?: string;
}

export async function ensureRedis(logger: Logger, dataDir: string, opts: EnsureRedisOptions = {}): Promise<{ url: string; child: ChildProcess | null }> {
  if (opts.explicitUrl !== undefined && opts.explicitUrl !== '') return { url: opts.explicitUrl, child: null };
  const url = opts.defaultUrl ?? 'redis://127.0.0.1:6379';
  if (await redisAnswers(url)) return { url, child: null };
  const port = new URL(url).port || '6379';
  const dir = path.join(dataDir, 'redis');
  fs.mkdirSync(dir, { recursive: true });
  logger.info({ dir, port }, 'no Redis answers: starting a local redis-server');
  const child = spawn('redis-server', ['--port', port, '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes'], { stdio: 'ignore' });
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (err) => reject(new Error(`could not start redis-server: ${err.message}`)));
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  failed.catch(() => undefined);
  for (let i = 0; i < 50; i++) {
    const ok = await Promise.race([redisAnswers(url, 200), failed]);
    if (ok) return { url, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGTERM');
  throw new Error('redis-server did not answer within 5 s');
}
