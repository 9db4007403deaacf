/**
 * Prometheus metrics of the pipeline (prom-client, one registry per process role so tests can
 * build several). Stage figures are recorded by the process that hosts the BullMQ workers (from
 * job results, including sandboxed ones); documents by state and queue depths are read at scrape.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class PipelineMetrics {
  readonly registry = new Registry();
  readonly stageDuration: Histogram<'stage' | 'outcome'>;
  readonly stageFailures: Counter<'stage' | 'reason'>;
  readonly ingestDuration: Histogram<'channel'>;
  readonly ingested: Counter<'channel' | 'result'>;
  readonly ingestRejected: Counter<'reason'>;

  constructor(opts: { defaultMetrics?: boolean } = {}) {
    if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'einvoice_process_' });
    this.stageDuration = new Histogram({
      name: 'einvoice_stage_duration_seconds', help: 'Time a stage job took (seconds), by stage and outcome state',
      labelNames: ['stage', 'outcome'], buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300], registers: [this.registry],
    });
    this.stageFailures = new Counter({ name: 'einvoice_stage_failures_total', help: 'Stage job failures by stage and reason (retried attempts included)', labelNames: ['stage', 'reason'], registers: [this.registry] });
    this.ingestDuration = new Histogram({
      name: 'einvoice_ingest_duration_seconds', help: 'Time to read, store and enqueue a submitted document (seconds)',
      labelNames: ['channel'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [this.registry],
    });
    this.ingested = new Counter({ name: 'einvoice_ingested_total', help: 'Documents accepted at ingest, by channel and result (new / replay)', labelNames: ['channel', 'result'], registers: [this.registry] });
    this.ingestRejected = new Counter({ name: 'einvoice_ingest_refused_total', help: 'Submissions refused at ingest (4xx) by reason', labelNames: ['reason'], registers: [this.registry] });
  }

  /** Gauges computed at scrape time (documents by state, queue depths). */
  addCollectedGauge(name: string, help: string, labelNames: string[], collect: () => Promise<{ labels: Record<string, string>; value: number }[]>): void {
    new Gauge({
      name, help, labelNames, registers: [this.registry],
      async collect() {
        this.reset();
        for (const s of await collect()) this.set(s.labels, s.value);
      },
    });
  }
}
