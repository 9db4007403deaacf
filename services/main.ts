/**
 * `npm start` (API + workers), `npm run start:api` (`--api`), `npm run start:worker` (`--worker`).
 * Embedded (DATABASE_URL unset): one process owns the PGlite database under EINVOICE_DATA_DIR, so
 * `npm start` runs the API and the workers together. Server (DATABASE_URL set): any number of API
 * and worker processes on any number of hosts share one PostgreSQL and one Redis; no shared disk.
 * SIGTERM/SIGINT: stop accepting requests and jobs, let in-flight ones finish (up to
 * EINVOICE_SHUTDOWN_TIMEOUT_MS), close queues and database, exit.
 */
import http from 'node:http';
import type { ChildProcess } from 'node:child_process';
import { config } from '../config';
import { openStore } from '../core/store';
import { seedDirectory } from '../fixtures/directory/seed';
import { buildPacks } from '../schematron/build';
import { CpuPool } from '../workers/cpu/pool';
import { createLogger } from '../workers/context';
import { PipelineMetrics } from '../workers/metrics';
import { PipelineQueues } from '../workers/queues';
import { startWorkers, type WorkerHandle } from '../workers/worker';
import { createApp } from './app';
import type { AppDeps } from './deps';
import { ensureRedis } from './redis-local';

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const runApi = args.has('--api') || !args.has('--worker');
  const runWorker = args.has('--worker') || !args.has('--api');
  const role = runApi && runWorker ? 'all' : runApi ? 'api' : 'worker';
  const logger = createLogger(config.logLevel, { role });
  const dataDir = config.dataDir;
  // the database first: a second process on an embedded database stops here, before anything else starts
  const store = await openStore({ dataDir, databaseUrl: config.databaseUrl, poolSize: config.dbPoolSize });
  const { url: redisUrl, child: redisChild } = await ensureRedis(logger, dataDir, { explicitUrl: process.env.REDIS_URL });
  logger.info({ database: store.mode === 'server' ? 'PostgreSQL server (DATABASE_URL)' : `embedded PGlite in ${dataDir}`, blobs: store.blobs.kind }, 'database open, migrations applied');
  if (config.seedDirectory) {
    const seeded = await seedDirectory(store); // a no-op unless the directory is empty
    if (seeded.seeded) logger.info({ bodies: seeded.bodies }, 'empty directory: loaded the fixture directory (EINVOICE_SEED_DIRECTORY=false to skip)');
  }
  const metrics = new PipelineMetrics();
  const queueSettings = { redisUrl, prefix: config.queuePrefix, attempts: config.jobAttempts, backoffMs: config.jobBackoffMs };
  let server: http.Server | null = null;
  let queues: PipelineQueues | null = null;
  let workers: WorkerHandle | null = null;

  if (runWorker) {
    // compile the rule packs the cache lacks once, here, before the validate threads start (each would otherwise compile on its first job)
    try {
      const t0 = Date.now();
      const built = await buildPacks();
      logger.info({ packs: built.length, compiled: built.filter((b) => b.built).length, ms: Date.now() - t0 }, 'rule packs ready');
    } catch (err) {
      logger.error({ err: (err as Error).message }, 'rule packs could not be built: validation will fail closed until this is fixed');
    }
    workers = await startWorkers({
      redisUrl, prefix: config.queuePrefix, store, logger, metrics,
      validateConcurrency: config.validateConcurrency, stageConcurrency: config.stageConcurrency,
      attempts: config.jobAttempts, backoffMs: config.jobBackoffMs, lockMs: config.jobLockMs,
      reconcileIntervalMs: config.reconcileIntervalMs, reconcileAfterMs: config.reconcileAfterMs,
    });
  }
  // an API-only process validates portal uploads in a pool of its own, made on first use
  let apiPool: CpuPool | null = null;
  if (runApi) {
    queues = workers?.queues ?? new PipelineQueues(queueSettings);
    const cpu: AppDeps['cpu'] = workers?.cpu ?? {
      validateReport: (bytes, opts) => (apiPool ??= new CpuPool({ size: 2 })).validateReport(bytes, opts),
      render: (job) => (apiPool ??= new CpuPool({ size: 2 })).render(job),
    };
    const deps: AppDeps = {
      store, pingDatabase: store.ping, logger, queues, cpu, metrics,
      adminToken: config.adminToken, maxDocumentBytes: config.maxDocumentBytes, dedupWindowSeconds: config.dedupWindowSeconds, clock: () => new Date(),
    };
    const app = createApp(deps);
    server = http.createServer(app);
    server.requestTimeout = 10 * 60_000;
    await new Promise<void>((resolve) => server?.listen(config.port, resolve));
    const addr = server.address();
    logger.info({ port: typeof addr === 'object' && addr ? addr.port : config.port, routers: app.routers }, 'API listening');
  } else if (config.workerMetricsPort > 0) {
    server = http.createServer((req, res) => {
      if (req.url === '/metrics') {
        void metrics.registry.metrics().then((text) => { res.writeHead(200, { 'content-type': metrics.registry.contentType }); res.end(text); });
      } else if (req.url === '/healthz') { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"status":"ok"}'); }
      else { res.writeHead(404); res.end(); }
    });
    server.on('error', (err) => logger.warn({ err: err.message }, 'worker metrics endpoint not available'));
    server.listen(config.workerMetricsPort);
  }
  // the parent (tests, supervisors) may read this line
  if (process.send) process.send({ ready: true, port: server && typeof server.address() === 'object' ? (server.address() as { port: number }).port : null });

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests and jobs');
    const force = setTimeout(() => { logger.error('shutdown timed out; exiting'); process.exit(1); }, config.shutdownTimeoutMs);
    force.unref();
    const closing = server ? new Promise<void>((resolve) => server?.close(() => resolve())) : Promise.resolve();
    server?.closeIdleConnections();
    await closing;
    if (workers) await workers.close();
    else if (queues) await queues.close();
    await apiPool?.close();
    await store.close();
    stopChild(redisChild);
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

function stopChild(child: ChildProcess | null): void {
  if (child && child.exitCode === null) child.kill('SIGTERM');
}

main().catch((err: unknown) => {
  console.error(JSON.stringify({ level: 60, msg: 'startup failed', err: (err as Error).message }));
  process.exit(1);
});
