/**
 * A periodic pass of a worker process (reconciler, MLS, Invoice Responses, Peppol reporting): at most one
 * run at a time in the process, one host at a time across processes (`store.exclusive`: a host that finds
 * the pass running elsewhere skips its turn), errors logged and counted as 0, `stop` waits for a run in flight.
 */
import type { Logger } from 'pino';
import type { Store } from '../core/store';

export interface PeriodicPass<T = never> {
  /** Runs the pass now (or joins the run in flight); `arg` reaches the pass, the timer passes none. */
  runNow: (arg?: T) => Promise<number>;
  stop: () => Promise<void>;
}

export interface PeriodicOptions {
  /** The lock's name, the same on every host. */
  name: string;
  /** What the log says when a run throws. */
  failure: string;
  /** Period in ms; 0: only when asked (`runNow`). */
  intervalMs: number;
  /** A first run this long after start (also without a period), for passes whose period is long. */
  firstRunMs?: number;
}

export function startPeriodic<T = never>(store: Pick<Store, 'exclusive'>, log: Logger, o: PeriodicOptions, pass: (arg?: T) => Promise<number>): PeriodicPass<T> {
  let running: Promise<number> | null = null;
  const runNow = (arg?: T): Promise<number> => {
    running ??= store.exclusive(o.name, () => pass(arg))
      .then((n) => n ?? 0)
      .catch((err: unknown) => { log.warn({ err: (err as Error).message }, o.failure); return 0; })
      .finally(() => { running = null; });
    return running;
  };
  const timer = o.intervalMs > 0 ? setInterval(() => { void runNow(); }, o.intervalMs) : null;
  timer?.unref();
  const first = o.firstRunMs !== undefined ? setTimeout(() => { void runNow(); }, o.intervalMs > 0 ? Math.min(o.firstRunMs, o.intervalMs) : o.firstRunMs) : null;
  first?.unref();
  return {
    runNow,
    stop: async () => {
      if (first) clearTimeout(first);
      if (timer) clearInterval(timer);
      if (running) await running;
    },
  };
}
