/**
 * The periodic balance check at the station (USP <41>; EU GMP Ch. 3.41; COMPLIANCE.md DI-05):
 * the operator puts each test weight of the balance's check plan on the pan, the station reads
 * it stable from the balance itself (no typed values, DI-16), and when every test weight is
 * read the device layer's rule evaluates the check, which is recorded as
 * `balance.check_recorded`. A failed check blocks the balance until a passing one.
 * Readings of an unfinished check are held in memory only: a restart starts the check over.
 *
 * P11-11 / DI-01 / DI-03 (attributable, contemporaneous; 21 CFR 11.10(e)): the readings of an
 * unfinished check belong to the one session that took them. They are dropped, and the check
 * starts over, when another session (another user, or the same user logged in again) reads a
 * test weight on that balance (the person at the balance now takes the check over; nobody can
 * hold a balance's check by leaving readings behind), when their session is locked, logged out
 * or ended (seen from the ledger's `session.locked` / `session.logout` entries after the first
 * reading, so a lock and unlock between two readings counts too), and each reading on its own
 * once it is older than `checkReadingMaxAgeMinutes`. A check is recorded as performed by the
 * user whose session took every one of its readings, never with another user's reading.
 */
import { err, ok, type BatchlineError, type Result } from '../../../src-shared/result.ts';
import { tareEvidence, tareRefusalError } from '../../../src-core/order/tare-check.ts';
import type { TareDetection } from '../../../src-core/order/balance-port.ts';
import { evaluatePeriodicCheck, type CheckReading } from '../../../src-core/equipment/balance-qualification.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { Clock } from '../../../src-core/clock.ts';
import type { Ledger } from '../../../src-core/ledger/ledger-ports.ts';
import type { MasterDataReader } from '../master-data/master-data-reader.ts';
import type { BalancePort, BalanceReading } from '../../../src-core/order/balance-port.ts';
import type { EngineConfig } from './engine-config.ts';
import { sessionRef } from '../auth/session-ref.ts';

export interface CheckProgress {
  reading: BalanceReading;
  remaining: string[];
  recorded: { seq: number; passed: boolean } | null;
}

/** The readings of one balance's unfinished check: whose session took them, since when, each with its time. */
interface PendingCheck {
  sessionId: string;
  userId: string;
  /** The ledger's head when the first reading was taken: a lock or logout after it ends the readings. */
  afterSeq: number;
  readings: Array<CheckReading & { takenAt: number; tareBy: readonly TareDetection[] }>;
}

export class BalanceCheckService {
  private readonly pending = new Map<string, PendingCheck>();

  constructor(private readonly deps: { ledger: Ledger; auth: AuthService; masterData: MasterDataReader; balances: BalancePort; clock: Clock; config: EngineConfig }) {}

  async readTestWeight(sessionId: string, balanceId: string, testWeight: string): Promise<Result<CheckProgress>> {
    const active = this.deps.auth.require(sessionId, ['operator', 'supervisor']);
    if (!active.ok) return active;
    const stored = this.deps.masterData.get('balance', balanceId);
    if (!stored) return err('BALANCE_UNKNOWN', `balance ${balanceId} is not in the station's master data`, { balanceId });
    const plan = stored.data.checkPlan;
    if (!plan.points.some((p) => p.testWeight === testWeight)) return err('INPUT_INVALID', `test weight "${testWeight}" is not in check plan ${plan.id}`, { testWeight });
    const id = await this.deps.balances.identify(balanceId);
    if (!id.ok) return id;
    if (id.value.serialNumber !== null && id.value.serialNumber !== stored.data.serialNumber) {
      return err('BALANCE_SERIAL_MISMATCH', `the balance reports serial ${id.value.serialNumber}, master data says ${stored.data.serialNumber}`, { balanceId });
    }
    const read = await this.deps.balances.readStable(balanceId, this.deps.config.stableTimeoutMs);
    if (!read.ok) return read;
    if (!read.value.stable) return err('READING_NOT_STABLE', 'the reading was not stable', { raw: read.value.raw });
    // FR-144, FR-154: a test weight is read against the balance's zero: a tare it holds (set on its
    // keys with something on the pan, or left from a weighing), or a zero moved on its keys with a
    // load on the pan, would make the check read what it was made to read, and pass a balance that
    // weighs wrong. Asked with every reading (the shared `tareEvidence`); the watch of a weighing
    // in progress on the balance is not restarted. A refusal is recorded, as the engine's are.
    const state = await this.deps.balances.tareState(balanceId, { restart: false });
    if (!state.ok) return state;
    const evidence = tareEvidence('zero', state.value);
    if (evidence.refusal) return this.refuse(active.value.user.userId, tareRefusalError(evidence.refusal, balanceId, read.value, `test weight "${testWeight}"`));
    const user = active.value.user;
    const kept = this.pendingFor(balanceId, sessionId, user.userId);
    const readings = kept.readings.filter((r) => r.testWeight !== testWeight);
    readings.push({ testWeight, mass: read.value.mass, stable: true, raw: read.value.raw, takenAt: this.deps.clock.now().getTime(), tareBy: evidence.tareCheck.by });
    const current: PendingCheck = { ...kept, readings };
    const remaining = plan.points.map((p) => p.testWeight).filter((t) => !readings.some((r) => r.testWeight === t));
    if (remaining.length > 0) {
      this.pending.set(balanceId, current);
      return ok({ reading: read.value, remaining, recorded: null });
    }
    const checked = readings.map(({ takenAt: _takenAt, tareBy: _by, ...r }) => r);
    // FR-144: whether the balance was asked, with every reading, that it held no tare; FR-154:
    // whether its stream was watched for key presses with every reading; [] says neither.
    const tareCheck = { by: (['tare-query', 'stream'] as const).filter((x) => readings.every((r) => r.tareBy.includes(x))) };
    const record = evaluatePeriodicCheck(plan, checked, { performedAt: this.deps.clock.now().toISOString(), performedBy: user.username });
    if (!record.ok) {
      this.pending.delete(balanceId);
      return record;
    }
    const appended = this.deps.ledger.append([
      { type: 'balance.check_recorded', actor: user.userId, batchRef: null, payload: { balanceId, serialNumber: stored.data.serialNumber, ...record.value, tareCheck: { by: [...tareCheck.by] } } },
    ]);
    // FR-137: the readings are dropped only once the check is recorded; a refused append keeps
    // them, so the check can be recorded again without weighing every test weight anew.
    if (!appended.ok) {
      this.pending.set(balanceId, current);
      return appended;
    }
    this.pending.delete(balanceId);
    return ok({ reading: read.value, remaining: [], recorded: { seq: appended.value[0]!.seq, passed: record.value.passed } });
  }

