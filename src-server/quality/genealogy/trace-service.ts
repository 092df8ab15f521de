/**
 * Forward and backward trace through genealogy, with the path of each hit, and the recall list
 * of a lot (issue 7 item 1). The queries are trace-sql.ts and the shortest-path tree is built
 * in trace-tree.ts (issue 16 item 3: one statement walks the closure, JS builds the tree); this
 * file resolves the start, turns the tree into paths and totals, and diagnoses a walk that hit
 * its depth guard.
 */
import { promisify } from 'node:util';
import { constants as zlibConstants, crc32, createInflateRaw, gunzipSync, gzip, gzipSync } from 'node:zlib';
import { inArray, sql } from 'drizzle-orm';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import {
  DEFAULT_TRACE_DEPTH,
  nodeKey,
  type GenealogyNodeKind,
  type OutputLotRole,
  type RecallList,
  type TraceDirection,
  type TraceEdge,
  type TraceHit,
  type TraceQuery,
  type TraceResult,
} from '../../../src-shared/quality/genealogy-contract.ts';
import type { BatchDecision } from '../../../src-shared/quality/review-contract.ts';
import type { HubQuery } from '../../db/open-hub-db.ts';
import { preparedQueryRows, preparedRows } from '../../db/prepared-statement.ts';
import { batchOutputLots, genealogyNodes } from '../db/quality-schema.ts';
import { rowsOf } from '../db/sql-rows.ts';
import { findCycle } from './find-cycle.ts';
import type { KeptClosureRef } from './genealogy-store.ts';
import { flowTotalsOf } from './flow-totals.ts';
import { ANSWER_PART_BYTES, closureQuery, GENERATION_STAMP, heldWalkQuery, keepAnswerSql, nodeDataSql, keepClosureSql, PROJECTION_BEHIND, traceSql, UNIT_SEPARATOR, walkedEdgesSql, withBehind, type ClosureRow, type TraceRow } from './trace-sql.ts';
import { treeOfClosure, type NodeColumns, type WalkNode, type Walked } from './trace-tree.ts';
import type { TraceBody, TraceCache } from './trace-cache.ts';
import { NodeDataCache } from './trace-node-data.ts';

const gzipped = promisify(gzip);

/**
 * What the trace route sends (TraceService.traceReply): the answer's JSON text as UTF-8 bytes,
 * or, with `gzip`, those bytes gzip'd, to be sent with Content-Encoding: gzip.
 */
export interface TraceReply {
  body: Buffer;
  gzip: boolean;
}

/**
 * Kept answers are gzip'd at this level: a recall's 3.5 MB text is 235 kB (278 kB at level 1), in
 * 26–28 ms instead of 8–11 (once per keep, on zlib's thread pool), and every first read of it then
 * inflates in 2.0–2.2 ms instead of 2.4–2.8 and carries 16 % fewer bytes (docs/measurements.md,
 * Session 15). Rows kept at another level read the same: the level is not part of the format.
 */
const KEPT_ANSWER_GZIP_LEVEL = 6;

/**
 * Enough for the widest recall we can imagine (an excipient lot in thousands of batches); also
 * the caps of a kept closure (closureWalk), which a kept one never passes.
 */
export const DEFAULT_MAX_HITS = 500_000;

export interface TraceDeps {
  db: HubQuery;
  /** Brings the projection up to date before a trace (quality-projector.ts). */
  catchUp(): Promise<unknown>;
  /** QP decisions of batches, verified (for the recall list). */
  decisions(batchNumbers: string[]): Promise<Map<string, BatchDecision>>;
  maxHits?: number;
  /** false: always walk depth-bounded in SQL (traceSql), the reference the closure path is tested against. */
  closure?: boolean;
  /** Answers kept while the genealogy's generation stands still (trace-cache.ts); none when absent. */
  cache?: TraceCache;
  /**
   * A closure of at least this many nodes is kept in the database after its first trace
   * (trace-sql.ts, keepClosureSql; genealogy_closures); a write that changes it drops it
   * (genealogy-store.ts) and the hub keeps it again after the commit (rekeep): a recall from a
   * lot used in thousands of batches then reads one row instead of walking. DEFAULT_KEEP_CLOSURE_FROM when absent; Infinity keeps none.
   */
  keepClosuresFrom?: number;
  /**
   * Node labels and attributes held for walked traces (trace-node-data.ts): a start traced again
   * asks the walk for ids and edges alone. A cache of the default bound when absent; null holds none.
   */
  nodeData?: NodeDataCache | null;
}

/** Closures this large are kept (TraceDeps.keepClosuresFrom): below it, the walk costs about what reading a kept row does. */
export const DEFAULT_KEEP_CLOSURE_FROM = 1000;

export class TraceService {
  private readonly nodeData: NodeDataCache | null;

  constructor(private readonly deps: TraceDeps) {
    this.nodeData = deps.nodeData === undefined ? new NodeDataCache() : deps.nodeData;
  }

  private readonly toRekeep = new Map<string, KeptClosureRef>();
  private rekeeping: Promise<void> | null = null;

  /**
   * Keeps again, in the background, closures a committed write dropped (genealogy-store.ts,
   * raiseGeneration; the projector calls this after its page commits): one walk at a time, a
   * closure asked for twice while waiting walked once, so a burst of intake costs the hub at
   * most one walk running beside it, and never the intake's own transaction. A walk that a
   * newer write overtakes keeps nothing (keepClosureSql checks the generation); the next
   * trace then walks and keeps it. A failure (the database closing, say) drops the rest:
   * kept closures are derived data, a trace never depends on one.
   */
  rekeep(refs: readonly KeptClosureRef[]): void {
    for (const r of refs) {
      const k = `${r.startId}:${r.direction}`;
      const waiting = this.toRekeep.get(k);
      const depths = [...new Set([...(waiting?.depths ?? []), ...(r.depths ?? [])])];
      this.toRekeep.set(k, { startId: r.startId, direction: r.direction, ...(depths.length > 0 ? { depths } : {}) });
    }
    if (this.rekeeping || this.toRekeep.size === 0) return;
    this.rekeeping = (async () => {
      try {
        for (let next = this.toRekeep.entries().next(); !next.done; next = this.toRekeep.entries().next()) {
          const [k, r] = next.value;
          this.toRekeep.delete(k);
          const [node] = await this.deps.db.select({ kind: genealogyNodes.kind, key: genealogyNodes.key }).from(genealogyNodes).where(sql`${genealogyNodes.id} = ${r.startId}`);
          if (!node) continue;
          const query: TraceQuery = { kind: node.kind as TraceQuery['kind'], id: node.key, direction: r.direction };
          // What was kept is kept again, whatever its size now (keepFrom 1). The walk keeps the
          // closure; the answer (the trace's JS, mostly allocation) is built only where the route's
          // answer was kept beside it, once per depth asked (the first walks, the rest read the closure).
          if (!r.depths?.length) await this.walk(query, DEFAULT_TRACE_DEPTH, this.deps.maxHits ?? DEFAULT_MAX_HITS, 1, null);
          for (const maxDepth of r.depths ?? []) await this.answerNow({ ...query, maxDepth }, 1, { fresh: true });
        }
      } catch {
        this.toRekeep.clear();
      } finally {
        this.rekeeping = null;
      }
    })();
  }

  /** Resolves once no closure waits to be kept again (tests; a hub closing). */
  async rekept(): Promise<void> {
    while (this.rekeeping) await this.rekeeping;
  }

  async trace(query: TraceQuery): Promise<Result<TraceResult>> {
    await this.deps.catchUp();
    return this.traceNow(query);
  }

