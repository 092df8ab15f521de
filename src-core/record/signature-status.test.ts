import { describe, expect, it } from 'vitest';
import { invalidatedSignatures } from './signature-status.ts';

const e = (seq: number, type: string, payload: Record<string, unknown>, stationId = 'ST-1') => ({ stationId, seq, type, time: `2026-03-02T01:00:${String(seq).padStart(2, '0')}.000Z`, tzOffset: '+08:00', payload });
const sig = (seq: number, targetSeq: number, meaning: string, stationId = 'ST-1') => e(seq, 'signature.applied', { targetSeq, meaning }, stationId);
const fix = (seq: number, targetSeq: number, stationId = 'ST-1') => e(seq, 'correction.recorded', { targetSeq }, stationId);

describe('signature status (DI-13)', () => {
  it('DI-13 a correction of a signed entry invalidates the signatures given before it, not those given after', () => {
    const out = invalidatedSignatures([e(1, 'dispense.weighed', {}), sig(2, 1, 'performed'), sig(3, 1, 'verified'), fix(4, 1), sig(5, 1, 'performed')]);
    expect([...out.keys()]).toEqual(['ST-1#3']);
    expect(out.get('ST-1#3')).toEqual({ seq: 4, time: '2026-03-02T01:00:04.000Z', tzOffset: '+08:00' });
  });

  it('DI-13 a second correction needs a signature after the last one; other entries and other stations are untouched', () => {
    const out = invalidatedSignatures([sig(2, 1, 'performed'), fix(3, 1), sig(4, 1, 'performed'), fix(5, 1), sig(6, 9, 'performed'), fix(7, 1, 'ST-2'), sig(1, 1, 'performed', 'ST-2')]);
    expect([...out.keys()].sort()).toEqual(['ST-1#2', 'ST-1#4', 'ST-2#1']);
    expect(out.get('ST-1#2')?.seq).toBe(3);
    expect(out.get('ST-1#4')?.seq).toBe(5);
  });

  it('DI-13 a correction before the signature leaves it standing', () => {
    expect(invalidatedSignatures([fix(2, 1), sig(3, 1, 'performed')]).size).toBe(0);
  });
});
