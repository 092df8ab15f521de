/**
 * The whole weigh & dispense flow in Chinese (zh-CN, switched on the login screen), asserting Chinese labels, in Debian's Chromium against web mode, with the
 * simulated MT-SICS balance behind a socat pseudo-terminal (see harness/dispensing-flow.ts);
 * axe-core and 44 px touch targets on every screen; then `batchline verify` passes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOperatorEffort, LABELS, runDispensingFlow } from './harness/dispensing-flow.ts';
import { startFlowStation, type FlowStation } from './harness/flow-station.ts';

let flow: FlowStation;

describe('dispensing flow (zh-CN)', () => {
  beforeAll(async () => {
    flow = await startFlowStation('zh-CN');
  }, 180_000);
  afterAll(async () => {
    await flow?.cleanup();
  });

  it('FR-13 runs an order from pre-checks to the finished batch record, then verifies', { timeout: 600_000 }, async () => {
    await flow.page.getByTestId('language').click();
    await flow.page.getByRole('heading', { name: '登录' }).waitFor();
    const effort = await runDispensingFlow({ page: flow.page, sim: flow.sim, labels: LABELS['zh-CN'], check: flow.check });
    // Issue 18 item 17: a material line in at most 6 interactions, above the fold at 1280×800.
    expectOperatorEffort(effort);
    const verified = await flow.finish();
    expect(verified.out).toMatch(/verified \d+ entries, \d+ signatures/);
    expect(verified.status).toBe(0);
  });
});
