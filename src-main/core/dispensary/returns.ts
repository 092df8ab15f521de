/**
 * Returns to stock (issue 17 item 5): leftover material in a source container goes back with its
 * remaining weight WEIGHED — a stable reading of a qualified balance, minus the container's empty
 * weight — never typed; the manual-entry rule (a reason and a supervisor's "verified"
 * co-signature, DI-16) is the one exception. The weighing is judged at once against the
 * container's theoretical remaining (return-finding.ts); a difference beyond the stated limit
 * waits for a supervisor's decision, signed "approved". The stock follows the weighed remaining
 * only once the return is settled (db/projections/reconciliation.projections.ts), and the
 * container then gets its RETURN label, which voids the label it carried.
 */
import { convertMass, formatMass, isNegativeMass, isZeroMass, subtractMass, type Mass } from '../../../src-shared/mass.ts';
import type { EngineCommand } from '../../../src-shared/orders/engine-command.ts';
import { assessReturn } from '../../../src-shared/reconciliation/return-finding.ts';
import { err, InvariantViolation, ok, type Result } from '../../../src-shared/result.ts';
import type { BalanceReading, TareDetection } from '../../../src-core/order/balance-port.ts';
import { tareEvidence, tareRefusalError, type TareBasis } from '../../../src-core/order/tare-check.ts';
import type { OrderState } from '../../../src-core/order/order-state.ts';
import { dispensedFrom, returnSettled, type IssuedContainer, type ReturnRecord } from '../../../src-core/order/reconciliation-state.ts';
import type { DecideContext } from '../engine/decide-context.ts';
import { append, entry, type Decision, type IoResult } from '../engine/decision.ts';
import { localIso } from '../engine/decide-steps.ts';
import { checkBalance } from '../engine/equipment-checks.ts';
import { requireInProgress } from '../engine/step-guards.ts';
import { checkMasterDataAge } from '../engine/order-prechecks.ts';
import { openPrintFor } from '../../../src-core/order/label-ledger.ts';

type Cmd<T extends EngineCommand['type']> = Extract<EngineCommand, { type: T }>;

/** Phases in which the active weigh step is still working with its scanned container. */
const IN_USE = new Set(['need-balance', 'need-tare', 'need-capture', 'out-of-tolerance', 'stock-discrepancy', 'deviation-pending']);

/** The container was issued to this order and is not the source of the portion being weighed. */
export function requireIssued(s: OrderState, containerId: string): Result<IssuedContainer> {
  const started = requireInProgress(s);
  if (!started.ok) return started;
  const issued = s.reconciliation.issued.get(containerId);
  if (!issued) return err('RETURN_CONTAINER_NOT_USED', `container ${containerId} was not issued to batch ${s.batchNumber}`, { containerId });
  const step = s.steps[s.stepIndex];
  if (step?.progress.kind === 'weigh' && step.progress.container?.containerId === containerId && IN_USE.has(step.progress.phase)) {
    return err('RETURN_CONTAINER_IN_USE', `container ${containerId} is the source of the portion being weighed at step ${step.planned.step.stepId}`, { containerId, stepId: step.planned.step.stepId });
  }
  return ok(issued);
}

/** A balance of this booth, qualified now for what it is about to weigh (calibration, check, capacity, USP <41>). */
function qualifiedBalance(s: OrderState, ctx: DecideContext, balanceId: string | null, intended: { net?: Mass; gross?: Mass }): Result<string> {
  if (balanceId === null) return err('BALANCE_UNKNOWN', 'a return is weighed on a balance: name one');
  // The same offline limit as every weighing (ARCHITECTURE.md, Sync): the balance's qualification is master data.
  const age = checkMasterDataAge(ctx.md.syncState(), ctx.now, ctx.config, s);
  if (!age.ok) return age;
  const balance = ctx.md.get('balance', balanceId);
  if (!balance) return err('BALANCE_UNKNOWN', `balance ${balanceId} is not in the station's master data`, { balanceId });
  if (balance.data.boothId !== null && balance.data.boothId !== s.boothId) return err('BALANCE_UNKNOWN', `balance ${balance.data.name} stands in booth ${balance.data.boothId}, not in ${s.boothId}`, { balanceId, boothId: balance.data.boothId });
  const clearance = checkBalance(balance, ctx.md.lastBalanceCheck(balanceId), ctx.now, intended);
  return clearance.ok ? ok(balanceId) : clearance;
}

