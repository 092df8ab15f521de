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
 *   empty pan is no key press. FR-144: "no unsettled value between" is evidence only when the
 *   balance sends often enough to have shown one: the two readings must have arrived within
 *   `MAX_JUMP_GAP_MS`. A balance that prints slowly (SBI auto print at about 1 Hz) shows a vessel
 *   lifted off, which settles within a second, as the same jump; such a jump is not counted (it
 *   is kept apart as `unsure`, never a refusal), and only the flag below speaks for it;
 * - the net/gross flag changing (SBI ID `G#` → `N`, A&D indicator `GS` → `NT`) with no command:
 *   a tare set (gross → net) or cleared (net → gross) on the balance.
 *
 * What it cannot see: a key press while no value reaches the station (no stream running, no
 * poll), or one that leaves a non-zero value (a tare with a vessel whose own weight drifts). The
 * balance's own tare, where its protocol can be asked (MT-SICS `TA`, A&D `?PT`), covers those.
 */
import { isZeroMass, type Mass } from '../../../src-shared/mass.ts';
import type { WeightReading } from './balance-message.ts';

/** A settled load must show at least this many of its last digits to count as a load. */
export const MIN_INTERVALS = 20;
/** Kept per watch; more than this since the station's tare is already a refusal many times over. */
export const MAX_SEEN = 20;
/**
 * FR-144: the longest gap between a settled load and a settled zero for the jump to count as a
 * key press. A load lifted off a pan is unsettled for at least half a second on precision and
 * analytical balances (their settling time), so a stream of at most 300 ms between values shows
 * at least one unsettled value for it; a slower one may not.
 */
export const MAX_JUMP_GAP_MS = 300;

export interface KeyTareChange {
  readonly before: WeightReading;
  readonly after: WeightReading;
  /** `tare`: the flag says a tare was set; `tare-or-zero`: a tare or a zero (one key does both on most balances). */
  readonly change: 'tare' | 'tare-or-zero';
  /**
   * FR-154: a tare the station itself set, cleared or preset (`before`: by how much the tare the
   * balance holds changed, asked before and after the command). Kept with the key presses since
   * the last zero so their sum and the tare held are compared on the same footing.
   */
  readonly by?: 'station';
}

export class KeyTareWatch {
  private last: { reading: WeightReading; at: number } | null = null;
  private held = 0;
  private changes: KeyTareChange[] = [];
  private unsureJumps: KeyTareChange[] = [];
  /** FR-154: key presses since the station last zeroed the balance (not cleared by `restart`). */
  private sinceZeroChanges: KeyTareChange[] = [];

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
    this.unsureJumps = [];
  }

  /**
   * FR-154: the station zeroed the balance (its clear-tare action, the pan empty): the key presses
   * before it no longer move the zero a weighing reads against.
   */
  zeroed(): void {
    this.sinceZeroChanges = [];
  }

  /**
   * FR-154: the station's own tare, tare clear or preset tare changed the tare the balance holds
   * by `change.before` (asked before and after): counted with the key presses since the last
   * zero (not in `seen`), so a key press after it is compared against the tare it left.
   */
  stationTare(change: KeyTareChange): void {
    if (this.sinceZeroChanges.length < MAX_SEEN) this.sinceZeroChanges.push({ ...change, by: 'station' });
  }

  /** FR-154: key presses seen since the station last zeroed the balance (`zeroed`), oldest first. */
  sinceZero(): readonly KeyTareChange[] {
    return this.sinceZeroChanges;
  }

  /** Key presses seen since the last `restart`, oldest first. */
  seen(): readonly KeyTareChange[] {
    return this.changes;
  }

  /**
   * FR-144: settled loads followed by a settled zero too far apart in time to tell a key press
   * from a load lifted off (a slow printer): not counted, kept for the record and the operator.
   */
  unsure(): readonly KeyTareChange[] {
    return this.unsureJumps;
  }

  /**
   * `at`: when the reading's line arrived (ms, the driver's clock). Returns the key press this
   * reading showed, if it counts as one (FR-144: the driver tells the operator at once).
   */
  observe(r: WeightReading, at: number): KeyTareChange | null {
    if (r.role === 'tare') return null;
    const last = this.last;
    this.last = { reading: r, at };
    if (this.held > 0 || last === null) return null;
    const before = last.reading;
    if (before.role !== r.role) return this.counted({ before, after: r, change: before.role === 'gross' && r.role === 'net' ? 'tare' : 'tare-or-zero' });
    if (!(before.stable && r.stable && isZeroMass(r.mass) && isLoad(before))) return null;
    const jump: KeyTareChange = { before, after: r, change: 'tare-or-zero' };
    if (at - last.at <= MAX_JUMP_GAP_MS) return this.counted(jump);
    this.note(this.unsureJumps, jump);
    return null;
  }

  private counted(c: KeyTareChange): KeyTareChange {
    // Past MAX_SEEN the zero has moved many times over: the weighing is refused either way.
    if (this.sinceZeroChanges.length < MAX_SEEN) this.sinceZeroChanges.push(c);
    return this.note(this.changes, c);
  }

  private note(list: KeyTareChange[], c: KeyTareChange): KeyTareChange {
    if (list.length < MAX_SEEN) list.push(c);
    return c;
  }
}

/** At least MIN_INTERVALS of the reading's own last digit, either sign. */
export function isLoad(r: { readonly mass: Mass }): boolean {
  return Number(r.mass.amount.replace(/^-/, '').replace('.', '')) >= MIN_INTERVALS;
}
