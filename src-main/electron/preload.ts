/**
 * The only bridge between the sandboxed page and the station (contextBridge): `call` for the
 * Station API and `onLive` for live events. No ipcRenderer, no Node object ever reaches the
 * page; the main process checks the sender of every call anyway.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_KEY, IPC_CALL_CHANNEL, IPC_LIVE_CHANNEL, type CallEnvelope, type StationBridge } from '../../src-shared/api/bridge.ts';

const bridge: StationBridge = {
  call: (envelope: CallEnvelope) => ipcRenderer.invoke(IPC_CALL_CHANNEL, { method: envelope.method, input: envelope.input, sessionId: envelope.sessionId }),
  onLive(listener) {
    const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(IPC_LIVE_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(IPC_LIVE_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
