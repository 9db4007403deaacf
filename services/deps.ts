/** What the HTTP routers receive: one object, built once by services/main.ts (or a test). */
import type { Logger } from 'pino';
import type { Store } from '../core/store';
import type { PipelineMetrics } from '../workers/metrics';
import type { PipelineQueues } from '../workers/queues';
import type { CpuPool } from '../workers/cpu/pool';

export interface AppDeps {
  /** Database and blob store. */
  store: Store;
  /** `select 1` on the database of the mode in use (`/readyz`). */
  pingDatabase: () => Promise<void>;
  logger: Logger;
  /** Queues to enqueue into (null: store only, the reconciler of a worker process enqueues). */
  queues: PipelineQueues | null;
  /** Validation (and rendering) off the event loop: the portal's checks and previews. */
  cpu: Pick<CpuPool, 'validateReport' | 'render'>;
  metrics: PipelineMetrics;
  adminToken: string | undefined;
  maxDocumentBytes: number;
  dedupWindowSeconds: number;
  clock: () => Date;
}
