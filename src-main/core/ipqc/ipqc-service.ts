/**
 * In-process control at the station (issue 12 item 2): the one shell over the IPQC fold
 * (ipqc-state.ts), the schedule (src-core/ipqc/check-schedule.ts) and the verdict (ipqc-verdict.ts).
 *
 * A result is appended with, in the SAME append (one SQLite transaction), the station deviation
 * and the alert an OOS or OOT opens, so neither can be lost between them and both exist at once,
 * with or without a hub. The result is then signed "performed" by whoever recorded it
 * (21 CFR 11.50/11.70); a refused signature (a typo in the password) leaves the result recorded
 * and awaiting its signature (`signResult`), never lost. Refusals of a running batch are
 * recorded as `engine.command_refused` (command `ipqc.*`), as the engine records its own.
 */
import type { Role } from '../../../src-shared/ledger/entry-types/users.ts';
import type { IpqcPayload, IpqcVerdict } from '../../../src-shared/ledger/entry-types/ipqc.ts';
import type { NewEntry } from '../../../src-shared/ledger/ledger-entry.ts';
import type { IpqcAlertView, IpqcBatchView, IpqcCheckView, RecordIpqc } from '../../../src-shared/api/ipqc.contract.ts';
import type { CheckPlan } from '../../../src-shared/recipe/check-plan.ts';
import { convertMass, isMassUnit } from '../../../src-shared/mass.ts';
import { err, InvariantViolation, ok, type BatchlineError, type Result } from '../../../src-shared/result.ts';
import type { Clock } from '../../../src-core/clock.ts';
import type { Ledger } from '../../../src-core/ledger/ledger-ports.ts';
import type { BalancePort } from '../../../src-core/order/balance-port.ts';
import type { AlarmService } from '../alarm/alarm-service.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { UserDirectory, UserRecord } from '../auth/user-directory.ts';
import type { MasterDataReader } from '../master-data/master-data-reader.ts';
import type { SignatureService } from '../signatures/signature-service.ts';
import { checkBalance } from '../engine/equipment-checks.ts';
import { tareEvidence, tareRefusalError } from '../../../src-core/order/tare-check.ts';
import { checkSchedule } from '../../../src-core/ipqc/check-schedule.ts';
import { foldIpqc, lastAnswered, type IpqcBatchState } from './ipqc-state.ts';
import { ipqcVerdict, sampleMean } from './ipqc-verdict.ts';
import { alertMessage, alertReasonParams, stationAlerts } from './ipqc-alerts.ts';
import { alarmRaisedEntry } from '../alarm/alarm-service.ts';

export interface IpqcDeps {
  ledger: Ledger;
  auth: AuthService;
  signatures: SignatureService;
  users: UserDirectory;
  clock: Clock;
  masterData: MasterDataReader;
  balances: BalancePort;
  stableTimeoutMs: number;
  /** The alarm an alert raised is acknowledged with it (issue 13 gap 3). */
  alarms?: Pick<AlarmService, 'linkedAcknowledgement'>;
}

export interface RecordOutcome {
  resultSeq: number;
  verdict: IpqcVerdict;
  alertId: string | null;
  signed: boolean;
  /** Why the signature was refused (the result stands, awaiting it). */
  signatureError: BatchlineError | null;
}

const OPERATING: readonly Role[] = ['operator', 'supervisor'];
const ACKNOWLEDGING: readonly Role[] = ['supervisor', 'qa'];

export class IpqcService {
  constructor(private readonly deps: IpqcDeps) {}

  state(batchNumber: string): IpqcBatchState {
    return foldIpqc(batchNumber, this.deps.ledger.query({ batchRef: batchNumber, limit: Number.MAX_SAFE_INTEGER }));
  }

  view(batchNumber: string): IpqcBatchView {
    const s = this.state(batchNumber);
    const now = this.deps.clock.now();
    const running = isRunning(s);
    return {
      batchNumber,
      running,
      startedAt: s.startedAt?.toISOString() ?? null,
      units: s.units,
      now: now.toISOString(),
      checks: s.plans.map((plan) => this.checkView(s, plan, now, running)),
    };
  }

