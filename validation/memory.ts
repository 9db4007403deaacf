/**
 * Memory after large documents. Validating a 10,000-line invoice builds some 200 MB of short-lived
 * objects (the engine's document tree, atomised values, decimals). V8 only collects them when it next
 * needs room, and on a machine with plenty of memory it lets the heap grow to several times what is live
 * first: two such invoices in a row then take twice the memory of one. A validation worker therefore
 * collects garbage right after a document larger than `EINVOICE_GC_AFTER_BYTES` (default 2 MiB), which
 * costs a few tens of milliseconds against the seconds such a document takes, and keeps the peak of a
 * worker at what one document needs.
 *
 * Node exposes `gc()` only with `--expose-gc`; the flag is set at run time and the function taken from a
 * fresh context (the way jest's leak detector does it). If that is not possible, nothing is done.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { config } from '../config';

let collect: (() => void) | null | undefined;

function collector(): (() => void) | null {
  if (collect !== undefined) return collect;
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    collect = typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    collect = null;
  }
  return collect;
}

/** Collects garbage now when the document just validated was large. Returns whether it did. */
export function releaseAfterDocument(bytes: number, threshold = config.gcAfterBytes): boolean {
  if (threshold <= 0 || bytes < threshold) return false;
  const gc = collector();
  if (!gc) return false;
  gc();
  return true;
}
