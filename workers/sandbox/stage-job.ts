/**
 * Body of a sandboxed stage job (BullMQ runs it in a worker thread, off the event loop of the
 * process that hosts the HTTP API). One context per thread, created at the first job and kept
 * while the thread lives: database connection, file store, queues for the next stage, and the
 * validation engine with its compiled rule artefacts.
 */
import type { SandboxedJob } from 'bullmq';
import { config } from '../../config';
import { createLogger, createStageDeps } from '../context';
import { PipelineQueues, type StageJobData } from '../queues';
import { runStage, type JobOutcome, type RunContext } from '../runner';
import { STAGES, type DocumentState, type StageDeps } from '../stage-contract';
import { availableStages, loadStage } from '../stages';

let ctx: { deps: StageDeps; queues: PipelineQueues } | undefined;

function context(): { deps: StageDeps; queues: PipelineQueues } {
  if (ctx === undefined) {
    const logger = createLogger(config.logLevel, { role: 'stage-thread' });
    const queues = new PipelineQueues({ redisUrl: config.redisUrl, prefix: config.queuePrefix, attempts: config.jobAttempts, backoffMs: config.jobBackoffMs });
    ctx = { deps: createStageDeps(config.dataDir, logger), queues };
  }
  return ctx;
}

export default async function stageJob(job: SandboxedJob<StageJobData, JobOutcome>): Promise<JobOutcome> {
  const { deps, queues } = context();
  const def = STAGES.find((s) => s.name === job.data.stage);
  const available = availableStages();
  if (def === undefined || !available.has(def.name)) throw new Error(`stage ${job.data.stage} is not available in this build`);
  const proc = loadStage(def.name);
  const run: RunContext = {
    deps,
    enqueueNext: (state: DocumentState, id: string) => queues.enqueueForState(state, id, available),
    attempt: job.attemptsMade + 1,
    maxAttempts: job.opts.attempts ?? 1,
  };
  return runStage(def, proc, job.data.documentId, run);
}