  private checkView(s: IpqcBatchState, plan: CheckPlan, now: Date, running: boolean): IpqcCheckView {
    const sched = checkSchedule({ plan, startedAt: s.startedAt ?? now, now, units: s.units, lastAnswered: lastAnswered(s, plan.checkId) });
    const f = plan.frequency;
    return {
      checkId: plan.checkId,
      name: plan.name,
      unit: plan.unit,
      source: plan.source,
      sampleSize: plan.sampleSize,
      decimals: plan.decimals,
      frequency: { every: f.every, n: f.every === 'minutes' ? f.minutes : f.units },
      specification: plan.specification,
      control: plan.control,
      ...sched,
      status: running ? sched.status : 'done',
      readings: (s.openReadings.get(plan.checkId) ?? []).map((r) => ({ seq: r.seq, mass: r.mass, balanceId: r.balanceId })),
      results: s.results
        .filter((r) => r.checkId === plan.checkId)
        .map((r) => ({ seq: r.seq, checkId: r.checkId, occurrence: r.occurrence, value: r.value, unit: r.unit, recordedAt: r.time, recordedBy: this.nameOf(r.actor), overdue: r.overdue, verdict: r.verdict, signedBy: r.signedBy })),
    };
  }

  /** The machine's unit counter, as read by the operator; counts only go up. */
  countOutput(sessionId: string, batchNumber: string, units: number): Result<IpqcBatchView> {
    const active = this.deps.auth.require(sessionId, OPERATING);
    if (!active.ok) return active;
    const user = active.value.user;
    const s = this.state(batchNumber);
    const running = this.requireRunning(s, 'ipqc.countOutput', user);
    if (!running.ok) return running;
    if (units < s.units) return this.refuse(s, 'ipqc.countOutput', user, { code: 'IPQC_OUTPUT_DECREASED', message: `the count ${units} is below the last one recorded (${s.units})`, details: { units, last: s.units } });
    const r = this.deps.ledger.append([{ type: 'ipqc.output_counted', actor: user.userId, batchRef: batchNumber, payload: { units } }]);
    return r.ok ? ok(this.view(batchNumber)) : r;
  }

  /** One stable reading (one tablet) toward an average-of-N check, from a qualified balance. */
  async readBalance(sessionId: string, batchNumber: string, checkId: string, balanceId: string): Promise<Result<IpqcBatchView>> {
    const active = this.deps.auth.require(sessionId, OPERATING);
    if (!active.ok) return active;
    const user = active.value.user;
    const before = this.state(batchNumber);
    const plan = this.planFor(before, checkId, 'ipqc.readBalance', user);
    if (!plan.ok) return plan;
    if (plan.value.source !== 'balance') return this.refuse(before, 'ipqc.readBalance', user, { code: 'INPUT_INVALID', message: `check ${checkId} is typed, not read from a balance` });
    const { masterData, clock } = this.deps;
    const balance = masterData.get('balance', balanceId);
    if (!balance) return this.refuse(before, 'ipqc.readBalance', user, { code: 'BALANCE_UNKNOWN', message: `balance ${balanceId} is not in the station's master data`, details: { balanceId } });
    const qualified = checkBalance(balance, masterData.lastBalanceCheck(balanceId), clock.now());
    if (!qualified.ok) return this.refuse(before, 'ipqc.readBalance', user, qualified.error);
    const reading = await this.deps.balances.readStable(balanceId, this.deps.stableTimeoutMs);
    const s = this.state(batchNumber);
    if (!reading.ok) return this.refuse(s, 'ipqc.readBalance', user, reading.error);
    if (!reading.value.stable) return this.refuse(s, 'ipqc.readBalance', user, { code: 'READING_NOT_STABLE', message: 'the balance did not give a stable reading' });
    // FR-144: a tablet is weighed on a boat tared on the balance's keys: the record keeps the tare
    // the balance held as it answered, or says it could not be asked (`by` []). FR-154: a ZERO
    // pressed with a load on the pan, which the tare it holds does not account for, refuses the
    // reading (the shared `tareEvidence`, as for returns, spillage and balance checks).
    const state = await this.deps.balances.tareState(balanceId, { restart: false });
    if (!state.ok) return this.refuse(s, 'ipqc.readBalance', user, state.error);
    const evidence = tareEvidence('key-tare', state.value);
    if (evidence.refusal) return this.refuse(s, 'ipqc.readBalance', user, tareRefusalError(evidence.refusal, balanceId, reading.value, `the tablet for check ${checkId}`));
    const tareCheck = evidence.tareCheck;
    const taken = s.openReadings.get(checkId)?.length ?? 0;
    if (taken >= plan.value.sampleSize) return this.refuse(s, 'ipqc.readBalance', user, { code: 'INPUT_INVALID', message: `the sample of ${plan.value.sampleSize} is complete: record the result`, details: { taken } });
    const sched = checkSchedule({ plan: plan.value, startedAt: s.startedAt!, now: clock.now(), units: s.units, lastAnswered: lastAnswered(s, checkId) });
    const payload: IpqcPayload<'ipqc.sample_read'> = { checkId, occurrence: sched.occurrence, index: taken + 1, balanceId, reading: { ...reading.value }, tareCheck: { by: [...tareCheck.by], balanceTare: tareCheck.balanceTare } };
    const r = this.deps.ledger.append([{ type: 'ipqc.sample_read', actor: user.userId, batchRef: batchNumber, payload }]);
    return r.ok ? ok(this.view(batchNumber)) : r;
  }