function stableReading(io: IoResult): Result<BalanceReading> {
  if (io.kind !== 'reading') throw new InvariantViolation(`a return weighing got ${io.kind}`);
  if (!io.reading.stable) return err('READING_NOT_STABLE', 'the balance did not settle: the reading was not stable', { raw: io.reading.raw });
  return ok(io.reading);
}

type TareCheck = { by: TareDetection[]; balanceTare: BalanceReading | null };

/**
 * FR-144, FR-154: a return reads the container's gross against the balance's zero (`zero`), a
 * spillage is weighed net of a vessel tared on the balance's keys (`key-tare`); one check for both
 * (and for the periodic check and IPQC): a held tare, or a zero moved on the keys with a load on
 * the pan, refuses the weighing (recorded as the engine records every refusal). Where the balance
 * cannot be asked or watched the weighing records `by: []`, shown as not checked.
 */
function checkedTare(basis: TareBasis, balanceId: string, reading: BalanceReading, io: IoResult, what: string): Result<TareCheck> {
  if (io.kind !== 'reading' || !io.tareState) return ok({ by: [], balanceTare: null });
  const e = tareEvidence(basis, io.tareState);
  if (e.refusal) return { ok: false, error: tareRefusalError(e.refusal, balanceId, reading, what) };
  return ok({ by: [...e.tareCheck.by], balanceTare: e.tareCheck.balanceTare });
}

export function decideWeighReturn(s: OrderState, cmd: Cmd<'weigh-return'>, ctx: DecideContext, io: IoResult | null): Result<Decision> {
  const issued = requireIssued(s, cmd.containerId);
  if (!issued.ok) return issued;
  const before = s.reconciliation.returns.get(cmd.containerId);
  if (before && returnSettled(before)) return err('RETURN_ALREADY_RECORDED', `the return of container ${cmd.containerId} is recorded (entry ${before.seq})`, { containerId: cmd.containerId, returnSeq: before.seq });
  if (before && before.beyondLimit && (!before.manual || before.verified)) return err('RETURN_DISCREPANCY_PENDING', `the return of container ${cmd.containerId} awaits a supervisor's decision`, { containerId: cmd.containerId, returnSeq: before.seq });
  const container = ctx.md.get('container', cmd.containerId);
  if (!container) return err('CONTAINER_UNKNOWN', `container ${cmd.containerId} is not in the station's master data`, { containerId: cmd.containerId });
  const tare = container.data.tare;
  let reading: BalanceReading | null = null;
  let tareCheck: TareCheck | null = null;
  let remaining: Mass;
  if (cmd.manualEntry) {
    remaining = cmd.manualEntry.remaining;
  } else {
    const ready = qualifiedBalance(s, ctx, cmd.balanceId, {});
    if (!ready.ok) return ready;
    // FR-144: the balance is asked its tare with the reading (restart false: a return does not
    // move the key watch of a weighing in progress on the same balance).
    if (io === null) return ok({ entries: [], io: { kind: 'read-stable', balanceId: ready.value, tareState: 'check' } });
    const read = stableReading(io);
    if (!read.ok) return read;
    reading = read.value;
    const checked = checkedTare('zero', ready.value, reading, io, `the container's gross`);
    if (!checked.ok) return checked;
    tareCheck = checked.value;
    remaining = subtractMass(reading.mass, convertMass(tare, reading.mass.unit));
    // USP <41> applies to what is weighed for its quantity; an empty declaration weighs the container only.
    const positive = !isNegativeMass(remaining) && !isZeroMass(remaining);
    const cleared = qualifiedBalance(s, ctx, cmd.balanceId, cmd.declareEmpty || !positive ? { gross: reading.mass } : { gross: reading.mass, net: remaining });
    if (!cleared.ok) return cleared;
  }
  const i = issued.value;
  const dispensed = dispensedFrom(s, i.containerId, i.issued.unit);
  const rule = ctx.config.reconciliation.container;
  const a = assessReturn({ issued: i.issued, dispensed, remaining, declaredEmpty: cmd.declareEmpty }, rule);
  if (!a.ok) {
    const { code, remaining: found, limit } = a.refusal;
    const message =
      code === 'CONTAINER_NOT_EMPTY'
        ? `container ${i.containerId} is declared empty, but ${formatMass(found)} is still in it (more than the limit ${formatMass(limit)})`
        : `the reading is ${formatMass(found)} below the container's empty weight ${formatMass(tare)}: wrong container, or the balance was not zeroed`;
    return err(code, message, { containerId: i.containerId, remaining: found, limit });
  }
  const v = a.value;
  const weighed = entry(s, ctx, 'return.weighed', {
    containerId: i.containerId,
    lotId: i.lotId,
    materialCode: i.materialCode,
    balanceId: cmd.balanceId,
    reading,
    containerTare: tare,
    remaining: convertMass(remaining, i.issued.unit),
    declaredEmpty: cmd.declareEmpty,
    returned: v.returned,
    residue: v.residue,
    issued: i.issued,
    dispensed,
    theoretical: v.theoretical,
    difference: v.difference,
    limit: v.limit,
    limitRule: rule,
    finding: v.finding,
    beyondLimit: v.beyondLimit,
    ...(tareCheck ? { tareCheck } : {}),
    ...(cmd.manualEntry ? { manualEntry: { reason: cmd.manualEntry.reason.trim() } } : {}),
  });
  if (!cmd.manualEntry) return ok(append(weighed));
  return ok({ ...append(weighed), sign: { targetSeq: 'first-appended', meaning: 'verified', username: cmd.manualEntry.username } });
}

