/**
 * Node labels and attributes a hub process read for its walked traces, kept by node id (issue 16
 * item 3: a trace with paths and totals never slower than the plain recursive query). The node
 * rows were the largest part of a walked trace's statement: at a million lots a packed batch's
 * 120 nodes read 435 of its 928 buffers, and with them the statement cost 1.4× the plain count's
 * CPU, without them about 1.0× (docs/measurements.md). With this held, a start traced again asks
 * the statement for ids and edges alone (trace-sql.ts, closureSql's heldNodeData).
 *
 * What proves it current: genealogy_generation.node_data_n (migration 0050), which a writing
 * transaction raises, in the same statement and commit as the genealogy's generation, exactly
 * when it changed the label or attributes of a node that was already there (genealogy-store.ts,
 * raiseGeneration); new nodes and new edges leave it. Everything held was read in a snapshot at
 * one value of it (`version`), so it is every held node's data in any snapshot at that value:
 *
 *   - the trace statement reads node_data_n in its own snapshot and leaves the node columns out
 *     only when it equals the version the caller says it holds;
 *   - node data read after the statement (ids the process does not hold: a closure that grew)
 *     comes with node_data_n of its own snapshot, and is used only when that is still the
 *     statement's (else the trace is asked again with node data, TraceService);
 *   - node columns that come with a walk at another version replace everything held.
 *
 * The version is the counter's stamp, `epoch:node_data_n` (FR-151, trace-sql.ts: epochOf): the
 * counter alone can come back to a number this process saw with other node data behind it (a
 * database restored from a backup, made again, or another one attached at the same URL), the
 * epoch does not come back with it, so what was held is never matched again.
 *
 * So two hub processes on one database each hold what they read, and a write by either (or by
 * anything that writes through genealogy-store.ts) reaches the other's next trace. Writes that
 * bypass raiseGeneration are not seen: there are none (the projector and output lots are the
 * genealogy's writers).
 *
 * Which starts ask without node data: a start this process walked at the held version with fewer
 * nodes than are kept in the database (a larger closure is kept there with its node columns,
 * keepClosureSql, which needs them from the walk). A start never walked here asks with node data,
 * in one round trip as before, rather than for ids and then, almost surely, for their data.
 *
 * Bounded (DEFAULT_NODE_DATA_BYTES, an estimate per node): emptied whole when full, the starts
 * with it. Entries are shared with the answers built from them and frozen (attributes too): read
 * them, never change them.
 */
import type { TraceResult } from '../../../src-shared/quality/genealogy-contract.ts';
import type { NodeColumns, Walked } from './trace-tree.ts';

/** 32 MiB: some hundred thousand nodes (a packed batch's backward trace reaches ~120, an API lot's forward ~50). */
export const DEFAULT_NODE_DATA_BYTES = 32 * 1024 * 1024;

/**
 * What a held walk costs per node and per edge (its tree's arrays, and the answer built from it:
 * a hit's object, path and node reference; an edge's object), estimated on the high side.
 */
const WALK_BYTES_PER_NODE = 480;
const WALK_BYTES_PER_EDGE = 140;

/** Starts remembered (their last walk's node count) before the list is emptied. */
const MAX_STARTS = 65_536;

export interface HeldNode {
  readonly kind: string;
  readonly key: string;
  readonly label: string;
  readonly attrs: Readonly<Record<string, unknown>>;
}

export class NodeDataCache {
  private version: string | null = null;
  private readonly nodes = new Map<number, HeldNode>();
  /** Starts walked at `version` ("kind\0key\0direction"), with their closure's node count then. */
  private readonly starts = new Map<string, number>();
  /**
   * The last walk of each start and depth at `version`: the closure's texts as the statement sent
   * them (ids, edges), its start's id, and the tree built from them. The same texts at the same
   * node data generation are the same closure with the same node data: the same tree, and the
   * same answer (`built`), whatever else the genealogy did meanwhile.
   */
  private readonly walks = new Map<string, { startId: number; ids: string; edges: string; walked: Walked; bytes: number }>();
  /** Answers built from a walk held in `walks` (TraceService.build). */
  private built = new WeakMap<Walked, TraceResult>();
  private bytes = 0;

  constructor(private readonly maxBytes = DEFAULT_NODE_DATA_BYTES) {}

  /**
   * The node data generation to ask the trace statement with for this start (closureSql's
   * heldNodeData), or null to have the node columns sent: null unless the start was walked here
   * at the version held, with fewer than `keepFrom` nodes.
   */
  heldFor(start: string, keepFrom: number): string | null {
    if (this.version === null) return null;
    const count = this.starts.get(start);
    return count !== undefined && count < keepFrom ? this.version : null;
  }

  /** Node columns a walk read at `version` (everything held under another version goes first). */
  fill(version: string, start: string, columns: NodeColumns): void {
    this.at(version);
    for (let i = 0; i < columns.ids.length; i++) {
      this.put(columns.ids[i]!, columns.kinds[i]!, columns.keys[i]!, columns.labels[i]!, columns.attrs[i] ?? {});
    }
    this.walkedFrom(start, columns.ids.length);
  }

