/**
 * A form step (issue 14 item 2; FR-98): the operator's values are checked against the form's
 * JSON Schema, each filled field against the roles allowed to fill it (the person recording the
 * form, whose session issues the command and who then signs it "performed"), its calculations
 * computed in exact decimals, and the whole recorded as ONE `step.recorded` entry `{ values,
 * calculated }`; the form's required signatures then complete the step (evolve-order.ts).
 *
 * A value outside a limit is refused, naming field and limit (FORM_VALUE_OUT_OF_LIMITS), and
 * nothing is recorded but the refusal itself (engine-service records refusals): a form's limits
 * are acceptance limits, the field's value is re-entered. Out-of-limit results that must stand
 * with a deviation are what `ipc` steps are for (decided, documented: docs/forms.md).
 *
 * A form filled by more than one person (FR-105; docs/forms.md "Parts of a form"): a submission
 * may leave required fields empty that only other roles may fill. It is then recorded as a
 * `form.part_recorded` entry with just the values it adds and the fields still open; the step
 * stays open (phase `form-open`) for the next person's part, which cannot change a field already
 * recorded (FORM_FIELD_ALREADY_RECORDED). Each part is one entry by the session's user; the fold
 * (evolve-order.ts) gathers them, so a restart resumes where the last part left the form. A
 * submission that completes the form at once is the `step.recorded` entry it always was.
 *
 * The values are checked twice: by the eval-free checker every UI shares (form-values.ts), and
 * by ajv, the reference JSON Schema validator, over the same values. Ajv compiles the schema to
 * code, which is fine in the station's main process (no CSP); both must accept.
 */
import { Ajv } from 'ajv';
import type { EngineCommand } from '../../../src-shared/orders/engine-command.ts';
import type { RecipeStep } from '../../../src-shared/recipe/recipe-step.ts';
import { correctFormValue, submitForm, uncorrectableField } from '../../../src-shared/recipe/form-definition.ts';
import type { FormValues } from '../../../src-shared/recipe/form-values.ts';
import type { FormJsonSchema } from '../../../src-shared/recipe/form-schema.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { OrderState } from '../../../src-core/order/order-state.ts';
import { entryInForce } from '../../../src-core/order/form-correction.ts';
import type { DecideContext } from './decide-context.ts';
import { append, entry, type Decision } from './decision.ts';
import { recorded } from './decide-steps.ts';
import { requireGeneric, requireStarted, requireStepOfType } from './step-guards.ts';

type FormDef = Extract<RecipeStep, { type: 'form' }>;

const ajv = new Ajv({ allErrors: true, strict: true, multipleOfPrecision: 12 });
ajv.addVocabulary(['x-unit', 'x-decimals']);
/** Compiled validators by schema text: a recipe's forms compile once per process. */
const compiled = new Map<string, ReturnType<Ajv['compile']>>();

