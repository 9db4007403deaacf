/**
 * One BullMQ queue per stage. Jobs carry only `{ documentId, stage }`; the job id is the document
 * id, so adding the same document twice while a job for it is waiting, delayed or active is a
 * no-op (the reconciler and crash recovery rely on that). Completed and failed jobs are removed:
 * the database holds the outcome.
 */
import { Queue, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
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

export function redisConnection(url: string): Redis {
  // BullMQ needs maxRetriesPerRequest: null for its blocking connections
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
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
