/** Runs inside a worker thread of the validation pool: one validation at a time, report posted back. */
import { parentPort } from 'node:worker_threads';
import { releaseAfterDocument } from './memory';
import { validate } from './validate';
import type { ValidateOptions } from './types';

interface Job {
  id: number;
  bytes: Uint8Array;
  opts: ValidateOptions;
}

parentPort!.on('message', (job: Job) => {
  const size = job.bytes.byteLength;
  validate(Buffer.from(job.bytes.buffer, job.bytes.byteOffset, size), job.opts)
    .then(
      (report) => parentPort!.postMessage({ id: job.id, report }),
      (err: unknown) => parentPort!.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) }),
    )
    .finally(() => releaseAfterDocument(size));
});
