/**
 * The reconciler: the database is the source of truth, queues are only triggers. Documents that
 * sit in a stage's input state for longer than `olderThanMs` are enqueued again (job id =
 * document id, so a job still waiting or running is not doubled; stages are idempotent anyway).
 * Runs at worker start (threshold 0) and then periodically; with several worker processes one pass
 * runs at a time (`store.exclusive`).
 */
import type { Logger } from 'pino';
import { STAGES } from '../core/documents/states';
import { idleDocuments } from '../core/documents/queries';
import type { Store } from '../core/store';
import { startPeriodic, type PeriodicPass } from './periodic';
import { jobOptions, type PipelineQueues } from './queues';

export async function reconcile(store: Store, queues: PipelineQueues, opts: { olderThanMs: number; now?: Date; batch?: number }): Promise<number> {
  const cutoff = new Date((opts.now ?? new Date()).getTime() - opts.olderThanMs).toISOString();
  const batch = opts.batch ?? 1000;
  let total = 0;
  for (const stage of STAGES) {
    let after: { updatedAt: string; id: string } | undefined;
    for (;;) {
      const rows = await idleDocuments(store, stage.input, cutoff, batch, after);
      if (rows.length === 0) break;
      await queues.queue(stage.name).addBulk(rows.map((r) => ({ name: stage.name, data: { documentId: r.id, stage: stage.name }, opts: jobOptions(r.id, queues.settings) })));
      total += rows.length;
      if (rows.length < batch) break;
      after = rows[rows.length - 1];
    }
  }
  return total;
}

export function startReconciler(store: Store, queues: PipelineQueues, logger: Logger, opts: { intervalMs: number; olderThanMs: number }): PeriodicPass<number> {
  return startPeriodic<number>(store, logger, { name: 'reconciler', failure: 'reconciler run failed', intervalMs: opts.intervalMs }, async (olderThanMs = opts.olderThanMs) => {
    const n = await reconcile(store, queues, { olderThanMs });
    if (n > 0) logger.info({ requeued: n }, 'reconciler re-enqueued documents');
    return n;
  });
}
