/**
 * What a machine's cumulative counter says happened since its last value (issue 13 item 3). PLC
 * counters only go up, except when someone resets them (back to zero) or they wrap at their
 * width (a UInt16 at 65,536, a UInt32 at 2^32). Pure; the hub keeps the last raw value per
 * equipment and counter, so a hub restart or a reconnect loses no count: the next value carries
 * everything counted meanwhile.
 *
 * Contract (docs/equipment-signals.md):
 * - The first value seen is a baseline: increment 0 (what a counter held before the hub watched
 *   it was produced before the hub can place it in a shift).
 * - raw ≥ last: increment raw − last.
 * - raw < last, with the counter's modulus configured and last in its top tenth: a rollover,
 *   increment modulus − last + raw.
 * - raw < last otherwise: a reset to zero, increment raw (what was counted since the reset).
 *   (A reset from the top tenth of a configured modulus is read as a rollover and overcounts by
 *   at most the units lost to the reset; both cases are written to the logbook with their kind.)
 */
export type CounterStep = 'baseline' | 'increment' | 'reset' | 'rollover';

export interface CounterDelta {
  increment: number;
  step: CounterStep;
}

export function counterDelta(last: number | null, raw: number, modulus: number | null = null): CounterDelta {
  if (last === null) return { increment: 0, step: 'baseline' };
  if (raw >= last) return { increment: raw - last, step: 'increment' };
  if (modulus !== null && last >= modulus * 0.9 && raw < modulus) return { increment: modulus - last + raw, step: 'rollover' };
  return { increment: raw, step: 'reset' };
}
