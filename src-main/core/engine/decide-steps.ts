/**
 * Decisions of the non-weighing step types: instruction, line clearance, equipment check,
 * parameter entry, in-process check, timer, label print, signature step. Each produces the
 * step's record (`step.recorded`, `timer.started`, `label.printed`); the step completes when
 * the record's required signatures are present (evolve-order.ts).
 */
import { formatMass, type Mass } from '../../../src-shared/mass.ts';
import type { EngineCommand } from '../../../src-shared/orders/engine-command.ts';
import { dispensedContainerId } from '../../../src-shared/orders/dispensed-container.ts';
import type { RecipeStep } from '../../../src-shared/recipe/recipe-step.ts';
import { compareDecimal, decimalPlacesOf } from '../../../src-shared/recipe/quantity-math.ts';
import { err, InvariantViolation, ok, type Result } from '../../../src-shared/result.ts';
import type { UserDirectory } from '../auth/user-directory.ts';
import type { DecideContext } from './decide-context.ts';
import { append, entry, type Decision, type IoResult } from './decision.ts';
import { checkBalance, checkBooth } from './equipment-checks.ts';
import { checkStepEquipment, withStepEquipment } from './process-equipment-checks.ts';
import type { LabelContent } from './label-port.ts';
import { checkMasterDataAge } from './order-prechecks.ts';
import type { OrderState, StepState, WeighProgress } from '../../../src-core/order/order-state.ts';
import { requireGeneric } from './step-guards.ts';
import { openPrintFor } from '../../../src-core/order/label-ledger.ts';

type Cmd<T extends EngineCommand['type']> = Extract<EngineCommand, { type: T }>;
type Def<T extends RecipeStep['type']> = Extract<RecipeStep, { type: T }>;

export function recorded(s: OrderState, ctx: DecideContext, step: StepState, result: Record<string, unknown>, withinLimits: boolean | null): Decision {
  return append(entry(s, ctx, 'step.recorded', { stepId: step.planned.step.stepId, stepIndex: step.index, stepType: step.planned.step.type, result, withinLimits }));
}

export function decideAcknowledge(s: OrderState, cmd: Cmd<'acknowledge'>, ctx: DecideContext): Result<Decision> {
  const g = requireGeneric(s, cmd.stepId, ['instruction'], ['ready'], 'acknowledge');
  if (!g.ok) return g;
  return withStepEquipment(s, g.value.step, cmd.equipment, ctx, () => ok(recorded(s, ctx, g.value.step, { acknowledged: true }, null)));
}

/** Line clearance and equipment checks: every item confirmed; equipment checks also gate devices. */
export function decideChecklist(s: OrderState, cmd: Cmd<'checklist'>, ctx: DecideContext): Result<Decision> {
  const g = requireGeneric(s, cmd.stepId, ['line-clearance', 'equipment-check'], ['ready'], 'record the checklist');
  if (!g.ok) return g;
  const def = g.value.step.planned.step as Def<'line-clearance'> | Def<'equipment-check'>;
  const known = new Set(def.checklist.map((i) => i.itemId));
  const unknown = cmd.answers.filter((a) => !known.has(a.itemId)).map((a) => a.itemId);
  if (unknown.length > 0) return err('INPUT_INVALID', `unknown checklist items: ${unknown.join(', ')}`, { unknown });
  const open = def.checklist.filter((i) => !cmd.answers.some((a) => a.itemId === i.itemId && a.confirmed)).map((i) => i.itemId);
  if (open.length > 0) return err('CHECKLIST_INCOMPLETE', `not confirmed: ${open.join(', ')}`, { open });
  const result: Record<string, unknown> = { answers: cmd.answers };
  if (def.type === 'equipment-check') {
    const age = checkMasterDataAge(ctx.md.syncState(), ctx.now, ctx.config, s);
    if (!age.ok) return age;
    const booth = checkBooth(ctx.md.get('booth', s.boothId!), ctx.md.boothUse(s.boothId!), s.batchNumber, ctx.now, s.sharedBooth);
    if (!booth.ok) return booth;
    const balances: Record<string, unknown>[] = [];
    for (const id of def.balanceIds) {
      const b = ctx.md.get('balance', id);
      if (!b) return err('BALANCE_UNKNOWN', `balance ${id} is not in the station's master data`, { balanceId: id });
      const cleared = checkBalance(b, ctx.md.lastBalanceCheck(id), ctx.now);
      if (!cleared.ok) return cleared;
      balances.push({ ...cleared.value, version: b.version });
    }
    result.booth = { boothId: s.boothId, version: booth.value.version };
    result.balances = balances;
    if (def.equipmentClasses && def.equipmentClasses.length > 0) {
      const used = checkStepEquipment(s, g.value.step, def.equipmentClasses, cmd.equipment ?? [], ctx);
      if (!used.ok) return used;
      result.equipment = used.value.cited;
      const d = recorded(s, ctx, g.value.step, result, null);
      return ok({ ...d, entries: [...d.entries, ...used.value.entries] });
    }
  }
  return ok(recorded(s, ctx, g.value.step, result, null));
}

