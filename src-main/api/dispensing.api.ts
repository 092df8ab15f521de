/**
 * Weigh & dispense over the engine: the handlers translate the contract to engine calls and
 * back; every decision (sequence, role, devices, tolerance) is the engine's.
 */
import type { dispensingContract } from '../../src-shared/api/dispensing.contract.ts';
import { err, ok } from '../../src-shared/result.ts';
import { buildBatchRecord } from '../../src-core/record/batch-record.ts';
import type { ApiDeps } from './api-deps.ts';
import { sessionOf, type Handlers } from './handler-map.ts';
import { prechecks } from './prechecks.ts';

export function dispensingApi(deps: ApiDeps): Handlers<typeof dispensingContract> {
  const { station } = deps;
  return {
    'orders.queue': ({ status }) => ok(station.engine.workQueue(status ? { status } : undefined)),
    'orders.view': ({ batchNumber }) => {
      const view = station.engine.view(batchNumber);
      return view.status === 'unknown' ? err('ORDER_UNKNOWN', `no order ${batchNumber}`) : ok(view);
    },
    'orders.prechecks': ({ batchNumber, boothId, shareBooth }, ctx) => prechecks(deps, batchNumber, boothId, ctx.user!, shareBooth),
    'orders.execute': ({ batchNumber, command }, ctx) => station.engine.execute(sessionOf(ctx), batchNumber, command),
    'balances.checkWeight': ({ balanceId, testWeight }, ctx) => station.balanceChecks.readTestWeight(sessionOf(ctx), balanceId, testWeight),
    'balances.clearTare': ({ balanceId }, ctx) => station.balanceTares.clearTare(sessionOf(ctx), balanceId),
    'record.get': ({ batchNumber }) => {
      const entries = station.ledger.query({ batchRef: batchNumber, limit: Number.MAX_SAFE_INTEGER });
      if (entries.length === 0) return err('ORDER_UNKNOWN', `no batch ${batchNumber}`);
      return ok(buildBatchRecord(batchNumber, entries, { user: (id) => station.users.byId(id), configVersionAt: station.settings.versionIndex() }));
    },
    'dispensary.queue': ({ boothId }) => ok(station.campaigns.queue(boothId)),
    'dispensary.startCampaign': (input, ctx) => station.campaigns.startCampaign(sessionOf(ctx), input),
    'dispensary.endCampaign': (input, ctx) => station.campaigns.endCampaign(sessionOf(ctx), input),
    'dispensary.recordChangeover': (input, ctx) => station.campaigns.recordChangeover(sessionOf(ctx), input),
  };
}
