/**
 * What the core needs from the ledger, as interfaces (the core never imports SQLite).
 * src-main/db/ledger-store.ts implements them.
 */
import type { AuditFilter, Checkpoint, LedgerEntry, LedgerHead, NewEntry } from '../../src-shared/ledger/ledger-entry.ts';
import type { BatchlineError, Result } from '../../src-shared/result.ts';

declare const writeBrand: unique symbol;
/**
 * Proof that code runs inside the ledger's append transaction. Only the ledger store creates
 * one; repositories take it for writes that must commit or roll back with the entries.
 */
export type LedgerWriteTx = { readonly [writeBrand]: true };

export interface LedgerReader {
  head(): LedgerHead | null;
  bySeq(seq: number): LedgerEntry | undefined;
  /** The ledger holds this entry: its seq is there with this hash (not rolled back, not another entry at that seq). */
  holds(entry: { seq: number; hash: string }): boolean;
  query(filter: AuditFilter): LedgerEntry[];
  iterate(fromSeq?: number, toSeq?: number): IterableIterator<LedgerEntry>;
  /**
   * The entries fromSeq..toSeq as the UTF-8 bytes of a JSON array, each payload as the stored
   * text (no parse and serialise again, no JavaScript string of the page): what iterate()
   * returns, serialised, for a push page (ledger-pusher.ts).
   */
  entriesJson(fromSeq: number, toSeq: number): { json: Buffer; count: number; lastSeq: number | null };
  /** The checkpoints over fromSize..toSize entries (all by default), oldest first. */
  checkpoints(fromSize?: number, toSize?: number): Checkpoint[];
  count(): number;
}

export type SideEffect = (tx: LedgerWriteTx, appended: LedgerEntry[]) => void;

export interface LedgerWriter {
  /** Appends atomically and durably; runs projections and the side effect in the same transaction. */
  append(entries: NewEntry[], sideEffect?: SideEffect): Result<LedgerEntry[]>;
  checkpointNow(): Result<Checkpoint | null>;
}

export type Ledger = LedgerReader & LedgerWriter;

/**
 * Thrown by a projection or side effect inside the append transaction to refuse the whole
 * append with a typed error (e.g. a co-signature by the same user, checked under the write
 * lock); the transaction rolls back and `append` returns the error as a value.
 */
export class LedgerRefusal extends Error {
  constructor(readonly error: BatchlineError) {
    super(error.message);
  }
}
