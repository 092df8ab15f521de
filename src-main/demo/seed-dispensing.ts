/**
 * Demo seeder of guided weigh & dispense: applies the demo master data, performs today's
 * periodic balance checks, imports two orders from a B2MML production schedule, and runs one
 * complete batch on the simulated bench — op.li dispenses and signs, sup.wang co-signs, one
 * scan of a quarantined lot is refused, one over-weighing is re-weighed and one is accepted
 * through an approved deviation — so `batchline demo` + `batchline verify` show a real record.
 */
import type { Station } from '../compose.ts';
import { unwrap } from '../../src-shared/result.ts';
import { parseOrderFile } from '../core/orders/order-import.ts';
import { benchFromMasterData, performDailyChecks } from '../dispensing/bench-setup.ts';
import { runOrder } from '../dispensing/headless-runner.ts';
import { DEMO_BALANCES, DEMO_BOOTH, DEMO_PRODUCT, DEMO_RECIPE, demoMasterData } from './demo-master-data.ts';
import { DEMO_PASSWORD } from './seed-demo.ts';

export const DEMO_BATCH = 'B2026-0042';

/** What an ERP sends: a B2MML production schedule with two production requests. */
export function demoSchedule(now: Date): string {
  const at = (h: number) => new Date(now.getTime() + h * 3_600_000).toISOString();
  const request = (id: string, batch: string, kgs: string, start: string) => `
    <ProductionRequest>
      <ID>${id}</ID>
      <ProductProductionRuleID>${DEMO_RECIPE}</ProductProductionRuleID>
      <StartTime>${start}</StartTime>
      <SegmentRequirement>
        <ProductSegmentID>DISPENSE</ProductSegmentID>
        <MaterialProducedRequirement>
          <MaterialDefinitionID>${DEMO_PRODUCT}</MaterialDefinitionID>
          <MaterialLotID>${batch}</MaterialLotID>
          <Quantity><QuantityString>${kgs}</QuantityString><UnitOfMeasure>kg</UnitOfMeasure></Quantity>
        </MaterialProducedRequirement>
      </SegmentRequirement>
    </ProductionRequest>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<ProductionSchedule xmlns="http://www.mesa.org/xml/B2MML-V0600">
  <ID>PS-DEMO-01</ID>
  <PublishedDate>${now.toISOString()}</PublishedDate>${request('PO-4711', DEMO_BATCH, '2.000', at(0))}${request('PO-4712', 'B2026-0043', '4.000', at(24))}
</ProductionSchedule>
`;
}

export async function seedDispensing(station: Station): Promise<string> {
  const now = station.clock.now();
  const applied = unwrap(station.masterData.applyMasterData(demoMasterData(now), { origin: 'seed', cursor: null, servedAt: now.toISOString(), actorId: null }));
  const orders = unwrap(parseOrderFile(demoSchedule(now))).orders;
  unwrap(station.orderIntake.importOrders(orders, { kind: 'demo', fileName: 'demo-schedule.b2mml.xml', content: demoSchedule(now) }, null));
  const bench = station.bench;
  if (!bench) return `${applied.applied} master-data objects, ${orders.length} orders (no simulated bench: batch not run)`;
  benchFromMasterData(bench, station, DEMO_BOOTH);
  const operator = { username: 'op.li', password: DEMO_PASSWORD };
  const supervisor = { username: 'sup.wang', password: DEMO_PASSWORD };
  const session = unwrap(station.auth.login(operator.username, operator.password)).sessionId;
  unwrap(await performDailyChecks(station, session, bench, [DEMO_BALANCES.analytical, DEMO_BALANCES.precision]));
  const clock = station.clock as { advance?: (ms: number) => void | Promise<void> };
  const wait = async (ms: number) => (clock.advance ? await clock.advance(ms) : await new Promise<void>((r) => setTimeout(r, ms)));
  const common = { batchNumber: DEMO_BATCH, boothId: DEMO_BOOTH, operator, supervisor, bench, wait };
  unwrap(await runOrder(station, { ...common, stopWhen: (v) => v.current?.stepId === 'S11' }));
  // The operator first grabs a quarantined container: refused, and the attempt is recorded.
  // (runOrder logged op.li in again, which ended the earlier session: one session per account, DI-11.)
  const operatorSession = unwrap(station.auth.login(operator.username, operator.password)).sessionId;
  const refused = await station.engine.execute(operatorSession, DEMO_BATCH, { type: 'scan-container', stepId: 'S11', scan: { containerId: 'C-PARA-0003' } });
  if (refused.ok) throw new Error('demo: a quarantined lot was accepted');
  const run = unwrap(await runOrder(station, { ...common, script: { L20: 'overshoot-reweigh', L60: 'overshoot-deviation' } }));
  // The booth is cleaned after the batch (the hub's cleaning log), so the next order can run.
  const booth = station.masterData.reader.get('booth', DEMO_BOOTH)!;
  const cleanedAt = station.clock.now().toISOString();
  unwrap(
    station.masterData.applyMasterData(
      [{ kind: 'booth', key: DEMO_BOOTH, version: booth.version + 1, data: { ...booth.data, cleaning: { ...booth.data.cleaning, status: 'clean', cleanedAt }, lineClearance: { status: 'cleared', clearedAt: cleanedAt, clearedBy: supervisor.username } } }],
      { origin: 'seed', cursor: null, servedAt: cleanedAt, actorId: null },
    ),
  );
  return `${applied.applied} master-data objects, ${orders.length} orders, batch ${DEMO_BATCH} dispensed (${run.appended} entries, ${run.view.deviations.length} deviation)`;
}
