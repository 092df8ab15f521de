/**
 * Decisions of a weigh step, one portion at a time: scan a source container, select a
 * balance, tare, capture. Split dispensing is several portions (containers, lots or balances)
 * until the line's cumulative quantity is inside its window. A weighing is recorded whatever
 * its verdict (DI-06: every reading kept) but only counts when within tolerance, declared as
 * a partial portion, or accepted through an approved deviation (evolve-order.ts).
 */
import { addMass, atReadability, compareMass, convertMass, formatMass, isNegativeMass, isZeroMass, subtractMass, type Mass } from '../../../src-shared/mass.ts';
import { SCAN_PHASES, type EngineCommand } from '../../../src-shared/orders/engine-command.ts';
import { dividedByFraction, timesFraction } from '../../../src-shared/recipe/quantity-math.ts';
import { checkTolerance, type ToleranceWindow } from '../../../src-shared/recipe/tolerance-window.ts';
import { lineTotalAt } from '../../../src-shared/recipe/window-at-readability.ts';
import type { PotencyAdjustment } from '../../../src-shared/recipe/potency-adjustment.ts';
import type { Balance } from '../../../src-shared/master-data/equipment.ts';
import { BALANCE_FIT_CODES } from '../../../src-shared/orders/qualifying-balances.ts';
import { err, InvariantViolation, ok, type Result } from '../../../src-shared/result.ts';
import type { DecideContext } from './decide-context.ts';
import { append, entry, type Decision, type IoResult } from './decision.ts';
import { checkBalance, qualifyingBalances } from './equipment-checks.ts';
import { checkContainerForLine, containerFacts } from './material-checks.ts';
import { suggestContainer } from '../dispensary/container-choice.ts';
import { countPieces, countWindow } from '../../../src-shared/recipe/dispensing-modes.ts';
import { volumeShown } from '../../../src-shared/recipe/volume-reading.ts';
import { containmentGate } from './decide-containment.ts';
import type { PlannedLine } from '../../../src-shared/orders/execution-plan.ts';
import { scanRecord } from './label-checks.ts';
import { stockDiscrepancy, withdraw } from './decide-stock.ts';
import { withManualEntry } from './manual-entry.ts';
import { atReadabilityVerdict, boothReadability, naming, roundedPortion } from './portion-at-readability.ts';
import { checkMasterDataAge } from './order-prechecks.ts';
import type { OrderState, WeighProgress } from '../../../src-core/order/order-state.ts';
import { requireGeneric, requireWeigh } from './step-guards.ts';
import { lineWindow } from '../../../src-core/order/evolve-order.ts';
import { tareEvidence, type TareChange } from '../../../src-core/order/tare-check.ts';
import type { BalanceReading } from '../../../src-core/order/balance-port.ts';

type Cmd<T extends EngineCommand['type']> = Extract<EngineCommand, { type: T }>;

