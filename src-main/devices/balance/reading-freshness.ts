/**
 * How current a balance's data is. RS-232 has no carrier: a balance that stopped answering
 * looks exactly like one that has nothing new to say, except that its lines stop. So every
 * line is timed, and
 * - a reading is current for at most `windowMs` after its line arrived; older, it is history,
 *   never "the weight now" (issue 18 item 5: a dead balance's last value stayed on screen as
 *   "stable, within tolerance" for 12 s);
 * - while the balance streams, a silence of `windowMs` makes the link `silent` at once (the
 *   port may still be open: a balance switched off, or its process gone behind a pty), and
 *   the next line makes it `live` again. Listeners hear only the changes.
 */
import type { WeightReading } from './balance-message.ts';

export type Liveness = 'unknown' | 'live' | 'silent';

export class ReadingFreshness {
  private lastLineAt: number | null = null;
  private watching = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private liveness: Liveness = 'unknown';
  private readonly receivedAt = new WeakMap<WeightReading, number>();

  constructor(
    readonly windowMs: number,
    private readonly now: () => number,
    private readonly onChange: (liveness: Exclude<Liveness, 'unknown'>, silentMs: number) => void,
  ) {}

  get state(): Liveness {
    return this.liveness;
  }

  /** A line arrived (any line: a balance that answers is there, whether or not it is a weight). */
  line(): void {
    this.lastLineAt = this.now();
    this.set('live');
    if (this.watching) this.arm();
  }

  /** Stamps a reading with the time its line arrived. */
  reading(r: WeightReading): void {
    this.receivedAt.set(r, this.now());
  }

  /** Milliseconds since the reading's line arrived; null for a reading this driver never received. */
  ageOf(r: WeightReading): number | null {
    const at = this.receivedAt.get(r);
    return at === undefined ? null : this.now() - at;
  }

  isCurrent(r: WeightReading): boolean {
    const age = this.ageOf(r);
    return age !== null && age <= this.windowMs;
  }

  /** The balance is expected to send by itself (a stream runs): silence now means something. */
  watch(): void {
    this.watching = true;
    this.arm();
  }

  unwatch(): void {
    this.watching = false;
    this.clear();
  }

  /** The port closed or reopened: nothing heard on this connection yet. */
  reset(): void {
    this.clear();
    this.lastLineAt = null;
    this.liveness = 'unknown';
  }

  private arm(): void {
    this.clear();
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.watching) return;
      this.set('silent');
    }, this.windowMs);
  }

  private set(next: Exclude<Liveness, 'unknown'>): void {
    if (this.liveness === next) return;
    this.liveness = next;
    this.onChange(next, this.lastLineAt === null ? this.windowMs : this.now() - this.lastLineAt);
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
