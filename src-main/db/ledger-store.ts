/**
 * The only code that writes the ledger. `append` validates, chains, hashes and inserts the
 * entries and runs their projections in ONE SQLite transaction (synchronous=FULL): when it
 * returns, the entries are durable and the current-state tables agree with them.
 *
 * Who may change the record is visible in the types (STYLE.md, "Brand the ledger's write
 * handle"): projections and side effects receive a LedgerWriteTx, which exists only inside
 * the append transaction; everything else gets a LedgerReader.
 */
import type Database from 'better-sqlite3';
import type { AuditFilter, Checkpoint, LedgerEntry, LedgerHead, NewEntry } from '../../src-shared/ledger/ledger-entry.ts';
import { err, InvariantViolation, ok, type Result } from '../../src-shared/result.ts';
import { buildEntry, validateNewEntry } from '../../src-core/ledger/entry-hash.ts';
import { canonicalJson } from '../../src-core/ledger/canonical-json.ts';
import { isLastLeafOf, TreeHeadBuilder, type TreeHeadState } from '../../src-core/ledger/merkle-tree.ts';
import { checkpointBytes, type CheckpointSigner } from '../../src-core/ledger/checkpoint.ts';
import type { Clock } from '../../src-core/clock.ts';
import { LedgerRefusal, type LedgerReader, type LedgerWriteTx, type LedgerWriter, type SideEffect } from '../../src-core/ledger/ledger-ports.ts';

/** The concrete write handle: the core sees only the brand (core/ledger/ledger-ports.ts). */
export type DbWriteTx = LedgerWriteTx & { readonly db: Database.Database };

export type Projector = (tx: DbWriteTx, entry: LedgerEntry) => void;
export type ProjectorRegistry = ReadonlyMap<string, readonly Projector[]>;

export interface LedgerStoreOptions {
  stationId: string;
  clock: Clock;
  projectors: ProjectorRegistry;
  /** Absent until the station has its key (the genesis entries are written before it). */
  signer?: CheckpointSigner;
  /** Write a signed checkpoint whenever this many entries have been added since the last. */
  checkpointEvery?: number;
}

/**
 * Asked before every append with the entries about to be written: the station's trust state
 * (integrity at start, trusted time) refuses GMP entries here, the one door every writer uses.
 */
export type AppendGate = (entries: readonly NewEntry[]) => Result<void>;

interface EntryRow {
  seq: number;
  station_id: string;
  time: string;
  tz_offset: string;
  type: string;
  actor: string | null;
  batch_ref: string | null;
  payload: string;
  prev_hash: string;
  hash: string;
}

