import { describe, expect, it } from 'vitest';
import { hostStatusFrames, hostStatusIdle, parseHostStatus } from './zpl-host-status.ts';
import { hostStatusReply } from './zpl-host-status.testkit.ts';

const parse = (b: Buffer) => {
  const { frames } = hostStatusFrames(b);
  return parseHostStatus(frames[0]!, frames[1]!);
};

describe('FR-145 Zebra ~HS host status', () => {
  it('FR-145 reads the three framed strings; a healthy idle printer has no fault and nothing queued', () => {
    const { frames, rest } = hostStatusFrames(hostStatusReply());
    expect(frames).toHaveLength(3);
    expect(rest.length).toBe(0);
    const s = parse(hostStatusReply());
    expect(s).toEqual({ ok: true, value: { faults: [], formatsInBuffer: 0, labelsRemaining: 0, partialFormat: false, bufferFull: false } });
    expect(s.ok && hostStatusIdle(s.value)).toBe(true);
  });

  it('FR-145 names each fault flag and the queued formats and labels', () => {
    const s = parse(hostStatusReply({ paperOut: true, paused: true, headUp: true, ribbonOut: true, formatsInBuffer: 2, labelsRemaining: 5 }));
    expect(s.ok && s.value).toMatchObject({ faults: ['paper-out', 'paused', 'head-up', 'ribbon-out'], formatsInBuffer: 2, labelsRemaining: 5 });
    expect(s.ok && hostStatusIdle(s.value)).toBe(false);
  });

  it('FR-145 a frame cut in two waits for the rest; an answer that is not ~HS is a typed protocol error', () => {
    const whole = hostStatusReply();
    const first = hostStatusFrames(whole.subarray(0, 10));
    expect(first.frames).toEqual([]);
    expect(hostStatusFrames(Buffer.concat([first.rest, whole.subarray(10)])).frames).toHaveLength(3);
    const r = parseHostStatus('030,X,0,0560,000,0,0,0,000,0,0,0', '001,0,0,0,0,2,6,0,00000000,1,000');
    expect(!r.ok && r.error.code).toBe('DEVICE_PROTOCOL_ERROR');
    expect(!parseHostStatus('a,b', 'c').ok).toBe(true);
  });
});