  /**
   * FR-154: a test weight refused for the balance's tare or zero is recorded, as the engine records
   * its refusals (booth-level, no batch); a refusal the ledger cannot take is its typed error.
   */
  private refuse(actor: string, error: BatchlineError): Result<never> {
    const r = this.deps.ledger.append([{ type: 'engine.command_refused', actor, batchRef: null, payload: { command: 'balance-check.readTestWeight', stepId: null, code: error.code, message: error.message } }]);
    return r.ok ? { ok: false, error } : r;
  }

  /**
   * The balance's pending readings this session may use: none when they are another session's
   * (those are dropped: the check starts over under this user) or their session was locked or
   * ended since the first of them; without the readings older than the age limit. Pending
   * checks of sessions that no longer exist are dropped on the way.
   */
  private pendingFor(balanceId: string, sessionId: string, userId: string): PendingCheck {
    for (const [id, p] of this.pending) if (!this.deps.auth.sessions.get(p.sessionId)) this.pending.delete(id);
    const fresh = (): PendingCheck => ({ sessionId, userId, afterSeq: this.deps.ledger.head()?.seq ?? 0, readings: [] });
    const p = this.pending.get(balanceId);
    if (!p) return fresh();
    if (p.sessionId !== sessionId || this.sessionInterrupted(p) || this.clearedSince(p, balanceId)) {
      this.pending.delete(balanceId);
      return fresh();
    }
    const maxAgeMs = this.deps.config.checkReadingMaxAgeMinutes * 60_000;
    const now = this.deps.clock.now().getTime();
    return { ...p, readings: p.readings.filter((r) => now - r.takenAt <= maxAgeMs) };
  }

  /**
   * FR-154: the station cleared the balance's tare or zeroed it (`balance.tare_cleared`, any user,
   * a clear refused on the way included) since the check's first reading: the readings before it
   * were read against another zero, and do not make one check with those after it.
   */
  private clearedSince(p: PendingCheck, balanceId: string): boolean {
    return this.deps.ledger.query({ types: ['balance.tare_cleared'], afterSeq: p.afterSeq, limit: 1_000 }).some((e) => e.payload.balanceId === balanceId);
  }

  /**
   * Whether the ledger records a lock, an unlock or a logout of the session since the check's
   * first reading. An unlock counts (FR-139): a user lock fails closed (FR-137), so a lock whose
   * `session.locked` the ledger refused still locked the session, and its recorded unlock is
   * then the only trace that the session was locked in between.
   */
  private sessionInterrupted(p: PendingCheck): boolean {
    const ref = sessionRef(p.sessionId);
    return this.deps.ledger
      .query({ types: ['session.locked', 'session.logout', 'session.unlocked'], actor: p.userId, afterSeq: p.afterSeq, limit: 1_000 })
      .some((e) => e.payload.sessionRef === ref);
  }
}
