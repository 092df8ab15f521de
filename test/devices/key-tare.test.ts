/**
 * FR-142 at the device layer: what each protocol can tell of a tare or zero made with the
 * balance's own keys, over the real codec and driver with the simulated balance in process
 * (the same code as on a cable). The simulator's `key tare` / `key zero` is the operator's hand
 * on the balance: nothing goes over the line.
 *
 *   MT-SICS  asked (`TA`) and watched (SIR stream)
 *   A&D      asked (`?PT`) and watched (SIR stream)
 *   SBI      watched only (auto print); no tare query exists
 *   any      without a stream, and without a query: nothing, said as `by: []`
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

async function bench(protocol: SimulatedProtocol, stream: boolean) {
  const sim = createInProcessBalance(protocol, { settlingMs: 100 }, { stableTimeoutMs: 3000 });
  disposers.push(sim.dispose);
  unwrap(await sim.driver.connect());
  if (stream) unwrap(await sim.driver.startStream());
  const port = driverBalancePort(new Map([['BAL', sim.driver]]));
  sim.balance.place(g('50'));
  await sleep(400);
  unwrap(await port.tare('BAL'));
  // The station's own tare is no key press: nothing seen, and the watch starts here.
  const afterTare = unwrap(await port.tareState('BAL', { restart: true }));
  expect(afterTare.seen).toEqual([]);
  return { ...sim, port, afterTare };
}

describe('FR-142 key tares and zeros, per protocol', () => {
  it.each(['mt-sics', 'and'] as const)('FR-142 %s: the tare is asked and the stream watched; a TARE key with 6 g on the pan shows as tare 56 g and a jump 6 g → 0', async (protocol) => {
    const { balance, port, afterTare } = await bench(protocol, true);
    expect(afterTare.by).toEqual(['tare-query', 'stream']);
    expect(afterTare.tare?.mass).toEqual(g('50.0000'));
    balance.place(g('6'));
    await sleep(400);
    expect(applyControl(balance, 'key tare').reply).toBe('ok key tare');
    await sleep(400);
    const now = unwrap(await port.tareState('BAL', { restart: false }));
    expect(now.tare?.mass).toEqual(g('56.0000'));
    expect(now.seen.map((x) => [x.before.mass.amount, x.after.mass.amount, x.change])).toEqual([['6.0000', '0.0000', 'tare-or-zero']]);
  });

  it('FR-142 mt-sics: a ZERO key clears the tare the station set; asked, the balance says 0', async () => {
    const { balance, port } = await bench('mt-sics', true);
    balance.remove(g('49'));
    await sleep(400);
    expect(applyControl(balance, 'key zero').reply).toBe('ok key zero');
    await sleep(300);
    const now = unwrap(await port.tareState('BAL', { restart: false }));
    expect(now.tare?.mass).toEqual(g('0.0000'));
  });

  it('FR-142 sbi: no tare query exists, the auto-print stream is watched: the key press shows there', async () => {
    const { balance, port, afterTare } = await bench('sbi', true);
    expect(afterTare).toEqual({ by: ['stream'], tare: null, seen: [], sinceZero: [] });
    balance.place(g('6'));
    await sleep(400);
    applyControl(balance, 'key tare');
    await sleep(400);
    const now = unwrap(await port.tareState('BAL', { restart: false }));
    expect(now.seen).toHaveLength(1);
    expect(now.seen[0]!.before.mass).toEqual(g('6.0000'));
  });

  it('FR-142 sbi without a running stream cannot tell, and says so: by [] and nothing seen, whatever the keys did', async () => {
    const { balance, port, afterTare } = await bench('sbi', false);
    expect(afterTare.by).toEqual([]);
    balance.place(g('6'));
    await sleep(300);
    applyControl(balance, 'key tare');
    await sleep(300);
    expect(unwrap(await port.tareState('BAL', { restart: false }))).toEqual({ by: [], tare: null, seen: [] });
  });

  it('FR-142 a commanded tare with material on the pan is not flagged (the watch holds while the station tares)', async () => {
    const { balance, port, driver } = await bench('mt-sics', true);
    balance.place(g('6'));
    await sleep(400);
    unwrap(await driver.tare());
    await sleep(300);
    expect(unwrap(await port.tareState('BAL', { restart: false })).seen).toEqual([]);
  });

  it('FR-144 sbi auto print at 1 Hz: a vessel lifted off, settled before the next print, shows as 50 g then 0 g, both settled; no key press (it is unsure), and a fast MT-SICS stream still catches the TARE key', async () => {
    const slow = createInProcessBalance('sbi', { settlingMs: 50 }, { stableTimeoutMs: 3000 }, { streamIntervalMs: 1000 });
    disposers.push(slow.dispose);
    unwrap(await slow.driver.connect());
    unwrap(await slow.driver.startStream());
    const port = driverBalancePort(new Map([['BAL', slow.driver]]));
    slow.balance.place(g('50'));
    await sleep(1300);
    unwrap(await port.tareState('BAL', { restart: true }));
    await sleep(1100);
    // Between two prints: the vessel comes off and the balance settles at zero before the next.
    slow.balance.remove(g('50'));
    await sleep(2200);
    const after = unwrap(await port.tareState('BAL', { restart: false }));
    expect(after.by).toEqual(['stream']);
    expect(after.seen).toEqual([]);
    expect(slow.driver.keyTaresUnsure().map((x) => [x.before.mass.amount, x.after.mass.amount])).toEqual([['50.0000', '0.0000']]);
    // The port hands it on for the record (tareCheck.unsure), never as a key press.
    expect(after.unsure?.map((x) => [x.before.mass.amount, x.after.mass.amount])).toEqual([['50.0000', '0.0000']]);
    const { balance, port: fast } = await bench('mt-sics', true);
    balance.place(g('6'));
    await sleep(400);
    applyControl(balance, 'key tare');
    await sleep(400);
    expect(unwrap(await fast.tareState('BAL', { restart: false })).seen).toHaveLength(1);
  });
});
