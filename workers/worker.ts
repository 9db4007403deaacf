/**
 * The worker side of the hub: one BullMQ Worker per available stage. CPU-heavy stages (validate,
 * render) run sandboxed in worker threads kept alive between jobs (workers/sandbox/stage-job.js);
 * the others run inline. Each job result feeds the metrics. `close()` stops taking jobs and waits
 * for the in-flight ones (graceful shutdown); a job cut short by a crash is found stalled by
 * BullMQ after its lock expires and run again (stages are idempotent).
 */
import path from 'node:path';
import { Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { Database } from '../db/client';
import { createStageDeps } from './context';
import { startDispatchBackground } from './dispatch/worker';
import { startMlsBackground } from './mls/worker';
import type { PipelineMetrics } from './metrics';
import { PipelineQueues, redisConnection, type StageJobData } from './queues';
import { startReconciler } from './reconciler';
import { failExhausted, runStage, type JobOutcome } from './runner';
import { STAGES, type StageName } from './stage-contract';
import { availableStages, loadStage } from './stages';

export interface WorkerSettings {
  redisUrl: string;
  prefix: string;
  dataDir: string;
  validateConcurrency: number;
  stageConcurrency: number;
  attempts: number;
  backoffMs: number;
  lockMs: number;
  reconcileIntervalMs: number;
  reconcileAfterMs: number;
  logLevel: string;
  logger: Logger;
  db: Database;
  metrics?: PipelineMetrics;
  /** Stages run in worker threads (default validate and render). */
  sandboxed?: StageName[];
}

export interface WorkerHandle {
  workers: Worker[];
  queues: PipelineQueues;
  reconcileNow: (olderThanMs?: number) => Promise<number>;
  close: () => Promise<void>;
}

const SANDBOX_FILE = path.join(__dirname, 'sandbox', 'stage-job.js');
const registriesWithDispatch = new WeakSet<object>();

export async function startWorkers(s: WorkerSettings): Promise<WorkerHandle> {
  const track: { workers: Worker[]; queues: PipelineQueues | null } = { workers: [], queues: null };
  try {
    return await startTracked(s, track);
  } catch (err) {
    // a failed start leaves no worker thread or Redis connection behind
    await Promise.allSettled(track.workers.map((w) => w.close(true)));
    await track.queues?.close().catch(() => undefined);
    throw err;
  }
}

async function startTracked(s: WorkerSettings, track: { workers: Worker[]; queues: PipelineQueues | null }): Promise<WorkerHandle> {
  const queues = new PipelineQueues({ redisUrl: s.redisUrl, prefix: s.prefix, attempts: s.attempts, backoffMs: s.backoffMs });
  track.queues = queues;
  const available = availableStages();
  const sandboxed = new Set<StageName>(s.sandboxed ?? ['validate', 'render']);
  const deps = createStageDeps(s.dataDir, s.logger, s.db);
  const workers: Worker[] = track.workers;
  const threadEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) threadEnv[k] = v;
  Object.assign(threadEnv, {
    EINVOICE_DATA_DIR: s.dataDir, REDIS_URL: s.redisUrl, EINVOICE_QUEUE_PREFIX: s.prefix,
    EINVOICE_JOB_ATTEMPTS: String(s.attempts), EINVOICE_JOB_BACKOFF_MS: String(s.backoffMs), EINVOICE_LOG_LEVEL: s.logLevel,
  });

  for (const def of STAGES) {
    if (!available.has(def.name)) continue;
    const common = {
      connection: redisConnection(s.redisUrl),
      prefix: s.prefix,
      concurrency: Math.max(1, def.name === 'validate' ? s.validateConcurrency : s.stageConcurrency),
      lockDuration: s.lockMs,
      stalledInterval: Math.max(1000, Math.floor(s.lockMs / 2)),
      maxStalledCount: 3,
    };
    let w: Worker<StageJobData, JobOutcome>;
    if (sandboxed.has(def.name)) {
      w = new Worker<StageJobData, JobOutcome>(def.name, SANDBOX_FILE, { ...common, useWorkerThreads: true, workerThreadsOptions: { env: threadEnv } });
    } else {
      const proc = loadStage(def.name);
      w = new Worker<StageJobData, JobOutcome>(def.name, async (job: Job<StageJobData, JobOutcome>) => runStage(def, proc, job.data.documentId, {
        deps,
        enqueueNext: (state, id) => queues.enqueueForState(state, id, available),
        attempt: job.attemptsMade + 1,
        maxAttempts: job.opts.attempts ?? 1,
      }), common);
    }
    w.on('completed', (_job, out) => {
      s.metrics?.stageDuration.observe({ stage: def.name, outcome: out.state }, out.ms / 1000);
      if (out.failure) s.metrics?.stageFailures.inc({ stage: def.name, reason: out.failure.reason });
    });
    w.on('failed', (job, err) => {
      s.metrics?.stageFailures.inc({ stage: def.name, reason: (err as { reason?: string }).reason ?? err.name });
      s.logger.warn({ documentId: job?.data.documentId, stage: def.name, err: err.message }, 'stage job attempt failed');
      // runStage itself handles the last attempt; a final failure seen here came from outside it (thread died, stalled job)
      if (job !== undefined && job.attemptsMade >= (job.opts.attempts ?? 1)) {
        try {
          failExhausted(deps, def, job.data.documentId, err, job.attemptsMade);
        } catch (e) {
          s.logger.error({ documentId: job.data.documentId, err: (e as Error).message }, 'could not record the failure');
        }
      }
    });
    w.on('error', (err) => s.logger.error({ stage: def.name, err: err.message }, 'worker error'));
    workers.push(w);
  }
  const reconciler = startReconciler(s.db, queues, available, s.logger, { intervalMs: s.reconcileIntervalMs, olderThanMs: s.reconcileAfterMs });
  // dispatch's webhook sender and pick-up alerts (schedule in the database, see workers/dispatch/sender.ts)
  // (its metrics are registered once per registry: workers may be started again in one process)
  const dispatchRegistry = s.metrics !== undefined && !registriesWithDispatch.has(s.metrics.registry) ? s.metrics.registry : undefined;
  if (dispatchRegistry !== undefined) registriesWithDispatch.add(dispatchRegistry);
  const dispatchBg = available.has('dispatch') ? startDispatchBackground(s.db, s.logger, { registry: dispatchRegistry }) : null;
  // Peppol MLS responses to the senders of rejected documents (workers/mls/)
  const mlsBg = startMlsBackground(s.db, deps.files, s.logger);
  await reconciler.runNow(0);
  s.logger.info({ stages: [...available], prefix: s.prefix }, 'workers started');

  return {
    workers,
    queues,
    reconcileNow: reconciler.runNow,
    close: async () => {
      await reconciler.stop();
      await Promise.all(workers.map((w) => w.close()));
      await dispatchBg?.stop();
      await mlsBg.stop();
      for (const w of workers) {
        const c = (w.opts.connection as { quit?: () => Promise<unknown> }).quit;
        if (c) await c.call(w.opts.connection).catch(() => undefined);
      }
      await queues.close();
    },
  };
}
