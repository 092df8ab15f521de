/**
 * The whole stack over real pseudo-terminals, per protocol: the simulated balance as its own
 * process on one end of a socat pair, the station's driver on the other end through
 * serialport, real termios and real timing. The cable is pulled by killing socat (the port
 * vanishes, as a USB adapter pulled out) and put back by starting socat again on the same links.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSerialBalanceDriver } from '../../src-main/devices/balance/create-balance-driver.ts';
import { resolveSerialSettings } from '../../src-main/devices/balance/serial-settings.ts';
import type { BalanceDriver, BalanceEvent } from '../../src-main/devices/balance/balance-driver.ts';
import type { BalanceProtocol } from '../../src-main/devices/balance/balance-message.ts';
import { unwrap } from '../../src-shared/result.ts';
import { kill, killAll, makePtyDir, removeDir, startSimulator, startSocat, waitUntil, type PtyPair, type SimulatorProcess } from './socat-harness.ts';

export function socatSuite(protocol: Extract<BalanceProtocol, 'mt-sics' | 'sbi' | 'and'>): void {
  describe(`${protocol} end to end over socat ptys`, () => {
    let pair: PtyPair;
    let socat: ChildProcess;
    let sim: SimulatorProcess;
    let driver: BalanceDriver | null = null;
    let events: BalanceEvent[] = [];

    beforeAll(async () => {
      pair = makePtyDir();
      socat = await startSocat(pair);
      sim = await startSimulator(protocol, pair.balanceEnd);
    });

    afterEach(async () => {
      await driver?.disconnect();
      driver = null;
      await sim.control('reset');
    });

    afterAll(async () => {
      await killAll();
      removeDir(pair);
    });

    async function connect(): Promise<BalanceDriver> {
      const settings = unwrap(resolveSerialSettings(protocol, { baudRate: 9600, handshake: 'none' }));
      driver = unwrap(
        createSerialBalanceDriver({
          protocol,
          path: pair.stationEnd,
          settings,
          driver: { commandTimeoutMs: 1500, stableTimeoutMs: 4000, streamSilenceMs: 1000, reconnect: { initialDelayMs: 100, maxDelayMs: 400 } },
        }),
      );
      events = [];
      driver.on((e) => events.push(e));
      unwrap(await driver.connect());
      return driver;
    }
    const readings = () => events.filter((e): e is Extract<BalanceEvent, { type: 'reading' }> => e.type === 'reading');

    it('P11-11 identifies the balance: serial number and model over the line', async () => {
      const d = await connect();
      const id = unwrap(await d.identify());
      expect(id.serialNumber).toBe('B123456789');
      expect(id.model).toBe('SIM-XS205');
    });

    it('DI-05 DI-04 a stable reading is the settled value, exact, with the raw line kept', async () => {
      const d = await connect();
      await sim.control('place 52.3417 g');
      const r = unwrap(await d.readStable());
      expect(r).toMatchObject({ stable: true, mass: { amount: '52.3417', unit: 'g' }, sign: '+' });
      expect(r.raw).toContain('52.3417');
    });

    it('tares the container, then reads the net of what is added', async () => {
      const d = await connect();
      await sim.control('place 25.0000 g');
      unwrap(await d.readStable());
      unwrap(await d.tare());
      await sim.control('place 1.2345 g');
      expect(unwrap(await d.readStable()).mass).toEqual({ amount: '1.2345', unit: 'g' });
      await sim.control('remove');
      await new Promise((r) => setTimeout(r, 300));
      unwrap(await d.zero());
      expect(unwrap(await d.readStable()).mass).toEqual({ amount: '0.0000', unit: 'g' });
    });

    it('streams continuously, unstable values marked unstable (DI-05)', async () => {
      const d = await connect();
      unwrap(await d.startStream());
      await sim.control('place 10 g');
      const settled = () => readings().some((e) => e.reading.stable && e.reading.mass.amount === '10.0000');
      await waitUntil(() => readings().length >= 8 && settled(), 6000, 'stream readings');
      // Between the empty pan and the settled 10 g, the stream carried unstable values only.
      const firstAt = readings().findIndex((e) => e.reading.mass.amount === '10.0000' && e.reading.stable);
      const between = readings().slice(0, firstAt).filter((e) => e.reading.mass.amount !== '0.0000');
      expect(between.every((e) => !e.reading.stable)).toBe(true);
      if (protocol === 'sbi') {
        // SBI prints no unit while unstable: those prints are refused, never read in a guessed unit.
        expect(events.some((e) => e.type === 'protocol-error' && e.error.code === 'BALANCE_UNIT_MISSING')).toBe(true);
        expect(events.some((e) => e.type === 'unstable')).toBe(false);
      } else {
        expect(events.some((e) => e.type === 'unstable')).toBe(true);
      }
      unwrap(await d.stopStream());
    });

    it('D25-05 a cable pulled mid-stream is reported, and the stream resumes when it is put back', async () => {
      const d = await connect();
      unwrap(await d.startStream());
      await waitUntil(() => readings().length >= 3, 5000, 'first readings');
      await kill(socat);
      await waitUntil(() => events.some((e) => e.type === 'disconnected'), 5000, 'disconnected event');
      const stateWhilePulled = d.state;
      const pending = await d.readImmediate();
      expect(pending.ok ? 'ok' : pending.error.code).toBe('DEVICE_NOT_CONNECTED');
      await new Promise((r) => setTimeout(r, 300));
      const readyBefore = sim.lines.filter((l) => l.startsWith('ready')).length;
      socat = await startSocat(pair);
      await waitUntil(() => sim.lines.filter((l) => l.startsWith('ready')).length > readyBefore, 20_000, 'simulator back on the line: ' + sim.lines.join(' / '));
      const before = readings().length;
      await waitUntil(() => readings().length >= before + 3, 20_000, 'readings after reconnect');
      expect(stateWhilePulled).toBe('reconnecting');
      expect(events.some((e) => e.type === 'reconnecting')).toBe(true);
      expect(d.state).toBe('connected');
      unwrap(await d.stopStream());
      // generous: on a loaded 2-core CI machine the simulator's reopen polling can lag
    }, 60_000);
  });
}
