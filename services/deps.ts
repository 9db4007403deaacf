/** What the HTTP routers receive: one object, built once by services/app.ts's caller. */
import type { Logger } from 'pino';
import type { Database } from '../db/client';
import type { FileStore } from '../db/file-store';
import type { PipelineMetrics } from '../workers/metrics';
import type { PipelineQueues } from '../workers/queues';
import type { StageName } from '../workers/stage-contract';

export interface AppDeps {
  db: Database;
  files: FileStore;
  dataDir: string;
  logger: Logger;
  /** Queues to enqueue into (null: store only, the reconciler of a worker process enqueues). */
  queues: PipelineQueues | null;
  /** Stages whose processors exist in this build. */
  available: ReadonlySet<StageName>;
  metrics: PipelineMetrics;
  adminToken: string | undefined;
  maxDocumentBytes: number;
  dedupWindowSeconds: number;
  clock: () => Date;
}
