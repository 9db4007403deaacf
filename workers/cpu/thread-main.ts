/** Runs inside a thread of the CPU pool: one task at a time, the result posted back. */
import { parentPort } from 'node:worker_threads';
import { releaseAfterDocument } from '../../validation/memory';
import { renderTask, validateTask, type RenderJob } from './tasks';
import type { ValidateOptions } from '../../validation/types';

export type TaskMessage =
  | { id: number; task: 'validate'; bytes: Uint8Array; opts: ValidateOptions }
  | { id: number; task: 'render'; job: RenderJob };

const asBuffer = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

// loaded: the pool may send tasks now (its time limit counts from the task, not from the thread's start)
parentPort!.postMessage({ ready: true });

parentPort!.on('message', (m: TaskMessage) => {
  const size = m.task === 'validate' ? m.bytes.byteLength : m.job.payload.byteLength;
  const run = m.task === 'validate'
    ? validateTask(asBuffer(m.bytes), m.opts)
    : renderTask({ ...m.job, payload: asBuffer(m.job.payload) });
  run
    .then(
      (result) => parentPort!.postMessage({ id: m.id, result }),
      (err: unknown) => parentPort!.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err) }),
    )
    // The engine's tree of a large invoice is garbage now: collected at once (validation/memory.ts).
    .finally(() => releaseAfterDocument(size));
});
