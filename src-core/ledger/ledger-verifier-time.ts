/**
 * Time order of a ledger (ALCOA+ consistent, DI-07; A11-22): each entry's UTC time is at or
 * after the entry before it. The station refuses such an append; a ledger that holds one anyway
 * was written by older code with its clock set back, or edited with every hash recomputed, and
 * `batchline verify` names each such entry so QA can see what was dated into the past.
 */
import type { LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';

export interface TimeRegression {
  seq: number;
  time: string;
  previousSeq: number;
  previousTime: string;
}

/** Feed entries in sequence order; `regressions` lists every entry dated before its predecessor. */
export class TimeOrderCheck {
  readonly regressions: TimeRegression[] = [];
  private previous: { seq: number; time: string } | null = null;

  add(entry: Pick<LedgerEntry, 'seq' | 'time'>): void {
    const prev = this.previous;
    // UtcTime is fixed-width ISO-8601 (ms, Z), so string order is time order.
    if (prev && entry.time < prev.time) this.regressions.push({ seq: entry.seq, time: entry.time, previousSeq: prev.seq, previousTime: prev.time });
    this.previous = { seq: entry.seq, time: entry.time };
  }

  describe(limit = 10): string {
    const shown = this.regressions.slice(0, limit).map((r) => `entry ${r.seq} (${r.time}) is before entry ${r.previousSeq} (${r.previousTime})`);
    const more = this.regressions.length > limit ? `; and ${this.regressions.length - limit} more` : '';
    return `time goes backwards: ${shown.join('; ')}${more}`;
  }
}
