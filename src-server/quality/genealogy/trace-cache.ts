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
  result: TraceResult | null;
  /** The route's JSON text of the answer (trace-service.ts, traceJson), once asked for. */
  json: string | null;
  items: number;
}

/** What a kept JSON text counts for, in items (about 200 bytes each, DEFAULT_TRACE_CACHE_ITEMS). */
const jsonItems = (json: string) => Math.ceil(json.length / 200);

export class TraceCache {
  private readonly kept = new Map<string, Kept>();
  private items = 0;

  constructor(private readonly maxItems = DEFAULT_TRACE_CACHE_ITEMS) {}

  get(key: string, generation: string): TraceResult | undefined {
    return this.touch(key, generation)?.result ?? undefined;
  }

  /** The answer's JSON text: kept as such, or made once from the kept answer (and kept). */
  json(key: string, generation: string): string | undefined {
    const k = this.touch(key, generation);
    if (!k) return undefined;
    if (k.json !== null || k.result === null) return k.json ?? undefined;
    const json = JSON.stringify(k.result);
    this.setJson(key, generation, json);
    return json;
  }

  set(key: string, generation: string, result: TraceResult): void {
    const old = this.kept.get(key);
    const json = old?.generation === generation ? old.json : null;
    this.put(key, { generation, result, json, items: 1 + result.hits.length + (result.edges?.length ?? 0) + (json === null ? 0 : jsonItems(json)) });
  }

  setJson(key: string, generation: string, json: string): void {
    const old = this.kept.get(key);
    const result = old?.generation === generation ? old.result : null;
    this.put(key, { generation, result, json, items: 1 + (result ? result.hits.length + (result.edges?.length ?? 0) : 0) + jsonItems(json) });
  }

  /** The entry kept at `generation`, now the most recently used; a stale one goes. */
  private touch(key: string, generation: string): Kept | undefined {
    const k = this.kept.get(key);
    if (!k) return undefined;
    this.drop(key, k);
    if (k.generation !== generation) return undefined;
    this.kept.set(key, k);
    this.items += k.items;
    return k;
  }

  private put(key: string, entry: Kept): void {
    const old = this.kept.get(key);
    if (old) this.drop(key, old);
    if (entry.items > this.maxItems) return;
    this.kept.set(key, entry);
    this.items += entry.items;
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
