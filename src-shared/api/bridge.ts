/**
 * The one object the Electron preload exposes to the page through contextBridge (and nothing
 * else: no ipcRenderer, no Node). Web mode has no bridge; the renderer then uses HTTP and a
 * WebSocket to the same API. Channel names are shared so preload and main cannot disagree.
 */
export const BRIDGE_KEY = 'batchline';
export const IPC_CALL_CHANNEL = 'batchline:call';
export const IPC_LIVE_CHANNEL = 'batchline:live';
/** The page names the session its live feed belongs to (null: none); issue 10 item 6. */
export const IPC_LIVE_SESSION_CHANNEL = 'batchline:live-session';

export interface CallEnvelope {
  method: string;
  input: unknown;
  sessionId: string | null;
}

export interface StationBridge {
  /** Resolves with the Result as the main process answered it (parsed again by the client). */
  call(envelope: CallEnvelope): Promise<unknown>;
  /**
   * Live events (balance readings…) for the session `sessionId`; returns the unsubscribe
   * function. The main process forwards events only while that session is active and
   * unlocked, like the web server's WebSocket feed (issue 10 item 6).
   */
  onLive(listener: (event: unknown) => void, sessionId: string | null): () => void;
}
