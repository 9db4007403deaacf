/**
 * The worker side of the hub: one BullMQ Worker per stage, each running its processor in this
 * process (the process that holds the database connection); the CPU-heavy part of validate and
 * render runs in the CPU pool's threads (workers/cpu/pool.ts), so the event loop stays free. Also
 * the periodic passes: the reconciler, dispatch's webhook sender and pick-up alerts, the MLS
 * responses, the monthly Peppol reports. `close()` stops taking jobs and waits for the in-flight ones (graceful shutdown); a job
 * cut short by a crash is found stalled by BullMQ after its lock expires and run again (stages are
 * idempotent).
 */
import { Worker, type Job } from 'bullmq';
import type { Registry } from 'prom-client';
import type { Logger } from 'pino';
import { STAGES } from '../core/documents/states';
import type { Store } from '../core/store';
import { CpuPool } from './cpu/pool';
import { startDispatchBackground } from './dispatch/background';
import { startMlsBackground } from './mls/background';
import { startResponsesBackground } from './responses/background';
import { startReportingBackground } from './reporting/background';
import type { PipelineMetrics } from './metrics';
import { PipelineQueues, redisConnection, type StageJobData } from './queues';
import { startReconciler } from './reconciler';
import { failExhausted, runStage, type JobOutcome } from './runner';
import type { CpuWork, StageDeps } from './stage-contract';
import { STAGE_PROCESSORS } from './stages';

/** Validate jobs in flight per CPU thread: the job's database and blob work runs while the thread validates another document. */
const VALIDATE_JOBS_PER_THREAD = 3;

export interface WorkerSettings {
  redisUrl: string;
  prefix: string;
  validateConcurrency: number;
  stageConcurrency: number;
  attempts: number;
  backoffMs: number;
  lockMs: number;
  reconcileIntervalMs: number;
  reconcileAfterMs: number;
  logger: Logger;
  store: Store;
  metrics?: PipelineMetrics;
  /** CPU work (default: a CpuPool of `validateConcurrency` threads, closed with the workers). */
  cpu?: CpuWork;
}

export interface WorkerHandle {
  workers: Worker[];
  queues: PipelineQueues;
  /** The CPU pool, for the API of the same process (portal checks). */
  cpu: CpuPool | null;
  reconcileNow: (olderThanMs?: number) => Promise<number>;
  close: () => Promise<void>;
}

const registriesWithDispatch = new WeakSet<Registry>();

export async function startWorkers(s: WorkerSettings): Promise<WorkerHandle> {
  const track: { workers: Worker[]; queues: PipelineQueues | null; pool: CpuPool | null } = { workers: [], queues: null, pool: null };
  try {
    return await startTracked(s, track);
  } catch (err) {
    // a failed start leaves no worker, thread or Redis connection behind
    await Promise.allSettled(track.workers.map((w) => w.close(true)));
    await track.queues?.close().catch(() => undefined);
    await track.pool?.close();
    throw err;
  }
}

async function startTracked(s: WorkerSettings, track: { workers: Worker[]; queues: PipelineQueues | null; pool: CpuPool | null }): Promise<WorkerHandle> {
  const queues = new PipelineQueues({ redisUrl: s.redisUrl, prefix: s.prefix, attempts: s.attempts, backoffMs: s.backoffMs });
  track.queues = queues;
  const pool = s.cpu === undefined ? new CpuPool({ size: Math.max(1, s.validateConcurrency) }) : null;
  track.pool = pool;
  const cpu: CpuWork = s.cpu ?? pool!;
  const deps: StageDeps = { store: s.store, cpu, logger: s.logger, clock: () => new Date() };
  const workers = track.workers;

  for (const def of STAGES) {
    const proc = STAGE_PROCESSORS[def.name];
    const w = new Worker<StageJobData, JobOutcome>(def.name, async (job: Job<StageJobData, JobOutcome>) => runStage(def, proc, job.data.documentId, {
      deps,
      enqueueNext: (state, id) => queues.enqueueForState(state, id),
      attempt: job.attemptsMade + 1,
      maxAttempts: job.opts.attempts ?? 1,
    }), {
      connection: redisConnection(s.redisUrl),
      prefix: s.prefix,
      // validate jobs: more than threads, so one job's reads and writes overlap another's validation (the pool queues the CPU work)
      concurrency: def.name === 'validate' ? Math.max(1, s.validateConcurrency) * VALIDATE_JOBS_PER_THREAD : Math.max(1, s.stageConcurrency),
      lockDuration: s.lockMs,
      stalledInterval: Math.max(1000, Math.floor(s.lockMs / 2)),
      maxStalledCount: 3,
    });
    w.on('completed', (_job, out) => {
      s.metrics?.stageDuration.observe({ stage: def.name, outcome: out.state }, out.ms / 1000);
      if (out.failure) s.metrics?.stageFailures.inc({ stage: def.name, reason: out.failure.reason });
    });
    w.on('failed', (job, err) => {
      s.metrics?.stageFailures.inc({ stage: def.name, reason: (err as { reason?: string }).reason ?? err.name });
      s.logger.warn({ documentId: job?.data.documentId, stage: def.name, err: err.message }, 'stage job attempt failed');
      // runStage itself handles the last attempt; a final failure seen here came from outside it (stalled job)
      if (job !== undefined && job.attemptsMade >= (job.opts.attempts ?? 1)) {
        failExhausted(deps, def, job.data.documentId, err, job.attemptsMade)
          .catch((e: unknown) => s.logger.error({ documentId: job.data.documentId, err: (e as Error).message }, 'could not record the failure'));
      }
    });
    w.on('error', (err) => s.logger.error({ stage: def.name, err: err.message }, 'worker error'));
    workers.push(w);
  }
  const reconciler = startReconciler(s.store, queues, s.logger, { intervalMs: s.reconcileIntervalMs, olderThanMs: s.reconcileAfterMs });
  // dispatch's webhook sender and pick-up alerts (schedule in the database); metrics registered once per registry
  const dispatchRegistry = s.metrics !== undefined && !registriesWithDispatch.has(s.metrics.registry) ? s.metrics.registry : undefined;
  if (dispatchRegistry !== undefined) registriesWithDispatch.add(dispatchRegistry);
  const dispatchBg = startDispatchBackground(s.store, s.logger, { registry: dispatchRegistry });
  // Peppol MLS responses to the senders of rejected documents, checked by the CPU pool's validation
  const mlsBg = startMlsBackground(s.store, async (bytes, opts) => (await cpu.validate(bytes, opts ?? {})).report, s.logger);
  // Invoice Responses: statuses mailed to suppliers, reminders of documents past the deadline
  const responsesBg = startResponsesBackground(s.store, s.logger);
  // the monthly Peppol TSR and EUSR (built from the 2nd, validated by the CPU pool, put in the outbox)
  const reportingBg = startReportingBackground(s.store, async (bytes, opts) => (await cpu.validate(bytes, opts)).report, s.logger);
  await reconciler.runNow(0);
  s.logger.info({ prefix: s.prefix }, 'workers started');

  return {
    workers,
    queues,
    cpu: pool,
    reconcileNow: reconciler.runNow,
    close: async () => {
      await reconciler.stop();
      await Promise.all(workers.map((w) => w.close()));
      await dispatchBg.stop();
      await mlsBg.stop();
      await responsesBg.stop();
      await reportingBg.stop();
      for (const w of workers) {
        const c = (w.opts.connection as { quit?: () => Promise<unknown> }).quit;
        if (c) await c.call(w.opts.connection).catch(() => undefined);
      }
      await queues.close();
      await pool?.close();
    },
  };
}
