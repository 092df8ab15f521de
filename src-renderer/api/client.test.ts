import { describe, expect, it, vi } from 'vitest';
import { createStationClient } from './client.ts';
import type { Transport } from './transport.ts';

function fakeTransport(answer: (method: string, input: unknown, session: string | null) => unknown): Transport & { sent: unknown[]; push(e: unknown): void } {
  const sent: unknown[] = [];
  let listener: (e: unknown) => void = () => undefined;
  return {
    kind: 'http',
    sent,
    async send(method, input, session) {
      sent.push({ method, input, session });
      return answer(method, input, session);
    },
    live(l) {
      listener = l;
      return () => undefined;
    },
    push: (e) => listener(e),
  };
}

describe('Station API client', () => {
  it('parses input before sending and answers before the station does', async () => {
    const t = fakeTransport(() => ({ ok: true, value: null }));
    const c = createStationClient(t);
    const r = await c.call('auth.login', { username: 'op.li' } as never);
    expect(!r.ok && r.error.code).toBe('INPUT_INVALID');
    expect(t.sent).toEqual([]);
  });

  it('sends the session and parses the answer with the contract', async () => {
    const t = fakeTransport((m) => (m === 'auth.lock' ? { ok: true, value: null } : { ok: true, value: { sessionId: 7 } }));
    const c = createStationClient(t, 'session-1');
    expect((await c.call('auth.lock', {})).ok).toBe(true);
    expect(t.sent[0]).toEqual({ method: 'auth.lock', input: {}, session: 'session-1' });
    const drifted = await c.call('auth.login', { username: 'a', password: 'b' });
    expect(!drifted.ok && drifted.error.code).toBe('API_RESPONSE_INVALID');
    const unknownCode = fakeTransport(() => ({ ok: false, error: { code: 'SOMETHING_NEW', message: 'x' } }));
    const r = await createStationClient(unknownCode).call('auth.lock', {});
    expect(!r.ok && r.error.code).toBe('API_RESPONSE_INVALID');
  });

  it('turns a transport failure into API_UNREACHABLE and reports every outcome', async () => {
    const t = fakeTransport(() => {
      throw new Error('connection refused');
    });
    const c = createStationClient(t);
    const seen = vi.fn();
    c.onOutcome(seen);
    const r = await c.call('station.info', {});
    expect(!r.ok && r.error.code).toBe('API_UNREACHABLE');
    expect(seen).toHaveBeenCalledWith('station.info', 'API_UNREACHABLE');
  });

  it('passes on only live events that parse', () => {
    const t = fakeTransport(() => null);
    const c = createStationClient(t);
    const got = vi.fn();
    c.live(got);
    t.push({ type: 'balance.reading', balanceId: 'BAL-A01', net: { amount: '1.0000', unit: 'g' }, stable: true, at: 1 });
    t.push({ type: 'balance.reading', balanceId: 'BAL-A01', net: { amount: '1.0000', unit: 'lb' }, stable: true, at: 1 });
    t.push('garbage');
    expect(got).toHaveBeenCalledTimes(1);
  });
});