  /** The trace on the projection as it is (the bench; callers that caught up already). */
  async traceNow(query: TraceQuery): Promise<Result<TraceResult>> {
    const cache = this.deps.cache;
    if (!cache) return this.walkAndBuild(query);
    const maxDepth = query.maxDepth ?? DEFAULT_TRACE_DEPTH;
    const key = cacheKey(query, maxDepth);
    // Read before the walk: rows written after this read only make the answer newer than
    // the generation it is kept under (genealogy-store.ts, raiseGeneration).
    const generation = await this.generation();
    const kept = cache.get(key, generation);
    if (kept) return ok(kept);
    const traced = await this.walkAndBuild(query);
    if (traced.ok) cache.set(key, generation, traced.value);
    return traced;
  }

  /**
   * The trace as the route sends it: the answer's JSON (exactly JSON.stringify of what `trace`
   * answers), gzip'd for a client that accepts gzip when the answer is kept so. A closure kept
   * in the database (keepClosuresFrom) has its answer at the default depth kept beside it,
   * gzip'd (genealogy_closure_answers, migrations 0045 and 0046): the first trace builds and
   * keeps it, the next reads that one row (in parts: keptBytesOf), gunzips it once (gzip's own
   * check, CRC-32 and length) and holds the kept bytes in this process (trace-cache.ts, under the
   * row's version), and the text beside them once a client without gzip asks (made then, once);
   * later traces send the held bytes as they are to a client that accepts gzip, or the held text
   * to one that does not, the trace statement only confirming the row's version
   * (closureSql), building, serialising and gunzipping nothing. A write that changes the closure
   * drops the answer with it, and the hub keeps both again after the commit (rekeep). A service
   * with another maxHits than the default, or without the closure walk, keeps no answer.
   */
  async traceReply(query: TraceQuery, acceptsGzip: boolean): Promise<Result<TraceReply>> {
    // FR-134: the catch-up check rides in the trace statement (withBehind, PROJECTION_BEHIND: the
    // same snapshot the answer comes from), not in a round trip before it. When the projection
    // is behind the ledger, nothing read is used: the projector catches up and the trace is asked
    // again, as before. A start the statement does not know may be one the projector has not
    // written yet: caught up and asked again too (only that error pays the extra round trips).
    if (this.keepsAnswers()) {
      const answer = await this.answerNow(query, undefined, { untilBehind: true, plain: !acceptsGzip });
      if (answer !== BEHIND && (answer.ok || answer.error.code !== 'TRACE_START_UNKNOWN')) return replyOf(answer, acceptsGzip);
    }
    await this.deps.catchUp();
    return this.traceReplyNow(query, acceptsGzip);
  }

  /** traceReply on the projection as it is (the bench). */
  async traceReplyNow(query: TraceQuery, acceptsGzip: boolean): Promise<Result<TraceReply>> {
    return replyOf(await this.answerNow(query, undefined, { plain: !acceptsGzip }), acceptsGzip);
  }

  /** Whether the route's answer comes from answerNow's own statements (the closure walk, the default caps), not through traceNow. */
  private keepsAnswers(): boolean {
    return this.deps.closure !== false && (this.deps.maxHits ?? DEFAULT_MAX_HITS) === DEFAULT_MAX_HITS;
  }

  /** The route's answer as JSON text, as a client without gzip reads it (traceReplyNow; tests). */
  async traceJsonNow(query: TraceQuery): Promise<Result<string>> {
    const reply = await this.traceReplyNow(query, false);
    if (!reply.ok) return reply;
    return ok(reply.value.body.toString('utf8'));
  }

  /**
   * The route's answer (traceReply): from this process's cache, the kept row, or built (and kept
   * when its closure is kept). `keepFrom`: rekeep keeps whatever was kept; `fresh`: past the
   * cache (rekeep must walk and keep even when this process's memory has the answer);
   * `ignoreKept`: past the kept row too (its bytes did not gunzip: built and kept again).
   *
   * Round trips: the trace statement alone, unless this process holds a body built at a
   * generation (a trace whose answer is not kept), which the generation read checks first. A
   * body held under a kept row's version is confirmed by the statement itself (it sends no bytes
   * then); a body built or read is stamped with the generation that statement saw (closureSql,
   * the same snapshot as the closure and the answer), so no read before it is needed.
   *
   * `untilBehind` (traceReply, FR-134): the statement that answers (the trace statement, or the
   * generation read) also says whether the projection is behind the ledger; when it is, BEHIND
   * comes back before anything is built, kept or held.
   *
   * `plain`: the caller needs the text (a client without gzip). A kept answer read for a gzip
   * client is held as its gzip'd bytes alone (gunzipped all the same, to check them, before any
   * client is sent them); its text is made, and held beside them, when a client without gzip
   * first asks (FR-134: 13× less held per recall while only gzip clients ask).
   */
  private async answerNow(query: TraceQuery, keepFrom?: number, options?: { fresh?: boolean; ignoreKept?: boolean; untilBehind?: false; plain?: boolean }): Promise<Result<TraceBody>>;
  private async answerNow(query: TraceQuery, keepFrom: number | undefined, options: { fresh?: boolean; ignoreKept?: boolean; untilBehind: true; plain?: boolean }): Promise<Result<TraceBody> | typeof BEHIND>;
  private async answerNow(query: TraceQuery, keepFrom?: number, options: { fresh?: boolean; ignoreKept?: boolean; untilBehind?: boolean; plain?: boolean } = {}): Promise<Result<TraceBody> | typeof BEHIND> {
    const maxDepth = query.maxDepth ?? DEFAULT_TRACE_DEPTH;
    const maxHits = this.deps.maxHits ?? DEFAULT_MAX_HITS;
    const untilBehind = options.untilBehind === true;
    if (!this.keepsAnswers()) {
      const traced = await this.traceNow(query);
      return traced.ok ? ok({ plain: Buffer.from(JSON.stringify(traced.value), 'utf8'), gzip: null }) : traced;
    }
    // The answer is kept for the depth the console and the CLI ask (the default) only: any reader
    // may ask every depth from 1 to MAX_TRACE_DEPTH, and each kept answer (megabytes for a recall)
    // would be dropped and built again after every write that touches the closure. Another
    // depth still reads the kept closure and builds its answer.
    const keepsText = maxDepth === DEFAULT_TRACE_DEPTH;
    const readsKept = keepsText && !options.ignoreKept;
    const cache = this.deps.cache;
    const key = cacheKey(query, maxDepth);
    const held = cache && readsKept && !options.fresh ? cache.keptBody(key) : undefined;
    if (cache && !held && !options.fresh && cache.holdsBody(key)) {
      const { n, behind } = await this.generationRead(untilBehind);
      if (behind) return BEHIND;
      const kept = cache.body(key, n);
      if (kept !== undefined) return ok(kept);
    }
    const walked = await this.walk(query, maxDepth, maxHits, keepFrom, readsKept ? maxDepth : null, held?.version ?? null, untilBehind);
    if (walked === BEHIND) return BEHIND;
    if (!walked) return unknownStart(query);
    if (walked.walked === null) {
      // The kept row is the one whose bytes this process holds: nothing came but its version.
      const holds = walked.answer === null && held !== undefined && walked.answerVersion === held.version;
      if (holds && (held.body.plain !== null || !options.plain)) return ok(held.body);
      // Bytes that do not gunzip (no gzip header, a damaged body) are never sent, to any client:
      // built again and kept in their place. Gunzipped once per version of the row this process
      // reads, to check them (gzip's CRC-32 and length) before any client is sent a byte; the text
      // is held beside the bytes once a client without gzip asks (then, or later: the held bytes
      // gunzipped again, once), so no later trace gunzips them.
      const gzip = holds ? held.body.gzip : walked.answer;
      // A gzip client alone needs no text: the bytes are checked without keeping what they gunzip to (gzipChecks).
      const plain = gzip === null || !isGzip(gzip) ? null : options.plain ? gunzipKept(gzip) : gzipChecks(gzip) ? EMPTY : null;
      if (gzip === null || plain === null) {
        cache?.forget(key);
        const again = { fresh: true, ignoreKept: true, plain: options.plain === true } as const;
        return untilBehind ? this.answerNow(query, keepFrom, { ...again, untilBehind }) : this.answerNow(query, keepFrom, again);
      }
      const body = { plain: options.plain ? plain : null, gzip };
      cache?.setBody(key, { version: walked.answerVersion }, body);
      return ok(body);
    }
    // No kept answer (or one not asked for): a body held under a kept row's version is no longer current.
    if (held) cache?.forget(key);
    const built = await this.build(query, walked.walked, maxDepth, maxHits);
    if (!built.ok) return built;
    const plain = Buffer.from(JSON.stringify(built.value), 'utf8');
    if (walked.keptAt !== null && keepsText) {
      const gzip = await gzipped(plain, { level: KEPT_ANSWER_GZIP_LEVEL });
      // One autocommit statement, never inside a transaction that could write the row again:
      // the row's xmin is the version the cache trusts (trace-cache.ts, the rule at the top).
      const [kept] = await rowsOf<{ version: string }>(this.deps.db, keepAnswerSql(walked.walked.start.id, query.direction, maxDepth, walked.keptAt, gzip));
      const body = { plain, gzip };
      // Held under the row's version when kept; else (the genealogy moved on since the walk)
      // under the generation the walk saw, which no longer holds: it is checked, and dropped, next time.
      if (kept) cache?.setBody(key, { version: String(kept.version) }, body);
      else if (walked.generation !== null) cache?.setBody(key, { generation: walked.generation }, body);
      return ok(body);
    }
    // The answer only: the route reads nothing else, and `trace` builds its own object when asked.
    const body = { plain, gzip: null };
    // The depth-bounded walk (traceSql) reports no generation: its body is not held.
    if (walked.generation !== null) cache?.setBody(key, { generation: walked.generation }, body);
    return ok(body);
  }

