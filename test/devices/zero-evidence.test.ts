/**
 * FR-154 at the device layer, over the real codec and driver with the simulated balance in
 * process: a ZERO key pressed with a load on the pan leaves no tare (the query answers 0), so only
 * the stream shows it. The driver keeps such presses since the station last zeroed the balance
 * (`sinceZero`), apart from the watch a weighing restarts, and the station's clear (MT-SICS `TAC`
 * then `Z`; A&D preset tare 0 `PT:` then `Z`) forgets them. `tareEvidence` is the check every
 * weighing applies to what the port reports.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../src-shared/result.ts';
import { tareEvidence } from '../../src-core/order/tare-check.ts';
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

async function streaming(protocol: SimulatedProtocol) {
  const sim = createInProcessBalance(protocol, { settlingMs: 100 }, { stableTimeoutMs: 3000 });
  disposers.push(sim.dispose);
  unwrap(await sim.driver.connect());
  unwrap(await sim.driver.startStream());
  return { ...sim, port: driverBalancePort(new Map([['BAL', sim.driver]])) };
}

describe('FR-154 a ZERO key with a load on the pan, as the driver sees it', () => {
  it('FR-154 mt-sics: 3 g zeroed on the keys and taken off: the tare query says 0, the press is kept past a restarted watch, the weight is refused; the station clear (TAC, Z) forgets it', async () => {
    const { balance, port } = await streaming('mt-sics');
    balance.place(g('3'));
    await sleep(400);
    expect(applyControl(balance, 'key zero').reply).toBe('ok key zero');
    await sleep(300);
    balance.remove(g('3'));
    await sleep(400);
    // A weighing elsewhere restarted its watch: the press is no longer in `seen`, still in `sinceZero`.
    unwrap(await port.tareState('BAL', { restart: true }));
    const now = unwrap(await port.tareState('BAL', { restart: false }));
    expect(now.tare?.mass).toEqual(g('0.0000'));
    expect(now.seen).toEqual([]);
    expect(now.sinceZero?.map((x) => [x.before.mass.amount, x.after.mass.amount])).toEqual([['3.0000', '0.0000']]);
    expect(tareEvidence('zero', now).refusal?.code).toBe('BALANCE_ZERO_UNRECORDED');
    expect(tareEvidence('key-tare', now).refusal?.code).toBe('BALANCE_ZERO_UNRECORDED');
    // The station clears and zeroes (the simulator shows a pan below its zero as underload and
    // refuses Z there, so the 3 g goes back on: what matters here is that the driver forgets).
    balance.place(g('3'));
    await sleep(400);
    expect(unwrap(await port.clearTare('BAL')).commands).toEqual(['tare-clear', 'zero']);
    await sleep(300);
    const after = unwrap(await port.tareState('BAL', { restart: false }));
    expect(after.sinceZero).toEqual([]);
    expect(tareEvidence('zero', after)).toMatchObject({ refusal: null, tareCheck: { by: ['tare-query', 'stream'] } });
  });

  it('FR-154 and: a tare held (set on the keys) is cleared by preset tare 0 and zero; the balance then answers ?PT with 0', async () => {
    const { balance, port } = await streaming('and');
    balance.place(g('20'));
    await sleep(400);
    expect(applyControl(balance, 'key tare').reply).toBe('ok key tare');
    await sleep(300);
    balance.remove(g('20'));
    await sleep(400);
    const held = unwrap(await port.tareState('BAL', { restart: false }));
    expect(held.tare?.mass.amount).toMatch(/^20\.0+$/);
    expect(tareEvidence('zero', held).refusal?.code).toBe('BALANCE_HOLDS_TARE');
    expect(unwrap(await port.clearTare('BAL')).commands).toEqual(['tare-preset 0', 'zero']);
    await sleep(300);
    const after = unwrap(await port.tareState('BAL', { restart: false }));
    expect(after.tare?.mass.amount).toMatch(/^0\.0+$/);
    expect(tareEvidence('zero', after).refusal).toBeNull();
  });
});

describe('FR-154 the station clear zeroes only an empty pan, and its own tares count with the key presses', () => {
  it('FR-154 mt-sics: 3 g left on the pan: the clear sends TAC, reads 3 g gross and refuses the zero (BALANCE_PAN_NOT_EMPTY, the commands sent and the gross in the refusal); the balance still reads 3 g', async () => {
    const { balance, port } = await streaming('mt-sics');
    balance.place(g('3'));
    await sleep(400);
    const r = await port.clearTare('BAL');
    expect(r.ok ? 'ok' : r.error.code).toBe('BALANCE_PAN_NOT_EMPTY');
    expect(!r.ok && r.error.details).toMatchObject({ balanceId: 'BAL', commands: ['tare-clear'], gross: { mass: g('3.0000'), stable: true } });
    await sleep(300);
    expect(unwrap(await port.readStable('BAL', 3000)).mass).toEqual(g('3.0000'));
  });

  it('FR-154 mt-sics: the station tares a 50 g container, it comes off (-50 g) and ZERO is pressed on the empty pan: a weight against the zero is not refused (the station tare is in the sum)', async () => {
    const { balance, port } = await streaming('mt-sics');
    balance.place(g('50'));
    await sleep(400);
    unwrap(await port.tare('BAL'));
    await sleep(300);
    balance.remove(g('50'));
    await sleep(400);
    expect(applyControl(balance, 'key zero').reply).toBe('ok key zero');
    await sleep(300);
    const now = unwrap(await port.tareState('BAL', { restart: false }));
    expect(now.sinceZero?.filter((k) => k.by !== 'station').map((k) => k.before.mass)).toEqual([g('-50.0000')]);
    expect(tareEvidence('zero', now).refusal).toBeNull();
  });

  it('FR-154 mt-sics: a vessel tared on the keys over the station tare of a container: a weight net of it is not refused (the balance holds 60 g: 50 g from the station, 10 g from the keys)', async () => {
    const { balance, port } = await streaming('mt-sics');
    balance.place(g('50'));
    await sleep(400);
    unwrap(await port.tare('BAL'));
    await sleep(300);
    balance.place(g('10'));
    await sleep(400);
    expect(applyControl(balance, 'key tare').reply).toBe('ok key tare');
    await sleep(300);
    balance.place(g('2'));
    await sleep(400);
    const now = unwrap(await port.tareState('BAL', { restart: false }));
    expect(now.tare?.mass).toEqual(g('60.0000'));
    expect(tareEvidence('key-tare', now).refusal).toBeNull();
  });

  it('FR-154 sbi: a balance the station cannot ask its tare refuses the station clear and sends nothing, so a container tared on its keys is not zeroed away', async () => {
    const { balance, port } = await streaming('sbi');
    balance.place(g('40'));
    await sleep(400);
    expect(applyControl(balance, 'key tare').reply).toBe('ok key tare');
    await sleep(400);
    const r = await port.clearTare('BAL');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('DEVICE_COMMAND_UNSUPPORTED');
    expect(r.error.details).toMatchObject({ commands: [], gross: null });
    // The container is still tared on the balance, not zeroed away.
    expect(Number(balance.tare.amount)).toBe(40);
  });
});
