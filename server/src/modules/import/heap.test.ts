import { getHeapStatistics } from 'node:v8';
import { trimHeap } from './heap';

describe('import heap trimming', () => {
  it('collects garbage once the heap holds more than the budget, and only then', () => {
    // Garbage: 40 MB of short-lived objects no one references any more.
    const fill = () => {
      const junk: { s: string }[] = [];
      for (let i = 0; i < 400_000; i++) junk.push({ s: `row ${i} ${'x'.repeat(64)}` });
      return junk.length;
    };
    expect(fill()).toBe(400_000);
    const before = getHeapStatistics().used_heap_size;
    expect(trimHeap(before * 4)).toBe(false);
    expect(trimHeap(1024 * 1024)).toBe(true);
    const after = getHeapStatistics().used_heap_size;
    expect(after).toBeLessThan(before - 20 * 1024 * 1024);
  });
});