  /** The genealogy's generation as its stamp, `epoch:n` (FR-151, trace-sql.ts: GENERATION_STAMP). */
  private async generation(): Promise<string> {
    const [g] = await rowsOf<{ n: string | null }>(this.deps.db, sql`select ${GENERATION_STAMP} as n`);
    return String(g?.n ?? '');
  }

  /** The generation's stamp, and with `behind` in the same statement whether the projection is behind the ledger (FR-134). */
  private async generationRead(behind: boolean): Promise<{ n: string; behind: boolean }> {
    if (!behind) return { n: await this.generation(), behind: false };
    const [g] = await rowsOf<{ n: string | null; behind: boolean }>(this.deps.db, sql`select ${GENERATION_STAMP} as n, ${PROJECTION_BEHIND} as behind`);
    return { n: String(g?.n ?? ''), behind: g?.behind === true };
  }

  private async walkAndBuild(query: TraceQuery): Promise<Result<TraceResult>> {
    const maxDepth = query.maxDepth ?? DEFAULT_TRACE_DEPTH;
    const maxHits = this.deps.maxHits ?? DEFAULT_MAX_HITS;
    const walked = await this.walk(query, maxDepth, maxHits, undefined, null);
    if (walked === BEHIND) throw new Error('trace: the projection\'s lag came back unasked');
    if (!walked) return unknownStart(query);
    // No answer is asked for (answerDepth null), so the walk returns none.
    if (walked.walked === null) throw new Error('trace: a kept answer came back unasked');
    return this.build(query, walked.walked, maxDepth, maxHits);
  }

  /** The answer from a walk (answerOf), refused when over maxHits; the cycle looked for when the depth guard was reached. */
  private async build(query: TraceQuery, walked: Walked, maxDepth: number, maxHits: number): Promise<Result<TraceResult>> {
    if (walked.order.length + (walked.selfReached ? 1 : 0) > maxHits || walked.from.length > 4 * (maxHits + 2)) {
      return err('TRACE_TOO_LARGE', `the trace reaches more than ${maxHits} nodes; narrow it with maxDepth`, { maxHits });
    }
    // A walk held by the node data cache (the same closure as before) has its answer built already.
    const built = this.nodeData?.builtFor(walked);
    if (built && built.direction === query.direction && built.maxDepth === maxDepth) return ok(built);
    const { start, hits, edges } = answerOf(walked, query.direction);
    const depthLimitReached = walked.deepest >= maxDepth;
    let cycle: string[] | null = null;
    if (depthLimitReached || walked.selfReached) cycle = await this.cycleNear(walked.start.id, query.direction, maxDepth);
    const result: TraceResult = { start, direction: query.direction, maxDepth, hits, depthLimitReached, cycle, edges };
    this.nodeData?.setBuilt(walked, result);
    return ok(result);
  }

  /**
   * The walk alone (the closure, else depth-bounded), keeping a large closure on the way
   * (closureWalk; from keepFrom nodes, else keepClosuresFrom); false when the start is unknown.
   * With answerDepth, a route's answer kept for that depth comes back instead (closureSql).
   */
  private async walk(query: TraceQuery, maxDepth: number, maxHits: number, keepFrom: number | undefined, answerDepth: number | null, heldVersion: string | null = null, untilBehind = false): Promise<Walk | false | typeof BEHIND> {
    // JIT off for these statements (trace-sql.ts: at ten million lots the planner's estimate
    // triggers JIT compilation that costs 100× the query itself). The hub's own sessions have
    // it off already (open-hub-db.ts) and PGlite has none: there the short transaction around
    // the trace would cost more than the plain query of a small trace (three more round
    // trips), so it is left out.
    const keep = keepFrom ?? this.deps.keepClosuresFrom ?? DEFAULT_KEEP_CLOSURE_FROM;
    const walk = async (q: HubQuery): Promise<Walk | false | typeof BEHIND> => {
      const closure = this.deps.closure === false ? null : await closureWalk(q, query, maxDepth, maxHits, keep, answerDepth, heldVersion, untilBehind, this.nodeData);
      if (closure !== null) return closure;
      const bounded = await depthBoundedWalk(q, query, maxDepth, maxHits, untilBehind);
      return bounded === BEHIND ? BEHIND : bounded && { walked: bounded, keptAt: null, answer: null, answerVersion: null, generation: null };
    };
    return (await this.jitAvailable())
      ? await this.deps.db.transaction(async (tx) => {
          await tx.execute(sql`set local jit = off`);
          return walk(tx);
        })
      : await walk(this.deps.db);
  }

  /**
   * Whether the session may JIT-compile: PGlite cannot, the hub's pool has it off (open-hub-db.ts).
   * Asked once per database handle (jitOf), not per service: a service made for one request (the
   * bench's hub process that holds nothing) paid this round trip before every trace.
   */
  private jitAvailable(): Promise<boolean> {
    const db = this.deps.db;
    let jit = jitOf.get(db);
    if (!jit) {
      jit = rowsOf<{ jit: boolean }>(db, sql`select pg_jit_available() and current_setting('jit') = 'on' as jit`).then(
        (r) => r[0]?.jit !== false,
        () => true,
      );
      jitOf.set(db, jit);
    }
    return jit;
  }

