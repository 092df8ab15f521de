/**
 * Issue 18 item 5 at the driver: a reading is current for the freshness window only. The
 * driver never hands out an older one as the weight now (READING_STALE), and a running stream
 * that falls silent is reported stale within the window, fresh again at its next line.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BalanceEvent } from '../../src-main/devices/balance/balance-driver.ts';
import { createMtSicsCodec } from '../../src-main/devices/balance/mt-sics.codec.ts';
import { ProtocolBalanceDriver } from '../../src-main/devices/balance/protocol-balance-driver.ts';
import { unwrap } from '../../src-shared/result.ts';
import { scriptedLine } from './scripted-line.ts';

const drivers: ProtocolBalanceDriver[] = [];
afterEach(async () => {
  for (const d of drivers.splice(0)) await d.disconnect();
});

function mtSics(line: ReturnType<typeof scriptedLine>, freshnessMs: number) {
  const d = new ProtocolBalanceDriver(createMtSicsCodec(), line.transport, { lineEnding: 'CRLF' }, { commandTimeoutMs: 3000, stableTimeoutMs: 3000, streamSilenceMs: 10_000, freshnessMs });
  const events: { at: number; e: BalanceEvent }[] = [];
  d.on((e) => events.push({ at: Date.now(), e }));
  drivers.push(d);
  return { d, events };
}

describe('balance driver freshness', () => {
  it('D25-05 a reading that waited past the window is refused with READING_STALE, never returned as current', async () => {
    // SI is answered at once; the stream restart after it (SIR) is held by the port for 400 ms
    // (flow control), so the answer is 400 ms old by the time the exchange ends.
    const line = scriptedLine(
      (c, reply) => (c === 'SI' ? reply('S S      1.0000 g\r\n') : undefined),
      (text) => (text.startsWith('SIR') ? 400 : 0),
    );
    const { d } = mtSics(line, 250);
    unwrap(await d.connect());
    unwrap(await d.startStream());
    const r = await d.readImmediate();
    expect(r.ok ? `current ${r.value.mass.amount}` : r.error.code).toBe('READING_STALE');
    expect(!r.ok && r.error.details).toMatchObject({ freshnessMs: 250 });
  });

  it('D25-05 the same exchange inside the window returns the reading', async () => {
    const line = scriptedLine((c, reply) => (c === 'SI' ? reply('S S      1.0000 g\r\n') : undefined));
    const { d } = mtSics(line, 250);
    unwrap(await d.connect());
    unwrap(await d.startStream());
    expect(unwrap(await d.readImmediate()).mass.amount).toBe('1.0000');
  });

  it('D25-05 a stream silent for the window is stale at once, and fresh again at its next line', async () => {
    const line = scriptedLine();
    const { d, events } = mtSics(line, 300);
    unwrap(await d.connect());
    unwrap(await d.startStream());
    const ticker = setInterval(() => line.send('S D      3.1000 g\r\n'), 50);
    await new Promise((r) => setTimeout(r, 200));
    clearInterval(ticker);
    const stoppedAt = Date.now();
    await new Promise((r) => setTimeout(r, 600));
    const stale = events.find(({ e }) => e.type === 'stale');
    expect(stale, JSON.stringify(events.map(({ e }) => e.type))).toBeDefined();
    expect(stale!.at - stoppedAt).toBeLessThan(300 + 150);
    expect(events.filter(({ e }) => e.type === 'stale')).toHaveLength(1);
    expect(d.state).toBe('connected'); // the port is still open; only the balance went quiet
    line.send('S S      3.1000 g\r\n');
    await new Promise((r) => setTimeout(r, 20));
    expect(events.at(-1)?.e.type === 'fresh' || events.some(({ e, at }) => e.type === 'fresh' && at > stale!.at)).toBe(true);
  });
});