/**
 * A supervisor decides a return's difference beyond the limit, signing "approved" in the same
 * action. "deviation-opened" also raises the deviation (category `reconciliation`), which then
 * needs its own approval before the order can complete, and reaches the hub as existing ones do.
 */
export function decideResolveReturn(s: OrderState, cmd: Cmd<'resolve-return-discrepancy'>, ctx: DecideContext): Result<Decision> {
  const started = requireInProgress(s);
  if (!started.ok) return started;
  const ret = s.reconciliation.returns.get(cmd.containerId);
  if (!ret || !ret.beyondLimit || (ret.manual && !ret.verified)) return err('RETURN_NO_DISCREPANCY', `no return of container ${cmd.containerId} awaits a decision`, { containerId: cmd.containerId });
  if (ret.resolution?.approved) return err('RETURN_ALREADY_RECORDED', `the return of container ${cmd.containerId} is decided (entry ${ret.resolution.seq})`, { containerId: cmd.containerId });
  const resolved = entry(s, ctx, 'return.discrepancy_resolved', {
    returnSeq: ret.seq,
    containerId: ret.containerId,
    decision: cmd.decision,
    reason: cmd.reason.trim(),
    difference: ret.difference,
    stockAfter: ret.returned,
  });
  const open = s.deviations.some((d) => d.category === 'reconciliation' && d.targetSeq === ret.seq);
  const deviation =
    cmd.decision === 'deviation-opened' && !open
      ? [
          entry(s, ctx, 'deviation.raised', {
            deviationId: `DEV-${s.batchNumber}-${String(s.deviations.length + 1).padStart(3, '0')}`,
            category: 'reconciliation',
            stepId: null,
            targetSeq: ret.seq,
            code: 'RETURN_DISCREPANCY_PENDING',
            reason: `container ${ret.containerId}: ${formatMass(ret.difference)} against its theoretical remaining — ${cmd.reason.trim()}`,
            // FR-102: worded in each reader's language; the supervisor's own note stays as typed.
            reasonKey: 'return-discrepancy',
            reasonParams: { container: ret.containerId, difference: formatMass(ret.difference), note: cmd.reason.trim().slice(0, 500) },
          }),
        ]
      : [];
  return ok({ ...append(resolved, ...deviation), sign: { targetSeq: 'first-appended', meaning: 'approved', username: cmd.username } });
}