  /** Every batch and lot downstream of a lot (issue 7: "the recall list"). */
  async recall(lotId: string, maxDepth?: number): Promise<Result<RecallList>> {
    const traced = await this.trace({ kind: 'lot', id: lotId, direction: 'forward', ...(maxDepth ? { maxDepth } : {}) });
    if (!traced.ok) return traced;
    const t = traced.value;
    const batchHits = t.hits.filter((h) => h.node.kind === 'batch');
    const lotHits = t.hits.filter((h) => h.node.kind === 'lot');
    const decisions = await this.deps.decisions(batchHits.map((h) => h.node.key));
    const outputs = lotHits.length === 0 ? [] : await this.deps.db.select().from(batchOutputLots).where(inArray(batchOutputLots.lotId, lotHits.map((h) => h.node.key)));
    const outputOf = new Map(outputs.map((o) => [o.lotId, o]));
    return ok({
      lot: t.start,
      batches: batchHits.map((h) => ({ batchNumber: h.node.key, label: h.node.label, depth: h.depth, path: h.path, total: h.total ?? null, decision: decisions.get(h.node.key) ?? null })),
      lots: lotHits.map((h) => {
        const o = outputOf.get(h.node.key);
        return { lotId: h.node.key, label: h.node.label, role: (o?.role ?? 'intermediate') as OutputLotRole, producedBy: o?.batchNumber ?? '', depth: h.depth, path: h.path };
      }),
      containers: t.hits.filter((h) => h.node.kind === 'container').length,
      dispensed: t.hits.filter((h) => h.node.kind === 'dispense').length,
      depthLimitReached: t.depthLimitReached,
    });
  }

  private async cycleNear(startId: number, direction: TraceDirection, maxDepth: number): Promise<string[] | null> {
    const edges = await rowsOf<{ via: string | number; node: string | number }>(this.deps.db, walkedEdgesSql(startId, direction, maxDepth));
    const cycle = findCycle(edges.map((e) => [Number(e.via), Number(e.node)] as const));
    if (!cycle) return null;
    const named = await this.deps.db
      .select({ id: genealogyNodes.id, kind: genealogyNodes.kind, key: genealogyNodes.key })
      .from(genealogyNodes)
      .where(inArray(genealogyNodes.id, cycle));
    const ref = new Map(named.map((n) => [Number(n.id), `${n.kind}:${n.key}`]));
    return cycle.map((id) => ref.get(id) ?? String(id));
  }
}

/**
 * The largest text gunzipKept inflates into one Buffer of its own length (64 MiB; a recall's text
 * is 3.5 MB): a damaged trailer claiming gigabytes costs at most this much address space; a longer
 * text goes through the public gunzip in chunks of this size.
 */
const MAX_GUNZIP_CHUNK = 64 * 1024 * 1024;

/**
 * A kept answer's bytes gunzipped, for a client without gzip; null when they do not gunzip, by
 * the same check as gzipChecks (gzip's CRC-32 and length, computed here; one whole member, nothing
 * after it). Inflated in this thread into one Buffer of the length the trailer names (and a byte
 * to spare, so a text longer than named is caught), as gzipChecks does into its scratch: no hop
 * to zlib's thread pool and back, which under load was the tail of a first read for this client
 * (FR-148; docs/measurements.md, Session 14), and no chunks put together.
 */
export function gunzipKept(gz: Buffer): Buffer | null {
  if (gz.length < 18) return null;
  const size = gz.readUInt32LE(gz.length - 4);
  if (!gzipChecksInPlace() || size + 1 > MAX_GUNZIP_CHUNK) return gunzipWhole(gz);
  const text = Buffer.allocUnsafe(size + 1);
  return inflateKept(gz, text) ? text.subarray(0, size) : null;
}

/** What gzipChecks' caller puts where the text would be (never sent: the body's `plain` is null then). */
const EMPTY = Buffer.alloc(0);

/** The output space gzipChecks inflates into, over and over (its bytes are never read). */
const CHECK_SCRATCH = Buffer.allocUnsafe(64 * 1024);

type ZlibInternals = { _handle?: { writeSync?: (flush: number, input: Buffer, inOff: number, inLen: number, out: Buffer, outOff: number, outLen: number) => void; onerror?: unknown }; _writeState?: Uint32Array };

/**
 * Whether a kept answer's bytes are one whole gzip member whose text has the CRC-32 and length its
 * trailer names, without keeping what they gunzip to: for a gzip client, which is sent the bytes as
 * they are. The text is inflated in this thread into one 64 kB scratch buffer, over and over,
 * instead of into a new Buffer of the text's length (3.5 MB for a recall) on zlib's thread pool: a
 * first read for a gzip client then allocates nothing the size of the text (FR-134; the collector
 * was what was left of a first read's cost, docs/scale-out.md). Synchronous, so the scratch is never
 * shared between two checks.
 *
 * It drives the zlib handle of an InflateRaw stream, Node's internal API (Node's own synchronous
 * path, processChunkSync, does the same with a fresh buffer per chunk), so nothing it reports is
 * trusted alone (review, session 13): the CRC-32 and the length are computed here over the bytes it
 * produced (zlib.crc32, public) and compared with the trailer; a call that does not report its
 * progress, or output past the trailer's length, is a refusal, so the loop always ends; and the
 * path is checked on a good and a damaged sample at the first call, using the whole public
 * gunzip instead wherever the verdicts differ (another Node). A refusal only means the answer is
 * built again. The member's header is read here (gzipDataStart) and only its deflate data is
 * inflated, raw: with gzip's own wrapper zlib computed the text's CRC-32 as well, a second pass
 * over 3.5 MB that this check makes anyway (0.8 of a recall's 2.9 ms; docs/measurements.md, Session 15).
 */
export function gzipChecks(gz: Buffer): boolean {
  if (gz.length < 18) return false;
  return gzipChecksInPlace() ? inflateKept(gz, null) : gunzipWhole(gz) !== null;
}

/**
 * The text through the whole public gunzip (chunks of the trailer's length, at most
 * MAX_GUNZIP_CHUNK; output bounded by the trailer's length and MAX_CHECKED_TEXT), null unless its CRC-32 and length are the trailer's and nothing follows the
 * member (another member would gunzip too: its text's CRC-32 is not the trailer's).
 */
function gunzipWhole(gz: Buffer): Buffer | null {
  if (gz.length < 18) return null;
  try {
    // Never more than the trailer names (and a byte to catch a longer text), nor than
    // MAX_CHECKED_TEXT: a damaged trailer or a bomb stops here, not after gigabytes (review, session 14).
    const named = gz.readUInt32LE(gz.length - 4);
    if (named > MAX_CHECKED_TEXT) return null;
    const text = gunzipSync(gz, { chunkSize: Math.min(MAX_GUNZIP_CHUNK, Math.max(64 * 1024, named + 1024)), maxOutputLength: named + 1 });
    return crc32(text) === gz.readUInt32LE(gz.length - 8) && text.length % 2 ** 32 === gz.readUInt32LE(gz.length - 4) ? text : null;
  } catch {
    return null;
  }
}

/**
 * The member inflated in this thread (see gzipChecks): into `into` from its start (gunzipKept: a
 * Buffer of the trailer's length and one byte more), or, `into` null, into the scratch over and
 * over; true when it checks. False on anything unexpected.
 */