  record(sessionId: string, input: RecordIpqc): Result<RecordOutcome> {
    const active = this.deps.auth.require(sessionId, OPERATING);
    if (!active.ok) return active;
    const user = active.value.user;
    const { batchNumber, checkId } = input;
    const s = this.state(batchNumber);
    const found = this.planFor(s, checkId, 'ipqc.record', user);
    if (!found.ok) return found;
    const plan = found.value;
    const sample = this.sampleOf(s, plan, input.values);
    if (!sample.ok) return this.refuse(s, 'ipqc.record', user, sample.error);
    const { values, readings, balanceId } = sample.value;
    const value = sampleMean(values, plan.decimals);
    const earlier = s.results.filter((r) => r.checkId === checkId).map((r) => r.value);
    const verdict = ipqcVerdict(plan, earlier, value);
    const now = this.deps.clock.now();
    const sched = checkSchedule({ plan, startedAt: s.startedAt!, now, units: s.units, lastAnswered: lastAnswered(s, checkId) });
    const result: IpqcPayload<'ipqc.result_recorded'> = {
      checkId,
      checkName: plan.name,
      occurrence: sched.occurrence,
      dueAt: sched.dueAt,
      dueAtUnits: sched.dueAtUnits,
      overdue: sched.status === 'overdue',
      value,
      unit: plan.unit,
      sampleSize: plan.sampleSize,
      source: plan.source,
      values: plan.source === 'typed' ? values : [],
      readings,
      balanceId,
      specification: plan.specification,
      control: plan.control,
      verdict,
    };
    const entries: NewEntry[] = [{ type: 'ipqc.result_recorded', actor: user.userId, batchRef: batchNumber, payload: result }];
    // The seq the result gets: nothing else appends between here and the append below (one
    // synchronous stretch), so the deviation and the alert can name it in the same transaction.
    const resultSeq = (this.deps.ledger.head()?.seq ?? 0) + 1;
    let alertId: string | null = null;
    if (verdict.oos || verdict.ootRules.length > 0) {
      const kind = verdict.oos ? 'oos' : 'oot';
      const deviationNo = this.deps.ledger.query({ batchRef: batchNumber, types: ['deviation.raised'], limit: Number.MAX_SAFE_INTEGER }).length + 1;
      const deviationId = `DEV-${batchNumber}-${String(deviationNo).padStart(3, '0')}`;
      alertId = `IPQC-${batchNumber}-${resultSeq}`;
      const message = alertMessage(plan, value, verdict, sched.occurrence);
      entries.push(
        { type: 'deviation.raised', actor: user.userId, batchRef: batchNumber, payload: { deviationId, category: 'ipc-out-of-limits', stepId: null, targetSeq: resultSeq, code: kind === 'oos' ? 'IPQC_OOS' : 'IPQC_OOT', reason: message, reasonKey: kind === 'oos' ? 'ipqc-oos' : 'ipqc-oot', reasonParams: alertReasonParams(plan, value, verdict, sched.occurrence) } },
        { type: 'ipqc.alert_raised', actor: user.userId, batchRef: batchNumber, payload: { alertId, kind, checkId, checkName: plan.name, resultSeq, deviationId, value, unit: plan.unit, message, notify: ['supervisor', 'qa'] } satisfies IpqcPayload<'ipqc.alert_raised'> },
        // The station's alarm (issue 13 item 5): an event alarm, waiting for a named acknowledgement.
        alarmRaisedEntry({ alarmId: `IPQC/${alertId}`, source: 'ipqc', kind, severity: kind === 'oos' ? 'critical' : 'warning', subject: `${batchNumber}/${checkId}`, messageKey: kind === 'oos' ? 'ipqc-oos' : 'ipqc-oot', params: { batch: batchNumber, check: plan.name, value, unit: plan.unit }, condition: 'event' }, batchNumber, user.userId),
      );
    }
    const appended = this.deps.ledger.append(entries);
    if (!appended.ok) return appended;
    if (appended.value[0]!.seq !== resultSeq) throw new InvariantViolation(`the IPQC result took seq ${appended.value[0]!.seq}, not ${resultSeq}`);
    const signed = this.deps.signatures.sign({ sessionId, targetSeq: resultSeq, meaning: 'performed', password: input.password, ...(input.username ? { username: input.username } : {}), ...(input.otp ? { otp: input.otp } : {}) });
    return ok({ resultSeq, verdict, alertId, signed: signed.ok, signatureError: signed.ok ? null : signed.error });
  }

