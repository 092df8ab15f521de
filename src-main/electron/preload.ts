/**
 * The only bridge between the sandboxed page and the station (contextBridge): `call` for the
 * Station API and `onLive` for live events. No ipcRenderer, no Node object ever reaches the
 * page; the main process checks the sender of every call anyway.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_KEY, IPC_CALL_CHANNEL, IPC_LIVE_CHANNEL, IPC_LIVE_SESSION_CHANNEL, type CallEnvelope, type StationBridge } from '../../src-shared/api/bridge.ts';

const bridge: StationBridge = {
  call: (envelope: CallEnvelope) => ipcRenderer.invoke(IPC_CALL_CHANNEL, { method: envelope.method, input: envelope.input, sessionId: envelope.sessionId }),
  onLive(listener, sessionId) {
    const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    // The feed belongs to this session: the main process checks it at every event.
    void ipcRenderer.invoke(IPC_LIVE_SESSION_CHANNEL, { sessionId: typeof sessionId === 'string' ? sessionId : null });
    ipcRenderer.on(IPC_LIVE_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(IPC_LIVE_CHANNEL, handler);
      void ipcRenderer.invoke(IPC_LIVE_SESSION_CHANNEL, { sessionId: null });
    };
  },
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
