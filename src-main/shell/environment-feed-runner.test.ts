import { describe, expect, it } from 'vitest';
import type { Station } from '../compose.ts';
import { environmentFeedRunner } from './environment-feed-runner.ts';

/** Just what the runner reads of a station: no booths, a clock, a gate that takes nothing. */
const station = {
  stationId: 'ST-FEED',
  masterData: { reader: { list: () => [] } },
  clock: { now: () => new Date() },
  environment: { observe: () => ({ ok: false, error: { code: 'ENV_ROOM_UNKNOWN', message: '' } }) },
} as unknown as Station;

// Port 9 on loopback: nothing listens, so a client made here only retries; none may be left.
const setting = { url: 'mqtt://127.0.0.1:9', reconnectSeconds: 60 };

describe('environmentFeedRunner', () => {
  it('D25-05 a close while a feed is being applied leaves no feed behind (no MQTT client after the station stopped)', async () => {
    const runner = environmentFeedRunner(station, () => undefined);
    const applying = runner.apply(setting);
    await runner.close();
    await applying;
    expect(runner.status()).toBeNull();
  });

  it('D25-05 a feed applied runs until close, and close ends it', async () => {
    const runner = environmentFeedRunner(station, () => undefined);
    await runner.apply(setting);
    expect(runner.status()).not.toBeNull();
    await runner.close();
    expect(runner.status()).toBeNull();
  });
});