export function decideScan(s: OrderState, cmd: Cmd<'scan-container'>, ctx: DecideContext): Result<Decision> {
  const step = s.steps.find((x) => x.planned.step.stepId === cmd.stepId);
  const isScanStep = step?.planned.step.type === 'scan-material';
  const guard = isScanStep
    ? requireGeneric(s, cmd.stepId, ['scan-material'], ['ready'], 'scan a container')
    : requireWeigh(s, cmd.stepId, SCAN_PHASES, 'scan a container');
  if (!guard.ok) return guard;
  const def = guard.value.step.planned.step as { lineId: string };
  const age = checkMasterDataAge(ctx.md.syncState(), ctx.now, ctx.config, s);
  if (!age.ok) return age;
  const line = s.plan!.lines.find((l) => l.lineId === def.lineId);
  if (!line) throw new InvariantViolation(`plan of ${s.batchNumber} lacks line ${def.lineId}`);
  // A contained material (OEB): a booth of its class and the signed PPE checklist first (issue 17 item 8).
  if (!isScanStep) {
    const contained = containmentGate(s, line.materialCode, ctx);
    if (!contained.ok) return contained;
  }
  const verified = checkContainerForLine(line, cmd.scan, containerFacts(ctx.md, cmd.scan), ctx.today);
  if (!verified.ok) return verified;
  const v = verified.value;
  const choice = containerChoice(ctx, line, v.container.data.containerId, cmd.choiceReason);
  if (!choice.ok) return choice;
  const w = guard.value.step.progress.kind === 'weigh' ? guard.value.step.progress : null;
  const window = w ? w.lineWindow : lineWindow(s, def.lineId);
  const portion = portionFor(w, window, v.potencyFraction, v.left, cmd.acceptPartial, boothReadability(s, ctx, window.target));
  if (!portion.ok) return portion;
  const lot = v.lot.data;
  const done = w?.cumulative ?? null;
  // No balance is chosen yet: the screen and the record show the portion at the readability of
  // the booth's balance that would weigh it (the finest that can carry it).
  const shownAt = boothReadability(s, ctx, portion.value.window.target);
  const rounded = shownAt ? roundedPortion(window, done, v.potencyFraction, portion.value, shownAt) : null;
  const potency: PotencyAdjustment | null =
    v.potencyFraction !== null && line.potency.corrected
      ? {
          lineQuantity: done ? subtractMass(window.target, done) : window.target,
          assayPercent: lot.assayPercent ?? '',
          waterPercent: lot.waterPercent,
          basis: line.potency.basis,
          fraction: v.potencyFraction,
          adjustedTarget: portion.value.window.target,
        }
      : null;
  return ok(
    withManualEntry(
      cmd,
      entry(s, ctx, 'dispense.container_scanned', {
        stepId: cmd.stepId,
        stepIndex: guard.value.step.index,
        lineId: def.lineId,
        portion: w?.portion ?? 1,
        scan: scanRecord(cmd.scan),
        container: { containerId: v.container.data.containerId, version: v.container.version, left: v.left, tare: v.container.data.tare },
        lot: {
          lotId: lot.lotId,
          lotNumber: lot.lotNumber,
          materialCode: lot.materialCode,
          version: v.lot.version,
          qcStatus: lot.qcStatus,
          expiryDate: lot.expiryDate,
          retestDate: lot.retestDate,
          assayPercent: lot.assayPercent,
          waterPercent: lot.waterPercent,
        },
        potencyFraction: v.potencyFraction,
        portionWindow: portion.value.window,
        partial: portion.value.partial,
        ...(rounded?.ok ? { portionWindowAtReadability: rounded.value } : {}),
        ...(potency ? { potencyAdjustment: potency } : {}),
        containerChoice: choice.value,
      }),
    ),
  );
}

/**
 * The scanned container against the station's suggestion (FEFO, then FIFO): followed, or taken
 * with the operator's reason; without one, refused with the suggestion named.
 */
function containerChoice(ctx: DecideContext, line: PlannedLine, containerId: string, reason: string | undefined): Result<{ suggested: string | null; followed: boolean; reason: string | null }> {
  const s = suggestContainer(ctx.md, line, ctx.today);
  const suggested = s.suggested?.containerId ?? null;
  if (s.equallyGood.has(containerId)) return ok({ suggested, followed: true, reason: null });
  if (reason === undefined) {
    return err('CONTAINER_NOT_SUGGESTED', `take container ${suggested ?? '—'} (lot ${s.suggested?.lotId ?? '—'}, expiry ${s.suggested?.expiryDate ?? '—'}: first expiry, first in), or give a reason for ${containerId}`, {
      containerId,
      suggested,
      suggestedLot: s.suggested?.lotId ?? null,
      suggestedExpiry: s.suggested?.expiryDate ?? null,
    });
  }
  return ok({ suggested, followed: false, reason });
}

/**
 * What to take from this container: the rest of the line converted to this lot's material
 * mass (÷ potency). A container holding less than the rest's lower limit can only be used for
 * a declared partial portion, then all of it is the target (CONTAINER_SHORT otherwise).
 */
function portionFor(w: WeighProgress | null, line: ToleranceWindow, fraction: string | null, left: Mass, acceptPartial: boolean, shownAt: Mass | null): Result<{ window: ToleranceWindow; partial: boolean }> {
  const done = w?.cumulative ?? { amount: '0', unit: line.target.unit };
  const toMaterial = (m: Mass) => (fraction ? dividedByFraction(subtractMass(m, done), fraction) : subtractMass(m, done));
  const window = { target: toMaterial(line.target), lower: toMaterial(line.lower), upper: toMaterial(line.upper) };
  const leftHere = convertMass(left, window.target.unit);
  if (compareMass(leftHere, window.lower) >= 0) return ok({ window, partial: false });
  if (!acceptPartial) {
    return err('CONTAINER_SHORT', `the container holds ${formatMass(left, shownAt)}; at least ${formatMass(shownAt ? atReadability(window.lower, shownAt, 'up') : window.lower)} are still needed — use it for a partial portion or take another container`, {
      left,
      needed: window.lower,
    });
  }
  return ok({ window: { target: leftHere, lower: { amount: '0', unit: leftHere.unit }, upper: leftHere }, partial: true });
}

