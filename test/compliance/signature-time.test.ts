/**
 * Signature time comes from the station's clock, never from the caller (COMPLIANCE A11-24,
 * DI-03): the signature entry records the clock's UTC time and offset, and a time sent along
 * with a signing command is not carried into the record.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EngineCommandSchema } from '../../src-shared/orders/engine-command.ts';
import { unwrap } from '../../src-shared/result.ts';
import { makeTestStation, DEMO_PASSWORD, type TestStation } from '../fakes/test-station.ts';

let t: TestStation;
afterEach(() => t?.cleanup());

describe('signature time', () => {
  it('A11-24 DI-03 a signature carries the station clock time in UTC with its offset, and the entry the same time', () => {
    t = makeTestStation();
    t.clock.advance(90 * 60_000);
    const session = unwrap(t.auth.login('op.li', DEMO_PASSWORD)).sessionId;
    t.clock.advance(1234);
    const signed = unwrap(t.signatures.sign({ sessionId: session, targetSeq: 1, meaning: 'performed', password: DEMO_PASSWORD, username: 'op.li' }));
    const p = signed.payload as { signedAt: string; tzOffset: string };
    expect(p.signedAt).toBe(t.clock.now().toISOString());
    expect(p.signedAt).toBe('2026-03-02T02:30:01.234Z');
    expect(p.tzOffset).toBe(t.clock.tzOffset(t.clock.now()));
    expect(p.tzOffset).toMatch(/^[+-]\d\d:\d\d$/);
    expect(signed.time).toBe(p.signedAt);
  });

  it('A11-24 DI-03 a time sent with a signing command is dropped before the engine sees it', () => {
    const sent = { type: 'sign', meaning: 'performed', password: 'Whatever-pass-1', signedAt: '2001-01-01T00:00:00.000Z', time: '2001-01-01T00:00:00.000Z' };
    const parsed = EngineCommandSchema.safeParse(sent);
    expect(parsed.success && ('signedAt' in parsed.data || 'time' in parsed.data)).toBe(false);
  });
});
