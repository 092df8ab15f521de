/** Live balance readings and state, and the alarms' change notices, fed by the live channel (WebSocket or IPC). */
import { create } from 'zustand';
import type { LiveEvent } from '../../src-shared/api/live-events.ts';

export interface LiveBalance {
  net: { amount: string; unit: 'mg' | 'g' | 'kg' } | null;
  stable: boolean;
  at: number;
  /** This screen's clock (ms) when the reading arrived: its age is measured here, not at the station. */
  receivedAt: number;
  /** How long the reading may be shown as current (the station's freshness window). */
  freshForMs: number;
  state: 'idle' | 'connected' | 'reconnecting' | 'closed';
  status: 'overload' | 'underload' | null;
  /** FR-144: the last key tare or zero the station saw on this balance, with this screen's time. */
  keyTare: { before: NonNullable<LiveBalance['net']>; after: NonNullable<LiveBalance['net']>; receivedAt: number } | null;
}

export interface LiveState {
  balances: Record<string, LiveBalance>;
  lastScan: { scannerId: string; data: string; at: number } | null;
  /** How many times the station said its alarms changed (FR-131): screens showing them read them again on each. */
  alarmsChanged: number;
  apply(event: LiveEvent): void;
  /** Forget everything seen (sign-out: the next user starts from nothing). */
  reset(): void;
}

/** Used when the station does not say (an older station): the driver's default window. */
export const DEFAULT_FRESH_FOR_MS = 800;

const EMPTY: LiveBalance = { net: null, stable: false, at: 0, receivedAt: 0, freshForMs: DEFAULT_FRESH_FOR_MS, state: 'idle', status: null, keyTare: null };

export const useLive = create<LiveState>()((set) => ({
  balances: {},
  lastScan: null,
  alarmsChanged: 0,
  reset() {
    set({ balances: {}, lastScan: null });
  },
  apply(e) {
    set((s) => {
      switch (e.type) {
        case 'balance.reading': {
          const reading = { net: e.net, stable: e.stable, at: e.at, receivedAt: Date.now(), freshForMs: e.freshForMs ?? DEFAULT_FRESH_FOR_MS };
          return { balances: { ...s.balances, [e.balanceId]: { ...(s.balances[e.balanceId] ?? EMPTY), ...reading, state: 'connected', status: null } } };
        }
        case 'balance.state': {
          // A balance that is not connected has no current weight: its last one is dropped, not kept on screen.
          const gone = e.state === 'connected' ? {} : { net: null, stable: false };
          return { balances: { ...s.balances, [e.balanceId]: { ...(s.balances[e.balanceId] ?? EMPTY), state: e.state, ...gone } } };
        }
        case 'balance.status':
          return { balances: { ...s.balances, [e.balanceId]: { ...(s.balances[e.balanceId] ?? EMPTY), status: e.status, stable: false } } };
        case 'balance.key_tare':
          return { balances: { ...s.balances, [e.balanceId]: { ...(s.balances[e.balanceId] ?? EMPTY), keyTare: { before: e.before, after: e.after, receivedAt: Date.now() } } } };
        case 'scanner.scan':
          return { lastScan: { scannerId: e.scannerId, data: e.data, at: Date.now() } };
        case 'alarms.changed':
          return { alarmsChanged: s.alarmsChanged + 1 };
        case 'session.locked':
          return {};
      }
    });
  },
}));