export function decideSelectBalance(s: OrderState, cmd: Cmd<'select-balance'>, ctx: DecideContext, io: IoResult | null): Result<Decision> {
  const guard = requireWeigh(s, cmd.stepId, ['need-balance', 'need-tare'], 'select a balance');
  if (!guard.ok) return guard;
  const { step, w } = guard.value;
  const age = checkMasterDataAge(ctx.md.syncState(), ctx.now, ctx.config, s);
  if (!age.ok) return age;
  const balance = ctx.md.get('balance', cmd.balanceId);
  if (!balance) return err('BALANCE_UNKNOWN', `balance ${cmd.balanceId} is not in the station's master data`, { balanceId: cmd.balanceId });
  const b = balance.data;
  if (b.boothId !== null && b.boothId !== s.boothId) return err('BALANCE_UNKNOWN', `balance ${b.name} stands in booth ${b.boothId}, not in ${s.boothId}`, { balanceId: b.balanceId, boothId: b.boothId });
  const c = w.container!;
  const gross = w.method === 'subtraction' ? addMass(convertMass(c.left, c.tare.unit), c.tare) : c.portionWindow.upper;
  const lastCheck = ctx.md.lastBalanceCheck(b.balanceId);
  const portion = { window: c.portionWindow, partial: c.partial };
  const fits = (x: Balance) => cmd.partial || roundedPortion(w.lineWindow, w.cumulative, c.potencyFraction, portion, x.readability).ok;
  const others = () => qualifyingBalances(ctx.md, s.boothId, ctx.now, { net: c.portionWindow.target, gross }, { except: b.balanceId, fits });
  const clearance = checkBalance(balance, lastCheck, ctx.now, cmd.partial ? { net: minOf(c.portionWindow.target, b.capacity) } : { net: c.portionWindow.target, gross });
  if (!clearance.ok) return BALANCE_FIT_CODES.includes(clearance.error.code) ? naming(clearance.error, others()) : clearance;
  const atReadability = roundedPortion(w.lineWindow, w.cumulative, c.potencyFraction, portion, b.readability);
  if (!atReadability.ok && !cmd.partial) return naming({ ...atReadability.error, details: { ...atReadability.error.details, balanceId: b.balanceId } }, others());
  if (io === null) return ok({ entries: [], io: { kind: 'identify', balanceId: b.balanceId } });
  if (io.kind !== 'identify') throw new InvariantViolation(`select-balance got ${io.kind}`);
  if (io.serialNumber !== null && io.serialNumber !== b.serialNumber) {
    return err('BALANCE_SERIAL_MISMATCH', `the balance answering as ${b.balanceId} reports serial ${io.serialNumber}, master data says ${b.serialNumber}`, {
      balanceId: b.balanceId,
      expected: b.serialNumber,
      found: io.serialNumber,
    });
  }
  return ok(
    append(
      entry(s, ctx, 'dispense.balance_selected', {
        stepId: cmd.stepId,
        stepIndex: step.index,
        lineId: w.lineId,
        balance: {
          balanceId: b.balanceId,
          version: balance.version,
          model: b.model,
          serialNumber: b.serialNumber,
          identifiedSerial: io.serialNumber,
          capacity: b.capacity,
          readability: b.readability,
          minimumWeight: clearance.value.minimumWeight,
          calibrationCertificate: b.calibration.certificateId,
          calibrationDueAt: b.calibration.dueAt,
          lastCheckSeq: lastCheck!.seq,
          lastCheckAt: clearance.value.checkPerformedAt,
        },
        ...(atReadability.ok ? { portionWindowAtReadability: atReadability.value } : {}),
      }),
    ),
  );
}

