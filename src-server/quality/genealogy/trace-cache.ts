/**
 * Answers of recent traces, kept in the hub process (issue 16 item 3: a trace with paths and
 * totals never slower than the plain recursive query). A recall is traced again and again (the
 * console's trace, the recall list, its export, the deviation that cites it). Two kinds of entry,
 * each stamped with what proves it current:
 *
 *   - a trace answer (TraceResult) or a route body built in this process, stamped with the
 *     genealogy's generation it was built at (genealogy_generation, raised by every writing
 *     transaction: genealogy-store.ts, raiseGeneration); current while the generation is;
 *   - a route body read from (or written to) a kept answer row (genealogy_closure_answers),
 *     stamped with that row's version (trace-sql.ts, closureSql: its xmin, which every write of
 *     the row changes); current while the row's version is, whatever else the genealogy did, since a
 *     write that changes the closure drops the row (genealogy-store.ts). The trace statement
 *     compares the version and sends the row's bytes only when this process does not hold them.
 *     The rule the xmin stamp relies on: a kept answer row is never written twice in one
 *     transaction. xmin names the transaction that last wrote the row, not the write, so two
 *     writes of different bytes in one transaction would leave one version for both and a
 *     process holding the first would keep serving it. keepAnswerSql is the only statement that
 *     writes the row, and it runs as one autocommit statement (trace-service.ts, outside any
 *     transaction), so each write is its own transaction and gets its own xmin. Whoever calls
 *     keepAnswerSql inside a transaction that may write the same row again must widen the
 *     version first (e.g. xmin with octet_length(body_gzip), in closureSql and keepAnswerSql alike).
 *
 * Both stamps are read as `epoch:counter` (FR-151, trace-sql.ts: epochOf, migration 0053): the
 * generation and an xmin are numbers of one database's history, and a database restored from a
 * backup, made again, or another one attached at the same URL can show a number this process
 * already holds an entry under; the epoch read in the same statement differs then, so the entry
 * is never matched again.
 *
 * Bounded in bytes (DEFAULT_TRACE_CACHE_BYTES): a body counts its bytes exactly (the JSON text's
 * UTF-8 bytes, and the gzip'd bytes when kept); a TraceResult an estimate per hit and edge.
 * Least recently used entries go first; an entry larger than the whole bound is not kept. Entries
 * are shared between callers: read them, never change them.
 */
import type { TraceResult } from '../../../src-shared/quality/genealogy-contract.ts';

/**
 * The route's answer (trace-service.ts, traceReply): the JSON text's UTF-8 bytes (what a client
 * without gzip reads), and, when the answer is kept in the database, those bytes gzip'd as kept
 * (sent as they are to a client that accepts gzip). `gzip` gunzips to exactly `plain`. `plain`
 * is null only beside `gzip`: a kept answer read for gzip clients alone is held as its gzip'd
 * bytes (checked by a gunzip when read), its text made when a client without gzip asks (FR-134).
 */
export interface TraceBody {
  plain: Buffer | null;
  gzip: Buffer | null;
}

/**
 * 128 MiB: a large recall (11,026 hits) is a 3.5 MB text and 235 kB gzip'd (278 kB when kept at level 1), so some 34 recalls
 * held both ways, or hundreds of small traces. The bound counts the bytes of the bodies and an
 * estimate of the answers' objects (RESULT_BYTES_PER_HIT, RESULT_BYTES_PER_EDGE), not the Map itself.
 */
export const DEFAULT_TRACE_CACHE_BYTES = 128 * 1024 * 1024;

/**
 * What a TraceResult holds per hit (its object, node, attributes, path array; keys and labels are
 * shared with the walk's columns) and per edge, on V8: an estimate, on the high side.
 */
export const RESULT_BYTES_PER_HIT = 400;
export const RESULT_BYTES_PER_EDGE = 100;

/**
 * What proves an entry current: the generation it was built at, or the kept row's version (its
 * xmin: sound only while the row is never written twice in one transaction; see the top).
 */
export type TraceStamp = { generation: string } | { version: string };

interface Entry {
  stamp: string;
  value: TraceResult | TraceBody;
  bytes: number;
}

const stampOf = (s: TraceStamp): string => ('generation' in s ? `g${s.generation}` : `v${s.version}`);
const resultBytes = (r: TraceResult): number => 256 + r.hits.length * RESULT_BYTES_PER_HIT + (r.edges?.length ?? 0) * RESULT_BYTES_PER_EDGE;
const bodyBytes = (b: TraceBody): number => 64 + (b.plain?.length ?? 0) + (b.gzip?.length ?? 0);

