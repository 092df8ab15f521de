/**
 * FR-142: did the balance's tare or zero change, on its own keys, after the station recorded its
 * tare? An operator who presses TARE with material on the pan (or ZERO, which clears the tare
 * on most balances) makes the next net reading lie by that material, and no protocol announces
 * a key press. Two kinds of evidence, each only where the balance can give it:
 * - `tare-query`: the tare the balance holds now (MT-SICS `TA`, A&D `?PT`) is not the one it held
 *   right after the station's tare (`balanceTare` of `dispense.tared`);
 * - `stream`: its readings since then showed a key press (key-tare-watch.ts in the device layer).
 * A tare recorded before FR-142 has no `balanceTare`: nothing to compare the query with, so only
 * the stream can speak. Pure: the engine applies it at capture, the device layer gathers it.
 */
import { compareMass, isZeroMass } from '../../src-shared/mass.ts';
import type { BalanceReading, BalanceTareState, KeyTareSeen, TareDetection } from './balance-port.ts';

export interface TareChange {
  readonly detectedBy: TareDetection[];
  readonly change: 'tare' | 'tare-or-zero';
  readonly recordedTare: BalanceReading | null;
  readonly balanceTare: BalanceReading | null;
  readonly seen: KeyTareSeen[];
}

/** `recorded`: the balance's tare on record (undefined: recorded before FR-142). */
export function tareChange(recorded: BalanceReading | null | undefined, now: BalanceTareState): TareChange | null {
  const asked = recorded != null && now.tare !== null && compareMass(recorded.mass, now.tare.mass) !== 0;
  const seen = [...now.seen];
  if (!asked && seen.length === 0) return null;
  const detectedBy: TareDetection[] = [...(asked ? (['tare-query'] as const) : []), ...(seen.length > 0 ? (['stream'] as const) : [])];
  // A tare the balance still holds, other than the recorded one, is a new tare; none left is a
  // tare cleared or a zero set. The stream's flag says "tare" only when gross turned net.
  const change = asked ? (isZeroMass(now.tare!.mass) ? 'tare-or-zero' : 'tare') : seen.some((x) => x.change === 'tare') ? 'tare' : 'tare-or-zero';
  return { detectedBy, change, recordedTare: recorded ?? null, balanceTare: now.tare, seen };
}

/**
 * FR-144: a weighing read against the balance's zero, not against a tare of the station's own:
 * a return (the container's gross less its empty weight from master data) and a test weight of a
 * periodic balance check. Any tare the balance holds then makes the reading lie by it (a tare the
 * station set for an earlier weighing, or one set on the balance's keys): the remaining stock
 * reads low, a check weight reads what it was made to read. Only the balance's own answer can
 * say (`tare-query`); its stream shows key presses but not whether a tare is still held.
 * Returns the tare held, or null when none is held or the balance cannot be asked (`asked`
 * false: the record says the weighing was not checked).
 */
export function tareHeld(now: BalanceTareState): { readonly asked: boolean; readonly held: BalanceReading | null } {
  if (!now.by.includes('tare-query') || now.tare === null) return { asked: false, held: null };
  return { asked: true, held: isZeroMass(now.tare.mass) ? null : now.tare };
}
