/**
 * When a signed correction of a form value counts (FR-124; FR-116, 21 CFR 11.10(e), EU GMP
 * Annex 11 §9): the one rule the station's order fold (evolve-order.ts, hence every batch record
 * built from it) and the hub's review by exception (batch-exceptions.ts) both follow, so the value
 * a batch record shows is the value QA reviews.
 *
 * A `form.value_corrected` entry names the value it replaces (`oldValue`). It takes effect when its
 * recorder signs it "corrected" AND the value it names is still the value in force at that moment
 * (equal as recorded: same JSON type and value). Otherwise it is:
 * - `unsigned`: no "corrected" signature by its recorder (yet): no effect, listed for QA as a
 *   correction without effect;
 * - `stale`: signed, but the value it names is no longer the value in force (another correction
 *   of the same field took effect in between): no effect — applying it would overwrite a value its
 *   corrector never saw — and listed for QA as its own exception (`correction-stale`) naming the
 *   value it named, the value in force and the value it asked for, so it is neither silently
 *   applied nor silently dropped;
 * - `no-form`: it names a step or form the order does not have: no effect, listed as unsigned is;
 * - `inconsistent`: signed, but it names a field no correction can name — a calculated field, or
 *   one the form does not have or never recorded (the engine refuses such a correction, so only an
 *   inconsistent record holds one): no effect, and listed for QA as its own exception
 *   (`correction-inconsistent`), never read as stale (there is no value it "missed").
 */

export type FormCorrectionEffect = 'applied' | 'stale' | 'unsigned' | 'no-form' | 'inconsistent';

/** What became of one correction entry, by its seq (the fold keeps one per correction entry). */
export interface FormCorrectionOutcome {
  seq: number;
  effect: FormCorrectionEffect;
  /** For `applied` and `stale`: the value in force when it was signed. */
  valueInForce?: unknown;
}

/**
 * The effect of a correction at the moment its recorder signs it "corrected": `applied` when the
 * value it names as old is the value in force, else `stale`.
 */
export function signedCorrectionEffect(valueInForce: unknown, namedOldValue: unknown): 'applied' | 'stale' {
  return valueInForce === namedOldValue ? 'applied' : 'stale';
}
