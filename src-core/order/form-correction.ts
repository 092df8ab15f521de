/**
 * When a signed correction of a form value counts (FR-124; FR-116, 21 CFR 11.10(e), EU GMP
 * Annex 11 §9): the one rule the station's order fold (evolve-order.ts, hence every batch record
 * built from it) and the hub's review by exception (batch-exceptions.ts) both follow, so the value
 * a batch record shows is the value QA reviews.
 *
 * A `form.value_corrected` entry names the value it replaces (`oldValue`) and, since FR-125, the
 * entry that put that value in force (`replacesSeq`: the recording — `step.recorded` or the
 * `form.part_recorded` that entered the field — or the correction that took effect last). It takes
 * effect when its recorder signs it "corrected" AND what it names is still in force at that moment:
 * - with `replacesSeq` (FR-125): that entry is still the one whose value is in force (and the
 *   value is the one it names). Matching by the entry, not by the value, closes A → B → A: a field
 *   corrected v0 → v1 → v0 holds v0 again, but from another entry, so a correction written while
 *   the first v0 was in force and signed only now is stale — its corrector never saw the value
 *   that replaced theirs, nor the one that came back;
 * - without it (entries written before FR-125: ledgers are immutable, so they keep the rule they
 *   were written and reviewed under): the value it names equals the value in force (equal as
 *   recorded: same JSON type and value).
 * Otherwise it is:
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

/** The value of a field in force, and the entry that put it there (its recording, or the correction that took effect last). */
export interface ValueInForce {
  value: unknown;
  seq: number;
}

/** What a correction names as the value it replaces: the value, and (FR-125) the entry whose value it is. */
export interface NamedValue {
  oldValue: unknown;
  /** Absent in entries written before FR-125: they are matched by value alone. */
  replacesSeq?: number | undefined;
}

/**
 * The effect of a correction at the moment its recorder signs it "corrected": `applied` when what
 * it names as replaced is in force — the entry it names (FR-125) and its value, or, for an entry
 * from before FR-125, the value alone — else `stale`.
 */
export function signedCorrectionEffect(inForce: ValueInForce, named: NamedValue): 'applied' | 'stale' {
  if (inForce.value !== named.oldValue) return 'stale';
  if (named.replacesSeq === undefined) return 'applied';
  return named.replacesSeq === inForce.seq ? 'applied' : 'stale';
}

/**
 * The entry whose value of `field` is in force: the last correction of it that took effect, else
 * the entry that recorded it, else (a field no entry filled) the form's own record entry. The
 * engine names it in a new correction (`replacesSeq`) and the fold compares against it: both call
 * this and nothing else, so what they count as "in force" cannot drift apart.
 */
export function entryInForce(form: { recordSeq: number; filledBy: Record<string, { seq: number }>; corrections: readonly { seq: number; field: string }[] }, field: string): number {
  return form.corrections.filter((c) => c.field === field).at(-1)?.seq ?? form.filledBy[field]?.seq ?? form.recordSeq;
}