export function decideTare(s: OrderState, cmd: Cmd<'tare'>, ctx: DecideContext, io: IoResult | null): Result<Decision> {
  const guard = requireWeigh(s, cmd.stepId, ['need-tare', 'need-capture', 'out-of-tolerance'], 'tare');
  if (!guard.ok) return guard;
  const { step, w } = guard.value;
  const balanceId = w.balance!.balanceId;
  const tares = w.method === 'net' || w.method === 'count' || w.method === 'volume';
  if (io === null) {
    // FR-142: the balance's tare state is taken right after, and key presses are watched from there.
    if (!tares) return ok({ entries: [], io: { kind: 'read-stable', balanceId, tareState: 'restart' } });
    // FR-139: tared again while a tare is on record, the balance's tare is no longer the one
    // recorded: `dispense.tare_requested` ends it first (the step needs a tare again), so a
    // re-tare whose own record the ledger refuses cannot leave a capture to record a tare that
    // no longer held. A first tare needs no such entry: unrecorded, it leaves the step at
    // need-tare and no capture can use it.
    const before = w.tare ? [entry(s, ctx, 'dispense.tare_requested', { stepId: cmd.stepId, stepIndex: step.index, lineId: w.lineId, balanceId, replacesSeq: w.tare.seq })] : [];
    return ok({ entries: [], io: { kind: 'tare', balanceId }, ...(before.length > 0 ? { before } : {}) });
  }
  let reading;
  if (io.kind === 'tare') reading = io.reading;
  else if (io.kind === 'reading') reading = io.reading;
  else throw new InvariantViolation(`tare got ${io.kind}`);
  if (reading && !reading.stable) return err('READING_NOT_STABLE', 'the balance did not settle: the reading was not stable', { raw: reading.raw });
  if (!tares && reading === null) throw new InvariantViolation('gross/subtraction tare without a reading');
  // FR-142: the tare the balance itself holds now, where it can be asked: what the capture compares.
  const balanceTare = io.tareState ? { balanceTare: io.tareState.by.includes('tare-query') ? io.tareState.tare : null } : {};
  return ok(append(entry(s, ctx, 'dispense.tared', { stepId: cmd.stepId, stepIndex: step.index, lineId: w.lineId, method: w.method, balanceId, reading, ...balanceTare })));
}

