/**
 * What a decision asks the engine service to do: append entries, and possibly first talk to
 * a device or then have a record signed. decide(state, command, context, io) is called once
 * without device input; if it needs a reading it says so (`io`), the service performs the
 * I/O and calls decide again with the result on the then-current state, so a reading can
 * never be applied to a state it was not taken for.
 */
import type { NewEntry } from '../../../src-shared/ledger/ledger-entry.ts';
import type { SignatureMeaning } from '../../../src-shared/signature-meaning.ts';
import type { BatchlineError } from '../../../src-shared/result.ts';
import type { BalanceReading, BalanceTareState } from '../../../src-core/order/balance-port.ts';
import type { LabelContent, LabelReceipt } from './label-port.ts';
import type { DecideContext } from './decide-context.ts';
import type { OrderState } from '../../../src-core/order/order-state.ts';

export type IoNeed =
  | { kind: 'identify'; balanceId: string }
  | { kind: 'tare'; balanceId: string }
  /**
   * FR-142 `tareState`: also ask the balance's tare state after the reading: `restart` for a
   * first reading (the watch for key presses starts there), `check` for a capture.
   */
  | { kind: 'read-stable'; balanceId: string; tareState?: 'restart' | 'check' }
  | { kind: 'print'; labels: LabelContent[] };

export type IoResult =
  | { kind: 'identify'; serialNumber: string | null }
  // FR-142 `tareState`: the balance's tare state right after (absent: not asked, as in replay).
  | { kind: 'tare'; reading: BalanceReading | null; tareState?: BalanceTareState }
  | { kind: 'reading'; reading: BalanceReading; tareState?: BalanceTareState }
  // FR-139: the engine names the `label.print_requested` entry the print was announced by, and
  // carries the labels the printer was sent: the outcome records exactly those, never labels
  // rebuilt after the print (a second clock reading would change their times).
  | ({ kind: 'printed'; labels: LabelContent[]; printRequestSeq?: number } & LabelReceipt);

export interface SignRequestDecision {
  /** A record already in the ledger, or the first entry this decision appends. */
  targetSeq: number | 'first-appended';
  meaning: SignatureMeaning;
  username: string | null;
}

export interface Decision {
  entries: NewEntry[];
  io?: IoNeed;
  /**
   * FR-139: entries to append before the I/O is performed (the I/O is not performed when the
   * ledger refuses them): what an effect outside the station changes in the record is recorded
   * first. The engine adds `label.print_requested` to every print itself.
   */
  before?: NewEntry[];
  sign?: SignRequestDecision;
  /**
   * Append the entries (they record what happened: every reading is kept, DI-06) and then
   * report this error: an out-of-tolerance weighing is recorded, never accepted.
   */
  reject?: BatchlineError;
}

export function entry(s: OrderState, ctx: DecideContext, type: string, payload: Record<string, unknown>): NewEntry {
  return { type, actor: ctx.actor.userId, batchRef: s.batchNumber, payload };
}

export const append = (...entries: NewEntry[]): Decision => ({ entries });
