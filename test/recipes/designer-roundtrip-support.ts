/**
 * The station half of the designer's round trip (issue 14, FR-96): a dispensing station (demo
 * master data, simulated bench, injected clock) pulls the hub's master-data feed with its own
 * puller, imports an order of the recipe, runs it headless with the station's engine, and
 * returns the batch record it builds. Shared by no other test: the e2e file's own.
 */
import { ok, unwrap } from '../../src-shared/result.ts';
import type { HubClient } from '../../src-main/sync/hub-client.ts';
import { pullMasterData } from '../../src-main/sync/master-data-puller.ts';
import { buildBatchRecord } from '../../src-core/record/batch-record.ts';
import { DEMO_BOOTH, makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { OPERATOR, SUPERVISOR } from '../engine/engine-test-kit.ts';
import { runOrder } from '../../src-main/dispensing/headless-runner.ts';
import type { QualityHub } from '../quality/support/quality-hub.ts';

export interface StationRun {
  station: DispensingStation;
  pulled: number;
  recipeData: Record<string, unknown>;
  record: ReturnType<typeof buildBatchRecord>;
}

/** The operator is trained on the recipe (hub master data), then the station pulls and runs one order of `batchSize`. */
export async function runRecipeOnStation(q: QualityHub, recipeCode: string, batchNumber: string, batchSize: { amount: string; unit: 'kg' | 'g' }): Promise<StationRun> {
  const steward = { userId: 'md', username: 'md.steward', roles: ['master-data' as const] };
  unwrap(
    await q.hub.hub.services.masterData.put(steward, 'training', `op.li/${recipeCode}`, {
      data: { username: 'op.li', recipeCode, trainedOn: '2026-01-05', validUntil: '2027-01-05' },
      reason: 'trained on the recipe',
    }),
  );
  const station = await makeDispensingStation();
  try {
    const client = {
      masterData: async (after: string | null, limit: number) => ok({ ...(await q.hub.hub.services.masterData.feed(after, limit)), servedAt: station.clock.now().toISOString() }),
    } as unknown as HubClient;
    const pulled = unwrap(await pullMasterData(client, station.station.masterData, { pageSize: 50, now: station.clock.now(), contactRecordEveryMs: 0 })).pulled;
    const entry = station.station.masterData.reader.list('recipe').find((r) => r.key.startsWith(`${recipeCode}@`) && (r.data as { status?: string }).status === 'effective');
    if (!entry) throw new Error(`no effective ${recipeCode} at the station`);
    const product = (entry.data as { product: { code: string } }).product.code;
    unwrap(
      station.station.orderIntake.importOrders(
        [{ batchNumber, productCode: product, recipeCode, recipeVersion: null, batchSize, erpOrderId: null, plannedStart: null, boothId: null }],
        { kind: 'api', fileName: null },
        null,
      ),
    );
    // A 30-minute stir outlasts the station's idle lock: the operator comes back and unlocks
    // with the password, as at the real station (the injected clock moves; no sleep).
    const session = station.login(OPERATOR.username);
    const run = await runOrder(station.station, {
      batchNumber,
      sessionId: session,
      boothId: DEMO_BOOTH,
      operator: OPERATOR,
      supervisor: SUPERVISOR,
      bench: station.bench,
      wait: async (ms) => {
        station.clock.advance(ms);
        unwrap(station.station.auth.unlock(session, OPERATOR.password));
      },
    });
    unwrap(run);
    const record = buildBatchRecord(batchNumber, station.station.ledger.query({ batchRef: batchNumber }), { user: (id) => station.station.users.byId(id) });
    return { station, pulled, recipeData: entry.data as Record<string, unknown>, record };
  } catch (e) {
    station.close();
    throw e;
  }
}
