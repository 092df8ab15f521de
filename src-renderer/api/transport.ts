/**
 * How the renderer reaches the station: the Electron bridge when the preload exposed one,
 * otherwise HTTP + WebSocket to the web-mode server that served this page.
 */
import { BRIDGE_KEY, type StationBridge } from '../../src-shared/api/bridge.ts';

export interface Transport {
  readonly kind: 'ipc' | 'http';
  /** Sends one call; resolves with the raw Result JSON, or rejects when the station is unreachable. */
  send(method: string, input: unknown, sessionId: string | null): Promise<unknown>;
  /** Live events as raw JSON; returns the unsubscribe function. */
  /** Live events for the current session (`sessionId`); the web server closes a feed without one. */
  live(listener: (raw: unknown) => void, sessionId?: () => string | null): () => void;
}

export function ipcTransport(bridge: StationBridge): Transport {
  return {
    kind: 'ipc',
    send: (method, input, sessionId) => bridge.call({ method, input, sessionId }),
    // The session is named once per subscription; the app re-subscribes for each session.
    live: (listener, sessionId) => bridge.onLive(listener, sessionId?.() ?? null),
  };
}

export function httpTransport(base: string = window.location.origin): Transport {
  return {
    kind: 'http',
    async send(method, input, sessionId) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (sessionId) headers['x-batchline-session'] = sessionId;
      const res = await fetch(`${base}/api/${encodeURIComponent(method)}`, { method: 'POST', headers, body: JSON.stringify({ input }) });
      return res.json();
    },
    live(listener, sessionId) {
      return reconnectingSocket(`${base.replace(/^http/, 'ws')}/live`, listener, sessionId ?? (() => null));
    },
  };
}

/** The readings socket reconnects by itself (a station restart, a kiosk waking up). */
function reconnectingSocket(url: string, listener: (raw: unknown) => void, sessionId: () => string | null): () => void {
  let socket: WebSocket | null = null;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const open = () => {
    const ws = new WebSocket(url);
    socket = ws;
    // The first message names the session the feed belongs to (no session, no feed).
    ws.onopen = () => ws.send(JSON.stringify({ session: sessionId() }));
    socket.onmessage = (m) => {
      try {
        listener(JSON.parse(String(m.data)));
      } catch {
        // not JSON: ignored like any other malformed input
      }
    };
    socket.onclose = () => {
      if (!stopped) timer = setTimeout(open, 1000);
    };
  };
  open();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    socket?.close();
  };
}

export function pickTransport(): Transport {
  const bridge = (window as unknown as Record<string, StationBridge | undefined>)[BRIDGE_KEY];
  return bridge ? ipcTransport(bridge) : httpTransport();
}
