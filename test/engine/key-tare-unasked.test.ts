/**
 * FR-142 on balances that cannot be asked for their tare. The tare query (MT-SICS `TA`, A&D
 * `?PT`) is decided by the protocol, but `TA` is MT-SICS level 1 (a level-0 balance answers `ES`)
 * and `?PT` exists only on A&D models with preset tare (the others answer `EC,E1`); a balance may
 * also not answer at all. Before this, any failed query failed the tare (after the balance had
 * physically tared) and every capture: such a balance could not weigh at all. Now a query that
 * fails is "not asked" for that weighing, said so in the record, and a "not understood" is
 * remembered for the connection. Real codec and driver under the engine, the simulated balance in
 * process (the same code as on a cable).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';
import { unwrap } from '../../src-shared/result.ts';
import { describeEntry } from '../../src-shared/record/record-line.ts';
import { renderRecordLine } from '../../src-shared/record/record-line-text.ts';
import { createInProcessBalance } from '../../src-main/devices/simulator/in-process-balance.ts';
import { applyControl } from '../../src-main/devices/simulator/simulator-control.ts';
import { driverBalancePort } from '../../src-main/dispensing/driver-balance-port.ts';
import type { SimulatedBench } from '../../src-main/dispensing/simulated-bench.ts';
import type { BalancePort } from '../../src-core/order/balance-port.ts';
import type { SimulatedProtocol } from '../../src-main/devices/simulator/create-front-end.ts';
import { makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { at, exec, runTo, view } from './engine-test-kit.ts';

const B = 'B-FR142-UNASKED';
const g = (amount: string) => ({ amount, unit: 'g' as const });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let d: DispensingStation | undefined;
const disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  d?.close();
  d = undefined;
  for (const x of disposers.splice(0)) await x();
});

const ofS21 = (type: string): LedgerEntry[] => d!.station.ledger.query({ batchRef: B }).filter((e) => e.type === type && (e.payload as { stepId?: string }).stepId === 'S21');

/** BAL-A01 as a real driver over the simulated balance (the demo master data's serial and range). */
async function station(protocol: SimulatedProtocol, tareQuery: 'not-understood' | 'silent') {
  const sim = createInProcessBalance(protocol, { serialNumber: 'SIM-B548912307', settlingMs: 50 }, { commandTimeoutMs: 300, stableTimeoutMs: 3000 });
  disposers.push(sim.dispose);
  unwrap(await sim.driver.connect());
  expect(applyControl(sim.balance, `tare-query ${tareQuery}`).reply).toBe(`ok tare-query ${tareQuery}`);
  const real = driverBalancePort(new Map([['BAL-A01', sim.driver]]));
  // BAL-A01 is the real driver; the steps before S21 weigh on the simulated bench's other balances.
  const balances = (bench: SimulatedBench): BalancePort => {
    const pick = (id: string): BalancePort => (id === 'BAL-A01' ? real : bench);
    return {
      identify: (id) => pick(id).identify(id),
      tare: (id) => pick(id).tare(id),
      readStable: (id, ms) => pick(id).readStable(id, ms),
      readImmediate: (id) => pick(id).readImmediate(id),
      tareState: (id, o) => pick(id).tareState(id, o),
      clearTare: (id) => pick(id).clearTare(id),
    };
  };
  d = await makeDispensingStation({ balances, engine: { stableTimeoutMs: 3000 } });
  d.importOrder(B);
  await runTo(d, B, at('S21', 'need-container'));
  const s = d.login('op.li');
  unwrap(await exec(d, s, B, { type: 'scan-container', stepId: 'S21', scan: { containerId: 'C-PVP-0001' }, acceptPartial: false }));
  unwrap(await exec(d, s, B, { type: 'select-balance', stepId: 'S21', balanceId: 'BAL-A01', partial: false }));
  return { ...sim, s };
}

async function tareAndWeigh(sim: Awaited<ReturnType<typeof station>>): Promise<void> {
  sim.balance.place(g('50'));
  await sleep(120);
  unwrap(await exec(d!, sim.s, B, { type: 'tare', stepId: 'S21' }));
  expect(ofS21('dispense.tared')[0]!.payload).toMatchObject({ balanceTare: null });
  sim.balance.place(g('80'));
  await sleep(120);
  unwrap(await exec(d!, sim.s, B, { type: 'capture', stepId: 'S21', partial: false }));
  const [weighed] = ofS21('dispense.weighed');
  // Not asked, and the record says so: neither asked nor watched (no stream runs here).
  expect(weighed!.payload).toMatchObject({ net: g('80.0000'), outcome: 'accepted', tareCheck: { by: [], balanceTare: null } });
  expect(ofS21('balance.tare_changed')).toEqual([]);
  const line = describeEntry(weighed!.type, weighed!.payload);
  expect(renderRecordLine(line, 'en')).toContain('the balance could not tell a tare or zero made on its keys (no tare query it answered, no stream watched): not checked');
  expect(renderRecordLine(line, 'zh-CN')).toContain('未核对');
  // The weighing is done: the step waits only for its signatures.
  expect(view(d!, B).current).toMatchObject({ stepId: 'S21', phase: 'need-signatures' });
}

describe('FR-142 balances that cannot be asked for their tare still tare and weigh', () => {
  it('FR-142 an MT-SICS level-0 balance answering TA with ES tares and weighs through the step; the record says the tare was not asked', async () => {
    await tareAndWeigh(await station('mt-sics', 'not-understood'));
  });

  it('FR-142 an A&D balance without ?PT (EC,E1) tares and weighs through the step; the record says the tare was not asked', async () => {
    await tareAndWeigh(await station('and', 'not-understood'));
  });

  it('FR-142 a tare query that times out fails neither the tare nor the capture', async () => {
    await tareAndWeigh(await station('mt-sics', 'silent'));
  });

  it('FR-142 a balance silent at the tare but answering at the capture is not recorded as asked: nothing on record to compare its answer with', async () => {
    const sim = await station('mt-sics', 'silent');
    sim.balance.place(g('50'));
    await sleep(120);
    unwrap(await exec(d!, sim.s, B, { type: 'tare', stepId: 'S21' }));
    expect(ofS21('dispense.tared')[0]!.payload).toMatchObject({ balanceTare: null });
    applyControl(sim.balance, 'tare-query answers');
    sim.balance.place(g('80'));
    await sleep(120);
    unwrap(await exec(d!, sim.s, B, { type: 'capture', stepId: 'S21', partial: false }));
    expect(ofS21('dispense.weighed')[0]!.payload).toMatchObject({ net: g('80.0000'), tareCheck: { by: [], balanceTare: null } });
  });
});