function inflateKept(gz: Buffer, into: Buffer | null): boolean {
  const start = gzipDataStart(gz);
  if (start < 0) return false;
  const wantCrc = gz.readUInt32LE(gz.length - 8);
  const wantLength = gz.readUInt32LE(gz.length - 4);
  const stream = createInflateRaw({ chunkSize: zlibConstants.Z_MIN_CHUNK }) as unknown as ZlibInternals & { close(): void };
  const handle = stream._handle;
  const state = stream._writeState;
  if (typeof handle?.writeSync !== 'function' || !(state instanceof Uint32Array) || state.length < 2) {
    stream.close();
    const text = gunzipWhole(gz);
    if (text !== null && into !== null) {
      if (text.length >= into.length) return false;
      text.copy(into);
    }
    return text !== null;
  }
  let failed = false;
  handle.onerror = () => {
    failed = true;
  };
  const UNSET = 0xffffffff;
  const out = into ?? CHECK_SCRATCH;
  try {
    // The deflate data alone: from the header's end to the trailer (the member's last 8 bytes).
    let inOff = start;
    let inLen = gz.length - 8 - start;
    let crc = 0;
    let length = 0;
    for (;;) {
      // Into the text: where the last call stopped, up to its end; into the scratch: the whole of it, each time.
      const outOff = into === null ? 0 : length;
      const outLen = out.length - outOff;
      if (outLen === 0) return false;
      state[0] = UNSET;
      state[1] = UNSET;
      handle.writeSync(zlibConstants.Z_FINISH, gz, inOff, inLen, out, outOff, outLen);
      const availOut = state[0]!;
      const availIn = state[1]!;
      if (failed || availOut === UNSET || availIn === UNSET || availOut > outLen || availIn > inLen) return false;
      const made = outLen - availOut;
      crc = crc32(out.subarray(outOff, outOff + made), crc);
      length += made;
      // The cap is far under 2^32, so the trailer's length (the text's length mod 2^32) is exact here.
      if (length > wantLength || length > MAX_CHECKED_TEXT) return false;
      inOff += inLen - availIn;
      inLen = availIn;
      // Output space left over: the deflate data ended with every byte before the trailer read (a
      // member ending early, so bytes or another member after it, refused; one cut short is an
      // error). Otherwise the output was filled: into the scratch, every turn adds 64 kB and the
      // bound above ends the loop; into the text (one byte past the named length), the bound ends it.
      if (availOut !== 0) return inLen === 0 && crc === wantCrc && length === wantLength;
    }
  } catch {
    return false;
  } finally {
    stream.close();
  }
}

/** The largest text gzipChecks inflates (a kept answer is capped far below: MAX_GUNZIP_CHUNK). */
const MAX_CHECKED_TEXT = 256 * 1024 * 1024;

/** Whether inflateKept agrees with the public gunzip on this Node, into the scratch (a good sample over several fills, three damaged ones) and into a text (the good sample's bytes, two damaged). */
function inflateInPlaceWorks(): boolean {
  try {
    const text = Buffer.from(Array.from({ length: 6000 }, (_, i) => `{"node":${i},"via":${(i * 7919) % 6000},"label":"lot ${i}"}`).join(','));
    const good = gzipSync(text);
    const badCrc = Buffer.from(good);
    badCrc.writeUInt32LE((badCrc.readUInt32LE(badCrc.length - 8) ^ 1) >>> 0, badCrc.length - 8);
    const badBody = Buffer.from(good);
    badBody[Math.floor(badBody.length / 2)]! ^= 0x55;
    const into = Buffer.allocUnsafe(text.length + 1);
    const checks = (b: Buffer) => inflateKept(b, null);
    const inflates = (b: Buffer) => inflateKept(b, into);
    return checks(good) && !checks(badCrc) && !checks(badBody) && !checks(good.subarray(0, good.length - 3)) && inflates(good) && into.subarray(0, text.length).equals(text) && !inflates(badCrc) && !inflates(badBody);
  } catch {
    return false;
  }
}

let inflateInPlace: boolean | undefined;

/**
 * Whether gzipChecks inflates in place on this Node (else it gunzips whole), found at the first
 * check rather than when the module loads (not on every hub's start-up); a test says which.
 */
export function gzipChecksInPlace(): boolean {
  inflateInPlace ??= inflateInPlaceWorks();
  return inflateInPlace;
}

/** A gzip member's header (RFC 1952: ID1 ID2, deflate) and room for its 8-byte trailer. */
function isGzip(b: Buffer): boolean {
  return b.length >= 18 && b[0] === 0x1f && b[1] === 0x8b && b[2] === 8;
}

/**
 * Where a gzip member's deflate data begins (RFC 1952 §2.3: the 10-byte header, then the optional
 * fields its flags name, in order: FEXTRA, FNAME, FCOMMENT, FHCRC), or -1 when the bytes are no
 * member with room for its 8-byte trailer: not gzip, reserved flags set, a field running into the
 * trailer, or a header CRC (FHCRC: the low 16 bits of the header's CRC-32) that does not match,
 * as zlib's own gunzip refuses them. Node's gzip writes the 10 bytes alone; the rest is read so
 * that any member the public gunzip takes is taken here too.
 */
function gzipDataStart(gz: Buffer): number {
  if (!isGzip(gz)) return -1;
  const flags = gz[3]!;
  if ((flags & 0xe0) !== 0) return -1;
  const end = gz.length - 8;
  let at = 10;
  if (flags & 0x04) {
    if (at + 2 > end) return -1;
    at += 2 + gz.readUInt16LE(at);
  }
  for (const flag of [0x08, 0x10]) {
    if (!(flags & flag)) continue;
    const nul = gz.indexOf(0, at);
    if (nul < 0 || nul >= end) return -1;
    at = nul + 1;
  }
  if (flags & 0x02) {
    if (at + 2 > end || gz.readUInt16LE(at) !== (crc32(gz.subarray(0, at)) & 0xffff)) return -1;
    at += 2;
  }
  return at <= end ? at : -1;
}

/** TraceService.jitAvailable's answer per database handle. */
const jitOf = new WeakMap<HubQuery, Promise<boolean>>();

/** What answerNow returns (asked with untilBehind) when its statement found the projection behind the ledger (FR-134). */
const BEHIND = Symbol('projection behind the ledger');

function replyOf(answer: Result<TraceBody>, acceptsGzip: boolean): Result<TraceReply> {
  if (!answer.ok) return answer;
  const { plain, gzip } = answer.value;
  if (acceptsGzip && gzip !== null) return ok({ body: gzip, gzip: true });
  // answerNow makes the text whenever it is asked for it (plain: true), so a body without one never comes here.
  if (plain === null) throw new Error('trace: a kept answer without its text reached a client without gzip');
  return ok({ body: plain, gzip: false });
}

function cacheKey(query: TraceQuery, maxDepth: number): string {
  return `${query.kind}\u0000${query.id}\u0000${query.direction}\u0000${maxDepth}`;
}

function unknownStart<T>(query: TraceQuery): Result<T> {
  return err('TRACE_START_UNKNOWN', `no ${query.kind} "${query.id}" in the genealogy the hub holds`, { kind: query.kind, id: query.id });
}

/**
 * A walk (TraceService.walk): the closure or the depth-bounded walk, with the generation at
 * which its closure is kept in the database (read from genealogy_closures, or kept by this
 * walk; null when not kept), or, when asked for and kept, the route's answer alone (gzip'd, as
 * kept: keptBytesOf) and its row's version; the answer null when that version is the one the caller holds.
 * `generation`: the genealogy's generation the closure statement saw (null for the depth-bounded walk).
 */