export function decideParameter(s: OrderState, cmd: Cmd<'enter-parameter'>, ctx: DecideContext): Result<Decision> {
  const g = requireGeneric(s, cmd.stepId, ['parameter'], ['ready'], 'enter the value');
  if (!g.ok) return g;
  return withStepEquipment(s, g.value.step, cmd.equipment, ctx, () => parameterRecord(s, cmd, ctx, g.value.step));
}

function parameterRecord(s: OrderState, cmd: Cmd<'enter-parameter'>, ctx: DecideContext, step: StepState): Result<Decision> {
  const p = (step.planned.step as Def<'parameter'>).parameter;
  if (decimalPlacesOf(cmd.value) > p.decimals) return err('INPUT_INVALID', `${p.name} is entered with at most ${p.decimals} decimals`, { decimals: p.decimals });
  const below = p.min !== null && compareDecimal(cmd.value, p.min) < 0;
  const above = p.max !== null && compareDecimal(cmd.value, p.max) > 0;
  if (below || above) {
    return err('PARAMETER_OUT_OF_LIMITS', `${p.name} ${cmd.value} ${p.unit} is outside ${p.min ?? '−∞'} … ${p.max ?? '+∞'} ${p.unit}`, { value: cmd.value, min: p.min, max: p.max });
  }
  return ok(recorded(s, ctx, step, { name: p.name, value: cmd.value, unit: p.unit, min: p.min, max: p.max }, null));
}

/** An IPC result outside its limits is recorded (not refused): re-test, or deviation. */
export function decideIpc(s: OrderState, cmd: Cmd<'record-ipc'>, ctx: DecideContext): Result<Decision> {
  const g = requireGeneric(s, cmd.stepId, ['ipc'], ['ready', 'out-of-limits'], 'record the result');
  if (!g.ok) return g;
  return withStepEquipment(s, g.value.step, cmd.equipment, ctx, () => ipcRecord(s, cmd, ctx, g.value.step));
}

function ipcRecord(s: OrderState, cmd: Cmd<'record-ipc'>, ctx: DecideContext, step: StepState): Result<Decision> {
  const c = (step.planned.step as Def<'ipc'>).check;
  if (decimalPlacesOf(cmd.value) > c.decimals) return err('INPUT_INVALID', `${c.name} is entered with at most ${c.decimals} decimals`, { decimals: c.decimals });
  const within = compareDecimal(cmd.value, c.lower) >= 0 && compareDecimal(cmd.value, c.upper) <= 0;
  const d = recorded(s, ctx, step, { name: c.name, value: cmd.value, unit: c.unit, lower: c.lower, upper: c.upper }, within);
  if (within) return ok(d);
  return ok({ ...d, reject: { code: 'PARAMETER_OUT_OF_LIMITS', message: `${c.name} ${cmd.value} ${c.unit} is outside ${c.lower} … ${c.upper} ${c.unit}: re-test or raise a deviation`, details: { value: cmd.value, lower: c.lower, upper: c.upper } } });
}