export function decideCapture(s: OrderState, cmd: Cmd<'capture'>, ctx: DecideContext, io: IoResult | null): Result<Decision> {
  const guard = requireWeigh(s, cmd.stepId, ['need-capture', 'out-of-tolerance'], 'capture the weight');
  if (!guard.ok) return guard;
  const { step, w } = guard.value;
  const balance = w.balance!;
  if (io === null) return ok({ entries: [], io: { kind: 'read-stable', balanceId: balance.balanceId, tareState: 'check' } });
  if (io.kind !== 'reading') throw new InvariantViolation(`capture got ${io.kind}`);
  const reading = io.reading;
  // FR-142: a tare or zero made on the balance's own keys since the tare on record makes this
  // reading lie: recorded, refused, and the step needs the station's tare again.
  // FR-154: the same check as every weighing's (`tareEvidence`), against the station's tare.
  const evidence = io.tareState ? tareEvidence({ stationTare: w.tare?.balanceTare }, io.tareState) : null;
  if (w.tare && evidence?.refusal?.code === 'BALANCE_TARE_CHANGED') return tareChanged(s, cmd, ctx, step.index, w, reading, evidence.refusal.change);
  if (!reading.stable) return err('READING_NOT_STABLE', 'the balance did not settle: the reading was not stable', { raw: reading.raw });
  const tare = w.tare?.reading ?? null;
  const net = netOf(w.method, reading.mass, tare?.mass ?? null);
  if (isZeroMass(net) || isNegativeMass(net)) return err('NET_NOT_POSITIVE', `the net weight ${formatMass(net)} is not above zero`, { net });
  const stored = ctx.md.get('balance', balance.balanceId);
  if (!stored) return err('BALANCE_UNKNOWN', `balance ${balance.balanceId} is no longer in the station's master data`);
  const gross = w.method === 'net' || w.method === 'count' || w.method === 'volume' ? undefined : w.method === 'gross' ? reading.mass : tare!.mass;
  const clearance = checkBalance(stored, ctx.md.lastBalanceCheck(balance.balanceId), ctx.now, gross ? { net, gross } : { net });
  if (!clearance.ok) return clearance;
  const c = w.container!;
  const contribution = convertMass(c.potencyFraction ? timesFraction(net, c.potencyFraction) : net, w.lineWindow.target.unit);
  const cumulative = addMass(w.cumulative, contribution);
  const acceptance = roundedPortion(w.lineWindow, w.cumulative, c.potencyFraction, { window: c.portionWindow, partial: c.partial }, stored.data.readability);
  const counted = w.method === 'count' ? pieceCount(s, w.lineId, ctx, c.portionWindow, net) : null;
  if (counted && !counted.ok) return counted;
  const pieces = counted?.value ?? null;
  // By volume on a balance: the mass decides; the record shows the volume it makes (issue 17 item 3).
  const density = w.method === 'volume' ? ctx.md.get('lot', c.lotId)?.data.densityGPerMl : undefined;
  const volumeMl = density ? volumeShown(net, density) : null;
  // By count, the whole count decides (dispensing-modes.ts); otherwise the mass at readability.
  const verdict = pieces ? pieces.verdict : atReadabilityVerdict(checkTolerance(cumulative, w.lineWindow), net, c.partial || !acceptance.ok ? null : acceptance.value);
  const d = stored.data.readability;
  const shown = lineTotalAt(cumulative, w.lineWindow, d);
  const declaredPartial = cmd.partial || c.partial;
  const outcome = verdict === 'within' ? 'accepted' : verdict === 'below' && declaredPartial ? 'partial' : 'out-of-tolerance';
  // Never clamped: more than the recorded stock is a discrepancy a supervisor resolves.
  const stock = withdraw(c.left, net);
  const discrepancy = stock.shortfall ? stockDiscrepancy(s, ctx, step, w, net, stock.shortfall) : null;
  const reject =
    outcome === 'out-of-tolerance'
      ? {
          code: 'NET_OUT_OF_TOLERANCE' as const,
          message: `${formatMass(net)} brings the line to ${formatMass(shown.total)}, ${verdict} ${formatMass(shown.window.lower)} … ${formatMass(shown.window.upper)}${acceptance.ok ? ` (this portion: ${formatMass(acceptance.value.lower)} … ${formatMass(acceptance.value.upper)})` : ''}: re-weigh or raise a deviation`,
          details: { net, cumulative, verdict, lower: w.lineWindow.lower, upper: w.lineWindow.upper },
        }
      : undefined;
  const rejection = discrepancy?.reject ?? reject;
  const hold = outcome === 'out-of-tolerance' ? null : holdUntil(s, w.lineId, ctx);
  return ok({
    ...append(
      entry(s, ctx, 'dispense.weighed', {
        stepId: cmd.stepId,
        stepIndex: step.index,
        lineId: w.lineId,
        portion: w.portion,
        method: w.method,
        containerId: c.containerId,
        lotId: c.lotId,
        balanceId: balance.balanceId,
        reading,
        tareReading: tare,
        net,
        contribution,
        cumulative,
        lineWindow: w.lineWindow,
        ...(acceptance.ok ? { acceptanceWindow: acceptance.value } : {}),
        ...(c.potencyFraction ? { potencyFraction: c.potencyFraction } : {}),
        verdict,
        outcome,
        declaredPartial,
        containerLeftAfter: stock.leftAfter,
        ...(stock.shortfall ? { stockShortfall: stock.shortfall } : {}),
        ...(hold ? { holdUntil: hold } : {}),
        ...(pieces ? { pieceCount: pieces.record } : {}),
        ...(volumeMl && density ? { volume: { volumeMl, densityGPerMl: density } } : {}),
        ...(io.tareState ? { tareCheck: { ...evidence!.tareCheck, ...(io.tareState.unsure?.length ? { unsure: io.tareState.unsure.length } : {}) } } : {}),
      }),
      ...(discrepancy ? [discrepancy.entry] : []),
    ),
    ...(rejection ? { reject: rejection } : {}),
  });
}

/** FR-142: the key tare or zero, recorded with its evidence and the reading it made untrue; the capture refused. */
function tareChanged(s: OrderState, cmd: Cmd<'capture'>, ctx: DecideContext, stepIndex: number, w: WeighProgress, reading: BalanceReading, c: TareChange): Result<Decision> {
  const balanceId = w.balance!.balanceId;
  const recorded = c.recordedTare ? formatMass(c.recordedTare.mass) : '—';
  const found = c.balanceTare ? formatMass(c.balanceTare.mass) : '—';
  return ok({
    ...append(
      entry(s, ctx, 'balance.tare_changed', {
        stepId: cmd.stepId,
        stepIndex,
        lineId: w.lineId,
        balanceId,
        tareSeq: w.tare!.seq,
        detectedBy: c.detectedBy,
        change: c.change,
        recordedTare: c.recordedTare,
        balanceTare: c.balanceTare,
        seen: c.seen.map((x) => ({ before: x.before, after: x.after })),
        reading,
      }),
    ),
    reject: {
      code: 'BALANCE_TARE_CHANGED',
      message: `balance ${balanceId} was tared or zeroed on its own keys after the station's tare (tare on record ${recorded}, the balance holds ${found}${c.seen.length > 0 ? `; its readings went from ${formatMass(c.seen[0]!.before.mass)} to ${formatMass(c.seen[0]!.after.mass)}` : ''}): tare again from the station`,
      details: { balanceId, tareSeq: w.tare!.seq, detectedBy: c.detectedBy, change: c.change, recordedTare: c.recordedTare?.mass ?? null, balanceTare: c.balanceTare?.mass ?? null },
    },
  });
}