type Walk = { walked: Walked; keptAt: string | null; answer: null; answerVersion: null; generation: string | null } | { walked: null; keptAt: null; answer: Buffer | null; answerVersion: string };

/**
 * The answer's hits (node, depth, path, quantity, total) and edges from a walk (pure; the JS
 * part of a trace after the query, trace-tree.ts): over dense indices, see Walked.
 */
export function answerOf(walked: Walked, direction: TraceDirection): { start: TraceResult['start']; hits: TraceHit[]; edges: TraceEdge[] } {
  const start: TraceResult['start'] = { kind: walked.start.kind as GenealogyNodeKind, key: walked.start.key, label: walked.start.label, attrs: walked.start.attrs };
  // Dense indices (trace-tree.ts, Walked): arrays instead of maps keyed by "kind:key" text;
  // a recall has ten thousand hits and more edges.
  const { kinds, keys, labels } = walked.nodes;
  const attrs = walked.nodes.attrs as Record<string, unknown>[];
  const { order, depth, via } = walked;
  const n = kinds.length;
  const refs: string[] = new Array<string>(n);
  refs[0] = nodeKey(start);
  for (const i of order) refs[i] = `${kinds[i]!}:${keys[i]!}`;
  // Edges in the direction material flows, whichever way the walk went, ordered by the node
  // ids of their ends (walk direction): the order the database gave them in is a hash
  // aggregate's, and the answer is the same text for the same genealogy however it was walked
  // (a kept answer is that text: traceReply).
  const forward = direction === 'forward';
  const byIds = edgesByIds(walked.nodes.ids, walked.from, walked.to);
  const edges: TraceEdge[] = new Array<TraceEdge>(byIds.length);
  const edgeFrom = new Int32Array(byIds.length);
  const edgeTo = new Int32Array(byIds.length);
  const quantities: (string | null)[] = new Array<string | null>(byIds.length);
  for (let k = 0; k < byIds.length; k++) {
    const e = byIds[k]!;
    const a = walked.from[e]!;
    const b = walked.to[e]!;
    const parent = forward ? a : b;
    const child = forward ? b : a;
    const quantity = flowQuantity(kinds[parent]!, attrs[parent]!, kinds[child]!, attrs[child]!);
    edges[k] = { from: refs[parent]!, to: refs[child]!, quantity };
    edgeFrom[k] = parent;
    edgeTo[k] = child;
    quantities[k] = quantity;
  }
  const totals = flowTotalsOf(kinds, edgeFrom, edgeTo, quantities);
  const paths: (string[] | undefined)[] = new Array<string[] | undefined>(n);
  paths[0] = [refs[0]];
  const hits: TraceHit[] = new Array<TraceHit>(order.length);
  for (let h = 0; h < order.length; h++) {
    const i = order[h]!;
    const v = via[i]!;
    // Hits come by depth, so a hit's predecessor (one step nearer) has its path already.
    const before = paths[v] ?? pathOf(v, paths, via, refs);
    const path = before.slice();
    path.push(refs[i]!);
    paths[i] = path;
    hits[h] = {
      node: { kind: kinds[i] as GenealogyNodeKind, key: keys[i]!, label: labels[i]!, attrs: attrs[i]! },
      depth: depth[i]!,
      path,
      quantity: flowQuantity(kinds[i]!, attrs[i]!, kinds[v]!, attrs[v]!),
      total: totals[i] ?? null,
    };
  }
  return { start, hits, edges };
}

/** A node's path from the start along its predecessors, each one's kept in `paths` on the way. */
function pathOf(i: number, paths: (string[] | undefined)[], via: Int32Array, refs: string[]): string[] {
  const chain: number[] = [];
  let cur = i;
  while (paths[cur] === undefined) {
    chain.push(cur);
    cur = via[cur]!;
  }
  let path = paths[cur]!;
  while (chain.length > 0) {
    const j = chain.pop()!;
    path = [...path, refs[j]!];
    paths[j] = path;
  }
  return path;
}

/**
 * The edges with both ends among the hits (from, to >= 0), as edge numbers ordered by the ids
 * of their ends (from, then to). Sorted as numbers in a Float64Array (rank of from · n + rank of
 * to, below 2^53 for any trace under the caps) rather than by a comparator: the ranks of the
 * node ids come in one pass when the ids after the start ascend, as the closure's node columns
 * do (an index scan over the ids).
 */
function edgesByIds(ids: readonly number[], from: Int32Array, to: Int32Array): Int32Array {
  const n = ids.length;
  const rank = new Int32Array(n);
  let ascending = true;
  for (let i = 2; i < n && ascending; i++) if (ids[i]! <= ids[i - 1]!) ascending = false;
  if (ascending) {
    const s = ids[0]!;
    let below = 0;
    for (let i = 1; i < n; i++) {
      if (ids[i]! < s) below++;
      rank[i] = i - 1 + (ids[i]! > s ? 1 : 0);
    }
    rank[0] = below;
  } else {
    const byId = Array.from({ length: n }, (_, i) => i).sort((x, y) => ids[x]! - ids[y]!);
    for (let r = 0; r < n; r++) rank[byId[r]!] = r;
  }
  const byRank = new Int32Array(n);
  for (let i = 0; i < n; i++) byRank[rank[i]!] = i;
  let m = 0;
  for (let e = 0; e < from.length; e++) if (from[e]! >= 0 && to[e]! >= 0) m++;
  // The edge's number rides in the key when it fits below 2^53 (any trace but the largest
  // recalls); else it is found again from its ends.
  const withEdge = n * n * Math.max(1, from.length) < Number.MAX_SAFE_INTEGER;
  const sortKeys = new Float64Array(m);
  let k = 0;
  for (let e = 0; e < from.length; e++) {
    if (from[e]! < 0 || to[e]! < 0) continue;
    const ends = rank[from[e]!]! * n + rank[to[e]!]!;
    sortKeys[k++] = withEdge ? ends * from.length + e : ends;
  }
  sortKeys.sort();
  const out = new Int32Array(m);
  if (withEdge) {
    for (let j = 0; j < m; j++) out[j] = sortKeys[j]! % from.length;
    return out;
  }
  const edgeOf = new Map<number, number>();
  for (let e = 0; e < from.length; e++) if (from[e]! >= 0 && to[e]! >= 0) edgeOf.set(from[e]! * n + to[e]!, e);
  for (let j = 0; j < m; j++) {
    const key = sortKeys[j]!;
    const rf = Math.floor(key / n);
    out[j] = edgeOf.get(byRank[rf]! * n + byRank[key - rf * n]!)!;
  }
  return out;
}

/**
 * The fast path: the whole closure in one statement, the tree built in JS (trace-tree.ts).
 * False when the start is unknown; null when the closure reached a cap (it ignores maxDepth,
 * so it may be far larger than the trace asked for): the caller then walks with the depth
 * bound in SQL, which also decides TRACE_TOO_LARGE as before (the list of edges there is
 * capped one past the limit, so its length tells the limit was passed).
 */
