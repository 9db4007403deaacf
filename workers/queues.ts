/**
 * One BullMQ queue per stage. Jobs carry only `{ documentId, stage }`; the job id is the document
 * id, so adding the same document twice while a job for it is waiting, delayed or active is a
 * no-op (the reconciler and crash recovery rely on that). Completed and failed jobs are removed:
 * the database holds the outcome.
 */
import { Queue, type JobsOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { stageFor, STAGES, type StageName } from '../core/documents/states';

export interface StageJobData {
  documentId: string;
  stage: StageName;
}

export interface QueueSettings {
  redisUrl: string;
  prefix: string;
  attempts: number;
  backoffMs: number;
}

/**
 * The connection options of `REDIS_URL`: `redis://` / `rediss://` as ioredis reads them, or
 * `redis+sentinel://[user:password@]host:port[,host:port…]/<master name>[/<db>]` — the master found through
 * Redis Sentinel (the password serves the master and the sentinels), followed when Sentinel fails over.
 */
export function redisOptionsOf(url: string): RedisOptions | string {
  if (!url.startsWith('redis+sentinel://')) return url;
  const rest = url.slice('redis+sentinel://'.length);
  const at = rest.lastIndexOf('@', rest.indexOf('/') < 0 ? rest.length : rest.indexOf('/'));
  const auth = at < 0 ? '' : rest.slice(0, at);
  const [hostList = '', name = '', db] = rest.slice(at + 1).split('/');
  const sentinels = hostList.split(',').filter((h) => h !== '').map((h) => {
    const [host = '', port] = h.split(/:(?=\d+$)/);
    return { host, port: port === undefined ? 26379 : Number(port) };
  });
  if (sentinels.length === 0 || name === '') throw new Error('REDIS_URL redis+sentinel:// needs at least one sentinel host and the master name: redis+sentinel://host:26379/mymaster');
  const [user, password] = auth === '' ? [undefined, undefined] : auth.includes(':') ? [decodeURIComponent(auth.slice(0, auth.indexOf(':'))) || undefined, decodeURIComponent(auth.slice(auth.indexOf(':') + 1))] : [undefined, decodeURIComponent(auth)];
  return {
    sentinels, name,
    ...(db !== undefined && db !== '' ? { db: Number(db) } : {}),
    ...(user !== undefined ? { username: user } : {}),
    ...(password !== undefined ? { password, sentinelPassword: password } : {}),
  };
}

export function redisConnection(url: string, extra: RedisOptions = {}): Redis {
  // BullMQ needs maxRetriesPerRequest: null for its blocking connections
  const base: RedisOptions = { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false, ...extra };
  const o = redisOptionsOf(url);
  return typeof o === 'string' ? new Redis(o, base) : new Redis({ ...o, ...base });
}

export function jobOptions(documentId: string, s: Pick<QueueSettings, 'attempts' | 'backoffMs'>): JobsOptions {
  return {
    jobId: documentId,
    attempts: Math.max(1, s.attempts),
    backoff: { type: 'exponential', delay: s.backoffMs },
    removeOnComplete: true,
    removeOnFail: true,
  };
}

export class PipelineQueues {
  readonly connection: Redis;
  readonly queues = new Map<StageName, Queue<StageJobData>>();

  constructor(readonly settings: QueueSettings, connection?: Redis) {
    this.connection = connection ?? redisConnection(settings.redisUrl);
    for (const s of STAGES) {
      this.queues.set(s.name, new Queue<StageJobData>(s.name, { connection: this.connection, prefix: settings.prefix }));
    }
  }

  queue(stage: StageName): Queue<StageJobData> {
    const q = this.queues.get(stage);
    if (q === undefined) throw new Error(`no queue ${stage}`);
    return q;
  }

  async enqueue(stage: StageName, documentId: string): Promise<void> {
    await this.queue(stage).add(stage, { documentId, stage }, jobOptions(documentId, this.settings));
  }

  /** Enqueues the stage whose input is `state`. Returns the stage enqueued, or null (no stage picks that state up). */
  async enqueueForState(state: string, documentId: string): Promise<StageName | null> {
    const next = stageFor(state);
    if (next === undefined) return null;
    await this.enqueue(next.name, documentId);
    return next.name;
  }

  async depths(): Promise<Record<string, Record<string, number>>> {
    const out: Record<string, Record<string, number>> = {};
    for (const [name, q] of this.queues) out[name] = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
    return out;
  }

  async close(): Promise<void> {
    for (const q of this.queues.values()) await q.close();
    if (this.connection.status !== 'end') await this.connection.quit().catch(() => undefined);
  }
}