  /** Signs a recorded result that still awaits its "performed" signature. */
  signResult(sessionId: string, batchNumber: string, resultSeq: number, password: string, username: string | null, otp?: string): Result<IpqcBatchView> {
    const active = this.deps.auth.require(sessionId, OPERATING);
    if (!active.ok) return active;
    const r = this.state(batchNumber).results.find((x) => x.seq === resultSeq);
    if (!r) return err('IPQC_RESULT_UNKNOWN', `batch ${batchNumber} has no IPQC result at seq ${resultSeq}`, { resultSeq });
    if (r.signedBy !== null) return err('INPUT_INVALID', `the result at seq ${resultSeq} is already signed by ${r.signedBy}`, { resultSeq });
    const signed = this.deps.signatures.sign({ sessionId, targetSeq: resultSeq, meaning: 'performed', password, ...(username ? { username } : {}), ...(otp ? { otp } : {}) });
    return signed.ok ? ok(this.view(batchNumber)) : signed;
  }

  /** The station's IPQC alerts, newest first (the supervisor's list; works with no hub). */
  alerts(filter: { open?: boolean } = {}): IpqcAlertView[] {
    const list = stationAlerts(this.deps.ledger.query({ types: ['ipqc.alert_raised', 'ipqc.alert_acknowledged', 'alarm.acknowledged_at_hub'], limit: Number.MAX_SAFE_INTEGER }), (id) => this.nameOf(id));
    return filter.open ? list.filter((a) => a.acknowledgedAt === null) : list;
  }

  /** A supervisor or QA person acknowledges an alert by name (the deviation stays for its own approval). */
  acknowledge(sessionId: string, alertId: string, comment: string | null): Result<IpqcAlertView> {
    const active = this.deps.auth.require(sessionId, ACKNOWLEDGING);
    if (!active.ok) return active;
    const alert = this.alerts().find((a) => a.alertId === alertId);
    if (!alert) return err('IPQC_ALERT_UNKNOWN', `no IPQC alert ${alertId} at this station`, { alertId });
    if (alert.acknowledgedAt !== null) return err('IPQC_ALERT_ALREADY_ACKNOWLEDGED', `alert ${alertId} was acknowledged by ${alert.acknowledgedBy} at ${alert.acknowledgedAt}`, { alertId });
    const user = active.value.user;
    const linked = this.deps.alarms?.linkedAcknowledgement(alertId, { userId: user.userId, printedName: user.printedName }, comment) ?? ok(null);
    if (!linked.ok) return linked;
    const alarmId = linked.value ? (linked.value.payload as { alarmId: string }).alarmId : null;
    const r = this.deps.ledger.append([
      { type: 'ipqc.alert_acknowledged', actor: user.userId, batchRef: alert.batchNumber, payload: { alertId, alertSeq: alert.seq, comment, ...(alarmId ? { alarmId } : {}) } },
      ...(linked.value ? [linked.value] : []),
    ]);
    if (!r.ok) return r;
    return ok(this.alerts().find((a) => a.alertId === alertId)!);
  }

