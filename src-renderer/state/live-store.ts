/** Live balance readings and state, fed by the live channel (WebSocket or IPC). */
import { create } from 'zustand';
import type { LiveEvent } from '../../src-shared/api/live-events.ts';

export interface LiveBalance {
  net: { amount: string; unit: 'mg' | 'g' | 'kg' } | null;
  stable: boolean;
  at: number;
  state: 'idle' | 'connected' | 'reconnecting' | 'closed';
  status: 'overload' | 'underload' | null;
}

export interface LiveState {
  balances: Record<string, LiveBalance>;
  lastScan: { scannerId: string; data: string; at: number } | null;
  apply(event: LiveEvent): void;
  /** Forget everything seen (sign-out: the next user starts from nothing). */
  reset(): void;
}

const EMPTY: LiveBalance = { net: null, stable: false, at: 0, state: 'idle', status: null };

export const useLive = create<LiveState>()((set) => ({
  balances: {},
  lastScan: null,
  reset() {
    set({ balances: {}, lastScan: null });
  },
  apply(e) {
    set((s) => {
      switch (e.type) {
        case 'balance.reading':
          return { balances: { ...s.balances, [e.balanceId]: { ...(s.balances[e.balanceId] ?? EMPTY), net: e.net, stable: e.stable, at: e.at, state: 'connected', status: null } } };
        case 'balance.state':
          return { balances: { ...s.balances, [e.balanceId]: { ...(s.balances[e.balanceId] ?? EMPTY), state: e.state } } };
        case 'balance.status':
          return { balances: { ...s.balances, [e.balanceId]: { ...(s.balances[e.balanceId] ?? EMPTY), status: e.status, stable: false } } };
        case 'scanner.scan':
          return { lastScan: { scannerId: e.scannerId, data: e.data, at: Date.now() } };
        case 'session.locked':
          return {};
      }
    });
  },
}));
