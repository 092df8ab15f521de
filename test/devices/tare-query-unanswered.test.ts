/**
 * FR-142 at the device layer: a balance that cannot be asked for its tare. `TA` is MT-SICS level
 * 1 (a level-0 balance answers `ES`), `?PT` exists only on A&D models with preset tare (the
 * others answer `EC,E1`), and any balance may not answer. The port says "not asked" (`by`
 * without `tare-query`) instead of failing; "not understood" is remembered for the connection
 * (not asked again until it reconnects), a missing answer only for that one query. Real codec and
 * driver, the simulated balance in process.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../src-shared/result.ts';
import { createInProcessBalance } from '../../src-main/devices/simulator/in-process-balance.ts';
import { applyControl } from '../../src-main/devices/simulator/simulator-control.ts';
import { driverBalancePort } from '../../src-main/dispensing/driver-balance-port.ts';
import type { SimulatedProtocol } from '../../src-main/devices/simulator/create-front-end.ts';

const g = (amount: string) => ({ amount, unit: 'g' as const });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const d of disposers.splice(0)) await d();
});

async function bench(protocol: SimulatedProtocol, tareQuery: string) {
  const sim = createInProcessBalance(protocol, { settlingMs: 50 }, { commandTimeoutMs: 200, stableTimeoutMs: 3000 });
  disposers.push(sim.dispose);
  unwrap(await sim.driver.connect());
  expect(applyControl(sim.balance, `tare-query ${tareQuery}`).reply).toBe(`ok tare-query ${tareQuery}`);
  // Count the tare queries that reach the balance.
  const queries: string[] = [];
  const receive = sim.line.frontEnd.receive.bind(sim.line.frontEnd);
  sim.line.frontEnd.receive = (chunk) => {
    const text = chunk.toString();
    if (/^(TA|\?PT)\r?\n?$/m.test(text)) queries.push(text.trim());
    receive(chunk);
  };
  const port = driverBalancePort(new Map([['BAL', sim.driver]]));
  sim.balance.place(g('50'));
  await sleep(120);
  return { ...sim, port, queries };
}

describe('FR-142 a balance that cannot be asked for its tare', () => {
  it.each(['mt-sics', 'and'] as const)('FR-142 %s answering the tare query "not understood": tare and state go on, not asked, and not asked again until it reconnects', async (protocol) => {
    const { balance, driver, port, queries } = await bench(protocol, 'not-understood');
    unwrap(await port.tare('BAL'));
    expect(unwrap(await port.tareState('BAL', { restart: true }))).toEqual({ by: [], tare: null, seen: [] });
    expect(queries).toHaveLength(1);
    expect(driver.tareDetection).toEqual([]);
    // Remembered for the connection: the balance is not asked again, whatever it would say now.
    applyControl(balance, 'tare-query answers');
    expect(unwrap(await port.tareState('BAL', { restart: false }))).toEqual({ by: [], tare: null, seen: [] });
    expect(queries).toHaveLength(1);
    // A reconnect may be another balance on the cable: asked afresh.
    await driver.disconnect();
    unwrap(await driver.connect());
    const again = unwrap(await port.tareState('BAL', { restart: false }));
    expect(again.by).toEqual(['tare-query']);
    expect(again.tare?.mass).toEqual(g('50.0000'));
  });

  it('FR-142 a tare query with no answer (timeout) is not asked this time only, and does not fail the state', async () => {
    const { balance, port, queries } = await bench('mt-sics', 'silent');
    unwrap(await port.tare('BAL'));
    expect(unwrap(await port.tareState('BAL', { restart: true }))).toEqual({ by: [], tare: null, seen: [] });
    applyControl(balance, 'tare-query answers');
    const next = unwrap(await port.tareState('BAL', { restart: false }));
    expect(next.by).toEqual(['tare-query']);
    expect(next.tare?.mass).toEqual(g('50.0000'));
    // FR-154: the station's tare asks the tare before it too (no answer: not counted, not asked after).
    expect(queries).toHaveLength(3);
  });

  it('FR-142 an A&D tare answer (PT,...) arriving after its query gave up is never taken as the reading of the next data command', async () => {
    const { balance, line, driver, port } = await bench('and', 'silent');
    unwrap(await port.tare('BAL'));
    balance.place(g('12'));
    await sleep(120);
    expect(unwrap(await port.tareState('BAL', { restart: true })).by).toEqual([]);
    // The late answer lands while the read waits for its own (the balance answers after 100 ms).
    balance.replyDelayMs = 100;
    const reading = driver.readStable(2000);
    await sleep(30);
    line.frontEnd.output?.('PT,+050.0000  g\r\n');
    expect(unwrap(await reading).mass).toEqual(g('12.0000'));
  });
});
