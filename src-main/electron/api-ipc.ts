/**
 * The Station API over IPC: one invoke channel, answered only for frames of our own app://
 * origin (Electron checklist: validate the sender of all IPC messages), every envelope parsed
 * before the dispatcher parses the input itself; and the live events pushed to the window.
 */
import type { IpcMainInvokeEvent } from 'electron';
import { z } from 'zod';
import { IPC_CALL_CHANNEL, IPC_LIVE_CHANNEL } from '../../src-shared/api/bridge.ts';
import type { LiveEvent } from '../../src-shared/api/live-events.ts';
import { err } from '../../src-shared/result.ts';
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

/** Sends live events to the window while it exists; returns the unsubscribe function. */
export function forwardLive(subscribe: (f: (e: LiveEvent) => void) => () => void, contents: { send(channel: string, e: unknown): void; isDestroyed(): boolean }): () => void {
  const off = subscribe((e) => {
    if (contents.isDestroyed()) off();
    else contents.send(IPC_LIVE_CHANNEL, e);
  });
  return off;
}
