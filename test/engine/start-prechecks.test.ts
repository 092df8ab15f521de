/**
 * The pre-check rule at the right depth (issue 18 item 10): every balance of the booth must be
 * qualified before an order starts. The rule lives in the engine's start decision; the
 * pre-check screen's `ready` flag and the reason it shows are that decision, so the screen and
 * start-order cannot differ.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { checkBoothBalances } from '../fakes/booth-checks.ts';
import { demoMasterData, DEMO_BOOTH } from '../../src-main/demo/demo-master-data.ts';
import { demoSchedule } from '../../src-main/demo/seed-dispensing.ts';
import { parseOrderFile } from '../../src-main/core/orders/order-import.ts';
import { unwrap } from '../../src-shared/result.ts';
import { makeTestApi, type TestApi } from '../fakes/test-api.ts';

const B = 'B2026-0042';
let api: TestApi;
afterEach(() => api?.station.cleanup());

function withOrders(): TestApi {
  const t = makeTestApi();
  const now = t.station.clock.now();
  unwrap(t.station.masterData.applyMasterData(demoMasterData(now), { origin: 'seed', cursor: null, servedAt: now.toISOString(), actorId: null }));
  const file = demoSchedule(now);
  unwrap(t.station.orderIntake.importOrders(unwrap(parseOrderFile(file)).orders, { kind: 'demo', fileName: 'demo.xml', content: file }, null));
  return t;
}

describe('start-order and the pre-check screen decide alike', () => {
  it('refuses start-order while a balance of the booth lacks its periodic check, with the reason the screen shows', async () => {
    api = withOrders();
    const op = await api.login('op.li');
    const screen = unwrap(await api.call('orders.prechecks', { batchNumber: B, boothId: DEMO_BOOTH }, op));
    expect(screen.ready).toBe(false);
    expect(screen.startRefusal).toMatchObject({ code: 'BALANCE_CHECK_MISSING' });
    expect(screen.startRefusal!.message).toMatch(/^Analytical balance 1 \(BAL-A01\): /);
    const start = await api.call('orders.execute', { batchNumber: B, command: { type: 'start-order', boothId: DEMO_BOOTH } }, op);
    expect(start.ok ? null : { code: start.error.code, message: start.error.message }).toEqual(screen.startRefusal);
    const refusals = unwrap(await api.call('record.get', { batchNumber: B }, op)).refusals;
    expect(refusals.map((r) => r.data.code)).toEqual(['BALANCE_CHECK_MISSING']);
  });

  it('starts once every balance of the booth is qualified, exactly when the screen says ready', async () => {
    api = withOrders();
    const op = await api.login('op.li');
    checkBoothBalances(api);
    const screen = unwrap(await api.call('orders.prechecks', { batchNumber: B, boothId: DEMO_BOOTH }, op));
    expect(screen).toMatchObject({ ready: true, startRefusal: null });
    const start = await api.call('orders.execute', { batchNumber: B, command: { type: 'start-order', boothId: DEMO_BOOTH } }, op);
    expect(start.ok).toBe(true);
  });

  it('gives the screen the engine reason for any other refusal too: a dirty booth, an untrained operator', async () => {
    api = withOrders();
    checkBoothBalances(api);
    for (const [user, booth, code] of [
      ['op.li', 'BOOTH-2', 'BOOTH_NOT_CLEARED'],
      ['op.smith', DEMO_BOOTH, 'OPERATOR_NOT_TRAINED'],
    ] as const) {
      const session = await api.login(user);
      const screen = unwrap(await api.call('orders.prechecks', { batchNumber: B, boothId: booth }, session));
      expect(screen.ready).toBe(false);
      const start = await api.call('orders.execute', { batchNumber: B, command: { type: 'start-order', boothId: booth } }, session);
      expect(start.ok ? null : { code: start.error.code, message: start.error.message }).toEqual(screen.startRefusal);
      expect(screen.startRefusal?.code).toBe(code);
    }
  });
});