export function decideStartTimer(s: OrderState, cmd: Cmd<'start-timer'>, ctx: DecideContext): Result<Decision> {
  const g = requireGeneric(s, cmd.stepId, ['timer'], ['ready'], 'start the timer');
  if (!g.ok) return g;
  const def = g.value.step.planned.step as Def<'timer'>;
  const endsAt = new Date(ctx.now.getTime() + def.durationSeconds * 1000).toISOString();
  return withStepEquipment(s, g.value.step, cmd.equipment, ctx, () => ok(append(entry(s, ctx, 'timer.started', { stepId: cmd.stepId, stepIndex: g.value.step.index, durationSeconds: def.durationSeconds, endsAt }))));
}

export function decideStopTimer(s: OrderState, cmd: Cmd<'stop-timer'>, ctx: DecideContext): Result<Decision> {
  const g = requireGeneric(s, cmd.stepId, ['timer'], ['running'], 'stop the timer');
  if (!g.ok) return g;
  const def = g.value.step.planned.step as Def<'timer'>;
  const startedAt = g.value.g.timerStartedAt!;
  const elapsedSeconds = Math.floor((ctx.now.getTime() - Date.parse(startedAt)) / 1000);
  if (elapsedSeconds < def.durationSeconds) {
    return err('TIMER_NOT_ELAPSED', `${def.durationSeconds - elapsedSeconds} s of ${def.durationSeconds} s still to run`, { elapsedSeconds, durationSeconds: def.durationSeconds });
  }
  const within = def.maxSeconds === null || elapsedSeconds <= def.maxSeconds;
  return ok(recorded(s, ctx, g.value.step, { startedAt, stoppedAt: ctx.now.toISOString(), elapsedSeconds, durationSeconds: def.durationSeconds, maxSeconds: def.maxSeconds }, within));
}

export function decidePrintLabel(s: OrderState, cmd: Cmd<'print-label'>, ctx: DecideContext, io: IoResult | null): Result<Decision> {
  const g = requireGeneric(s, cmd.stepId, ['label'], ['ready'], 'print the label');
  if (!g.ok) return g;
  const def = g.value.step.planned.step as Def<'label'>;
  // FR-141: labels may have come out of the step's last print: it is settled first (co-signed),
  // never printed over. (Asked before the print only; the print's own request is open while it runs.)
  const open = io === null ? openPrintFor(s.labels, { stepId: cmd.stepId }) : undefined;
  if (open) return err('LABEL_PRINT_OUTCOME_UNKNOWN', `the print of entry ${open.seq} for step ${cmd.stepId} has no known outcome: settle it (what came out of the printer, co-signed) before printing again`, { stepId: cmd.stepId, printRequestSeq: open.seq });
  const labels = labelsFor(s, def, ctx);
  if (!labels.ok) return labels;
  if (io === null) return ok({ entries: [], io: { kind: 'print', labels: labels.value } });
  if (io.kind !== 'printed') throw new InvariantViolation(`print-label got ${io.kind}`);
  // FR-139: the labels that went to the printer, not labels rebuilt now (their time would differ).
  const { kind: _io, labels: printed, ...receipt } = io;
  return ok(append(entry(s, ctx, 'label.printed', { stepId: cmd.stepId, stepIndex: g.value.step.index, labelKind: def.labelKind, labels: printed, ...receipt })));
}

