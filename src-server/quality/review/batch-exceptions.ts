/**
 * Review by exception (issue 7 item 2; PIC/S PI 041 §9.8, COMPLIANCE.md DI-12, DI-16, A11-16):
 * from a batch's verified entries, everything a reviewer must look at instead of reading the
 * whole record. Pure: the same entries, certificate facts and policy always give the same list.
 *
 * The station's own state machine (src-core/order/evolve-order.ts) is replayed over the
 * entries, so "done outside the recipe's order" means exactly what the engine means by it: an
 * entry about a step that was not the active step when it was recorded, or a completion with
 * steps still open. A station that obeys the engine never produces one; a modified station,
 * or a record assembled by hand, does.
 */
import type { FormCorrectionOutcome } from '../../../src-core/order/form-correction.ts';
import { z } from 'zod';
import type { BatchException, ExceptionKind, Severity } from '../../../src-shared/quality/review-contract.ts';
import type { LedgerEntry } from '../../../src-shared/ledger/ledger-entry.ts';
import { formatMass } from '../../../src-shared/mass.ts';
import { MassSchema } from '../../../src-shared/master-data/common.ts';
import { lineTotalAt } from '../../../src-shared/recipe/window-at-readability.ts';
import { evolve } from '../../../src-core/order/evolve-order.ts';
import { activeStep, emptyOrderState, missingSignatures, type OrderState } from '../../../src-core/order/order-state.ts';
import { reconciliationExceptions } from './reconciliation-exceptions.ts';
import { labelExceptions } from './label-exceptions.ts';
import { sessionExceptions, type SessionUse } from './session-exceptions.ts';

export interface ReviewEntry extends LedgerEntry {
  receivedAt: Date;
}

export interface CertificateFacts {
  notBefore: Date | null;
  notAfter: Date | null;
  revokedAt: Date | null;
}

export interface ExceptionPolicy {
  /** An entry received at the hub this long after it was recorded is a late sync. */
  lateSyncHours: number;
}

export const DEFAULT_EXCEPTION_POLICY: ExceptionPolicy = { lateSyncHours: 24 };

export interface DeviationCore {
  stationId: string;
  seq: number;
  hash: string;
  deviationId: string;
  category: string;
  reason: string;
  raisedBy: string | null;
  raisedAt: string;
  approvedAtStation: boolean;
}

export interface ExceptionFindings {
  exceptions: BatchException[];
  deviations: DeviationCore[];
  /** Usernames and user ids that took part in the batch (signed or recorded). */
  participants: Set<string>;
  complete: boolean;
}

// Entries recorded in a step (they carry stepId and stepIndex): one made while another step was
// due is out of order. FR-139: a label step's print request is one; a reprint's names no step.
const STEP_TYPES = new Set(['step.recorded', 'form.part_recorded', 'timer.started', 'label.print_requested', 'label.printed', 'dispense.container_scanned', 'dispense.balance_selected', 'dispense.tare_requested', 'dispense.tared', 'balance.tare_changed', 'dispense.weighed', 'dispense.volume_measured', 'kit.container_scanned', 'kit.staged', 'kit.handed_over', 'kit.container_charged']);
/**
 * Refusals at the point of use a reviewer must see as more than a refused command: a container
 * of another batch or step brought to the charge, or one past its hold time (issue 17 item 4).
 * The charge was refused, yet the material was at the wrong place or too old.
 */
const CHARGE_REFUSALS = new Set(['KIT_CONTAINER_OTHER_BATCH', 'KIT_CONTAINER_OTHER_STEP', 'HOLD_TIME_EXPIRED']);
type P = Record<string, unknown>;
/** Through the one mass formatter (issue 18); '?' for a payload that is not a mass. */
const fmtMass = (m: unknown) => {
  const x = MassSchema.safeParse(m);
  return x.success ? formatMass(x.data) : '?';
};
const WindowSchema = z.object({ target: MassSchema, lower: MassSchema, upper: MassSchema });