async function closureWalk(
  tx: HubQuery,
  query: TraceQuery,
  maxDepth: number,
  maxHits: number,
  keepFrom: number,
  answerDepth: number | null,
  heldVersion: string | null,
  untilBehind: boolean,
  nodeData: NodeDataCache | null,
  withNodeData = false,
): Promise<Walk | false | null | typeof BEHIND> {
  const edgeLimit = 4 * (maxHits + 2);
  const startKey = `${query.kind}\u0000${query.id}\u0000${query.direction}`;
  const heldNodeData = nodeData && !withNodeData ? nodeData.heldFor(startKey, keepFrom) : null;
  if (nodeData && heldNodeData !== null) {
    const held = await heldClosureWalk(tx, query, maxDepth, maxHits, keepFrom, untilBehind, nodeData, heldNodeData, startKey);
    if (held !== MOVED) return held;
    return closureWalk(tx, query, maxDepth, maxHits, keepFrom, answerDepth, heldVersion, untilBehind, nodeData, true);
  }
  const rows = await preparedQueryRows<ClosureRow & { behind?: boolean }>(tx, closureQuery(query.kind, query.id, query.direction, maxHits, edgeLimit, answerDepth, heldVersion, untilBehind, null));
  const row = rows[0];
  if (!row) return false;
  // Nothing from a projection behind the ledger is used, kept or held (FR-134).
  if (row.behind === true) return BEHIND;
  if (row.answer_version !== null && row.answer_version !== undefined) {
    const answer = row.answer === null || row.answer === undefined ? null : keptBytesOf(rows);
    return { walked: null, keptAt: null, answer, answerVersion: String(row.answer_version) };
  }
  if (Number(row.edge_count) > edgeLimit) return null;
  const version = row.node_data === null || row.node_data === undefined ? null : String(row.node_data);
  const generation = row.generation === null ? null : String(row.generation);
  // The same closure texts as this start's last walk at this depth and node data generation: the
  // same tree (and answer, build), built then (trace-node-data.ts, walkFor). Never a closure
  // that is to be kept (rekeep keeps from 1 node): that one walks on, to be kept below. The edges
  // alone are compared: the nodes reached are the edges' heads (heldClosureWalk sends no ids).
  const depthKey = `${startKey}\u0000${maxDepth}`;
  const same = nodeData && version !== null && !row.kept ? nodeData.walkFor(depthKey, version, Number(row.id), null, row.edges) : undefined;
  if (same && same.nodes.ids.length < keepFrom) return { walked: same, keptAt: null, answer: null, answerVersion: null, generation };
  // With node data (a start held here walks in heldClosureWalk above).
  const nodes = nodeColumns(row);
  if (nodes && version !== null && !row.kept) nodeData?.fill(version, startKey, nodes);
  if (!nodes) return null;
  if (nodes.ids.length > maxHits + 1) return null;
  const start: WalkNode = { id: Number(row.id), kind: row.kind, key: row.key, label: row.label, attrs: row.attrs ?? {} };
  let keptAt = row.kept && row.generation !== null ? String(row.generation) : null;
  // A large closure just walked is kept for the next trace, unless the genealogy moved on
  // since the walk (keepClosureSql checks the generation under its lock). Within the caps of
  // the trace (DEFAULT_MAX_HITS), which a kept closure never passes.
  if (!row.kept && row.generation !== null && nodes.ids.length >= keepFrom && nodes.ids.length <= DEFAULT_MAX_HITS + 1 && Number(row.edge_count) <= 4 * (DEFAULT_MAX_HITS + 2)) {
    const kept = await rowsOf(tx, keepClosureSql(start.id, query.direction, String(row.generation), row));
    if (kept.length > 0) keptAt = String(row.generation);
  }
  const edges = edgeIds(row.edges ?? '');
  const walked = treeOfClosure(start, nodes, edges.from, edges.to, maxDepth);
  if (walked && nodeData && version !== null && !row.kept && nodes.ids.length < keepFrom) nodeData.keepWalk(depthKey, version, start.id, null, row.edges, walked);
  return walked && { walked, keptAt, answer: null, answerVersion: null, generation };
}

/** heldClosureWalk's answer when the node data generation is no longer the one held (or a node read by id was): ask closureSql with node data. */
const MOVED = Symbol('node data moved');

type HeldWalkRow = Pick<ClosureRow, 'id' | 'kind' | 'key' | 'label' | 'attrs' | 'node_count' | 'edges' | 'edge_count' | 'generation' | 'node_data' | 'node_data_held'> & { behind?: boolean };

/**
 * A start whose node data this process holds (NodeDataCache.heldFor): the walk alone
 * (trace-sql.ts, heldWalkSql: the start, the generation row, the count's walk and the edges out
 * of what it reached; no kept closure or answer looked up, no node rows, no ids), the nodes being
 * the edges' heads. The same
 * edges as the start's last walk at this depth and node data generation return the tree (and
 * answer) built then; otherwise the tree is built from the held node data, nodes not held (a
 * closure that grew) read by id at the same generation (readNodeData). MOVED when the node data
 * generation is another (the statement then skipped the walk), as closureSql's answer was before.
 */
async function heldClosureWalk(
  tx: HubQuery,
  query: TraceQuery,
  maxDepth: number,
  maxHits: number,
  keepFrom: number,
  untilBehind: boolean,
  nodeData: NodeDataCache,
  heldNodeData: string,
  startKey: string,
): Promise<Walk | false | null | typeof BEHIND | typeof MOVED> {
  const edgeLimit = 4 * (maxHits + 2);
  const [row] = await preparedQueryRows<HeldWalkRow>(tx, heldWalkQuery(query.kind, query.id, query.direction, maxHits, edgeLimit, heldNodeData, untilBehind));
  if (!row) return false;
  // Nothing from a projection behind the ledger is used, kept or held (FR-134).
  if (row.behind === true) return BEHIND;
  if (row.node_data_held !== true || row.node_data === null || row.node_data === undefined) return MOVED;
  // Over the caps (the nodes counted with the start, heldWalkSql): the depth-bounded walk decides.
  if (Number(row.edge_count) > edgeLimit || Number(row.node_count) > maxHits + 2) return null;
  const version = String(row.node_data);
  const generation = row.generation === null ? null : String(row.generation);
  const depthKey = `${startKey}\u0000${maxDepth}`;
  const same = nodeData.walkFor(depthKey, version, Number(row.id), null, row.edges);
  if (same && same.nodes.ids.length < keepFrom) return { walked: same, keptAt: null, answer: null, answerVersion: null, generation };
  const edges = edgeIds(row.edges ?? '');
  const ids = headsOf(edges.to);
  if (ids.length > maxHits + 1) return null;
  const held = nodeData.columns(version, ids);
  const nodes = held.columns ?? (await readNodeData(tx, nodeData, version, ids, held.missing));
  if (!nodes) return MOVED;
  const start: WalkNode = { id: Number(row.id), kind: row.kind, key: row.key, label: row.label, attrs: row.attrs ?? {} };
  // A closure grown to be kept: no node columns came to keep it with; the start asks with them next time.
  if (nodes.ids.length >= keepFrom) nodeData.forget(startKey);
  const walked = treeOfClosure(start, nodes, edges.from, edges.to, maxDepth);
  if (walked && nodes.ids.length < keepFrom) nodeData.keepWalk(depthKey, version, start.id, null, row.edges, walked);
  return walked && { walked, keptAt: null, answer: null, answerVersion: null, generation };
}

/** The distinct heads of the edges, ascending (the nodes a closure reached: closureSql's `reached`). */
function headsOf(to: readonly number[]): number[] {
  const sorted = Float64Array.from(to).sort();
  const out: number[] = [];
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) out.push(sorted[i]!);
  return out;
}

/**
 * The node columns of `ids` (a walk's at node data generation `version`), those held and the
 * `missing` ones read now, by id; null when node data moved since the walk (the read's own
 * generation is another) or an id was not found: the caller asks the walk again with node data.
 */
