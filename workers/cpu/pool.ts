/**
 * The CPU pool: worker threads that validate and render, so the process that owns the database and
 * answers HTTP keeps its event loop free. Each thread keeps its compiled rule packs, schemas and
 * fonts between tasks. A task that exceeds the time limit, or a thread that dies, is answered
 * fail-closed (a validation is never "valid", a render is an error the stage retries) and the thread
 * is replaced.
 */
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { config } from '../../config';
import type { ValidateOptions, ValidationReport } from '../../validation/types';
import { today } from '../../validation/validate';
import type { CpuWork } from '../stage-contract';
import { NO_KEYS } from '../../core/documents/keys';
import type { RenderJob, RenderOutput, ValidateJobOutput } from './tasks';
import type { TaskMessage } from './thread-main';

export interface CpuPoolOptions {
  /** Threads (default: available cores, at most 4). */
  size?: number;
  /** Milliseconds one task may take (default EINVOICE_VALIDATION_TIMEOUT_MS). */
  timeoutMs?: number;
}

type Payload = { task: 'validate'; bytes: Buffer; opts: ValidateOptions } | { task: 'render'; job: RenderJob };

interface Pending {
  id: number;
  payload: Payload;
  settle: (result: unknown, failure: { ruleId: string; message: string } | null) => void;
}

interface Slot {
  worker: Worker;
  /** The thread has loaded its modules (a task's time limit starts when it is handed to a ready thread). */
  ready: boolean;
  job: Pending | null;
  timer: NodeJS.Timeout | null;
}

/** A fail-closed report: the validation could not run, so the document is not valid. */
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

/** Buffers cross threads as plain Uint8Arrays. */
function asBuffer(u: Uint8Array): Buffer {
  return Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}

export class CpuPool implements CpuWork {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  private readonly timeoutMs: number;

  constructor(options: CpuPoolOptions = {}) {
    const size = options.size ?? Math.max(1, Math.min(os.availableParallelism(), 4));
    this.timeoutMs = options.timeoutMs ?? config.validationTimeoutMs;
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const worker = new Worker(path.join(__dirname, 'thread.js'), { env: process.env });
    const slot: Slot = { worker, ready: false, job: null, timer: null };
    worker.on('message', (msg: { ready?: boolean; id: number; result?: unknown; error?: string }) => {
      if (msg.ready === true) {
        slot.ready = true;
        this.pump();
        return;
      }
      const job = slot.job;
      if (!job || job.id !== msg.id) return;
      this.done(slot, msg.error === undefined ? msg.result : undefined, msg.error === undefined ? null : { ruleId: 'HUB-ENGINE-ERROR', message: msg.error });
    });
    worker.on('error', (err) => this.replace(slot, 'HUB-ENGINE-CRASH', `The worker thread crashed: ${err.message}`));
    worker.on('exit', (code) => {
      if (!this.closed && this.slots.includes(slot)) this.replace(slot, 'HUB-ENGINE-CRASH', `The worker thread stopped (exit code ${code}).`);
    });
    worker.unref();
    return slot;
  }

  private done(slot: Slot, result: unknown, failure: { ruleId: string; message: string } | null): void {
    const job = slot.job;
    if (slot.timer) clearTimeout(slot.timer);
    slot.job = null;
    slot.timer = null;
    job?.settle(result, failure);
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
    job?.settle(undefined, { ruleId, message });
    this.pump();
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.job || this.queue.length === 0) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.ref();
      slot.timer = setTimeout(
        () => this.replace(slot, 'HUB-ENGINE-TIMEOUT', `The ${job.payload.task} task did not finish within ${this.timeoutMs} ms.`),
        this.timeoutMs,
      );
      const message: TaskMessage = job.payload.task === 'validate'
        ? { id: job.id, task: 'validate', bytes: job.payload.bytes, opts: job.payload.opts }
        : { id: job.id, task: 'render', job: job.payload.job };
      slot.worker.postMessage(message);
    }
    // an idle thread does not keep the process alive; one that is still loading does while work waits for it
    for (const slot of this.slots) if (slot.job === null && (slot.ready || this.queue.length === 0)) slot.worker.unref(); else slot.worker.ref();
  }

  private submit(payload: Payload, settle: Pending['settle']): void {
    this.queue.push({ id: this.nextId++, payload, settle });
    this.pump();
  }

  /** Validates in a thread. Resolves with a report in every case (fail closed on timeout, crash or a closed pool). */
  validate(bytes: Buffer, opts: ValidateOptions = {}): Promise<ValidateJobOutput> {
    if (this.closed) return Promise.resolve({ report: failedReport(opts, 'HUB-ENGINE-CLOSED', 'The validation pool is closed.'), keys: { ...NO_KEYS } });
    return new Promise((resolve) => {
      this.submit({ task: 'validate', bytes, opts }, (result, failure) => {
        if (failure !== null) {
          resolve({ report: failedReport(opts, failure.ruleId, failure.ruleId === 'HUB-ENGINE-TIMEOUT' ? `Validation did not finish within ${this.timeoutMs} ms; the document is not considered valid.` : `The validation engine failed: ${failure.message}`), keys: { ...NO_KEYS } });
        } else resolve(result as ValidateJobOutput);
      });
    });
  }

  /** The validation report alone (the portal's and the MLS's use). */
  async validateReport(bytes: Buffer, opts: ValidateOptions = {}): Promise<ValidationReport> {
    return (await this.validate(bytes, opts)).report;
  }

  /** Renders in a thread; rejects when the thread fails (the render stage retries). */
  render(job: RenderJob): Promise<RenderOutput> {
    if (this.closed) return Promise.reject(new Error('the CPU pool is closed'));
    return new Promise((resolve, reject) => {
      this.submit({ task: 'render', job }, (result, failure) => {
        if (failure !== null) return reject(new Error(`rendering failed: ${failure.message}`));
        const out = result as RenderOutput;
        resolve(out.ok ? { ...out, pdf: asBuffer(out.pdf) } : out);
      });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.settle(undefined, { ruleId: 'HUB-ENGINE-CLOSED', message: 'The pool was closed before this task ran.' });
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }
}