export class TraceCache {
  private readonly kept = new Map<string, Entry>();
  private bytes = 0;
  /**
   * The highest generation seen per epoch (FR-151): a lower one means the counters went back
   * underneath (a restore, a VM snapshot rolled back); everything held goes, whatever its stamp.
   */
  private readonly highest = new Map<string, bigint>();

  constructor(private readonly maxBytes = DEFAULT_TRACE_CACHE_BYTES) {}

  /** The trace answer built at `generation`, if held (a stale one goes). */
  get(key: string, generation: string): TraceResult | undefined {
    // An empty stamp (the generation row missing, FR-151): nothing is held or returned under it.
    if (generation === '') return undefined;
    this.observe(generation);
    return this.touch(`r\u0000${key}`, `g${generation}`) as TraceResult | undefined;
  }

  set(key: string, generation: string, result: TraceResult): void {
    if (generation === '') return;
    this.put(`r\u0000${key}`, { stamp: `g${generation}`, value: result, bytes: resultBytes(result) });
  }

  /** The route's body built at `generation`, if held (a stale one goes; so does one held under a kept row's version). */
  body(key: string, generation: string): TraceBody | undefined {
    if (generation === '') return undefined;
    this.observe(generation);
    return this.touch(`b\u0000${key}`, `g${generation}`) as TraceBody | undefined;
  }

  /**
   * The route's body held under a kept row's version, with that version, for the trace statement
   * to compare (closureSql); undefined when none is held. The caller drops or replaces it when the
   * row's version differs (setBody, forget).
   */
  keptBody(key: string): { version: string; body: TraceBody } | undefined {
    const k = `b\u0000${key}`;
    const e = this.kept.get(k);
    if (!e || !e.stamp.startsWith('v')) return undefined;
    this.touch(k, e.stamp);
    return { version: e.stamp.slice(1), body: e.value as TraceBody };
  }

  setBody(key: string, stamp: TraceStamp, body: TraceBody): void {
    if (('generation' in stamp ? stamp.generation : stamp.version) === '') return;
    this.put(`b\u0000${key}`, { stamp: stampOf(stamp), value: body, bytes: bodyBytes(body) });
  }

  /** Whether a route body built at some generation is held for `key` (worth a generation read to check). */
  holdsBody(key: string): boolean {
    return this.kept.get(`b\u0000${key}`)?.stamp.startsWith('g') ?? false;
  }

  /** Drops the route's body held for `key` (its kept row is gone or changed). */
  forget(key: string): void {
    const k = `b\u0000${key}`;
    const e = this.kept.get(k);
    if (e) this.drop(k, e);
  }

  /** Entries held. */
  get size(): number {
    return this.kept.size;
  }

  /** Bytes held, as counted against the bound. */
  get heldBytes(): number {
    return this.bytes;
  }

  /** Forgets everything held (the counters went back: observe). */
  clear(): void {
    this.kept.clear();
    this.bytes = 0;
  }

  /**
   * A generation stamp read (`epoch:n:…`, trace-sql.ts generationStampOf; get and body, the reads
   * made just before): one lower than the highest seen in its epoch empties the cache. Two traces
   * across a raise can read 6, then 5: an emptied cache then, never a stale answer. NodeDataCache
   * needs no such memory: it holds one version and drops everything at any other.
   */
  private observe(generation: string): void {
    const [epoch, counter] = generation.split(':', 2);
    if (epoch === undefined || counter === undefined || !/^[0-9]+$/.test(counter)) return;
    const n = BigInt(counter);
    const top = this.highest.get(epoch);
    if (top !== undefined && n < top) this.clear();
    if (top === undefined && this.highest.size >= 16) this.highest.clear();
    this.highest.set(epoch, n);
  }

  /** The entry held under `stamp`, now the most recently used; one under another stamp goes. */
  private touch(key: string, stamp: string): TraceResult | TraceBody | undefined {
    const e = this.kept.get(key);
    if (!e) return undefined;
    this.drop(key, e);
    if (e.stamp !== stamp) return undefined;
    this.kept.set(key, e);
    this.bytes += e.bytes;
    return e.value;
  }

  private put(key: string, entry: Entry): void {
    const old = this.kept.get(key);
    if (old) this.drop(key, old);
    if (entry.bytes > this.maxBytes) return;
    this.kept.set(key, entry);
    this.bytes += entry.bytes;
    for (const [oldest, e] of this.kept) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(oldest, e);
    }
  }

  private drop(key: string, e: Entry): void {
    this.kept.delete(key);
    this.bytes -= e.bytes;
  }
}