export function rowToEntry(r: EntryRow): LedgerEntry {
  return {
    seq: r.seq,
    stationId: r.station_id,
    time: r.time,
    tzOffset: r.tz_offset,
    type: r.type,
    actor: r.actor,
    batchRef: r.batch_ref,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/**
 * What the start-up check learns about the entries under the last checkpoint (see
 * `LedgerStore.coverageOnOpen`): `root` is the root they still give, null when they no longer
 * give the signed one (or there is no checkpoint); `problem` a saved Merkle state that does not
 * match the signed checkpoint; `rehashed` whether every covered entry had to be re-hashed.
 */
export interface CheckpointCoverage {
  root: string | null;
  problem: string | null;
  rehashed: boolean;
}

/** Told of the entries of an append after it committed (`LedgerStore.onAppended`). */
export type AppendedListener = (appended: readonly LedgerEntry[]) => void;

export class LedgerStore implements LedgerReader, LedgerWriter {
  /** Built on first use: `verify` and `audit` never need it. */
  private treeBuilder: TreeHeadBuilder | null = null;
  /** The hash of the tree's last leaf (null for an empty tree): with its size, what `inStep` compares with the ledger's head. */
  private treeLastHash: string | null = null;
  /**
   * Mirrors `max(tree_size) from checkpoints`; read again from the database inside every append
   * and checkpoint transaction (`inStep`), so a checkpoint an outer transaction rolled back never
   * counts (FR-137).
   */
  private lastCheckpointSize = 0;
  private coverage: CheckpointCoverage | undefined = undefined;
  private openCheckpointSize = 0;
  private signer: CheckpointSigner | undefined;
  private gate: AppendGate | undefined;
  private readonly appendedListeners = new Set<AppendedListener>();
  private readonly insertStmt: Database.Statement;
  private readonly headStmt: Database.Statement;
  private readonly stepStmt: Database.Statement;
  /** bySeq runs on every station request now (a session's and the trusted clock's entry, FR-137): prepared once. */
  private readonly bySeqStmt: Database.Statement;
  private entriesJsonStmt: Database.Statement | null = null;

  constructor(
    private readonly db: Database.Database,
    private readonly options: LedgerStoreOptions,
  ) {
    this.signer = options.signer;
    this.insertStmt = db.prepare(
      'insert into ledger_entries (seq, station_id, time, tz_offset, type, actor, batch_ref, payload, prev_hash, hash) values (?,?,?,?,?,?,?,?,?,?)',
    );
    this.headStmt = db.prepare('select seq, hash from ledger_entries order by seq desc limit 1');
    this.bySeqStmt = db.prepare('select * from ledger_entries where seq = ?');
    this.stepStmt = db.prepare('select seq, hash, time, (select max(tree_size) from checkpoints) as cp from ledger_entries order by seq desc limit 1');
    const last = db.prepare('select max(tree_size) as n from checkpoints').get() as { n: number | null };
    this.lastCheckpointSize = last.n ?? 0;
    this.openCheckpointSize = this.lastCheckpointSize;
  }

  private get tree(): TreeHeadBuilder {
    if (this.treeBuilder === null) {
      this.treeBuilder = loadTree(this.db);
      this.treeLastHash = this.treeBuilder.size === 0 ? null : ((this.bySeqStmt.get(this.treeBuilder.size) as EntryRow | undefined)?.hash ?? null);
    }
    return this.treeBuilder;
  }

  /**
   * FR-137: the in-memory tree and checkpoint size never run ahead of the database. Called first
   * inside every append and checkpoint transaction: the ledger's head and its last checkpoint,
   * read in that transaction, are the truth. An append inside an OUTER transaction of the same
   * connection (better-sqlite3 nests it as a savepoint) that the outer one then rolled back
   * left leaves in the tree for entries that are not in the ledger, and perhaps a checkpoint
   * size that is not in `checkpoints`; better-sqlite3 has no rollback hook, so the mismatch is
   * found here — the tree's size and last leaf against the head's seq and hash (the hash chain
   * binds every earlier leaf to the last) — and the tree is loaded again (from the saved state at
   * the last checkpoint, at most `checkpointEvery` entries hashed). Costs one statement, which
   * replaces the two head reads an append made before.
   */
  private inStep(): { seq: number; hash: string; time: string } | undefined {
    const head = this.stepStmt.get() as { seq: number; hash: string; time: string; cp: number | null } | undefined;
    this.lastCheckpointSize = head?.cp ?? 0;
    // Loaded again at its next use (the `tree` getter), in this transaction.
    if (this.treeBuilder !== null && (this.treeBuilder.size !== (head?.seq ?? 0) || this.treeLastHash !== (head?.hash ?? null))) this.treeBuilder = null;
    return head;
  }

  setSigner(signer: CheckpointSigner): void {
    this.signer = signer;
  }

  /** The station key's signer, which also seals evidence packets (src-main/archive); undefined before keys exist. */
  stationSigner(): CheckpointSigner | undefined {
    return this.signer;
  }

  /**
   * At opening, for the start-up integrity check: whether the stored entries up to the last
   * checkpoint still match its signed root (A11-23), without re-hashing them all (issue 16:
   * that pass cost ~1 s per million entries at every start).
   *
   * The Merkle state saved with the newest checkpoint carries the audit path of its last leaf:
   * its stack must fold to the signed root (else the saved state was tampered with), and the
   * stored hash of the last covered entry, climbed along the path, must give the stack's last
   * subtree (else that entry, and with it the chain behind it, was rewritten). Both O(log n).
   * A rewrite deep under the checkpoint that leaves the chain broken is `batchline verify`'s
   * to find (it re-hashes every entry); the start checks the chain from the checkpoint on.
   * A database without a saved path (written before it was kept) is re-hashed, as before.
   */
  get coverageOnOpen(): CheckpointCoverage {
    if (this.coverage === undefined) this.coverage = this.openCoverage();
    return this.coverage;
  }

  private openCoverage(): CheckpointCoverage {
    const size = this.openCheckpointSize;
    if (size === 0) return { root: null, problem: null, rehashed: false };
    const signed = (this.db.prepare('select root_hash as root from checkpoints where tree_size = ?').get(size) as { root: string } | undefined)?.root ?? null;
    const saved = savedStateRow(this.db);
    if (saved) {
      if (saved.size !== size) return { root: null, problem: `the saved Merkle state covers ${saved.size} entries but the last signed checkpoint covers ${size}`, rehashed: false };
      const parsed = parseSavedState(saved);
      if (parsed === null) return { root: null, problem: `the saved Merkle state at ${size} is not readable`, rehashed: false };
      if (parsed.path !== null) {
        let root: string;
        try {
          root = TreeHeadBuilder.fromState(parsed.state).root().toString('hex');
        } catch {
          return { root: null, problem: `the saved Merkle state at ${size} is not readable`, rehashed: false };
        }
        if (root !== signed) return { root: null, problem: `the saved Merkle state at ${size} does not match the signed checkpoint`, rehashed: false };
        const lastHash = (this.db.prepare('select hash from ledger_entries where seq = ?').get(size) as { hash: string } | undefined)?.hash;
        const bound = lastHash !== undefined && /^[0-9a-f]{64}$/.test(lastHash) && isLastLeafOf(parsed.state, parsed.path, Buffer.from(lastHash, 'hex'));
        return { root: bound ? root : null, problem: null, rehashed: false };
      }
    }
    const tree = new TreeHeadBuilder();
    for (const row of this.db.prepare('select hash from ledger_entries where seq <= ? order by seq').raw().iterate(size)) tree.append(Buffer.from((row as [string])[0], 'hex'));
    return { root: tree.size === size ? tree.root().toString('hex') : null, problem: null, rehashed: true };
  }

  setGate(gate: AppendGate): void {
    this.gate = gate;
  }

  /** The interval this store checkpoints at (the genesis records it; verify holds the ledger to it). */
  get checkpointEvery(): number {
    return this.options.checkpointEvery ?? 100;
  }

  head(): LedgerHead | null {
    return (this.headStmt.get() as LedgerHead | undefined) ?? null;
  }

  /** Entries are numbered 1..n without gaps (the chain and `verify` hold them to it). */
  count(): number {
    return this.head()?.seq ?? 0;
  }

  /**
   * Tells `listener` of every append once it has committed (never of a refused one), with the
   * entries appended: for notices to screens that something they show changed (the station's
   * open alarms, FR-131), which then read it again. An append inside an outer transaction of
   * the same connection commits only with it: its notice waits until no transaction is open
   * any more (better-sqlite3's `inTransaction`; a transaction there is synchronous, so it has
   * ended by the next microtask) and goes only if the entries are in the ledger then (never
   * for an outer transaction rolled back). A listener that throws is dropped, so that a notice
   * never turns a recorded append into an error. Returns the unsubscribe function.
   */
  onAppended(listener: AppendedListener): () => void {
    this.appendedListeners.add(listener);
    return () => this.appendedListeners.delete(listener);
  }

  append(entries: NewEntry[], sideEffect?: SideEffect): Result<LedgerEntry[]> {
    if (entries.length === 0) return ok([]);
    for (const e of entries) {
      const valid = validateNewEntry(e);
      if (!valid.ok) return valid;
    }
    const allowed = this.gate?.(entries);
    if (allowed && !allowed.ok) return allowed;
    let treeBefore: { tree: TreeHeadBuilder | null; lastHash: string | null } | null = null;
    const tx = { db: this.db } as DbWriteTx;
    try {
      const appended = this.db.transaction(() => {
        const last = this.inStep();
        treeBefore = { tree: this.tree.clone(), lastHash: this.treeLastHash };
        let prev: LedgerHead | null = last ? { seq: last.seq, hash: last.hash } : null;
        const now = this.options.clock.now();
        // DI-07 / A11-22: an entry never goes backwards against the last one (a clock set back
        // would otherwise date a late weighing "on time"). Refused, not clamped: the time is the record.
        if (last && now.toISOString() < last.time) {
          throw new LedgerRefusal({
            code: 'LEDGER_TIME_BACKWARDS',
            message: `the station clock (${now.toISOString()}) is before the last entry ${last.seq} (${last.time}): nothing was recorded`,
            details: { lastSeq: last.seq, lastTime: last.time, now: now.toISOString() },
          });
        }
        const ctx = { stationId: this.options.stationId, time: now.toISOString(), tzOffset: this.options.clock.tzOffset(now) };
        const out: LedgerEntry[] = [];
        for (const input of entries) {
          const entry = buildEntry(prev, input, ctx);
          this.insertStmt.run(entry.seq, entry.stationId, entry.time, entry.tzOffset, entry.type, entry.actor, entry.batchRef, canonicalJson(entry.payload), entry.prevHash, entry.hash);
          this.tree.append(Buffer.from(entry.hash, 'hex'));
          this.treeLastHash = entry.hash;
          for (const project of this.options.projectors.get(entry.type) ?? []) project(tx, entry);
          out.push(entry);
          prev = { seq: entry.seq, hash: entry.hash };
          // At the exact boundary, even inside a multi-entry append: the interval is a promise
          // verify checks (no run of more than `every` entries without a signed tree head).
          if (this.signer && this.tree.size - this.lastCheckpointSize >= this.checkpointEvery) this.writeCheckpoint();
        }
        sideEffect?.(tx, out);
        return out;
      }).immediate();
      this.tellAppended(appended);
      return ok(appended);
    } catch (e) {
      // This transaction (or savepoint) rolled back: the tree as it was before it. The checkpoint
      // size is read again by the next transaction (inStep).
      const before = treeBefore as { tree: TreeHeadBuilder | null; lastHash: string | null } | null;
      if (before) {
        this.treeBuilder = before.tree;
        this.treeLastHash = before.lastHash;
      }
      if (e instanceof LedgerRefusal) return { ok: false, error: e.error };
      throw e;
    }
  }

  /** onAppended's notice, after the outermost commit (see there). */
  private tellAppended(appended: LedgerEntry[]): void {
    if (this.appendedListeners.size === 0) return;
    if (this.db.inTransaction) {
      const last = appended.at(-1)!;
      const later = (): void => {
        if (!this.db.open) return;
        if (this.db.inTransaction) return void setImmediate(later);
        const committed = this.bySeqStmt.get(last.seq) as EntryRow | undefined;
        if (committed?.hash === last.hash) this.tellAppended(appended);
      };
      queueMicrotask(later);
      return;
    }
    for (const listener of this.appendedListeners) {
      try {
        listener(appended);
      } catch {
        this.appendedListeners.delete(listener);
      }
    }
  }

  checkpointNow(): Result<Checkpoint | null> {
    if (!this.signer) return err('CHECKPOINT_INVALID', 'the station has no signing key yet');
    // Nothing to sign, as the database says: no write lock taken.
    this.inStep();
    if (this.tree.size === this.lastCheckpointSize) return ok(null);
    return ok(
      this.db
        .transaction(() => {
          this.inStep();
          return this.tree.size === this.lastCheckpointSize ? null : this.writeCheckpoint();
        })
        .immediate(),
    );
  }

  private writeCheckpoint(): Checkpoint {
    const signer = this.signer;
    if (!signer) throw new InvariantViolation('checkpoint without signer');
    const now = this.options.clock.now();
    const head = { stationId: signer.stationId, treeSize: this.tree.size, rootHash: this.tree.root().toString('hex'), signedAt: now.toISOString() };
    const checkpoint: Checkpoint = { ...head, certFingerprint: signer.certFingerprint, signature: signer.sign(checkpointBytes(head)) };
    this.db
      .prepare('insert into checkpoints (tree_size, root_hash, signed_at, station_id, cert_fingerprint, signature) values (?,?,?,?,?,?)')
      .run(checkpoint.treeSize, checkpoint.rootHash, checkpoint.signedAt, checkpoint.stationId, checkpoint.certFingerprint, checkpoint.signature);
    this.db
      .prepare('insert into ledger_tree_state (id, tree_size, stack) values (1, ?, ?) on conflict (id) do update set tree_size = excluded.tree_size, stack = excluded.stack')
      .run(checkpoint.treeSize, JSON.stringify(savedStack(this.tree)));
    this.lastCheckpointSize = checkpoint.treeSize;
    return checkpoint;
  }

  bySeq(seq: number): LedgerEntry | undefined {
    const row = this.bySeqStmt.get(seq) as EntryRow | undefined;
    return row ? rowToEntry(row) : undefined;
  }

  holds(entry: { seq: number; hash: string }): boolean {
    // The row's hash only: no payload parsed, as bySeq(seq)?.hash did on every request.
    return (this.bySeqStmt.get(entry.seq) as EntryRow | undefined)?.hash === entry.hash;
  }

  query(filter: AuditFilter): LedgerEntry[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.batchRef !== undefined) (where.push('batch_ref = ?'), params.push(filter.batchRef));
    if (filter.actor !== undefined) (where.push('actor = ?'), params.push(filter.actor));
    if (filter.types && filter.types.length > 0) (where.push(`type in (${filter.types.map(() => '?').join(',')})`), params.push(...filter.types));
    if (filter.typePrefix !== undefined) (where.push('substr(type, 1, ?) = ?'), params.push(filter.typePrefix.length, filter.typePrefix));
    if (filter.fromTime !== undefined) (where.push('time >= ?'), params.push(filter.fromTime));
    if (filter.toTime !== undefined) (where.push('time <= ?'), params.push(filter.toTime));
    if (filter.afterSeq !== undefined) (where.push('seq > ?'), params.push(filter.afterSeq));
    const sql = `select * from ledger_entries ${where.length ? 'where ' + where.join(' and ') : ''} order by seq limit ?`;
    params.push(filter.limit ?? 10_000);
    return (this.db.prepare(sql).all(...params) as EntryRow[]).map(rowToEntry);
  }

  /**
   * Entries in order, read in pages of raw rows: `all()` over a page of arrays costs a
   * fraction of a row-by-row cursor of objects (verify reads every entry), and no statement
   * stays open between pages, so the connection may append while a caller iterates.
   */
  *iterate(fromSeq = 1, toSeq = Number.MAX_SAFE_INTEGER): IterableIterator<LedgerEntry> {
    const page = this.db.prepare(`select ${ENTRY_COLUMNS} from ledger_entries where seq >= ? and seq <= ? order by seq limit ?`).raw();
    for (let next = fromSeq; ; ) {
      const rows = page.all(next, toSeq, ITERATE_PAGE) as EntryTuple[];
      for (const r of rows) {
        yield { seq: r[0], stationId: r[1], time: r[2], tzOffset: r[3], type: r[4], actor: r[5], batchRef: r[6], payload: JSON.parse(r[7]) as Record<string, unknown>, prevHash: r[8], hash: r[9] };
      }
      if (rows.length < ITERATE_PAGE) return;
      next = rows[rows.length - 1]![0] + 1;
    }
  }

  /**
   * A push page's entries as the UTF-8 bytes of a JSON array: the same fields and values as
   * iterate()'s objects serialised, each object written by SQLite from the row's columns
   * (json_quote) and the payload's stored text (canonical JSON, written at append) as it is,
   * and the whole page returned as one BLOB. So the station neither parses every payload into
   * objects nor serialises the page again (issue 16 item 3, session 13), and builds no JavaScript
   * string of the page at all (session 15, FR-150: the joined page was a two-byte string of
   * ~0.3 MB, its UTF-8 encoding 69 of the 88 profiled ms the station spent on request bytes).
   * push-page-json.test.ts holds it to iterate(); test/hub/push-page-bytes.test.ts, byte for byte, to
   * the json_object path it replaced. One exception: text SQLite holds with a lone UTF-16 surrogate
   * (stored as the invalid bytes ED A0 80) is sent as stored, where the old path's JavaScript string
   * sent U+FFFD; the hub decodes both to the same value.
   */
  entriesJson(fromSeq: number, toSeq: number): { json: Buffer; count: number; lastSeq: number | null } {
    this.entriesJsonStmt ??= this.db.prepare(ENTRIES_JSON).raw();
    const [count, lastSeq, json] = this.entriesJsonStmt.get(fromSeq, toSeq) as [number, number | null, Buffer | null];
    return { json: json ?? EMPTY_ARRAY, count, lastSeq };
  }

  /**
   * The checkpoints over fromSize..toSize entries: a push page reads the few it carries, not
   * every checkpoint of the ledger once per page (issue 16).
   */
  checkpoints(fromSize = 0, toSize = Number.MAX_SAFE_INTEGER): Checkpoint[] {
    return (
      this.db
        .prepare('select tree_size as treeSize, root_hash as rootHash, signed_at as signedAt, station_id as stationId, cert_fingerprint as certFingerprint, signature from checkpoints where tree_size between ? and ? order by tree_size')
        .all(fromSize, toSize) as Checkpoint[]
    );
  }
}

const ITERATE_PAGE = 2_000;
const ENTRY_COLUMNS = 'seq, station_id, time, tz_offset, type, actor, batch_ref, payload, prev_hash, hash';
/**
 * One entry's JSON: the fields in iterate()'s order, text columns quoted by SQLite's json_quote
 * (the quoting json_object used; NULL gives null), seq as its integer, the payload's stored
 * canonical text put in as it is (no json(): it parsed every payload again, and refused one
 * nested deeper than 1,000 levels, which append accepts).
 */
const ENTRY_JSON =
  `'{"seq":' || seq || ',"stationId":' || json_quote(station_id) || ',"time":' || json_quote(time) || ',"tzOffset":' || json_quote(tz_offset) || ` +
  `',"type":' || json_quote(type) || ',"actor":' || json_quote(actor) || ',"batchRef":' || json_quote(batch_ref) || ',"payload":' || payload || ` +
  `',"prevHash":' || json_quote(prev_hash) || ',"hash":' || json_quote(hash) || '}'`;
/** The page as one BLOB (the text's UTF-8 bytes, no copy through a JavaScript string); NULL when no entry is in range. */
const ENTRIES_JSON = `select count(*), max(seq), cast('[' || group_concat(${ENTRY_JSON}, ',' order by seq) || ']' as blob) from ledger_entries where seq >= ? and seq <= ?`;
const EMPTY_ARRAY = Buffer.from('[]');
type EntryTuple = [number, string, string, string, string, string | null, string | null, string, string, string];

/**
 * The Merkle tree over every entry, for appends and checkpoints. Starts from the state saved
 * at the newest checkpoint when its root is that checkpoint's signed root, so only the
 * entries after it are hashed (issue 16, item 2: opening a 100k-entry ledger hashed every
 * entry); anything else — no saved state, a database opened read-only before migration 0003,
 * a state that does not match — rebuilds from all the entries, as before.
 */
function loadTree(db: Database.Database): TreeHeadBuilder {
  let tree = new TreeHeadBuilder();
  const saved = savedTree(db);
  if (saved) tree = saved;
  for (const row of db.prepare('select hash from ledger_entries where seq > ? order by seq').raw().iterate(tree.size)) {
    tree.append(Buffer.from((row as [string])[0], 'hex'));
  }
  return tree;
}

function savedTree(db: Database.Database): TreeHeadBuilder | null {
  const table = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'ledger_tree_state'").get();
  if (!table) return null;
  const row = db
    .prepare('select s.tree_size as size, s.stack, c.root_hash as root from ledger_tree_state s join checkpoints c on c.tree_size = s.tree_size where s.id = 1')
    .get() as { size: number; stack: string; root: string } | undefined;
  if (!row) return null;
  try {
    const parsed = parseSavedState(row);
    const tree = parsed && TreeHeadBuilder.fromState(parsed.state);
    return tree && tree.root().toString('hex') === row.root ? tree : null;
  } catch {
    return null;
  }
}

/**
 * The saved stack as JSON: TreeHeadState.stack, its last subtree carrying `path`, the audit
 * path of the last leaf (readers that predate it ignore the extra field).
 */
function savedStack(tree: TreeHeadBuilder): { size: number; hash: string; path?: string[] }[] {
  const stack: { size: number; hash: string; path?: string[] }[] = tree.toState().stack;
  const path = tree.lastLeafPath();
  if (path && stack.length > 0) stack[stack.length - 1] = { ...stack[stack.length - 1]!, path };
  return stack;
}

function savedStateRow(db: Database.Database): { size: number; stack: string } | null {
  const table = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'ledger_tree_state'").get();
  if (!table) return null;
  return (db.prepare('select tree_size as size, stack from ledger_tree_state where id = 1').get() as { size: number; stack: string } | undefined) ?? null;
}

/** The saved state and its last-leaf path (null when saved before the path was kept); null when unreadable. */
function parseSavedState(row: { size: number; stack: string }): { state: TreeHeadState; path: string[] | null } | null {
  const hex = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
  let raw: unknown;
  try {
    raw = JSON.parse(row.stack);
  } catch {
    return null;
  }
  if (!Array.isArray(raw) || raw.length === 0) return null;
  const stack: TreeHeadState['stack'] = [];
  for (const n of raw as { size?: unknown; hash?: unknown }[]) {
    if (typeof n !== 'object' || n === null || typeof n.size !== 'number' || !Number.isSafeInteger(n.size) || n.size < 1 || !hex(n.hash)) return null;
    stack.push({ size: n.size, hash: n.hash });
  }
  const path = (raw.at(-1) as { path?: unknown }).path;
  if (path === undefined) return { state: { size: row.size, stack }, path: null };
  if (!Array.isArray(path) || !path.every(hex)) return null;
  return { state: { size: row.size, stack }, path };
}
