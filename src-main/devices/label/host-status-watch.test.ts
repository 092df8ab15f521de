import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../../src-shared/result.ts';
import { HostStatusWatch, type PrintDelivery } from './host-status-watch.ts';
import { hostStatusReply } from './zpl-host-status.testkit.ts';

/** A watch over a fake link: what it wrote, and its one outcome. */
function watch(o: { silentMs?: number; statusTimeoutMs?: number } = {}) {
  const writes: string[] = [];
  const outcomes: Result<PrintDelivery>[] = [];
  const w = new HostStatusWatch({ printer: 'tcp://printer:9100', statusTimeoutMs: o.statusTimeoutMs ?? 15_000, statusPollMs: 250, ...(o.silentMs === undefined ? {} : { silentMs: o.silentMs }), write: (q) => writes.push(q), done: (r) => outcomes.push(r) });
  return { w, writes, outcomes };
}

describe('FR-145 the host status watch (review, session 14)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('FR-145 a printer silent after the query counts as sent within seconds, not after the whole status bound', () => {
    const { w, outcomes } = watch();
    w.start();
    vi.advanceTimersByTime(2_999);
    expect(outcomes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(outcomes).toEqual([{ ok: true, value: { confirmation: 'sent' } }]);
    vi.advanceTimersByTime(20_000);
    expect(outcomes).toHaveLength(1);
  });

  it('FR-145 a status the printer sent before the job was handed over is no answer: idle frames fed before start do not count as printed', () => {
    const { w, writes, outcomes } = watch();
    w.feed(hostStatusReply());
    expect(outcomes).toEqual([]);
    w.start();
    expect(writes).toEqual(['~HS']);
    expect(outcomes).toEqual([]);
    // The answer to this job's query does.
    w.feed(hostStatusReply());
    expect(outcomes).toEqual([{ ok: true, value: { confirmation: 'status' } }]);
  });

  it('FR-145 a frame that never ends is refused once it passes 1 KiB (typed, outcome unknown), not held until the bound', () => {
    const { w, outcomes } = watch();
    w.start();
    w.feed(Buffer.concat([Buffer.from([0x02]), Buffer.alloc(600, 0x41)]));
    expect(outcomes).toEqual([]);
    w.feed(Buffer.alloc(600, 0x41));
    expect(outcomes).toHaveLength(1);
    const r = outcomes[0]!;
    expect(!r.ok && r.error.code).toBe('DEVICE_PROTOCOL_ERROR');
    expect(!r.ok && r.error.details?.delivered).toBe('unknown');
  });
});
