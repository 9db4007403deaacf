/**
 * Validation off the event loop: a pool of worker threads, each with its own loaded stylesheets and
 * compiled schemas, so the HTTP process keeps answering while documents are validated. A validation
 * that exceeds the time limit, or a worker that dies, yields a fail-closed report (never "valid"); the
 * worker is replaced.
 */
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { config } from '../config';
import type { ValidateOptions, ValidationReport } from './types';
import { today } from './validate';

export interface ValidationPoolOptions {
  /** Worker threads (default: available cores, at most 4). */
  size?: number;
  /** Milliseconds one validation may take (default EINVOICE_VALIDATION_TIMEOUT_MS). */
  timeoutMs?: number;
}

interface Pending {
  id: number;
  bytes: Buffer;
  opts: ValidateOptions;
  resolve: (r: ValidationReport) => void;
}

interface Slot {
  worker: Worker;
  job: Pending | null;
  timer: NodeJS.Timeout | null;
}

export function failedReport(opts: ValidateOptions, ruleId: string, message: string): ValidationReport {
  return {
    valid: false,
    scenario: opts.scenario ?? null,
    engine: opts.engine ?? config.engine,
    date: opts.date ?? today(),
    packs: [],
    findings: [{ source: 'engine', ruleId, flag: 'fatal', location: '/', message }],
    phases: [{ phase: 'validation', ms: 0, ran: false }],
  };
}

export class ValidationPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  private readonly timeoutMs: number;

  constructor(options: ValidationPoolOptions = {}) {
    const size = options.size ?? Math.max(1, Math.min(os.availableParallelism(), 4));
    this.timeoutMs = options.timeoutMs ?? config.validationTimeoutMs;
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const worker = new Worker(path.join(__dirname, 'pool-worker.js'), { env: process.env });
    const slot: Slot = { worker, job: null, timer: null };
    worker.on('message', (msg: { id: number; report?: ValidationReport; error?: string }) => {
      const job = slot.job;
      if (!job || job.id !== msg.id) return;
      this.settle(slot, msg.report ?? failedReport(job.opts, 'HUB-ENGINE-ERROR', `The validation engine failed: ${msg.error}`));
    });
    worker.on('error', (err) => this.replace(slot, 'HUB-ENGINE-CRASH', `The validation engine crashed: ${err.message}`));
    worker.on('exit', (code) => {
      if (!this.closed && this.slots.includes(slot)) this.replace(slot, 'HUB-ENGINE-CRASH', `The validation engine stopped (exit code ${code}).`);
    });
    worker.unref();
    return slot;
  }

  private settle(slot: Slot, report: ValidationReport): void {
    const job = slot.job;
    if (slot.timer) clearTimeout(slot.timer);
    slot.job = null;
    slot.timer = null;
    job?.resolve(report);
    this.pump();
  }

  private replace(slot: Slot, ruleId: string, message: string): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    const job = slot.job;
    if (slot.timer) clearTimeout(slot.timer);
    slot.job = null;
    this.slots.splice(i, 1);
    void slot.worker.terminate();
    if (!this.closed) this.slots.push(this.spawn());
    job?.resolve(failedReport(job.opts, ruleId, message));
    this.pump();
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.job || this.queue.length === 0) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.ref();
      slot.timer = setTimeout(
        () => this.replace(slot, 'HUB-ENGINE-TIMEOUT', `Validation did not finish within ${this.timeoutMs} ms; the document is not considered valid.`),
        this.timeoutMs,
      );
      slot.worker.postMessage({ id: job.id, bytes: job.bytes, opts: job.opts });
    }
    for (const slot of this.slots) if (!slot.job) slot.worker.unref();
  }

  /** Validates in a worker thread. Resolves with a report in every case (fail closed on timeout or crash). */
  validate(bytes: Buffer, opts: ValidateOptions = {}): Promise<ValidationReport> {
    if (this.closed) return Promise.reject(new Error('the validation pool is closed'));
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, bytes, opts, resolve });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.resolve(failedReport(p.opts, 'HUB-ENGINE-CLOSED', 'The validation pool was closed before this document was validated.'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }
}
