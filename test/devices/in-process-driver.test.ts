/**
 * The driver against the in-process simulated balance, per protocol: the fast depth of the
 * three (codec with recorded lines, driver in process, whole stack over socat ptys).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolBalanceDriver } from '../../src-main/devices/balance/protocol-balance-driver.ts';
import { createBalanceCodec } from '../../src-main/devices/balance/create-codec.ts';
import { SimulatedBalance } from '../../src-main/devices/simulator/simulated-balance.ts';
import { createFrontEnd, type SimulatedProtocol } from '../../src-main/devices/simulator/create-front-end.ts';
import { InProcessLine } from '../../src-main/devices/simulator/in-process-balance.ts';
import type { BalanceEvent } from '../../src-main/devices/balance/balance-driver.ts';
import { unwrap } from '../../src-shared/result.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function rig(protocol: SimulatedProtocol, opts: { settlingMs?: number; autoPrint?: boolean } = {}) {
  const balance = new SimulatedBalance({ settlingMs: opts.settlingMs ?? 150 });
  const frontEnd = createFrontEnd(protocol, balance, { streamIntervalMs: 20, stabilityTimeoutMs: 1000, autoPrint: opts.autoPrint ?? true });
  const line = new InProcessLine(frontEnd);
  const codec = unwrap(createBalanceCodec(protocol, { sbi: { autoPrint: opts.autoPrint ?? true } }));
  const driver = new ProtocolBalanceDriver(codec, line.transport(), { lineEnding: 'CRLF' }, {
    commandTimeoutMs: 500,
    stableTimeoutMs: 2000,
    pollIntervalMs: 20,
    streamSilenceMs: 300,
    reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
  });
  const events: BalanceEvent[] = [];
  driver.on((e) => events.push(e));
  cleanups.push(async () => {
    await driver.disconnect();
    frontEnd.dispose();
  });
  return { balance, frontEnd, line, driver, events };
}

for (const protocol of ['mt-sics', 'sbi', 'and'] as const) {
  describe(`driver in process: ${protocol}`, () => {
    it('P11-11 identifies the balance by its serial number', async () => {
      const { driver } = rig(protocol);
      unwrap(await driver.connect());
      const id = unwrap(await driver.identify());
      expect(id.protocol).toBe(protocol);
      expect(id.serialNumber).toBe('B123456789');
    });

    it('DI-05 a stable reading waits for the balance to settle and carries the exact mass', async () => {
      const { driver, balance } = rig(protocol);
      unwrap(await driver.connect());
      balance.place({ amount: '52.3417', unit: 'g' });
      const r = unwrap(await driver.readStable());
      expect(r.stable).toBe(true);
      expect(r.mass).toEqual({ amount: '52.3417', unit: 'g' });
    });

    it('a single read during a continuous stream does not end the stream (MT-SICS SIR stops at any weight command)', async () => {
      const { driver, balance, events } = rig(protocol);
      unwrap(await driver.connect());
      balance.place({ amount: '12.5000', unit: 'g' });
      unwrap(await driver.startStream());
      unwrap(await driver.readStable());
      const before = events.filter((e) => e.type === 'reading').length;
      await new Promise((r) => setTimeout(r, 700)); // > streamSilenceMs (300)
      expect(events.some((e) => e.type === 'disconnected')).toBe(false);
      expect(events.filter((e) => e.type === 'reading').length).toBeGreaterThan(before + 5);
    });

    it('tares, then reads net', async () => {
      const { driver, balance } = rig(protocol);
      unwrap(await driver.connect());
      balance.place({ amount: '20.0000', unit: 'g' });
      await new Promise((r) => setTimeout(r, 200));
      unwrap(await driver.tare());
      balance.place({ amount: '1.2345', unit: 'g' });
      expect(unwrap(await driver.readStable()).mass).toEqual({ amount: '1.2345', unit: 'g' });
    });

    it('A11-08 overload is a typed error, not a weight', async () => {
      const { driver, balance, events } = rig(protocol);
      unwrap(await driver.connect());
      balance.place({ amount: '500', unit: 'g' });
      const r = await driver.readStable(500);
      expect(r.ok ? 'ok' : r.error.code).toBe('BALANCE_OVERLOAD');
      expect(events.some((e) => e.type === 'overload')).toBe(true);
    });

    it('D25-05 streams, reports a pulled cable, reconnects and streams again', async () => {
      const { driver, line, events } = rig(protocol);
      unwrap(await driver.connect());
      unwrap(await driver.startStream());
      await until(() => events.filter((e) => e.type === 'reading').length >= 3);
      line.unplug();
      await until(() => events.some((e) => e.type === 'disconnected'));
      await new Promise((r) => setTimeout(r, 100));
      line.plug();
      const before = events.filter((e) => e.type === 'reading').length;
      await until(() => events.filter((e) => e.type === 'reading').length >= before + 3);
      expect(driver.state).toBe('connected');
    });
  });
}

describe('RS-232 cable pulled (silence, no port event)', () => {
  it('D25-05 a stream that falls silent is reported as disconnected and resumes when the balance talks again', async () => {
    const { driver, balance, events } = rig('mt-sics');
    unwrap(await driver.connect());
    unwrap(await driver.startStream());
    await until(() => events.filter((e) => e.type === 'reading').length >= 3);
    balance.unplugged = true; // RS-232: the port stays open, the balance just stops talking
    await until(() => events.some((e) => e.type === 'disconnected' && /no data/.test(e.reason)));
    balance.unplugged = false;
    const before = events.filter((e) => e.type === 'reading').length;
    await until(() => events.filter((e) => e.type === 'reading').length >= before + 3);
    expect(driver.state).toBe('connected');
  });
});

describe('demo station balance', () => {
  it('createInProcessBalance gives a connected-ready driver over the simulated balance', async () => {
    const { createInProcessBalance } = await import('../../src-main/devices/simulator/in-process-balance.ts');
    const demo = createInProcessBalance('mt-sics', { settlingMs: 50 });
    cleanups.push(demo.dispose);
    unwrap(await demo.driver.connect());
    demo.balance.place({ amount: '3.2100', unit: 'g' });
    expect(unwrap(await demo.driver.readStable(2000)).mass).toEqual({ amount: '3.2100', unit: 'g' });
  });
});

async function until(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!cond()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