/**
 * A correction of a recorded form value (FR-116) is an exception like any correction: which entry
 * recorded the original, the field from what to what, the calculations it recomputed, why, who;
 * one recorded but never signed "corrected" changed nothing, and says so.
 */
/**
 * A form value correction as the order fold settled it (FR-124, src-core/order/form-correction.ts):
 * in force, without effect (unsigned, or naming no form of the order), stale — signed while
 * naming a value no longer in force, so not applied, and listed as its own exception naming the
 * value in force — or inconsistent (signed, naming a calculated or unrecorded field). `outcome` is the fold's; a correction the fold never reached (the replay
 * stopped, itself a critical exception) had no effect there either.
 */
function formCorrection(e: ReviewEntry, p: P, outcome: FormCorrectionOutcome | undefined, add: (kind: ExceptionKind, severity: Severity, e: ReviewEntry | null, message: string, params: BatchException['params']) => void): void {
  if (outcome?.effect === 'stale') {
    const inForce = String(outcome.valueInForce);
    add('correction-stale', 'major', e, `entry ${String(p.targetSeq)}: the correction of ${String(p.field)} (${String(p.oldValue)} → ${String(p.newValue)}) was signed when ${String(p.field)} was ${inForce}, not ${String(p.oldValue)}: not applied, the value stays ${inForce}: ${String(p.reason)}`, {
      targetSeq: Number(p.targetSeq),
      field: String(p.field),
      oldValue: String(p.oldValue),
      valueInForce: inForce,
      newValue: String(p.newValue),
      reason: String(p.reason),
      correctedBy: e.actor,
      signed: true,
      afterVerification: p.afterVerification === true,
    });
    return;
  }
  if (outcome?.effect === 'inconsistent') {
    // The engine refuses a correction of a calculated or unrecorded field: one that is here and
    // signed means the record is not what the engine writes. Critical, never read as "stale".
    add('correction-inconsistent', 'critical', e, `entry ${String(p.targetSeq)}: the signed correction of ${String(p.field)} (${String(p.oldValue)} → ${String(p.newValue)}) names a field no correction can name (calculated, or not a recorded field of the form): record inconsistent, not applied: ${String(p.reason)}`, {
      targetSeq: Number(p.targetSeq),
      field: String(p.field),
      oldValue: String(p.oldValue),
      newValue: String(p.newValue),
      reason: String(p.reason),
      correctedBy: e.actor,
      signed: true,
    });
    return;
  }
  const signed = outcome?.effect === 'applied';
  const calc = Array.isArray(p.calculated) ? (p.calculated as P[]).map((c) => `; ${String(c.field)}: ${String(c.oldValue)} → ${String(c.newValue)}`).join('') : '';
  const fields = `${String(p.field)}: ${String(p.oldValue)} → ${String(p.newValue)}${calc}${signed ? '' : ' (not signed "corrected": no effect)'}`;
  add('correction', 'major', e, `entry ${String(p.targetSeq)} corrected (${fields}): ${String(p.reason)}`, {
    targetSeq: Number(p.targetSeq),
    fields,
    reason: String(p.reason),
    field: String(p.field),
    oldValue: String(p.oldValue),
    newValue: String(p.newValue),
    correctedBy: e.actor,
    signed,
    afterVerification: p.afterVerification === true,
  });
}

/** "; line total 0.99499 kg of 0.995 kg – 1.005 kg", at the readability, with its exact verdict. */
function lineTotal(p: P, readability: unknown): string {
  const total = MassSchema.safeParse(p.cumulative);
  const window = WindowSchema.safeParse(p.lineWindow);
  const d = MassSchema.safeParse(readability);
  if (!total.success || !window.success || !d.success) return '';
  const shown = lineTotalAt(total.data, window.data, d.data);
  return `; line total ${formatMass(shown.total)} of ${formatMass(shown.window.lower)} – ${formatMass(shown.window.upper)}`;
}

