/**
 * The Station API over IPC: one invoke channel, answered only for frames of our own app://
 * origin (Electron checklist: validate the sender of all IPC messages), every envelope parsed
 * before the dispatcher parses the input itself; and the live events pushed to the window.
 */
import type { IpcMainInvokeEvent } from 'electron';
import { z } from 'zod';
import { IPC_CALL_CHANNEL, IPC_LIVE_CHANNEL, IPC_LIVE_SESSION_CHANNEL } from '../../src-shared/api/bridge.ts';
import type { LiveEvent } from '../../src-shared/api/live-events.ts';
import { err, ok } from '../../src-shared/result.ts';
import type { ApiCall } from '../api/dispatch.ts';
import { isTrustedUrl } from './security.ts';

const Envelope = z.object({ method: z.string().max(100), input: z.unknown(), sessionId: z.string().min(1).max(200).nullable() }).strict();

export type InvokeHandler = (event: Pick<IpcMainInvokeEvent, 'senderFrame'>, envelope: unknown) => Promise<unknown>;

export function apiInvokeHandler(api: ApiCall, log: (m: string) => void = () => undefined): InvokeHandler {
  return async (event, envelope) => {
    const frameUrl = event.senderFrame?.url;
    if (!isTrustedUrl(frameUrl)) {
      log(`refused an API call from ${frameUrl ?? 'an unknown frame'}`);
      return err('API_SENDER_REFUSED', 'the station answers its own window only');
    }
    const parsed = Envelope.safeParse(envelope);
    if (!parsed.success) return err('INPUT_INVALID', 'malformed API call');
    return api(parsed.data.method, parsed.data.input, { sessionId: parsed.data.sessionId });
  };
}

export function registerApiIpc(ipcMain: { handle(channel: string, handler: InvokeHandler): void }, api: ApiCall, log?: (m: string) => void): void {
  ipcMain.handle(IPC_CALL_CHANNEL, apiInvokeHandler(api, log));
}

/** What the live feed needs of the station's sessions (AuthService). */
export interface LiveSessions {
  sessions: { get(sessionId: string): { locked: boolean } | undefined };
  require(sessionId: string): { ok: boolean };
}

/**
 * The window's live feed is bound to a session (issue 10 item 6), as the web server's WebSocket
 * feed is: the page names its session over IPC_LIVE_SESSION_CHANNEL (from our own frame only);
 * the name is accepted only for a session that passes `require` (logged in, unlocked, password
 * not pending) and every event re-checks that it still exists and is unlocked, so a logout or a
 * lock stops the readings at once and the next person sees nothing of the previous one's.
 */
export class LiveSessionBinding {
  private sessionId: string | null = null;

  constructor(private readonly auth: LiveSessions) {}

  bind(sessionId: string | null): boolean {
    this.sessionId = sessionId !== null && this.auth.sessions.get(sessionId) !== undefined && this.auth.require(sessionId).ok ? sessionId : null;
    return this.sessionId !== null;
  }

  /** May an event go to the window now? */
  allows(): boolean {
    if (this.sessionId === null) return false;
    const s = this.auth.sessions.get(this.sessionId);
    if (s === undefined || s.locked) {
      this.sessionId = null;
      return false;
    }
    return true;
  }
}

const LiveHello = z.object({ sessionId: z.string().min(1).max(200).nullable() }).strict();

/** The handler of IPC_LIVE_SESSION_CHANNEL: binds the feed to a session the page names. */
export function liveSessionHandler(binding: LiveSessionBinding, log: (m: string) => void = () => undefined): InvokeHandler {
  return async (event, message) => {
    const frameUrl = event.senderFrame?.url;
    if (!isTrustedUrl(frameUrl)) {
      log(`refused a live-feed binding from ${frameUrl ?? 'an unknown frame'}`);
      binding.bind(null);
      return err('API_SENDER_REFUSED', 'the station answers its own window only');
    }
    const parsed = LiveHello.safeParse(message);
    if (!parsed.success) {
      binding.bind(null);
      return err('INPUT_INVALID', 'malformed live-feed binding');
    }
    return binding.bind(parsed.data.sessionId) || parsed.data.sessionId === null ? ok(null) : err('AUTH_SESSION_INVALID', 'no active session to bind the live feed to');
  };
}

export function registerLiveIpc(ipcMain: { handle(channel: string, handler: InvokeHandler): void }, binding: LiveSessionBinding, log?: (m: string) => void): void {
  ipcMain.handle(IPC_LIVE_SESSION_CHANNEL, liveSessionHandler(binding, log));
}

/**
 * Sends live events to the window while it exists and while its bound session allows;
 * returns the unsubscribe function.
 */
export function forwardLive(
  subscribe: (f: (e: LiveEvent) => void) => () => void,
  contents: { send(channel: string, e: unknown): void; isDestroyed(): boolean },
  binding: Pick<LiveSessionBinding, 'allows'>,
): () => void {
  const off = subscribe((e) => {
    if (contents.isDestroyed()) off();
    else if (binding.allows()) contents.send(IPC_LIVE_CHANNEL, e);
  });
  return off;
}
