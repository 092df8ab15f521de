/**
 * Answers of recent traces, kept while the genealogy's generation stands still (issue 16 item
 * 3: a trace with paths and totals never slower than the plain recursive query). A recall is
 * traced again and again (the console's trace, the recall list, its export, the deviation that
 * cites it); while nothing was written to the genealogy the answer cannot differ, and checking
 * that costs one single-row read (genealogy_generation, raised by every writing transaction:
 * genealogy-store.ts, raiseGeneration), less than any walk.
 *
 * Bounded by the number of hits and edges held (least recently used answers go first), so a
 * hub process holds a few recalls of thousands of batches, not the whole genealogy. Answers
 * are shared between callers: read them, never change them.
 */
import type { TraceResult } from '../../../src-shared/quality/genealogy-contract.ts';

/** About 200 bytes per hit or edge held: 200,000 is some 40 MB, a handful of large recalls. */
export const DEFAULT_TRACE_CACHE_ITEMS = 200_000;

interface Kept {
  generation: string;
  result: TraceResult;
  items: number;
}

export class TraceCache {
  private readonly kept = new Map<string, Kept>();
  private items = 0;

  constructor(private readonly maxItems = DEFAULT_TRACE_CACHE_ITEMS) {}

  get(key: string, generation: string): TraceResult | undefined {
    const k = this.kept.get(key);
    if (!k) return undefined;
    this.drop(key, k);
    if (k.generation !== generation) return undefined;
    this.kept.set(key, k);
    this.items += k.items;
    return k.result;
  }

  set(key: string, generation: string, result: TraceResult): void {
    const items = 1 + result.hits.length + (result.edges?.length ?? 0);
    if (items > this.maxItems) return;
    const old = this.kept.get(key);
    if (old) this.drop(key, old);
    this.kept.set(key, { generation, result, items });
    this.items += items;
    for (const [oldest, k] of this.kept) {
      if (this.items <= this.maxItems) break;
      this.drop(oldest, k);
    }
  }

  get size(): number {
    return this.kept.size;
  }

  private drop(key: string, k: Kept): void {
    this.kept.delete(key);
    this.items -= k.items;
  }
}
