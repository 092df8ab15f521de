/**
 * The IPQC state of one batch, folded from its ledger entries (the order's start with its
 * frozen check plans, units counted, balance readings, results and their signatures, alerts).
 * Like the engine's fold, it needs nothing but the ledger, so a restarted station, `replay`
 * and the hub read the same thing.
 */
import type { LedgerEntry } from '../../../src-shared/ledger/ledger-entry.ts';
import type { IpqcPayload, IpqcVerdict } from '../../../src-shared/ledger/entry-types/ipqc.ts';
import type { ExecutionPlan } from '../../../src-shared/orders/execution-plan.ts';
import type { CheckPlan } from '../../../src-shared/recipe/check-plan.ts';
import type { Mass } from '../../../src-shared/mass.ts';

export interface IpqcResult {
  seq: number;
  hash: string;
  checkId: string;
  occurrence: number;
  value: string;
  unit: string;
  time: string;
  actor: string | null;
  overdue: boolean;
  verdict: IpqcVerdict;
  signedBy: string | null;
}

export interface IpqcReading {
  seq: number;
  checkId: string;
  balanceId: string;
  mass: Mass;
  reading: IpqcPayload<'ipqc.sample_read'>['reading'];
}

export interface IpqcBatchState {
  batchNumber: string;
  startedAt: Date | null;
  completed: boolean;
  plans: CheckPlan[];
  units: number;
  results: IpqcResult[];
  /** Readings since each check's last result, for the occurrence now open. */
  openReadings: Map<string, IpqcReading[]>;
  lastSeq: number;
}

export function emptyIpqcState(batchNumber: string): IpqcBatchState {
  return { batchNumber, startedAt: null, completed: false, plans: [], units: 0, results: [], openReadings: new Map(), lastSeq: 0 };
}

export function evolveIpqc(s: IpqcBatchState, e: LedgerEntry): void {
  s.lastSeq = e.seq;
  switch (e.type) {
    case 'order.started':
      s.startedAt = new Date(e.time);
      s.plans = (e.payload.plan as ExecutionPlan).checkPlans ?? [];
      break;
    case 'order.completed':
      s.completed = true;
      break;
    case 'ipqc.output_counted':
      s.units = (e.payload as IpqcPayload<'ipqc.output_counted'>).units;
      break;
    case 'ipqc.sample_read': {
      const p = e.payload as IpqcPayload<'ipqc.sample_read'>;
      const list = s.openReadings.get(p.checkId) ?? [];
      list.push({ seq: e.seq, checkId: p.checkId, balanceId: p.balanceId, mass: p.reading.mass, reading: p.reading });
      s.openReadings.set(p.checkId, list);
      break;
    }
    case 'ipqc.result_recorded': {
      const p = e.payload as IpqcPayload<'ipqc.result_recorded'>;
      s.results.push({ seq: e.seq, hash: e.hash, checkId: p.checkId, occurrence: p.occurrence, value: p.value, unit: p.unit, time: e.time, actor: e.actor, overdue: p.overdue, verdict: p.verdict, signedBy: null });
      s.openReadings.delete(p.checkId);
      break;
    }
    case 'signature.applied': {
      const p = e.payload as { targetSeq: number; meaning: string; printedName: string };
      const r = s.results.find((x) => x.seq === p.targetSeq);
      if (r && p.meaning === 'performed' && r.signedBy === null) r.signedBy = p.printedName;
      break;
    }
  }
}

export function foldIpqc(batchNumber: string, entries: readonly LedgerEntry[]): IpqcBatchState {
  const s = emptyIpqcState(batchNumber);
  for (const e of entries) evolveIpqc(s, e);
  return s;
}

export function lastAnswered(s: IpqcBatchState, checkId: string): number {
  let n = 0;
  for (const r of s.results) if (r.checkId === checkId && r.occurrence > n) n = r.occurrence;
  return n;
}
