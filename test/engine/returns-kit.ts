/**
 * Helpers for the returns and reconciliation tests (issue 17 items 5 and 6): an order of the demo
 * recipe run until every step is done, and a return weighed on the precision balance BAL-P01 as
 * an operator would: pan cleared, the container put on it, a stable reading taken.
 */
import { addMass, convertMass, type Mass } from '../../src-shared/mass.ts';
import type { EngineCommandInput } from '../../src-shared/orders/engine-command.ts';
import type { CommandOutcome } from '../../src-main/core/engine/engine-service.ts';
import type { Result } from '../../src-shared/result.ts';
import { makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { exec, runTo } from './engine-test-kit.ts';

export const kg = (amount: string): Mass => ({ amount, unit: 'kg' });
export const g = (amount: string): Mass => ({ amount, unit: 'g' });

/**
 * Every step of the order done, nothing reconciled. The MCC drum holds 5 kg here (20 kg in the
 * demo) so that every container of the order fits the booth's 6.1 kg balance when it goes back.
 */
export async function orderAtEnd(batchNumber: string, opts: { yieldLimits?: { lowerPercent: string; upperPercent: string }; engine?: Parameters<typeof makeDispensingStation>[0] } = {}): Promise<{ d: DispensingStation; s: string }> {
  const d = await makeDispensingStation(opts.engine ?? {});
  d.revise('container', 'C-MCC-0002', { quantity: kg('5.000') });
  if (opts.yieldLimits) d.revise('recipe', 'PARA-500@2', { yieldLimits: opts.yieldLimits });
  d.importOrder(batchNumber);
  await runTo(d, batchNumber, (v) => v.status === 'in-progress' && v.current === null);
  return { d, s: d.login('op.li') };
}

/** The container's theoretical remaining (before − dispensed) as the engine computes it. */
export function theoretical(d: DispensingStation, batchNumber: string, containerId: string): Mass {
  const c = d.station.engine.view(batchNumber).reconciliation!.containers.find((x) => x.containerId === containerId)!;
  return c.theoretical;
}

/** Puts the container (its empty weight + `content`) on BAL-P01 and weighs it back. */
export function weighBack(d: DispensingStation, s: string, batchNumber: string, containerId: string, content: Mass, extra: Partial<Extract<EngineCommandInput, { type: 'weigh-return' }>> = {}): Promise<Result<CommandOutcome>> {
  const tare = d.station.masterData.reader.get('container', containerId)!.data.tare;
  d.bench.clear('BAL-P01');
  d.bench.place('BAL-P01', convertMass(addMass(tare, content), 'g'));
  return exec(d, s, batchNumber, { type: 'weigh-return', containerId, balanceId: 'BAL-P01', ...extra });
}

/** Every container of the order weighed back at exactly its theoretical remaining (declared empty when nothing is left). */
export async function returnAll(d: DispensingStation, s: string, batchNumber: string, except: string[] = []): Promise<void> {
  for (const c of d.station.engine.view(batchNumber).reconciliation!.containers) {
    if (except.includes(c.containerId) || c.return) continue;
    const empty = /^-?0(\.0*)?$/.test(c.theoretical.amount);
    const r = await weighBack(d, s, batchNumber, c.containerId, c.theoretical, { declareEmpty: empty });
    if (!r.ok) throw new Error(`${c.containerId}: ${r.error.code} ${r.error.message}`);
  }
}

export const entriesOf = (d: DispensingStation, batchNumber: string, type: string) => d.station.ledger.query({ batchRef: batchNumber, types: [type] });
