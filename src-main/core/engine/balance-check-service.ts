/**
 * The periodic balance check at the station (USP <41>; EU GMP Ch. 3.41; COMPLIANCE.md DI-05):
 * the operator puts each test weight of the balance's check plan on the pan, the station reads
 * it stable from the balance itself (no typed values, DI-16), and when every test weight is
 * read the device layer's rule evaluates the check, which is recorded as
 * `balance.check_recorded`. A failed check blocks the balance until a passing one.
 * Readings of an unfinished check are held in memory only: a restart starts the check over.
 */
import { err, ok, type Result } from '../../../src-shared/result.ts';
import { evaluatePeriodicCheck, type CheckReading } from '../../../src-core/equipment/balance-qualification.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { Clock } from '../../../src-core/clock.ts';
import type { Ledger } from '../../../src-core/ledger/ledger-ports.ts';
import type { MasterDataReader } from '../master-data/master-data-reader.ts';
import type { BalancePort, BalanceReading } from '../../../src-core/order/balance-port.ts';
import type { EngineConfig } from './engine-config.ts';

export interface CheckProgress {
  reading: BalanceReading;
  remaining: string[];
  recorded: { seq: number; passed: boolean } | null;
}

export class BalanceCheckService {
  private readonly pending = new Map<string, CheckReading[]>();

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
    const readings = (this.pending.get(balanceId) ?? []).filter((r) => r.testWeight !== testWeight);
    readings.push({ testWeight, mass: read.value.mass, stable: true, raw: read.value.raw });
    const remaining = plan.points.map((p) => p.testWeight).filter((t) => !readings.some((r) => r.testWeight === t));
    if (remaining.length > 0) {
      this.pending.set(balanceId, readings);
      return ok({ reading: read.value, remaining, recorded: null });
    }
    const user = active.value.user;
    const record = evaluatePeriodicCheck(plan, readings, { performedAt: this.deps.clock.now().toISOString(), performedBy: user.username });
    if (!record.ok) {
      this.pending.delete(balanceId);
      return record;
    }
    const appended = this.deps.ledger.append([
      { type: 'balance.check_recorded', actor: user.userId, batchRef: null, payload: { balanceId, serialNumber: stored.data.serialNumber, ...record.value } },
    ]);
    // FR-137: the readings are dropped only once the check is recorded; a refused append keeps
    // them, so the check can be recorded again without weighing every test weight anew.
    if (!appended.ok) {
      this.pending.set(balanceId, readings);
      return appended;
    }
    this.pending.delete(balanceId);
    return ok({ reading: read.value, remaining: [], recorded: { seq: appended.value[0]!.seq, passed: record.value.passed } });
  }
}
