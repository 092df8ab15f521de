import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApi, type TestApi } from '../../test/fakes/test-api.ts';
import { checkBoothBalances } from '../../test/fakes/booth-checks.ts';
import { demoMasterData, DEMO_BOOTH } from '../demo/demo-master-data.ts';
import { demoSchedule } from '../demo/seed-dispensing.ts';
import { parseOrderFile } from '../core/orders/order-import.ts';
import { unwrap } from '../../src-shared/result.ts';

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

describe('dispensing API', () => {
  it('lists the work queue and shows the pre-checks the engine will apply', async () => {
    api = withOrders();
    const op = await api.login('op.li');
    const queue = await api.call('orders.queue', {}, op);
    expect(queue.ok && queue.value.map((r) => [r.batchNumber, r.status])).toEqual([
      ['B2026-0042', 'planned'],
      ['B2026-0043', 'planned'],
    ]);
    const pre = await api.call('orders.prechecks', { batchNumber: 'B2026-0042', boothId: DEMO_BOOTH }, op);
    if (!pre.ok) throw new Error(pre.error.message);
    expect(pre.value.booth?.problem).toBeNull();
    expect(pre.value.training).toMatchObject({ problem: null });
    expect(pre.value.balances.map((b) => [b.balanceId, b.problem?.code])).toEqual([
      ['BAL-A01', 'BALANCE_CHECK_MISSING'],
      ['BAL-P01', 'BALANCE_CHECK_MISSING'],
    ]);
    const dirty = await api.call('orders.prechecks', { batchNumber: 'B2026-0042', boothId: 'BOOTH-2' }, op);
    expect(dirty.ok && dirty.value.booth?.problem?.code).toBe('BOOTH_NOT_CLEARED');
    const untrained = await api.call('orders.prechecks', { batchNumber: 'B2026-0042', boothId: DEMO_BOOTH }, await api.login('op.smith'));
    expect(untrained.ok && untrained.value.training.problem?.code).toBe('OPERATOR_NOT_TRAINED');
  });

  it('shows a clean, cleared booth as clean and enables Start only when every pre-check passes', async () => {
    api = withOrders();
    const op = await api.login('op.li');
    const missing = unwrap(await api.call('orders.prechecks', { batchNumber: 'B2026-0042', boothId: DEMO_BOOTH }, op));
    expect(missing.booth?.problem).toBeNull();
    expect(missing.ready).toBe(false); // periodic checks of the booth's balances not done yet
    checkBoothBalances(api);
    const all = unwrap(await api.call('orders.prechecks', { batchNumber: 'B2026-0042', boothId: DEMO_BOOTH }, op));
    expect(all.balances.map((b) => b.problem)).toEqual(all.balances.map(() => null));
    expect(all.ready).toBe(true);
    const dirty = unwrap(await api.call('orders.prechecks', { batchNumber: 'B2026-0042', boothId: 'BOOTH-2' }, op));
    expect(dirty.ready).toBe(false);
    const untrained = unwrap(await api.call('orders.prechecks', { batchNumber: 'B2026-0042', boothId: DEMO_BOOTH }, await api.login('op.smith')));
    expect(untrained.ready).toBe(false);
  });

  it('runs engine commands, returns refusals as typed errors and builds the record', async () => {
    api = withOrders();
    const op = await api.login('op.li');
    const bad = await api.call('orders.execute', { batchNumber: 'B2026-0042', command: { type: 'fly' } as never }, op);
    expect(!bad.ok && bad.error.code).toBe('INPUT_INVALID');
    const wrongBooth = await api.call('orders.execute', { batchNumber: 'B2026-0042', command: { type: 'start-order', boothId: 'BOOTH-2' } }, op);
    expect(!wrongBooth.ok && wrongBooth.error.code).toBe('BOOTH_NOT_CLEARED');
    checkBoothBalances(api);
    const started = await api.call('orders.execute', { batchNumber: 'B2026-0042', command: { type: 'start-order', boothId: DEMO_BOOTH } }, op);
    expect(started.ok && started.value.view.current?.stepId).toBe('S01');
    const outOfSequence = await api.call('orders.execute', { batchNumber: 'B2026-0042', command: { type: 'acknowledge', stepId: 'S10' } }, op);
    expect(!outOfSequence.ok && outOfSequence.error.code).toBe('STEP_OUT_OF_SEQUENCE');
    const record = await api.call('record.get', { batchNumber: 'B2026-0042' }, op);
    expect(record.ok && record.value.refusals.map((r) => r.data.code)).toEqual(['BOOTH_NOT_CLEARED', 'STEP_OUT_OF_SEQUENCE']);
    const qa = await api.login('qa.chen');
    const cannot = await api.call('orders.execute', { batchNumber: 'B2026-0042', command: { type: 'acknowledge', stepId: 'S01' } }, qa);
    expect(!cannot.ok && cannot.error.code).toBe('AUTH_ROLE_REQUIRED');
    expect((await api.call('record.get', { batchNumber: 'B2026-0042' }, qa)).ok).toBe(true);
    const unknown = await api.call('orders.view', { batchNumber: 'NOPE' }, op);
    expect(!unknown.ok && unknown.error.code).toBe('ORDER_UNKNOWN');
    const admin = await api.login('admin');
    const refused = await api.call('orders.queue', {}, admin);
    expect(!refused.ok && refused.error.code).toBe('AUTH_ROLE_REQUIRED');
  });
});
