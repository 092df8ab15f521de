/**
 * Firmware in reading entries (issue 18, "every reading names the device that produced it"):
 * a protocol that reports its software version — MT-SICS `I3`, Sartorius SBI `x3_` — gets it
 * into the device block of the reading the engine records (`dispense.tared` / `dispense.weighed`
 * hold a ReadingSchema reading); a protocol without one (A&D: model, serial, id only) records
 * null, never a guess.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../src-shared/result.ts';
import { dispensingEntryTypes, ReadingSchema } from '../../src-shared/ledger/entry-types/dispensing.ts';
import { simulatedBalanceSetting } from '../../src-main/shell/balance-spec.ts';
import { BalanceHub } from '../../src-main/shell/balance-hub.ts';
import { hubBalancePort } from '../../src-main/shell/hub-balance-port.ts';
import { LiveBus } from '../../src-main/shell/live-bus.ts';
import { DEFAULT_SIMULATED_BALANCE } from '../../src-main/devices/simulator/simulated-balance.ts';
import { waitUntil } from './socat-harness.ts';

let hub: BalanceHub | null = null;
afterEach(async () => {
  await hub?.close();
  hub = null;
});

describe('firmware in the reading entry', () => {
  it.each([
    ['mt-sics', DEFAULT_SIMULATED_BALANCE.software],
    ['sbi', DEFAULT_SIMULATED_BALANCE.software],
    ['and', null],
  ] as const)('a %s balance: the recorded reading names firmware %s', async (protocol, firmware) => {
    hub = new BalanceHub({ bus: new LiveBus(), allowSimulators: () => true });
    const setting = { ...simulatedBalanceSetting(0), protocol };
    await hub.apply([setting]);
    unwrap(hub.simulate(setting.id, 'place 20 g'));
    await waitUntil(() => hub!.status()[0]!.state === 'connected' && hub!.status()[0]!.lastReading !== null, 10_000, `${protocol} connected`);
    const reading = unwrap(await hubBalancePort(hub).readStable(setting.id, 5000));
    expect(reading.device).toMatchObject({ firmware, port: 'simulated', simulated: true });
    // What the engine appends goes through the entry schema: the firmware survives it.
    const parsed = ReadingSchema.parse(reading);
    expect(parsed.device?.firmware).toBe(firmware);
    const tared = dispensingEntryTypes['dispense.tared'].parse({ stepId: 'S21', stepIndex: 1, lineId: 'L30', method: 'gross', balanceId: setting.id, reading });
    expect(tared.reading?.device?.firmware).toBe(firmware);
  });
});
