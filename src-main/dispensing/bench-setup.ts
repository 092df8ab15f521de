/**
 * Puts the station's balances (from master data) on the simulated bench, and performs their
 * periodic checks the way an operator does: each test weight on the pan, read by the station.
 */
import type { Result } from '../../src-shared/result.ts';
import { ok } from '../../src-shared/result.ts';
import type { Station } from '../compose.ts';
import type { SimulatedBench } from './simulated-bench.ts';

export function benchFromMasterData(bench: SimulatedBench, station: Pick<Station, 'masterData'>, boothId?: string): string[] {
  const added: string[] = [];
  for (const b of station.masterData.reader.list('balance')) {
    if (boothId !== undefined && b.data.boothId !== null && b.data.boothId !== boothId) continue;
    bench.add(b.key, { serialNumber: b.data.serialNumber, capacity: b.data.capacity, readability: b.data.readability });
    added.push(b.key);
  }
  return added;
}

/** Runs each balance's check plan on the bench (exact test weights: a passing check). */
export async function performDailyChecks(station: Pick<Station, 'masterData' | 'balanceChecks'>, sessionId: string, bench: SimulatedBench, balanceIds: readonly string[]): Promise<Result<number[]>> {
  const seqs: number[] = [];
  for (const id of balanceIds) {
    const plan = station.masterData.reader.get('balance', id)!.data.checkPlan;
    for (const point of plan.points) {
      bench.clear(id);
      bench.place(id, point.nominal);
      const r = await station.balanceChecks.readTestWeight(sessionId, id, point.testWeight);
      if (!r.ok) return r;
      if (r.value.recorded) seqs.push(r.value.recorded.seq);
    }
    bench.clear(id);
  }
  return ok(seqs);
}
