import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// The import job's memory: its live heap stays at 80–120 MB, but V8 lets the heap grow to
// 230–290 MB between major collections (docs/benchmarks.md), so the worker peaked at
// 450–500 MB RSS. Its heap limit cannot be lowered once the process runs, so the job asks
// for a full collection itself between batches once the heap holds more than a budget:
// a few collections per 100,000 rows (tens of milliseconds each, while the database writes
// are the bottleneck) instead of a heap twice the live size.

let collect: (() => void) | null | undefined;

function collector(): (() => void) | null {
  if (collect === undefined) {
    try {
      // Exposes gc() to contexts created from now on; the worker's own context is untouched.
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  return collect;
}

/** Runs a full garbage collection when the heap holds more than `budgetBytes`; true when it did. */
export function trimHeap(budgetBytes: number): boolean {
  if (getHeapStatistics().used_heap_size <= budgetBytes) return false;
  const gc = collector();
  if (!gc) return false;
  gc();
  return true;
}