/**
 * A station's "time not trusted" and "time trusted" records (station.time_untrusted /
 * station.time_trusted), in seq order: they carry no batch, so the review reads them apart.
 */
export interface TimeTrustRecord {
  seq: number;
  type: string;
  payload: Record<string, unknown>;
}

/** The seq ranges [from, to) in which a station's clock was not trusted (to = null: still). */
function untrustedPeriods(records: readonly TimeTrustRecord[]): { from: number; to: number | null; payload: Record<string, unknown> }[] {
  const out: { from: number; to: number | null; payload: Record<string, unknown> }[] = [];
  for (const r of [...records].sort((a, b) => a.seq - b.seq)) {
    const open = out.at(-1);
    if (r.type === 'station.time_untrusted' && (!open || open.to !== null)) out.push({ from: r.seq, to: null, payload: r.payload });
    else if (r.type === 'station.time_trusted' && open && open.to === null) open.to = r.seq;
  }
  return out;
}

export function findExceptions(
  entries: readonly ReviewEntry[],
  certificates: ReadonlyMap<string, CertificateFacts>,
  policy: ExceptionPolicy,
  now: Date,
  timeTrust: ReadonlyMap<string, readonly TimeTrustRecord[]> = new Map(),
  sessions: SessionUse = { windows: [] },
): ExceptionFindings {
  const exceptions: BatchException[] = [];
  const deviations: DeviationCore[] = [];
  const participants = new Set<string>();
  const add = (kind: ExceptionKind, severity: Severity, e: ReviewEntry | null, message: string, params: BatchException['params'], suffix?: string) =>
    exceptions.push({ id: `${kind}:${e ? `${e.stationId}#${e.seq}` : ''}${suffix ?? ''}`, kind, severity, stationId: e?.stationId ?? null, seq: e?.seq ?? null, time: e?.time ?? null, message, params });

  let complete = false;
  const byStation = new Map<string, ReviewEntry[]>();
  for (const e of entries) byStation.set(e.stationId, [...(byStation.get(e.stationId) ?? []), e]);
  for (const [stationId, list] of byStation) {
    const state = emptyOrderState(list.find((e) => e.batchRef)?.batchRef ?? '');
    const late: ReviewEntry[] = [];
    let maxLagHours = 0;
    let previous: ReviewEntry | null = null;
    // After an entry the engine cannot replay, its state is meaningless: sequence checks stop.
    let replayable = true;
    for (const e of [...list].sort((a, b) => a.seq - b.seq)) {
      const p = e.payload as P;
      if (e.actor) participants.add(e.actor);
      const lagHours = (e.receivedAt.getTime() - Date.parse(e.time)) / 3_600_000;
      if (lagHours > policy.lateSyncHours) {
        late.push(e);
        maxLagHours = Math.max(maxLagHours, lagHours);
      }
      // Station time beside receive time: an entry dated before the one recorded before it was
      // written with the clock set back (A11-22, COMPLIANCE.md attack 1).
      if (previous && e.time < previous.time) {
        add('back-dated', 'major', e, `entry ${e.seq} is dated ${e.time}, before entry ${previous.seq} (${previous.time}): the station clock was set back`, {
          time: e.time,
          previousSeq: previous.seq,
          previousTime: previous.time,
          receivedAt: e.receivedAt.toISOString(),
        });
      }
      previous = e;
      if (replayable) {
        orderChecks(state, e, p, add);
        try {
          evolve(state, e);
        } catch (x) {
          replayable = false;
          add('record-inconsistent', 'critical', e, `the engine cannot replay ${e.type}: ${(x as Error).message}`, { type: e.type, error: (x as Error).message });
        }
      }
      entryChecks(e, p, certificates, now, add, participants);
      const revoked = revokedSignatureDeviation(e, p, certificates);
      if (revoked) deviations.push(revoked);
      if (e.type === 'order.completed') complete = true;
    }
    // Recorded while the station could not trust its clock ("record and flag"): each period once.
    for (const period of untrustedPeriods(timeTrust.get(stationId) ?? [])) {
      const inside = list.filter((e) => e.seq > period.from && (period.to === null || e.seq < period.to)).sort((a, b) => a.seq - b.seq);
      if (inside.length === 0) continue;
      const drift = Number(period.payload.driftSeconds);
      const driftSeconds = Number.isFinite(drift) ? Math.round(drift) : null;
      add(
        'time-untrusted',
        'major',
        inside[0]!,
        `${inside.length} entries of station ${stationId} were recorded while its clock was not trusted (${driftSeconds === null ? 'drift unknown' : `${driftSeconds} s from the hub`}; untrusted from entry ${period.from}${period.to === null ? ', not trusted again yet' : ` to entry ${period.to}`})`,
        { count: inside.length, driftSeconds: driftSeconds ?? '?', fromSeq: period.from, toSeq: period.to ?? '—', policy: String(period.payload.policy ?? '') },
        `:${period.from}`,
      );
    }
    // FR-116/FR-124: each form value correction as the fold settled it (one rule, form-correction.ts).
    for (const e of list) if (e.type === 'form.value_corrected') formCorrection(e, e.payload as P, state.correctionOutcomes.get(e.seq), add);
    if (late.length > 0) {
      const first = late[0]!;
      add('late-sync', 'minor', first, `${late.length} entries of station ${stationId} reached the hub more than ${policy.lateSyncHours} h after they were recorded (up to ${maxLagHours.toFixed(1)} h)`, { count: late.length, maxHours: Math.round(maxLagHours * 10) / 10, limitHours: policy.lateSyncHours }, ':late');
    }
    for (const d of state.deviations) {
      const entry = list.find((e) => e.seq === d.seq)!;
      deviations.push({ stationId, seq: d.seq, hash: entry.hash, deviationId: d.deviationId, category: d.category, reason: d.reason, raisedBy: d.raisedBy, raisedAt: d.raisedAt, approvedAtStation: d.approvedSeq !== null });
      add('deviation', d.approvedSeq === null ? 'critical' : 'major', entry, `deviation ${d.deviationId} (${d.category}): ${d.reason}${d.approvedSeq === null ? ' — not approved at the station' : ''}`, {
        deviationId: d.deviationId,
        category: d.category,
        reason: d.reason,
        approvedAtStation: d.approvedSeq !== null,
      });
    }
    // A charge counts only with its "performed" signature (issue 17 item 4): one left unsigned (a
    // wrong password at the point of use) stands in the record and is listed for the reviewer.
    const signedTargets = new Set(list.filter((e) => e.type === 'signature.applied' && (e.payload as P).meaning === 'performed').map((e) => (e.payload as P).targetSeq));
    for (const e of list) {
      if (e.type === 'kit.container_charged' && !signedTargets.has(e.seq)) {
        add('signature-missing', 'major', e, `entry ${e.seq} (${e.type}) lacks the signature(s): performed — the container ${String((e.payload as P).containerId)} was not charged`, { type: e.type, missing: 'performed' });
      }
    }
    if (replayable) labelExceptions(state, list, add);
    if (replayable && state.status === 'complete') {
      for (const r of state.records.values()) {
        if (r.type === 'deviation.raised') continue;
        const missing = missingSignatures(r);
        if (missing.length > 0) {
          const e = list.find((x) => x.seq === r.seq) ?? null;
          add('signature-missing', 'major', e, `entry ${r.seq} (${r.type}) lacks the signature(s): ${missing.join(', ')}`, { type: r.type, missing: missing.join(', ') });
        }
      }
    }
  }
  // FR-140: the account logged in at another station at once (session-exceptions.ts); its hub
  // deviation gates release like any open deviation (one per entry: the first reason stands).
  for (const d of sessionExceptions(entries, sessions, timeTrust, add)) if (!deviations.some((x) => x.stationId === d.stationId && x.seq === d.seq)) deviations.push(d);
  return { exceptions, deviations, participants, complete };
}

/**
 * A station signature made after its certificate was revoked becomes a deviation raised by the
 * hub (category `revoked-signature`): the release rules already refuse a batch with an open
 * deviation, so the QP cannot release it until QA has assessed the signature and closed the
 * deviation with a signed conclusion.
 */
function revokedSignatureDeviation(e: ReviewEntry, p: P, certificates: ReadonlyMap<string, CertificateFacts>): DeviationCore | null {
  if (e.type !== 'signature.applied') return null;
  const cert = certificates.get(String(p.certFingerprint));
  const signedAt = Date.parse(String(p.signedAt));
  if (!cert?.revokedAt || Number.isNaN(signedAt) || cert.revokedAt.getTime() > signedAt) return null;
  return {
    stationId: e.stationId,
    seq: e.seq,
    hash: e.hash,
    deviationId: `REVOKED-${e.stationId}-${e.seq}`,
    category: 'revoked-signature',
    reason: `${String(p.printedName)} (${String(p.username)}) signed entry ${String(p.targetSeq)} as ${String(p.meaning)} at ${String(p.signedAt)}, after the certificate was revoked at ${cert.revokedAt.toISOString()}`,
    raisedBy: 'hub',
    raisedAt: e.receivedAt.toISOString(),
    approvedAtStation: false,
  };
}

export type Add = (kind: ExceptionKind, severity: Severity, e: ReviewEntry | null, message: string, params: BatchException['params'], suffix?: string) => void;

/** Sequence: checked against the state *before* the entry is applied. */
function orderChecks(state: OrderState, e: ReviewEntry, p: P, add: Add): void {
  if (STEP_TYPES.has(e.type) && typeof p.stepIndex === 'number') {
    const active = activeStep(state);
    if (!active || active.index !== p.stepIndex || active.planned.step.stepId !== p.stepId) {
      add('step-out-of-order', 'critical', e, `${e.type} for step ${String(p.stepId)} (#${p.stepIndex + 1}) while ${active ? `step ${active.planned.step.stepId} (#${active.index + 1}) was due` : 'no step was open'}`, {
        type: e.type,
        stepId: String(p.stepId),
        expected: active ? active.planned.step.stepId : null,
      });
    }
  }
  if (e.type === 'order.completed' && state.status === 'in-progress' && state.stepIndex < state.steps.length) {
    add('step-out-of-order', 'critical', e, `order completed with ${state.steps.length - state.stepIndex} step(s) not done`, { type: e.type, stepId: state.steps[state.stepIndex]!.planned.step.stepId, expected: null });
  }
}

function entryChecks(e: ReviewEntry, p: P, certificates: ReadonlyMap<string, CertificateFacts>, now: Date, add: Add, participants: Set<string>): void {
  switch (e.type) {
    case 'engine.command_refused':
      if (p.command === 'charge-container' && CHARGE_REFUSALS.has(String(p.code))) {
        add('charge-refused', 'major', e, `charge at step ${String(p.stepId)} refused: ${String(p.code)} — ${String(p.message)}`, { stepId: String(p.stepId), code: String(p.code), message: String(p.message) });
        break;
      }
      add('command-refused', 'minor', e, `refused ${String(p.command)}: ${String(p.code)} — ${String(p.message)}`, { command: String(p.command), code: String(p.code) });
      break;
    case 'dispense.volume_measured':
    case 'dispense.weighed':
      if (p.outcome === 'out-of-tolerance') {
        // The limits the net was held to, in the net's terms: for a potency-corrected line the line
        // window is of pure substance, and a reviewer must not read a lot's net against it.
        const held = p.acceptanceWindow as { lower: unknown; upper: unknown; readability: unknown } | undefined;
        const w = held ?? (p.lineWindow as { lower: unknown; upper: unknown } | undefined);
        const line = held ? lineTotal(p, held.readability) : '';
        add('out-of-tolerance', 'major', e, `line ${String(p.lineId)} weighed ${fmtMass(p.net)}, outside ${fmtMass(w?.lower)} – ${fmtMass(w?.upper)}${line}`, {
          lineId: String(p.lineId),
          net: fmtMass(p.net),
          lower: fmtMass(w?.lower),
          upper: fmtMass(w?.upper),
        });
      }
      break;
    case 'dispense.container_scanned':
      if (p.containerChoice && (p.containerChoice as P).followed === false) {
        const c = p.containerChoice as P;
        add('container-not-suggested', 'minor', e, `container ${String((p.container as P | undefined)?.containerId)} taken instead of the suggested ${String(c.suggested)} (first expiry, first in): ${String(c.reason)}`, {
          containerId: String((p.container as P | undefined)?.containerId),
          suggested: String(c.suggested),
          reason: String(c.reason),
        });
      }
      if (p.manualEntry) add('manual-entry', 'major', e, `container ${String((p.scan as P | undefined)?.containerId)} typed by hand, not scanned: ${String((p.manualEntry as P).reason)}`, { containerId: String((p.scan as P | undefined)?.containerId), reason: String((p.manualEntry as P).reason) });
      break;
    case 'balance.tare_changed': {
      // FR-142: a tare or zero made on the balance's own keys during a weighing: the capture was
      // refused, but someone handled the balance outside the station's guidance.
      // A tare not known is a dash, not a question: a change seen only on the stream has no tare
      // from the balance, a tare recorded before FR-142 (or on a balance that cannot be asked)
      // none on record. The readings that showed the change then say what happened.
      const massOf = (r: unknown) => (r === null || r === undefined ? '—' : fmtMass((r as P).mass));
      const recorded = massOf(p.recordedTare);
      const found = massOf(p.balanceTare);
      const by = Array.isArray(p.detectedBy) ? p.detectedBy.join(', ') : '';
      const seen = Array.isArray(p.seen) && p.seen.length > 0 ? (p.seen as P[]).map((x) => `${massOf(x.before)} → ${massOf(x.after)}`).join('; ') : '—';
      add('balance-tare-changed', 'major', e, `balance ${String(p.balanceId)} tared or zeroed on its own keys at step ${String(p.stepId)} (tare on record ${recorded}, balance ${found}; seen by ${by}; readings ${seen}): capture refused`, {
        balanceId: String(p.balanceId),
        stepId: String(p.stepId),
        recorded,
        found,
        by,
        seen,
      });
      break;
    }
    case 'dispense.stock_discrepancy':
      add('stock-discrepancy', 'major', e, `${fmtMass(p.withdrawn)} taken from container ${String(p.containerId)}, which held ${fmtMass(p.recordedLeft)} on record (${fmtMass(p.shortfall)} more)`, { containerId: String(p.containerId), withdrawn: fmtMass(p.withdrawn), recordedLeft: fmtMass(p.recordedLeft), shortfall: fmtMass(p.shortfall) });
      break;
    case 'step.recorded':
      if (p.withinLimits === false) add('out-of-limits', 'major', e, `step ${String(p.stepId)} recorded outside its limits`, { stepId: String(p.stepId) });
      break;
    case 'order.started': {
      const pre = p.prechecks as { masterDataAgeMinutes: number | null; maxAgeMinutes: number; staleOverrideSeq: number | null } | undefined;
      if (!pre) break;
      if (pre.masterDataAgeMinutes === null || pre.masterDataAgeMinutes > pre.maxAgeMinutes) {
        add('stale-master-data', 'major', e, `master data were ${pre.masterDataAgeMinutes === null ? 'of unknown age' : `${pre.masterDataAgeMinutes} min old`} at start (limit ${pre.maxAgeMinutes} min)`, {
          ageMinutes: pre.masterDataAgeMinutes,
          maxAgeMinutes: pre.maxAgeMinutes,
        });
      }
      if (pre.staleOverrideSeq !== null) add('override', 'major', e, `started under a supervisor override of the master-data age limit (entry ${pre.staleOverrideSeq})`, { overrideSeq: pre.staleOverrideSeq, what: 'master-data-age' });
      break;
    }
    case 'environment.excursion_recorded': {
      const x = p.excursion as { room: string; quantity: string; level: string; peak: { value: number }; unit: string; alertLimit: number | null; actionLimit: number | null; startedAt: string };
      if (p.event === 'ended') break;
      const limit = x.level === 'action' ? x.actionLimit : x.alertLimit;
      add('environment-excursion', x.level === 'action' ? 'major' : 'minor', e, `room ${x.room}: ${x.quantity} at the ${x.level} level since ${x.startedAt}, peak ${x.peak.value} ${x.unit} (limit ${String(limit)} ${x.unit})`, {
        room: x.room,
        quantity: x.quantity,
        level: x.level,
        peak: `${x.peak.value} ${x.unit}`,
        limit: limit === null ? '—' : `${limit} ${x.unit}`,
        startedAt: x.startedAt,
      });
      break;
    }
    case 'correction.recorded': {
      const changes = (p.changes as { path: string }[] | undefined) ?? [];
      add('correction', 'major', e, `entry ${String(p.targetSeq)} corrected (${changes.map((c) => c.path).join(', ')}): ${String(p.reason)}`, { targetSeq: Number(p.targetSeq), fields: changes.map((c) => c.path).join(', '), reason: String(p.reason) });
      break;
    }
    case 'signature.applied': {
      participants.add(String(p.username));
      participants.add(String(p.signerId));
      const cert = certificates.get(String(p.certFingerprint));
      const signedAt = new Date(String(p.signedAt));
      const who = `${String(p.printedName)} (${String(p.meaning)})`;
      if (!cert) add('signature-certificate', 'major', e, `signature of ${who}: certificate unknown to the hub`, { problem: 'unknown', signer: String(p.username), meaning: String(p.meaning) });
      else if (cert.revokedAt && cert.revokedAt <= signedAt) {
        // Made after IT revoked the signer (issue 10 item 7): accepted at intake so nothing is
        // lost, critical here, and a hub deviation (revokedSignatureDeviation) that QA must
        // close before the QP can release.
        add('signature-certificate', 'critical', e, `signature of ${who} made at ${String(p.signedAt)}, after its certificate was revoked at ${cert.revokedAt.toISOString()}`, { problem: 'revoked-before-signing', signer: String(p.username), meaning: String(p.meaning), revokedAt: cert.revokedAt.toISOString(), signedAt: String(p.signedAt) });
      } else if (cert.revokedAt) {
        // Signed before the revocation: the signature stays valid; the date is shown beside it.
        add('signature-certificate', 'minor', e, `signature of ${who}: valid, made before its certificate was revoked at ${cert.revokedAt.toISOString()}`, { problem: 'revoked-since', signer: String(p.username), meaning: String(p.meaning), revokedAt: cert.revokedAt.toISOString(), signedAt: String(p.signedAt) });
      } else if (cert.notAfter && cert.notAfter < signedAt) {
        add('signature-certificate', 'critical', e, `signature of ${who}: certificate had expired when signing`, { problem: 'expired-at-signing', signer: String(p.username), meaning: String(p.meaning) });
      } else if (cert.notBefore && cert.notBefore > signedAt) {
        add('signature-certificate', 'critical', e, `signature of ${who}: certificate not yet valid when signing`, { problem: 'not-yet-valid', signer: String(p.username), meaning: String(p.meaning) });
      } else if (cert.notAfter && cert.notAfter < now) {
        add('signature-certificate', 'minor', e, `signature of ${who}: certificate has expired since ${cert.notAfter.toISOString()}`, { problem: 'expired', signer: String(p.username), meaning: String(p.meaning) });
      }
      break;
    }
    default:
      reconciliationExceptions(e, p, add);
      break;
  }
}
