/** Test helper: the day's periodic checks of the demo booth's balances, recorded as passed. */
import { evaluatePeriodicCheck } from '../../src-core/equipment/balance-qualification.ts';
import { DEMO_BOOTH } from '../../src-main/demo/demo-master-data.ts';
import { unwrap } from '../../src-shared/result.ts';
import type { TestApi } from './test-api.ts';

/** Today's periodic check of every balance of the demo booth, recorded as passed. */
export function checkBoothBalances(t: TestApi): void {
  const md = t.station.masterData.reader;
  for (const b of md.list('balance').filter((x) => x.data.boothId === null || x.data.boothId === DEMO_BOOTH)) {
    const readings = b.data.checkPlan.points.map((p) => ({ testWeight: p.testWeight, mass: p.nominal, stable: true, raw: 'test' }));
    const record = unwrap(evaluatePeriodicCheck(b.data.checkPlan, readings, { performedAt: t.station.clock.now().toISOString(), performedBy: 'op.li' }));
    unwrap(t.station.ledger.append([{ type: 'balance.check_recorded', actor: null, batchRef: null, payload: { balanceId: b.key, serialNumber: b.data.serialNumber, ...record } }]));
  }
}
