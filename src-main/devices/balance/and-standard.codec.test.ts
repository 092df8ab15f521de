import { describe, expect, it } from 'vitest';
import { createAndCodec } from './and-standard.codec.ts';
import { unwrap } from '../../../src-shared/result.ts';

describe('A&D standard codec', () => {
  it('encodes commands; control commands wait for <AK> only when the balance acknowledges', () => {
    const ak = createAndCodec({ acknowledge: true });
    const silent = createAndCodec({ acknowledge: false });
    expect(unwrap(ak.encode({ type: 'read-immediate' })).text).toBe('Q');
    expect(unwrap(ak.encode({ type: 'read-stable' })).text).toBe('S');
    expect(unwrap(ak.encode({ type: 'stream-start' })).text).toBe('SIR');
    expect(unwrap(ak.encode({ type: 'tare' })).reply).toEqual({ type: 'next', kinds: ['ack', 'device-error'] });
    expect(unwrap(silent.encode({ type: 'tare' })).reply).toEqual({ type: 'none' });
    expect(unwrap(ak.encode({ type: 'tare-preset', mass: { amount: '10.5', unit: 'g' } })).text).toBe('PT:+000010.5  g');
    expect(unwrap(ak.encode({ type: 'identify', item: 'serial' }))).toEqual({ text: '?SN', reply: { type: 'ids', ids: ['SN'] } });
    const r = ak.encode({ type: 'tare-preset', mass: { amount: '123456.789', unit: 'g' } });
    expect(r.ok ? 'ok' : r.error.code).toBe('INPUT_INVALID');
  });
});
