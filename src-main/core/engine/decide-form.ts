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
 * The values are checked twice: by the eval-free checker every UI shares (form-values.ts), and
 * by ajv, the reference JSON Schema validator, over the same values. Ajv compiles the schema to
 * code, which is fine in the station's main process (no CSP); both must accept.
 */
import { Ajv } from 'ajv';
import type { EngineCommand } from '../../../src-shared/orders/engine-command.ts';
import type { RecipeStep } from '../../../src-shared/recipe/recipe-step.ts';
import { submitForm } from '../../../src-shared/recipe/form-definition.ts';
import type { FormJsonSchema } from '../../../src-shared/recipe/form-schema.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { OrderState } from '../../../src-core/order/order-state.ts';
import type { DecideContext } from './decide-context.ts';
import type { Decision } from './decision.ts';
import { recorded } from './decide-steps.ts';
import { requireGeneric } from './step-guards.ts';

type FormDef = Extract<RecipeStep, { type: 'form' }>;

const ajv = new Ajv({ allErrors: true, strict: true, multipleOfPrecision: 12 });
ajv.addVocabulary(['x-unit', 'x-decimals']);
/** Compiled validators by schema text: a recipe's forms compile once per process. */
const compiled = new Map<string, ReturnType<Ajv['compile']>>();

export function ajvValidate(schema: FormJsonSchema, data: Record<string, unknown>): { ok: true } | { ok: false; message: string; field: string | null } {
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
  const e = validate.errors?.[0];
  const field = e ? (e.instancePath.replace(/^\//, '') || ((e.params as { missingProperty?: string }).missingProperty ?? null)) : null;
  return { ok: false, message: e ? `${field ?? 'form'} ${e.message ?? 'is not valid'}` : 'the values do not match the form', field };
}

export function decideForm(s: OrderState, cmd: Extract<EngineCommand, { type: 'submit-form' }>, ctx: DecideContext): Result<Decision> {
  const g = requireGeneric(s, cmd.stepId, ['form'], ['ready'], 'record the form');
  if (!g.ok) return g;
  const form = (g.value.step.planned.step as FormDef).form;
  // Replay re-decides without the actor's user record: roles are then not re-checked.
  const roles = Array.isArray(ctx.actor.roles) ? ctx.actor.roles : null;
  const r = submitForm(form, cmd.values, roles);
  if (!r.ok) return err(r.code, r.message, r.details);
  const data: Record<string, unknown> = { ...r.values };
  for (const [k, v] of Object.entries(r.calculated)) data[k] = Number(v);
  const checked = ajvValidate(form.schema, data);
  if (!checked.ok) return err('FORM_VALUES_INVALID', checked.message, { field: checked.field, validator: 'ajv' });
  return ok(recorded(s, ctx, g.value.step, { values: r.values, calculated: r.calculated }, null));
}