export function decidePrintReturnLabel(s: OrderState, cmd: Cmd<'print-return-label'>, ctx: DecideContext, io: IoResult | null): Result<Decision> {
  const started = requireInProgress(s);
  if (!started.ok) return started;
  const ret = s.reconciliation.returns.get(cmd.containerId);
  if (!ret || !returnSettled(ret)) return err('RETURN_LABEL_NOT_DUE', `container ${cmd.containerId} has no settled return to label`, { containerId: cmd.containerId });
  if (ret.declaredEmpty) return err('RETURN_LABEL_NOT_DUE', `container ${cmd.containerId} was declared empty: it leaves stock without a label`, { containerId: cmd.containerId });
  // FR-141: the container's last return label may have come out: settled first, never printed over.
  const open = io === null ? openPrintFor(s.labels, { containerId: cmd.containerId }) : undefined;
  if (open) return err('LABEL_PRINT_OUTCOME_UNKNOWN', `the return label of container ${cmd.containerId} in entry ${open.seq} has no known outcome: settle it before printing again`, { containerId: cmd.containerId, printRequestSeq: open.seq });
  const label = returnLabel(s, ctx, ret);
  if (io === null) return ok({ entries: [], io: { kind: 'print', labels: [label] } });
  if (io.kind !== 'printed') throw new InvariantViolation(`print-return-label got ${io.kind}`);
  // FR-139: the label that went to the printer (its labelledAt is the time it was sent).
  const { kind: _io, labels: printed, ...receipt } = io;
  if (printed.length !== 1) throw new InvariantViolation(`a return label print returned ${printed.length} labels`);
  return ok(
    append(
      entry(s, ctx, 'return.labelled', {
        returnSeq: ret.seq,
        containerId: ret.containerId,
        label: printed[0],
        voids: ret.labelledSeq === null ? { kind: 'original', seq: null } : { kind: 'return', seq: ret.labelledSeq },
        ...receipt,
      }),
    ),
  );
}

/** RETURN / remaining net / lot / expiry, with the container's GS1 identity (label-gs1.ts). */
function returnLabel(s: OrderState, ctx: DecideContext, ret: ReturnRecord): Record<string, string | number | null> {
  const c = ctx.md.get('container', ret.containerId)?.data;
  const lot = c ? ctx.md.get('lot', c.lotId)?.data : undefined;
  const material = c ? ctx.md.get('material', c.materialCode)?.data : undefined;
  return {
    kind: 'return',
    batchNumber: s.batchNumber,
    material: c?.materialCode ?? null,
    materialName: material?.name ?? c?.materialCode ?? null,
    lotId: c?.lotId ?? null,
    lotNumber: lot?.lotNumber ?? c?.lotId ?? null,
    expiry: lot?.expiryDate ?? null,
    gtin: c?.gtin ?? null,
    containerId: ret.containerId,
    net: formatMass(ret.returned),
    dispensedBy: ctx.actor.printedName,
    labelledAt: localIso(ctx.now, ctx.tzOffset),
    returnSeq: ret.seq,
  };
}

/** Spilt material, swept up and weighed on a tared balance: wasted, with why. */
export function decideSpillage(s: OrderState, cmd: Cmd<'record-spillage'>, ctx: DecideContext, io: IoResult | null): Result<Decision> {
  const issued = requireIssued(s, cmd.containerId);
  if (!issued.ok) return issued;
  const ready = qualifiedBalance(s, ctx, cmd.balanceId, {});
  if (!ready.ok) return ready;
  // FR-144: the balance's tare is asked with the reading, for the record (see spillage.recorded).
  if (io === null) return ok({ entries: [], io: { kind: 'read-stable', balanceId: cmd.balanceId, tareState: 'check' } });
  const read = stableReading(io);
  if (!read.ok) return read;
  const amount = read.value.mass;
  const checked = checkedTare('key-tare', cmd.balanceId, read.value, io, 'the spillage');
  if (!checked.ok) return checked;
  const tareCheck = checked.value;
  if (isZeroMass(amount) || isNegativeMass(amount)) return err('NET_NOT_POSITIVE', `the net weight ${formatMass(amount)} is not above zero`, { net: amount });
  const cleared = qualifiedBalance(s, ctx, cmd.balanceId, { net: amount });
  if (!cleared.ok) return cleared;
  const i = issued.value;
  return ok(append(entry(s, ctx, 'spillage.recorded', { containerId: i.containerId, lotId: i.lotId, materialCode: i.materialCode, balanceId: cmd.balanceId, reading: read.value, amount, reason: cmd.reason.trim(), tareCheck })));
}
