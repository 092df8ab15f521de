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

/**
 * The route's answer (trace-service.ts, traceReply): its JSON text when built in this process,
 * that text gzip'd when kept in the database (genealogy_closure_answers), or both; never neither.
 */
export interface TraceBody {
  json: string | null;
  gzip: Buffer | null;
}

/** About 200 bytes per hit or edge held: 200,000 is some 40 MB, a handful of large recalls. */
export const DEFAULT_TRACE_CACHE_ITEMS = 200_000;

interface Kept {
  generation: string;
  result: TraceResult | null;
  /** The route's answer (trace-service.ts, traceReply), once asked for. */
  body: TraceBody | null;
  items: number;
}

/** What a kept body counts for, in items (about 200 bytes each, DEFAULT_TRACE_CACHE_ITEMS). */
const bodyItems = (b: TraceBody | null) => (b === null ? 0 : Math.ceil(((b.json?.length ?? 0) + (b.gzip?.length ?? 0)) / 200));

export class TraceCache {
  private readonly kept = new Map<string, Kept>();
  private items = 0;

  constructor(private readonly maxItems = DEFAULT_TRACE_CACHE_ITEMS) {}

  get(key: string, generation: string): TraceResult | undefined {
    return this.touch(key, generation)?.result ?? undefined;
  }

  /** The route's answer: kept as such, or its JSON text made once from the kept answer (and kept). */
  body(key: string, generation: string): TraceBody | undefined {
    const k = this.touch(key, generation);
    if (!k) return undefined;
    if (k.body !== null || k.result === null) return k.body ?? undefined;
    const body = { json: JSON.stringify(k.result), gzip: null };
    this.setBody(key, generation, body);
    return body;
  }

  set(key: string, generation: string, result: TraceResult): void {
    const old = this.kept.get(key);
    const body = old?.generation === generation ? old.body : null;
    this.put(key, { generation, result, body, items: 1 + result.hits.length + (result.edges?.length ?? 0) + bodyItems(body) });
  }

  setBody(key: string, generation: string, body: TraceBody): void {
    const old = this.kept.get(key);
    const result = old?.generation === generation ? old.result : null;
    this.put(key, { generation, result, body, items: 1 + (result ? result.hits.length + (result.edges?.length ?? 0) : 0) + bodyItems(body) });
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
