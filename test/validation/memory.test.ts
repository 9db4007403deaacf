/**
 * validation/memory.ts: a validation worker collects garbage after a large document. The collection is
 * real (a weakly held large object is gone afterwards) and only happens from the threshold on.
 */
import { releaseAfterDocument } from '../../validation/memory';

test('below the threshold nothing is collected; from the threshold on, garbage is collected', async () => {
  expect(releaseAfterDocument(1_000, 2_000)).toBe(false);
  expect(releaseAfterDocument(5_000, 0)).toBe(false); // 0 turns it off
  // Allocated in a function of its own, so that nothing but the weak reference holds it afterwards.
  const ref = ((): WeakRef<number[][]> => new WeakRef(Array.from({ length: 1_000 }, () => new Array<number>(1_000).fill(1))))();
  // Let the current job finish so that the object is not held by the stack.
  await new Promise((r) => setImmediate(r));
  expect(releaseAfterDocument(2_000, 2_000)).toBe(true);
  expect(ref.deref()).toBeUndefined();
});