  private sampleOf(s: IpqcBatchState, plan: CheckPlan, typed: string[] | undefined): Result<{ values: string[]; readings: IpqcPayload<'ipqc.result_recorded'>['readings']; balanceId: string | null }> {
    if (plan.source === 'typed') {
      if (!typed || typed.length !== plan.sampleSize) return err('IPQC_SAMPLE_INCOMPLETE', `check ${plan.checkId} needs ${plan.sampleSize} value(s), got ${typed?.length ?? 0}`, { need: plan.sampleSize, got: typed?.length ?? 0 });
      return ok({ values: typed, readings: [], balanceId: null });
    }
    if (typed && typed.length > 0) return err('INPUT_INVALID', `check ${plan.checkId} is read from a balance: values cannot be typed`);
    const taken = s.openReadings.get(plan.checkId) ?? [];
    if (taken.length < plan.sampleSize) return err('IPQC_SAMPLE_INCOMPLETE', `check ${plan.checkId} needs ${plan.sampleSize} stable reading(s), ${taken.length} taken`, { need: plan.sampleSize, got: taken.length });
    if (!isMassUnit(plan.unit)) return err('IPQC_UNIT_MISMATCH', `check ${plan.checkId} has unit ${plan.unit}, not a mass unit`);
    const unit = plan.unit;
    const balances = new Set(taken.map((r) => r.balanceId));
    return ok({ values: taken.map((r) => convertMass(r.mass, unit).amount), readings: taken.map((r) => r.reading), balanceId: balances.size === 1 ? taken[0]!.balanceId : null });
  }

  private planFor(s: IpqcBatchState, checkId: string, command: string, user: UserRecord): Result<CheckPlan> {
    const running = this.requireRunning(s, command, user);
    if (!running.ok) return running;
    const plan = s.plans.find((p) => p.checkId === checkId);
    return plan ? ok(plan) : this.refuse(s, command, user, { code: 'IPQC_CHECK_UNKNOWN', message: `batch ${s.batchNumber} has no IPQC check ${checkId}`, details: { checkId } });
  }

  private requireRunning(s: IpqcBatchState, command: string, user: UserRecord): Result<void> {
    if (isRunning(s)) return ok(undefined);
    const why = s.startedAt === null ? 'has not started' : s.completed ? 'is complete' : 'has no IPQC check plans';
    return this.refuse(s, command, user, { code: 'IPQC_NOT_RUNNING', message: `batch ${s.batchNumber} ${why}`, details: { batchNumber: s.batchNumber } });
  }

  /** Records the refused attempt with a started batch (auditor: "attempt logged") and returns it. */
  private refuse(s: IpqcBatchState, command: string, user: UserRecord, error: BatchlineError): Result<never> {
    if (s.startedAt !== null) {
      const r = this.deps.ledger.append([{ type: 'engine.command_refused', actor: user.userId, batchRef: s.batchNumber, payload: { command, stepId: null, code: error.code, message: error.message } }]);
      // FR-137: a refusal the ledger cannot take (the clock set back, the GMP gate, a full disk)
      // is the ledger's typed error; the command is refused either way, never a throw.
      if (!r.ok) return r;
    }
    return { ok: false, error };
  }

  private nameOf(userId: string | null): string | null {
    if (userId === null) return null;
    return this.deps.users.byId(userId)?.printedName ?? userId;
  }
}

const isRunning = (s: IpqcBatchState): boolean => s.startedAt !== null && !s.completed && s.plans.length > 0;
