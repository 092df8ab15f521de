/**
 * FR-142: tares and zeros made with the balance's own keys, as far as its readings show them.
 * An operator who presses TARE (or ZERO) with material on the pan after the station recorded its
 * tare makes every later net reading lie by that material; no protocol announces a key press,
 * so the driver watches what the balance sends (stream values and command answers alike):
 *
 * - a settled reading followed at once by a settled zero, with no unsettled value between and
 *   no command from the station: a key tare or zero (taking a load off the pan shows unsettled
 *   values on its way down, a key press does not). "Zero" is the reading's own last digit
 *   (0.0000 g), and the load before it at least `MIN_INTERVALS` of those digits, so a creeping
 *   empty pan is no key press;
 * - the net/gross flag changing (SBI ID `G#` → `N`, A&D indicator `GS` → `NT`) with no command:
 *   a tare set (gross → net) or cleared (net → gross) on the balance.
 *
 * What it cannot see: a key press while no value reaches the station (no stream running, no
 * poll), or one that leaves a non-zero value (a tare with a vessel whose own weight drifts). The
 * balance's own tare, where its protocol can be asked (MT-SICS `TA`, A&D `?PT`), covers those.
 */
import { isZeroMass } from '../../../src-shared/mass.ts';
import type { WeightReading } from './balance-message.ts';

/** A settled load must show at least this many of its last digits to count as a load. */
export const MIN_INTERVALS = 20;
/** Kept per watch; more than this since the station's tare is already a refusal many times over. */
export const MAX_SEEN = 20;

export interface KeyTareChange {
  readonly before: WeightReading;
  readonly after: WeightReading;
  /** `tare`: the flag says a tare was set; `tare-or-zero`: a tare or a zero (one key does both on most balances). */
  readonly change: 'tare' | 'tare-or-zero';
}

export class KeyTareWatch {
  private last: WeightReading | null = null;
  private held = 0;
  private changes: KeyTareChange[] = [];

  /** The station commands a tare or zero: what the balance sends until `release` is its own doing. */
  hold(): void {
    this.held++;
    this.last = null;
  }

  release(): void {
    this.held = Math.max(0, this.held - 1);
    this.last = null;
  }

  /** The station has just tared or taken its first reading: key presses count from here. */
  restart(): void {
    this.last = null;
    this.changes = [];
  }

  /** Key presses seen since the last `restart`, oldest first. */
  seen(): readonly KeyTareChange[] {
    return this.changes;
  }

  observe(r: WeightReading): void {
    if (r.role === 'tare') return;
    const before = this.last;
    this.last = r;
    if (this.held > 0 || before === null) return;
    if (before.role !== r.role) {
      this.note({ before, after: r, change: before.role === 'gross' && r.role === 'net' ? 'tare' : 'tare-or-zero' });
      return;
    }
    if (before.stable && r.stable && isZeroMass(r.mass) && isLoad(before)) this.note({ before, after: r, change: 'tare-or-zero' });
  }

  private note(c: KeyTareChange): void {
    if (this.changes.length < MAX_SEEN) this.changes.push(c);
  }
}

/** At least MIN_INTERVALS of the reading's own last digit, either sign. */
function isLoad(r: WeightReading): boolean {
  return Number(r.mass.amount.replace(/^-/, '').replace('.', '')) >= MIN_INTERVALS;
}
