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
import { addMass, compareMass, convertMass, formatMass, isZeroMass, type Mass } from '../../src-shared/mass.ts';
import type { BatchlineError } from '../../src-shared/result.ts';
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

/**
 * FR-154: what a weighing not made on a tare of the station's own stands on. `zero`: read against
 * the balance's zero (a return's gross, a periodic check's test weight). `key-tare`: net of a
 * vessel tared on the balance's own keys (an IPQC tablet, swept-up spillage).
 */
export type TareBasis = 'zero' | 'key-tare' | { readonly stationTare: BalanceReading | null | undefined };

export type TareRefusal =
  /** A dispensing capture: the tare or zero changed since the station's tare on record (`tareChange`). */
  | { readonly code: 'BALANCE_TARE_CHANGED'; readonly change: TareChange }
  /** The balance holds a tare: a weight read against its zero would read low by it. */
  | { readonly code: 'BALANCE_HOLDS_TARE'; readonly held: BalanceReading }
  /**
   * Key presses since the station last zeroed the balance that the tare it holds does not
   * account for: a ZERO (or a TARE since cleared) with a load on the pan moved the balance's zero,
   * and the weight reads low (or high) by that load. No tare query shows it (a zero is no tare).
   */
  | { readonly code: 'BALANCE_ZERO_UNRECORDED'; readonly seen: readonly KeyTareSeen[]; readonly balanceTare: BalanceReading | null };

export interface TareEvidence {
  /** For the weighing's record: how it was checked (`by` [] says not), the tare the balance held. */
  readonly tareCheck: { readonly by: TareDetection[]; readonly balanceTare: BalanceReading | null };
  readonly refusal: TareRefusal | null;
}

/**
 * FR-154: the one check of the balance's tare and zero for every weight the station takes that is
 * not a dispensing capture against the station's own tare (that one is `tareChange`: the step's
 * tare on record is its reference). Until FR-154 returns, balance checks and IPQC readings asked
 * only for a held tare (`tareHeld`), so a ZERO pressed with a load on the pan — which leaves no
 * tare — went unseen and the weight read low by the load.
 *
 * Each key press the stream showed since the station last zeroed the balance (`sinceZero`) adds
 * what the balance showed before it to the tare (a TARE) or moves its zero by it (a ZERO). Where
 * the balance can be asked, the presses are accounted for when they sum to the tare it holds now:
 * a vessel tared on the keys (one press, the tare equals it), a ZERO with the vessel on and a ZERO
 * again once it is off (the two cancel). Anything else moved the zero unrecorded. Where it cannot
 * be asked, a weighing against the zero refuses any press (nothing tells a TARE from a ZERO), and
 * one net of a key tare takes them as the vessel's tare: the record says the tare was not asked.
 */
export function tareEvidence(basis: TareBasis, now: BalanceTareState): TareEvidence {
  if (typeof basis === 'object') {
    // The station's own tare is the reference (the key presses since it, the tare it recorded).
    // FR-142: asked only where the balance answered both at the tare and now (a tare on record
    // without the balance's own leaves nothing to compare its answer now with).
    const change = tareChange(basis.stationTare, now);
    const asked = now.by.includes('tare-query') && now.tare !== null && basis.stationTare != null;
    const tareCheck = { by: now.by.filter((x) => x !== 'tare-query' || asked), balanceTare: asked ? now.tare : null };
    return { tareCheck, refusal: change ? { code: 'BALANCE_TARE_CHANGED', change } : null };
  }
  const held = tareHeld(now);
  const watched = now.by.includes('stream');
  const tareCheck = { by: [...(held.asked ? (['tare-query'] as const) : []), ...(watched ? (['stream'] as const) : [])], balanceTare: held.asked ? now.tare : null };
  if (basis === 'zero' && held.held) return { tareCheck, refusal: { code: 'BALANCE_HOLDS_TARE', held: held.held } };
  // The station's own tares (`by: 'station'`, the change of the tare held) are in the sum, not
  // key presses: with none pressed on the keys there is nothing to account for.
  const all = watched ? [...(now.sinceZero ?? [])] : [];
  const seen = all.filter((k) => k.by !== 'station');
  if (seen.length === 0) return { tareCheck, refusal: null };
  const accounted = held.asked ? compareMass(sumBefore(all, now.tare!.mass), now.tare!.mass) === 0 : basis === 'key-tare';
  return { tareCheck, refusal: accounted ? null : { code: 'BALANCE_ZERO_UNRECORDED', seen, balanceTare: held.asked ? now.tare : null } };
}

function sumBefore(seen: readonly KeyTareSeen[], like: Mass): Mass {
  return seen.reduce<Mass>((acc, k) => addMass(acc, convertMass(k.before.mass, like.unit)), { amount: '0', unit: like.unit });
}

/** FR-154: the typed refusal of a weight `tareEvidence` refused, the same words for every weighing. */
export function tareRefusalError(r: TareRefusal, balanceId: string, reading: BalanceReading, what: string): BatchlineError {
  if (r.code === 'BALANCE_TARE_CHANGED') {
    return { code: r.code, message: `the tare on balance ${balanceId} changed on its own keys after the station tared it: ${what} read ${formatMass(reading.mass)}; tare again from the station`, details: { balanceId, reading: reading.mass } };
  }
  if (r.code === 'BALANCE_HOLDS_TARE') {
    return {
      code: r.code,
      message: `balance ${balanceId} holds a tare of ${formatMass(r.held.mass)} (left from an earlier weighing, or set on its keys): ${what} read ${formatMass(reading.mass)} against it, not against the balance's zero; clear the tare from the station with the pan empty and weigh again`,
      details: { balanceId, balanceTare: r.held.mass, reading: reading.mass },
    };
  }
  const loads = r.seen.map((k) => formatMass(k.before.mass)).join(', ');
  return {
    code: r.code,
    message: `balance ${balanceId} was zeroed or tared on its own keys with a load on the pan (${loads}) since the station last zeroed it, and the tare it holds (${r.balanceTare ? formatMass(r.balanceTare.mass) : 'not asked'}) does not account for it: ${what} read ${formatMass(reading.mass)} against a zero that moved; clear the tare and zero the balance from the station with the pan empty and weigh again`,
    details: { balanceId, reading: reading.mass, balanceTare: r.balanceTare?.mass ?? null, keyPresses: r.seen.map((k) => ({ before: k.before.mass, after: k.after.mass, change: k.change })) },
  };
}
