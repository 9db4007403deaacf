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

export function startReconciler(store: Store, queues: PipelineQueues, logger: Logger, opts: { intervalMs: number; olderThanMs: number }): { stop: () => Promise<void>; runNow: (olderThanMs?: number) => Promise<number> } {
  let running: Promise<number> | null = null;
  const runNow = async (olderThanMs = opts.olderThanMs): Promise<number> => {
    running ??= store.exclusive('reconciler', () => reconcile(store, queues, { olderThanMs }))
      .then((n) => { if (n !== undefined && n > 0) logger.info({ requeued: n }, 'reconciler re-enqueued documents'); return n ?? 0; })
      .catch((err: unknown) => { logger.warn({ err: (err as Error).message }, 'reconciler run failed'); return 0; })
      .finally(() => { running = null; });
    return running;
  };
  const timer = opts.intervalMs > 0 ? setInterval(() => { void runNow(); }, opts.intervalMs) : null;
  timer?.unref();
  return {
    runNow,
    stop: async () => { if (timer) clearInterval(timer); if (running) await running; },
  };
}
