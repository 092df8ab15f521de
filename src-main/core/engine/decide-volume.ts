/**
 * The volume step (issue 17 item 3): a liquid read on a volumetric device of the booth. The
 * lot's density (master data) turns the portion's mass window into a volume window at the
 * device's resolution, rounded inward (dispensing-modes.ts, FR-21), so a volume inside it always
 * gives a mass inside the mass window; the typed volume must be a reading of that device
 * (volume-reading.ts). The mass it counts is volume × density, exact. Recorded whatever its
 * verdict (DI-06), counted like a weighing (evolve-order.ts), with the device named (11.10(h)).
 * The other way — a tared balance, the mass deciding and the volume shown — is decideCapture's.
 */
import { addMass, convertMass, formatMass } from '../../../src-shared/mass.ts';
import type { EngineCommand } from '../../../src-shared/orders/engine-command.ts';
import { compareDecimal, timesFraction } from '../../../src-shared/recipe/quantity-math.ts';
import { massOfVolume, volumeWindow } from '../../../src-shared/recipe/dispensing-modes.ts';
import { checkVolumeReading } from '../../../src-shared/recipe/volume-reading.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { OrderState } from '../../../src-core/order/order-state.ts';
import type { DecideContext } from './decide-context.ts';
import { append, entry, type Decision } from './decision.ts';
import { stockDiscrepancy, withdraw } from './decide-stock.ts';
import { holdUntil } from './decide-weigh.ts';
import { requireWeigh } from './step-guards.ts';

type Cmd<T extends EngineCommand['type']> = Extract<EngineCommand, { type: T }>;

export function decideRecordVolume(s: OrderState, cmd: Cmd<'record-volume'>, ctx: DecideContext): Result<Decision> {
  const guard = requireWeigh(s, cmd.stepId, ['need-balance', 'out-of-tolerance'], 'record the volume');
  if (!guard.ok) return guard;
  const { step, w } = guard.value;
  if (w.method !== 'volume') return err('STEP_COMMAND_INVALID', `step ${cmd.stepId} is dispensed by ${w.method}, not by volume`, { stepId: cmd.stepId, command: cmd.type });
  const c = w.container!;
  const device = ctx.md.get('booth', s.boothId!)?.data.volumetricDevices?.find((x) => x.deviceId === cmd.deviceId);
  if (!device) return err('VOLUMETRIC_DEVICE_UNKNOWN', `booth ${s.boothId} has no volumetric device ${cmd.deviceId}`, { deviceId: cmd.deviceId, boothId: s.boothId });
  if (Date.parse(device.calibrationDueAt) <= ctx.now.getTime()) {
    return err('VOLUMETRIC_DEVICE_CALIBRATION_DUE', `the calibration of ${device.deviceId} was due ${device.calibrationDueAt}`, { deviceId: device.deviceId, dueAt: device.calibrationDueAt });
  }
  const density = ctx.md.get('lot', c.lotId)?.data.densityGPerMl;
  if (!density) return err('MASTER_DATA_INVALID', `lot ${c.lotId} has no density to dispense by volume`, { lotId: c.lotId });
  const vw = volumeWindow(c.portionWindow, density, device.resolutionMl);
  if (!vw.ok) return vw;
  const read = checkVolumeReading(cmd.volumeMl, device);
  if (!read.ok) return read;
  const volumeMl = read.value;
  const net = massOfVolume(volumeMl, density);
  if (!net.ok) return net;
  const contribution = convertMass(c.potencyFraction ? timesFraction(net.value, c.potencyFraction) : net.value, w.lineWindow.target.unit);
  const cumulative = addMass(w.cumulative, contribution);
  // The volume decides, against the window rounded inward to the device's resolution.
  const verdict = compareDecimal(volumeMl, vw.value.lower) < 0 ? 'below' : compareDecimal(volumeMl, vw.value.upper) > 0 ? 'above' : 'within';
  const declaredPartial = cmd.partial || c.partial;
  const outcome = verdict === 'within' ? 'accepted' : verdict === 'below' && declaredPartial ? 'partial' : 'out-of-tolerance';
  const stock = withdraw(c.left, net.value);
  const discrepancy = stock.shortfall ? stockDiscrepancy(s, ctx, step, w, net.value, stock.shortfall) : null;
  const hold = outcome === 'out-of-tolerance' ? null : holdUntil(s, w.lineId, ctx);
  const reject =
    outcome === 'out-of-tolerance'
      ? {
          code: 'NET_OUT_OF_TOLERANCE' as const,
          message: `${volumeMl} mL (${formatMass(net.value)}) is ${verdict} ${vw.value.lower} … ${vw.value.upper} mL: measure again or raise a deviation`,
          details: { volumeMl, net: net.value, verdict, lower: vw.value.lower, upper: vw.value.upper, unit: 'mL' },
        }
      : undefined;
  return ok({
    ...append(
      entry(s, ctx, 'dispense.volume_measured', {
        stepId: cmd.stepId,
        stepIndex: step.index,
        lineId: w.lineId,
        portion: w.portion,
        containerId: c.containerId,
        lotId: c.lotId,
        device: { deviceId: device.deviceId, name: device.name, kind: device.kind, resolutionMl: device.resolutionMl, capacityMl: device.capacityMl, calibrationDueAt: device.calibrationDueAt },
        volumeMl,
        densityGPerMl: density,
        volumeWindow: vw.value,
        net: net.value,
        contribution,
        cumulative,
        lineWindow: w.lineWindow,
        ...(c.potencyFraction ? { potencyFraction: c.potencyFraction } : {}),
        verdict,
        outcome,
        declaredPartial,
        containerLeftAfter: stock.leftAfter,
        ...(stock.shortfall ? { stockShortfall: stock.shortfall } : {}),
        ...(hold ? { holdUntil: hold } : {}),
      }),
      ...(discrepancy ? [discrepancy.entry] : []),
    ),
    ...(discrepancy ? { reject: discrepancy.reject } : reject ? { reject } : {}),
  });
}