async function readNodeData(tx: HubQuery, nodeData: NodeDataCache, version: string, ids: readonly number[], missing: readonly number[]): Promise<NodeColumns | null> {
  const rows = await rowsOf<{ id: string | number; kind: string; key: string; label: string; attrs: Record<string, unknown> | null; node_data: string | number }>(tx, nodeDataSql(missing));
  if (rows.length !== missing.length || rows.some((r) => String(r.node_data) !== version)) return null;
  nodeData.add(
    version,
    rows.map((r) => ({ id: Number(r.id), kind: r.kind, key: r.key, label: r.label, attrs: r.attrs })),
  );
  return nodeData.columns(version, ids).columns;
}

/**
 * A kept answer's bytes from the rows that carry them (closureSql: one part of ANSWER_PART_BYTES
 * per row, in base64, in any order), written into one Buffer of the whole length. Parts missing,
 * twice, or decoding to too few bytes give no bytes (an empty Buffer, which is not gzip: the
 * caller builds the answer again); a part damaged inside is gzip's check to find (gunzipKept).
 */
export function keptBytesOf(rows: readonly Pick<ClosureRow, 'answer' | 'answer_part' | 'answer_size'>[]): Buffer {
  const size = Number(rows[0]?.answer_size ?? -1);
  const parts = Math.max(1, Math.ceil(size / ANSWER_PART_BYTES));
  if (!Number.isSafeInteger(size) || size < 0 || rows.length !== parts) return Buffer.alloc(0);
  const out = Buffer.allocUnsafe(size);
  const seen = new Uint8Array(parts);
  for (const r of rows) {
    const i = Number(r.answer_part);
    if (!Number.isInteger(i) || i < 0 || i >= parts || seen[i] === 1 || typeof r.answer !== 'string' || Number(r.answer_size) !== size) return Buffer.alloc(0);
    seen[i] = 1;
    const expected = Math.min(ANSWER_PART_BYTES, size - i * ANSWER_PART_BYTES);
    // PostgreSQL's base64 breaks lines every 76 characters, which Node skips: a part is checked by
    // the bytes it decodes to (one cut short does not fill its place).
    if (out.write(r.answer, i * ANSWER_PART_BYTES, expected, 'base64') !== expected) return Buffer.alloc(0);
  }
  return out;
}

/**
 * The closure's node columns (closureSql) as arrays, one entry per node; null when a key or a
 * label holds the separator (the counts disagree), so the caller walks depth-bounded instead.
 */
export function nodeColumns(row: Pick<ClosureRow, 'node_count' | 'ids' | 'kinds' | 'keys' | 'labels' | 'attrs_list'>): NodeColumns | null {
  const n = Number(row.node_count);
  if (n === 0 || row.ids === null) return { ids: [], kinds: [], keys: [], labels: [], attrs: [] };
  const ids = numbersOf(row.ids);
  const kinds = (row.kinds ?? '').split(',');
  const keys = (row.keys ?? '').split(UNIT_SEPARATOR);
  const labels = (row.labels ?? '').split(UNIT_SEPARATOR);
  const attrs = JSON.parse(`[${row.attrs_list ?? ''}]`) as (Record<string, unknown> | null)[];
  if (ids.length !== n || kinds.length !== n || keys.length !== n || labels.length !== n || attrs.length !== n) return null;
  return { ids, kinds, keys, labels, attrs };
}

/** "12,13,…" as numbers, read digit by digit (node ids are non-negative integers). */
function numbersOf(text: string): number[] {
  const out: number[] = [];
  let v = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 44;
    if (c === 44) {
      out.push(v);
      v = 0;
    } else v = v * 10 + (c - 48);
  }
  return out;
}

/**
 * "via>node,via>node,…" (trace-sql.ts) as two lists of ids, read digit by digit: splitting the
 * text made three strings per edge, and a recall has tens of thousands of edges.
 */
export function edgeIds(text: string): { from: number[]; to: number[] } {
  const from: number[] = [];
  const to: number[] = [];
  if (text === '') return { from, to };
  let a = 0;
  let n = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 44;
    if (c === 62) {
      a = n;
      n = 0;
    } else if (c === 44) {
      from.push(a);
      to.push(n);
      n = 0;
    } else n = n * 10 + (c - 48);
  }
  return { from, to };
}

/** The depth-bounded walk in SQL (traceSql); false when the start is unknown. */
async function depthBoundedWalk(tx: HubQuery, query: TraceQuery, maxDepth: number, maxHits: number, untilBehind = false): Promise<Walked | false | typeof BEHIND> {
  const statement = traceSql(query.kind, query.id, query.direction, maxDepth, maxHits);
  const all = await preparedRows<TraceRow & { behind?: boolean }>(tx, untilBehind ? withBehind(statement) : statement);
  if (all.some((r) => r.behind === true)) return BEHIND;
  const nodeRows = all.filter((r) => Number(r.depth) >= 0);
  const edgeRow = all.find((r) => Number(r.depth) < 0);
  const head = nodeRows[0];
  if (!head || Number(head.depth) !== 0) return false;
  const start: WalkNode = { id: Number(head.node), kind: head.kind, key: head.key, label: head.label, attrs: head.attrs ?? {} };
  const ids: number[] = [start.id];
  const kinds: string[] = [start.kind];
  const keys: string[] = [start.key];
  const labels: string[] = [start.label];
  const attrs: Record<string, unknown>[] = [start.attrs];
  const index = new Map<number, number>([[start.id, 0]]);
  const order: number[] = [];
  let selfReached = false;
  for (const r of nodeRows.slice(1)) {
    const id = Number(r.node);
    if (id === start.id) {
      selfReached = true;
      continue;
    }
    index.set(id, ids.length);
    order.push(ids.length);
    ids.push(id);
    kinds.push(r.kind);
    keys.push(r.key);
    labels.push(r.label);
    attrs.push(r.attrs ?? {});
  }
  const depth = new Int32Array(ids.length).fill(-1);
  const via = new Int32Array(ids.length).fill(-1);
  depth[0] = 0;
  for (const r of nodeRows.slice(1)) {
    const i = index.get(Number(r.node))!;
    if (i === 0) continue;
    const v = index.get(Number(r.via));
    // The predecessor of a hit has the smaller depth, so it is a hit too or the start (trace-sql.ts).
    if (v === undefined) throw new Error(`trace: hit ${String(r.node)} reached from ${String(r.via)}, which is not in the trace`);
    depth[i] = Number(r.depth);
    via[i] = v;
  }
  const edges = edgeIds(edgeRow?.label ?? '');
  const from = Int32Array.from(edges.from, (id) => index.get(id) ?? -1);
  const to = Int32Array.from(edges.to, (id) => index.get(id) ?? -1);
  return { start, nodes: { ids, kinds, keys, labels, attrs }, order, depth, via, selfReached, from, to, deepest: nodeRows.length > 1 ? Number(nodeRows[1]!.deepest) : 0 };
}

/**
 * What flowed between two neighbouring nodes: a dispensing moves its net mass out of the
 * source container and into the batch (genealogy-facts.ts puts `net` on the dispensed node); a
 * batch makes its output lot's quantity (output-lots.ts). Lot -> container carries no amount.
 */
function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

export function flowQuantity(aKind: string, aAttrs: Record<string, unknown>, bKind: string, bAttrs: Record<string, unknown>): string | null {
  if (aKind === 'dispense') return str(aAttrs.net);
  if (bKind === 'dispense') return str(bAttrs.net);
  if (aKind === 'lot' && bKind === 'batch') return str(aAttrs.quantity);
  if (bKind === 'lot' && aKind === 'batch') return str(bAttrs.quantity);
  return null;
}