function labelsFor(s: OrderState, def: Def<'label'>, ctx: DecideContext): Result<LabelContent[]> {
  // The label says when it was made, in the station's local time with its offset.
  const at = localIso(ctx.now, ctx.tzOffset);
  const base = { batchNumber: s.batchNumber, product: s.plan!.product.code, productName: s.plan!.product.name, labelledAt: at };
  if (def.labelKind !== 'dispensed-material' || def.lineId === null) return ok([{ ...base, kind: def.labelKind, booth: s.boothId }]);
  const line = s.plan!.lines.find((l) => l.lineId === def.lineId)!;
  const weighed = s.steps.find((x) => x.progress.kind === 'weigh' && x.progress.lineId === def.lineId);
  const w = weighed?.progress as WeighProgress | undefined;
  if (!weighed || weighed.status !== 'done' || !w) return err('STEP_OUT_OF_SEQUENCE', `line ${def.lineId} has not been dispensed yet`, { lineId: def.lineId });
  return ok(
    w.counted.map((p, i) => ({
      ...base,
      kind: def.labelKind,
      material: line.materialCode,
      materialName: line.materialName,
      lotId: p.lotId,
      // What the printed label needs and the order state does not hold: the lot's own number
      // and expiry, the container's GTIN (master data as of the label), who weighed the portion.
      lotNumber: ctx.md.get('lot', p.lotId)?.data.lotNumber ?? p.lotId,
      expiry: ctx.md.get('lot', p.lotId)?.data.expiryDate ?? null,
      gtin: ctx.md.get('container', p.containerId)?.data.gtin ?? null,
      dispensedBy: dispenser(s, p.seq, ctx),
      containerId: p.containerId,
      // The dispensed container's own id (its label's GS1 AI 21), scanned into the kit and at charge.
      dispensedContainerId: dispensedContainerId(p.seq),
      balanceId: p.balanceId,
      net: formatMass(p.net as Mass),
      portion: `${i + 1}/${w.counted.length}`,
      weighingSeq: p.seq,
      // Pre-weighed material with a hold time (issue 17): the label says until when, in local time.
      ...(p.holdUntil ? { holdUntil: localIso(new Date(p.holdUntil), ctx.tzOffset) } : {}),
    })),
  );
}

/**
 * Who weighed a portion, by printed name: the weighing record's actor, named by their own
 * signature on it (or as the operator at the station); their user id when neither names them.
 */
function dispenser(s: OrderState, weighingSeq: number, ctx: DecideContext): string {
  const record = s.records.get(weighingSeq);
  const actor = record?.actor ?? ctx.actor.userId;
  if (actor === ctx.actor.userId) return ctx.actor.printedName;
  return record?.signatures.find((x) => x.signerId === actor)?.printedName ?? actor;
}

export function localIso(now: Date, offset: string): string {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  const minutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  return new Date(now.getTime() + minutes * 60_000).toISOString().slice(0, 19) + (m ? offset : 'Z');
}

/** A signature step: its statement is recorded by the operator, then signed with the step's meaning. */
export function decideSignStep(s: OrderState, cmd: Cmd<'sign-step'>, ctx: DecideContext, users: UserDirectory): Result<Decision> {
  const g = requireGeneric(s, cmd.stepId, ['signature'], ['ready', 'need-signatures'], 'sign');
  if (!g.ok) return g;
  const def = g.value.step.planned.step as Def<'signature'>;
  const recordSeq = g.value.g.phase === 'need-signatures' ? g.value.g.recordSeq! : null;
  if (def.meaning === 'performed') {
    const performer = recordSeq === null ? ctx.actor.userId : s.records.get(recordSeq)?.actor;
    const signer = cmd.username === null ? ctx.actor : users.byUsername(cmd.username.toLowerCase());
    if (signer && signer.userId !== performer) return err('SIGNATURE_NOT_PERFORMER', 'only the person who performed the step can sign it as performed');
  }
  if (recordSeq !== null) return ok({ entries: [], sign: { targetSeq: recordSeq, meaning: def.meaning, username: cmd.username } });
  const d = recorded(s, ctx, g.value.step, { statement: def.statement, meaning: def.meaning }, null);
  return ok({ ...d, sign: { targetSeq: 'first-appended', meaning: def.meaning, username: cmd.username } });
}