  /**
   * The node columns of `ids` (a walk's, at `version`) from what is held, or the ids not held
   * (none held when the version is another: everything).
   */
  columns(version: string, ids: readonly number[]): { columns: NodeColumns; missing: null } | { columns: null; missing: number[] } {
    const n = ids.length;
    const kinds = new Array<string>(n);
    const keys = new Array<string>(n);
    const labels = new Array<string>(n);
    const attrs = new Array<Record<string, unknown>>(n);
    let missing: number[] | null = null;
    const current = version === this.version;
    for (let i = 0; i < n; i++) {
      const held = current ? this.nodes.get(ids[i]!) : undefined;
      if (held === undefined) {
        (missing ??= []).push(ids[i]!);
        continue;
      }
      kinds[i] = held.kind;
      keys[i] = held.key;
      labels[i] = held.label;
      attrs[i] = held.attrs as Record<string, unknown>;
    }
    if (missing !== null) return { columns: null, missing };
    return { columns: { ids, kinds, keys, labels, attrs }, missing: null };
  }

  /** Nodes read at `version` (by id: the ids a walk named and the process did not hold). */
  add(version: string, rows: readonly { id: number; kind: string; key: string; label: string; attrs: Record<string, unknown> | null }[]): void {
    this.at(version);
    for (const r of rows) this.put(r.id, r.kind, r.key, r.label, r.attrs ?? {});
  }

  /**
   * The tree of this start's last walk at `depthKey` when the statement sent exactly the texts it
   * was built from at this node data generation (and the same start); else undefined.
   */
  walkFor(depthKey: string, version: string, startId: number, ids: string | null, edges: string | null): Walked | undefined {
    if (version !== this.version) return undefined;
    const w = this.walks.get(depthKey);
    return w !== undefined && w.startId === startId && w.ids === (ids ?? '') && w.edges === (edges ?? '') ? w.walked : undefined;
  }

  /** Holds a walk's tree under its texts (walkFor), at `version` (a walk read at another version is not held). */
  keepWalk(depthKey: string, version: string, startId: number, ids: string | null, edges: string | null, walked: Walked): void {
    if (version !== this.version) return;
    const old = this.walks.get(depthKey);
    if (old) {
      this.walks.delete(depthKey);
      this.bytes -= old.bytes;
    }
    const bytes = 256 + 2 * ((ids ?? '').length + (edges ?? '').length) + WALK_BYTES_PER_NODE * walked.nodes.ids.length + WALK_BYTES_PER_EDGE * walked.from.length;
    // Full: the walks held go (the node data stays), and this one is held if it fits then.
    if (this.bytes + bytes > this.maxBytes || this.walks.size >= MAX_STARTS) this.clearWalks();
    if (this.bytes + bytes > this.maxBytes) return;
    this.walks.set(depthKey, { startId, ids: ids ?? '', edges: edges ?? '', walked, bytes });
    this.bytes += bytes;
  }

  /** The answer built from a held walk (walkFor), if any. */
  builtFor(walked: Walked): TraceResult | undefined {
    return this.built.get(walked);
  }

  /** Keeps the answer built from `walked` beside it (only a walk held in `walks` is ever asked again). */
  setBuilt(walked: Walked, result: TraceResult): void {
    this.built.set(walked, result);
  }

  /** Records a start's walk at the version held (its node count: heldFor). */
  walkedFrom(start: string, count: number): void {
    if (this.starts.size >= MAX_STARTS) this.starts.clear();
    this.starts.set(start, count);
  }

  /** The start asks with node data next time (its closure grew past what is kept in the database). */
  forget(start: string): void {
    this.starts.delete(start);
  }

  /** The version held (null before the first fill). */
  get heldVersion(): string | null {
    return this.version;
  }

  /** Nodes held. */
  get size(): number {
    return this.nodes.size;
  }

  private at(version: string): void {
    if (version === this.version) return;
    this.clear();
    this.version = version;
  }

  private clear(): void {
    this.nodes.clear();
    this.starts.clear();
    this.clearWalks();
    this.bytes = 0;
  }

  private clearWalks(): void {
    for (const w of this.walks.values()) this.bytes -= w.bytes;
    this.walks.clear();
    this.built = new WeakMap();
  }

  private put(id: number, kind: string, key: string, label: string, attrs: Record<string, unknown>): void {
    if (this.nodes.has(id)) return;
    const bytes = nodeBytes(key, label, attrs);
    if (this.bytes + bytes > this.maxBytes) {
      // Emptied whole, starts too (they would ask without node data and miss it all).
      const version = this.version;
      this.clear();
      this.version = version;
      if (bytes > this.maxBytes) return;
    }
    this.nodes.set(id, Object.freeze({ kind, key, label, attrs: deepFreeze(attrs) }));
    this.bytes += bytes;
  }
}

/** What a held node costs on V8, estimated on the high side: the entry, its texts (UTF-16), its attributes. */
function nodeBytes(key: string, label: string, attrs: Record<string, unknown>): number {
  let b = 160 + 2 * (key.length + label.length);
  for (const k in attrs) {
    const v = attrs[k];
    b += 48 + 2 * k.length + (typeof v === 'string' ? 2 * v.length : typeof v === 'object' && v !== null ? 64 + 4 * JSON.stringify(v).length : 16);
  }
  return b;
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}