/** `open`: required fields left to other people (FR-105): their absence is not an error, nor is the `if` whose branch only lacks them. */
export function ajvValidate(schema: FormJsonSchema, data: Record<string, unknown>, open: ReadonlySet<string> = new Set()): { ok: true } | { ok: false; message: string; field: string | null } {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    try {
      validate = ajv.compile(schema);
    } catch (e) {
      // The definition checks refuse what ajv cannot compile; should one slip through, it is refused here, not thrown.
      return { ok: false, message: `the form's schema is not valid JSON Schema: ${(e as Error).message}`, field: null };
    }
    if (compiled.size > 500) compiled.clear();
    compiled.set(key, validate);
  }
  if (validate(data)) return { ok: true };
  const errors = (validate.errors ?? []).filter((x) => !(x.keyword === 'required' && open.has((x.params as { missingProperty?: string }).missingProperty ?? '')));
  if (errors.every((x) => x.keyword === 'if')) return { ok: true };
  const e = errors.find((x) => x.keyword !== 'if');
  const field = e ? (e.instancePath.replace(/^\//, '') || ((e.params as { missingProperty?: string }).missingProperty ?? null)) : null;
  return { ok: false, message: e ? `${field ?? 'form'} ${e.message ?? 'is not valid'}` : 'the values do not match the form', field };
}

/**
 * The second check of a form's values (see the header): ajv over the recorded values with the
 * calculations as numbers (a calculation's field wins over a value of the same name), the
 * fields in `open` left to other people. One function for a submission and a correction.
 */
function checkWithAjv(form: FormDef['form'], values: Readonly<Record<string, unknown>>, calculated: Readonly<Record<string, string>>, open: readonly string[]): Result<void> {
  const data: Record<string, unknown> = { ...values };
  for (const [k, v] of Object.entries(calculated)) data[k] = Number(v);
  const checked = ajvValidate(form.schema, data, new Set(open));
  if (!checked.ok) return err('FORM_VALUES_INVALID', checked.message, { field: checked.field, validator: 'ajv' });
  return ok(undefined);
}

export function decideForm(s: OrderState, cmd: Extract<EngineCommand, { type: 'submit-form' }>, ctx: DecideContext): Result<Decision> {
  const g = requireGeneric(s, cmd.stepId, ['form'], ['ready', 'form-open'], 'record the form');
  if (!g.ok) return g;
  const form = (g.value.step.planned.step as FormDef).form;
  // Replay re-decides without the actor's user record: roles are then not re-checked.
  const roles = Array.isArray(ctx.actor.roles) ? ctx.actor.roles : null;
  const sofar = g.value.g.form;
  const r = submitForm(form, cmd.values, roles, sofar && { values: sofar.values as FormValues, calculated: sofar.calculated });
  if (!r.ok) {
    const by = r.code === 'FORM_FIELD_ALREADY_RECORDED' && r.field !== null ? sofar?.filledBy[r.field] : undefined;
    return err(r.code, r.message, by ? { ...r.details, recordedSeq: by.seq, recordedBy: by.userId } : r.details);
  }
  const checked = checkWithAjv(form, { ...(sofar?.values ?? {}), ...r.values }, { ...(sofar?.calculated ?? {}), ...r.calculated }, r.open);
  if (!checked.ok) return checked;
  const step = g.value.step;
  if (sofar === null && r.open.length === 0) return ok(recorded(s, ctx, step, { values: r.values, calculated: r.calculated }, null));
  const part = { stepId: step.planned.step.stepId, stepIndex: step.index, stepType: 'form', recordSeq: sofar?.recordSeq ?? null, values: r.values, calculated: r.calculated, open: r.open };
  return ok(append(entry(s, ctx, 'form.part_recorded', part)));
}

/**
 * A correction of one recorded form value (FR-116; docs/forms.md "Corrections"). The original
 * entry stays; one `form.value_corrected` entry names it, with the old and new value, the
 * reason and the calculations recomputed from the corrected values; the corrector signs it
 * "corrected" and only then does it count (evolve-order.ts).
 *
 * Who: while the form is open or awaits its signatures, whoever may fill the field (its
 * fieldRoles; any station role for an unreserved field). Once the form carries a signature other
 * than "performed" (verified), or its step is done, the record has been certified: a value is
 * then corrected only by a supervisor, who answers for the certified record (a supervisor verifies
 * forms, and may correct any field then). Once the order is complete, nobody at the station:
 * the record goes to QA review, and a wrong value is a deviation there (FORM_RECORD_CLOSED).
 */
export function decideFormCorrection(s: OrderState, cmd: Extract<EngineCommand, { type: 'correct-form-value' }>, ctx: DecideContext): Result<Decision> {
  const started = requireStarted(s);
  if (!started.ok) return started;
  if (s.status === 'complete') return err('FORM_RECORD_CLOSED', `batch ${s.batchNumber} is complete: its record is closed at the station; a wrong value is a deviation for QA`, { field: cmd.field });
  const found = requireStepOfType(s, cmd.stepId, ['form'], 'correct a form value');
  if (!found.ok) return found;
  const step = found.value;
  const form = (step.planned.step as FormDef).form;
  const recorded = s.forms.get(step.index);
  if (!recorded) return err('FORM_FIELD_NOT_RECORDED', `the form of step ${cmd.stepId} has not been recorded yet`, { field: cmd.field, stepId: cmd.stepId });
  // What is wrong with the field (calculated, never recorded) before what is wrong with the
  // person: nobody may correct a calculated value, and telling an operator to fetch a supervisor
  // for it would send them the wrong way.
  const not = uncorrectableField(form, recorded.values, cmd.field);
  if (not) return err(not.code, not.message, { ...not.details, stepId: cmd.stepId });
  const roles = Array.isArray(ctx.actor.roles) ? ctx.actor.roles : null;
  const verified = s.records.get(recorded.recordSeq)?.signatures.find((x) => x.meaning !== 'performed') ?? null;
  const closed = verified !== null || step.status === 'done';
  if (closed && roles !== null && !roles.includes('supervisor')) {
    return err('FORM_CORRECTION_NEEDS_SUPERVISOR', `the form of step ${cmd.stepId} has been ${verified ? `signed "${verified.meaning}"` : 'closed'}: only a supervisor may correct "${cmd.field}" now`, { field: cmd.field, recordSeq: recorded.recordSeq, verifiedSeq: verified?.seq ?? null });
  }
  const allowed = form.fieldRoles[cmd.field];
  if (!closed && roles !== null && allowed && !allowed.some((r) => roles.includes(r))) {
    return err('FORM_FIELD_ROLE_FORBIDDEN', `only ${allowed.join(' or ')} may correct "${cmd.field}"`, { field: cmd.field, roles: allowed });
  }
  if (cmd.username !== null && ctx.actor.username !== undefined && cmd.username.trim().toLowerCase() !== ctx.actor.username) {
    return err('FORM_CORRECTION_SIGNER_MISMATCH', `the correction is ${ctx.actor.username}'s: they sign it, not ${cmd.username}`, { username: cmd.username });
  }
  const r = correctFormValue(form, { values: recorded.values as FormValues, calculated: recorded.calculated }, cmd.field, cmd.value, recorded.open);
  if (!r.ok) return err(r.code, r.message, r.details);
  const calculated = { ...recorded.calculated, ...Object.fromEntries(r.calculated.map((c) => [c.field, c.newValue])) };
  const checked = checkWithAjv(form, { ...recorded.values, [cmd.field]: cmd.value }, calculated, recorded.open);
  if (!checked.ok) return checked;
  const earlier = recorded.corrections.filter((c) => c.field === cmd.field).at(-1);
  // FR-125: the correction names the entry whose value it replaces; the fold applies it only while
  // that entry's value is in force (form-correction.ts). A screen that showed another entry's value
  // (one corrected since) is told so instead of having the correction written against it.
  const inForce = entryInForce(recorded, cmd.field);
  if (cmd.replaces !== null && cmd.replaces !== inForce) {
    return err('FORM_VALUE_CORRECTED_SINCE', `"${cmd.field}" has been corrected since it was shown (entry ${inForce} is in force, not ${cmd.replaces}): look at its value again`, { field: cmd.field, replaces: cmd.replaces, inForce });
  }
  const correction = entry(s, ctx, 'form.value_corrected', {
    stepId: cmd.stepId,
    stepIndex: step.index,
    stepType: 'form',
    recordSeq: recorded.recordSeq,
    targetSeq: recorded.filledBy[cmd.field]?.seq ?? recorded.recordSeq,
    supersedes: earlier?.seq ?? null,
    replacesSeq: inForce,
    field: cmd.field,
    oldValue: recorded.values[cmd.field],
    newValue: cmd.value,
    calculated: r.calculated,
    reason: cmd.reason.trim(),
    afterVerification: closed,
  });
  return ok({ ...append(correction), sign: { targetSeq: 'first-appended', meaning: 'corrected', username: cmd.username } });
}
