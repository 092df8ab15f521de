/**
 * Issue 10 item 6: the Electron IPC live feed is bound to a session, as the web WebSocket feed
 * is. The binding logic runs in Node against the station's real AuthService (no Electron): a
 * window that names no session, someone else's or a locked one receives nothing, and a logout
 * or a lock stops the readings at once. Row P11-05 (system access limited to authorised
 * individuals, session checked in the main process).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { IPC_LIVE_CHANNEL } from '../../src-shared/api/bridge.ts';
import type { LiveEvent } from '../../src-shared/api/live-events.ts';
import { unwrap } from '../../src-shared/result.ts';
import { forwardLive, liveSessionHandler, LiveSessionBinding } from '../../src-main/electron/api-ipc.ts';
import { makeTestStation, type TestStation } from '../fakes/test-station.ts';

let t: TestStation;
afterEach(() => t?.cleanup());

function harness() {
  t = makeTestStation();
  const listeners = new Set<(e: LiveEvent) => void>();
  const sent: unknown[] = [];
  const binding = new LiveSessionBinding(t.auth);
  const contents = { send: (channel: string, e: unknown) => channel === IPC_LIVE_CHANNEL && sent.push(e), isDestroyed: () => false };
  forwardLive((f) => {
    listeners.add(f);
    return () => listeners.delete(f);
  }, contents, binding);
  let n = 0;
  const emit = () => {
    const e = { type: 'scanner.scan', data: { raw: `SCAN-${++n}` } } as unknown as LiveEvent;
    for (const l of listeners) l(e);
  };
  const handle = liveSessionHandler(binding);
  const from = (url: string) => ({ senderFrame: { url } as never });
  return { binding, sent, emit, handle, from };
}

describe('the IPC live feed is bound to a session', () => {
  it('P11-05 a window that names no session, an unknown one or a locked one receives no live event', async () => {
    const h = harness();
    h.emit();
    expect(h.sent).toHaveLength(0);
    const r = (await h.handle(h.from('app://station/index.html'), { sessionId: 'made-up-session-id' })) as { ok: boolean; error?: { code: string } };
    expect(r.error?.code).toBe('AUTH_SESSION_INVALID');
    h.emit();
    expect(h.sent).toHaveLength(0);

    const qa = unwrap(t.auth.login('qa.chen', 'Batchline-demo-1'));
    unwrap(t.auth.lock(qa.sessionId));
    expect(((await h.handle(h.from('app://station/index.html'), { sessionId: qa.sessionId })) as { ok: boolean }).ok).toBe(false);
    h.emit();
    expect(h.sent).toHaveLength(0);
  });

  it('P11-05 events flow only while the bound session is active: a lock or a logout stops them at once, and the next user starts from nothing', async () => {
    const h = harness();
    const op = unwrap(t.auth.login('op.li', 'Batchline-demo-1'));
    expect(((await h.handle(h.from('app://station/index.html'), { sessionId: op.sessionId })) as { ok: boolean }).ok).toBe(true);
    h.emit();
    expect(h.sent).toHaveLength(1);
    unwrap(t.auth.lock(op.sessionId));
    h.emit();
    expect(h.sent).toHaveLength(1);
    // Unlocking does not re-open the feed by itself: the page names its session again.
    unwrap(t.auth.unlock(op.sessionId, 'Batchline-demo-1'));
    h.emit();
    expect(h.sent).toHaveLength(1);
    await h.handle(h.from('app://station/index.html'), { sessionId: op.sessionId });
    h.emit();
    expect(h.sent).toHaveLength(2);
    unwrap(t.auth.logout(op.sessionId));
    h.emit();
    expect(h.sent).toHaveLength(2);
  });

  it('P11-05 A11-19 only our own frame can bind the feed, with a well-formed message', async () => {
    const h = harness();
    const op = unwrap(t.auth.login('op.li', 'Batchline-demo-1'));
    for (const url of ['https://evil.example/', 'app://other/index.html']) {
      const r = (await h.handle(h.from(url), { sessionId: op.sessionId })) as { error?: { code: string } };
      expect(r.error?.code, url).toBe('API_SENDER_REFUSED');
    }
    const bad = (await h.handle(h.from('app://station/'), { sessionId: op.sessionId, extra: 1 })) as { error?: { code: string } };
    expect(bad.error?.code).toBe('INPUT_INVALID');
    h.emit();
    expect(h.sent).toHaveLength(0);
  });
});
