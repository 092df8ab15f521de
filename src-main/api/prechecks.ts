/**
 * The pre-check screen's facts for one order in one booth (ARCHITECTURE.md "Weigh & dispense":
 * booth clean and cleared, balance calibration valid and periodic check done, operator
 * trained, master data fresh enough). Each answer comes from the engine's own check
 * functions, so the screen shows exactly what `start-order` and the weighing steps will decide.
 */
import type { PrecheckView } from '../../src-shared/api/dispensing.contract.ts';
import { trainingKey } from '../../src-shared/master-data/training.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';
import type { UserRecord } from '../core/auth/user-directory.ts';
import { localDate } from '../core/engine/decide-context.ts';
import { checkBalance, checkBooth } from '../core/engine/equipment-checks.ts';
import { checkMasterDataAge, checkTraining } from '../core/engine/order-prechecks.ts';
import type { ApiDeps } from './api-deps.ts';

const problem = (r: Result<unknown>) => (r.ok ? null : { code: r.error.code, message: r.error.message });

export function prechecks(deps: ApiDeps, batchNumber: string, boothId: string | null, user: UserRecord, shareBooth = false): Result<PrecheckView> {
  const { station, engineConfig } = deps;
  const md = station.masterData.reader;
  const state = station.engine.state(batchNumber);
  if (state.status === 'unknown' || !state.order) return err('ORDER_UNKNOWN', `no order ${batchNumber}`);
  const now = station.clock.now();
  const today = localDate(now, station.clock.tzOffset(now));
  const booths = md.list('booth');
  const chosen = boothId ?? state.boothId ?? state.order.boothId ?? booths[0]?.key ?? null;
  const booth = chosen ? md.get('booth', chosen) : undefined;
  const boothCheck = checkBooth(booth, chosen ? md.boothUse(chosen) : undefined, batchNumber, now, shareBooth);
  const training = checkTraining(md.get('training', trainingKey({ username: user.username, recipeCode: state.order.recipeCode })), user.username, state.order.recipeCode, today);
  const age = checkMasterDataAge(md.syncState(), now, engineConfig, state);
  const sync = md.syncState();
  const balances = md.list('balance').filter((b) => b.data.boothId === null || b.data.boothId === chosen);
  const balanceProblems = balances.map((b) => problem(checkBalance(b, md.lastBalanceCheck(b.key), now)));
  // Ready is the engine's start decision itself (the same rules, the same first reason).
  const start = chosen ? station.engine.startDecision(user, batchNumber, chosen, shareBooth) : err('BOOTH_UNKNOWN', 'no booth chosen');
  return ok({
    ready: start.ok,
    startRefusal: problem(start),
    booths: booths.map((b) => ({ boothId: b.key, name: b.data.name })),
    booth: booth
      ? {
          boothId: booth.key,
          name: booth.data.name,
          room: booth.data.room,
          cleaning: booth.data.cleaning.status,
          cleanValidUntil: booth.data.cleaning.validUntil,
          lineClearance: booth.data.lineClearance.status,
          problem: problem(boothCheck),
        }
      : null,
    balances: balances.map((b, i) => {
        const last = md.lastBalanceCheck(b.key);
        return {
          balanceId: b.key,
          name: b.data.name,
          model: b.data.model,
          serialNumber: b.data.serialNumber,
          capacity: b.data.capacity,
          readability: b.data.readability,
          calibrationDueAt: b.data.calibration.dueAt,
          lastCheck: last ? { performedAt: last.performedAt, passed: last.passed } : null,
          checkPoints: b.data.checkPlan.points.map((p) => ({ testWeight: p.testWeight, nominal: p.nominal })),
          problem: balanceProblems[i] ?? null,
        };
      }),
    training: { validUntil: training.ok ? training.value.validUntil : null, problem: problem(training) },
    masterData: { servedAt: sync?.servedAt ?? null, ageMinutes: age.ok ? age.value.ageMinutes : sync ? Math.floor((now.getTime() - Date.parse(sync.servedAt)) / 60_000) : null, problem: problem(age) },
  });
}