/**
 * The balance the station takes by itself for the portion the operator just scanned (issue 18
 * item 17: no touch for a choice the rules already make): of the booth's balances that pass
 * every gate for this portion — calibration, periodic check, USP <41> minimum weight, capacity,
 * a window that holds a reading at the balance's readability — the finest; `null` when none
 * qualifies, so the operator chooses and sees the engine's refusal. The choice is then decided
 * as the operator's own select-balance would be (decideSelectBalance): nothing is skipped.
 */
export function stationBalanceChoice(s: OrderState, stepId: string, ctx: DecideContext): { balanceId: string; candidates: string[] } | null {
  const guard = requireWeigh(s, stepId, ['need-balance'], 'select a balance');
  if (!guard.ok) return null;
  const { w } = guard.value;
  const c = w.container;
  if (!c || c.partial) return null;
  // By volume in a booth with volumetric devices the operator chooses device or balance (issue 17 item 3).
  if (w.method === 'volume' && (ctx.md.get('booth', s.boothId!)?.data.volumetricDevices?.length ?? 0) > 0) return null;
  const gross = w.method === 'subtraction' ? addMass(convertMass(c.left, c.tare.unit), c.tare) : c.portionWindow.upper;
  const portion = { window: c.portionWindow, partial: c.partial };
  const fits = (x: Balance) => roundedPortion(w.lineWindow, w.cumulative, c.potencyFraction, portion, x.readability).ok;
  const candidates = qualifyingBalances(ctx.md, s.boothId, ctx.now, { net: c.portionWindow.target, gross }, { fits });
  return candidates[0] ? { balanceId: candidates[0].balanceId, candidates: candidates.map((b) => b.balanceId) } : null;
}

/**
 * Pre-weighed material whose material carries a hold time (issue 17 item 1): the weighing
 * records until when the dispensed portion may be used (enforced at the point of use).
 */
export function holdUntil(s: OrderState, lineId: string, ctx: DecideContext): string | null {
  const code = s.plan?.lines.find((l) => l.lineId === lineId)?.materialCode;
  const hours = code ? ctx.md.get('material', code)?.data.holdTimeHours : undefined;
  return hours ? new Date(ctx.now.getTime() + hours * 3_600_000).toISOString() : null;
}

function minOf(a: Mass, b: Mass): Mass {
  return compareMass(a, b) <= 0 ? a : convertMass(b, a.unit);
}

/** By count: the pieces the net makes at the material's reference piece weight, held to the portion's count window. */
function pieceCount(s: OrderState, lineId: string, ctx: DecideContext, portion: ToleranceWindow, net: Mass): Result<{ verdict: 'below' | 'within' | 'above'; record: { count: number; pieces: string; pieceWeight: Mass; target: number; lower: number; upper: number } }> {
  const code = s.plan?.lines.find((l) => l.lineId === lineId)?.materialCode;
  const pieceWeight = code ? ctx.md.get('material', code)?.data.pieceWeight : undefined;
  if (!pieceWeight) return err('MASTER_DATA_INVALID', `material ${code ?? '?'} has no reference piece weight to count by`, { materialCode: code ?? null });
  const cw = countWindow(portion, pieceWeight);
  if (!cw.ok) return cw;
  const n = countPieces(net, cw.value);
  if (!n.ok) return n;
  return ok({ verdict: n.value.verdict, record: { count: n.value.count, pieces: n.value.pieces, pieceWeight, target: cw.value.target, lower: cw.value.lower, upper: cw.value.upper } });
}

/** net: the balance was tared; gross: reading − empty vessel; subtraction: before − after. */
function netOf(method: WeighProgress['method'], reading: Mass, tare: Mass | null): Mass {
  if (method === 'net' || method === 'count' || method === 'volume') return reading;
  if (tare === null) throw new InvariantViolation(`${method} weighing without its first reading`);
  return method === 'gross' ? subtractMass(reading, convertMass(tare, reading.unit)) : subtractMass(convertMass(tare, reading.unit), reading);
}
