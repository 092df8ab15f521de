import { describe, expect, it } from 'vitest';
import { stream } from './devices.ts';
import type { CliIo } from '../cli-io.ts';
import type { BalanceDriver, BalanceEventListener } from '../../src-main/devices/balance/balance-driver.ts';
import type { WeightReading } from '../../src-main/devices/balance/balance-message.ts';

/** A driver whose stream tells six readings in one go, as one serial chunk carrying six lines does. */
function burstDriver(): BalanceDriver {
  const listeners = new Set<BalanceEventListener>();
  const reading = (i: number) => ({ stable: true, mass: { amount: `${i}.0000`, unit: 'g' } }) as unknown as WeightReading;
  return {
    on: (l: BalanceEventListener) => (listeners.add(l), () => listeners.delete(l)),
    startStream: async () => {
      queueMicrotask(() => {
        for (let i = 1; i <= 6; i++) for (const l of listeners) l({ type: 'reading', reading: reading(i) });
      });
      return { ok: true, value: undefined };
    },
    stopStream: async () => ({ ok: true, value: undefined }),
  } as unknown as BalanceDriver;
}

describe('batchline balance stream', () => {
  it('A11-08 --count N prints exactly N readings even when several arrive in one chunk', async () => {
    const out: string[] = [];
    const io: CliIo = { out: (l) => out.push(l), err: () => undefined, env: {} };
    const code = await stream(io, burstDriver(), { count: '4', json: true });
    expect(code).toBe(0);
    expect(out.map((l) => (JSON.parse(l) as { reading: { mass: { amount: string } } }).reading.mass.amount)).toEqual(['1.0000', '2.0000', '3.0000', '4.0000']);
  });
});
