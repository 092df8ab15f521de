/**
 * The screen's state (zustand): who is logged in, whether the station is locked, which screen
 * shows, and the client that talks to the station. Nothing here is a record: every fact the
 * station keeps lives in the ledger and is fetched through the API.
 */
import { create } from 'zustand';
import type { StationInfo } from '../../src-shared/api/station.contract.ts';
import type { SessionUser } from '../../src-shared/api/auth.contract.ts';
import type { StationClient } from '../api/client.ts';
import { InvariantViolation } from '../../src-shared/result.ts';
import { useLive } from './live-store.ts';
import { useScans } from '../scanner/scan-store.ts';

export type ScreenName = 'queue' | 'record' | 'audit' | 'devices' | 'users' | 'settings' | 'account';

export interface SessionInfo {
  sessionId: string;
  user: SessionUser;
  passwordChangeRequired: boolean;
}

export interface AppState {
  client: StationClient | null;
  info: StationInfo | null;
  session: SessionInfo | null;
  locked: boolean;
  unreachable: boolean;
  screen: ScreenName;
  /** Keyboard-wedge timing from the station settings (null: the detector's default). */
  wedgeMaxInterKeyMs: number | null;
  /** D25-03: signing.mfa is on: every signing dialog asks for the one-time code. */
  signingMfa: boolean;
  /** P11-13: false until the user signed the e-signature acknowledgement (null: not known yet). */
  esigAcknowledged: boolean | null;
  /** The order open on the work-queue screen (kept across a lock and unlock). */
  activeBatch: string | null;
  setActiveBatch(batch: string | null): void;
  loggedIn(session: SessionInfo): void;
  loggedOut(): void;
  setLocked(locked: boolean): void;
  setScreen(screen: ScreenName): void;
}

const SESSION_KEY = 'batchline.session';

export const useApp = create<AppState>()((set, get) => ({
  client: null,
  info: null,
  session: null,
  locked: false,
  unreachable: false,
  screen: 'devices',
  wedgeMaxInterKeyMs: null,
  signingMfa: false,
  esigAcknowledged: null,
  activeBatch: null,
  setActiveBatch(activeBatch) {
    set({ activeBatch });
  },
  loggedIn(session) {
    get().client?.setSession(session.sessionId);
    globalThis.sessionStorage?.setItem(SESSION_KEY, session.sessionId);
    set({ session, locked: false, screen: homeScreen(session.user.roles) });
  },
  // Signing out clears everything the previous user had on screen (issue 10 item 6): the open
  // order, the screen, the last readings and scans; the next user starts from nothing.
  loggedOut() {
    get().client?.setSession(null);
    globalThis.sessionStorage?.removeItem(SESSION_KEY);
    set({ session: null, locked: false, activeBatch: null, screen: 'devices', wedgeMaxInterKeyMs: null, signingMfa: false, esigAcknowledged: null });
    useLive.getState().reset();
    useScans.setState({ ignored: null });
  },
  setLocked(locked) {
    set({ locked });
  },
  setScreen(screen) {
    set({ screen });
  },
}));

export function storedSessionId(): string | null {
  return globalThis.sessionStorage?.getItem(SESSION_KEY) ?? null;
}

/** Where each role starts: operators at their work, QA at the audit trail, admins at users. */
export function homeScreen(roles: readonly string[]): ScreenName {
  if (roles.includes('operator') || roles.includes('supervisor')) return 'queue';
  if (roles.includes('qa') || roles.includes('qp')) return 'audit';
  if (roles.includes('admin')) return 'users';
  return 'devices';
}

/** The screens a role may open (the station checks again on every call). */
export function screensFor(roles: readonly string[]): ScreenName[] {
  const has = (...r: string[]) => r.some((x) => roles.includes(x));
  const out: ScreenName[] = [];
  if (has('operator', 'supervisor')) out.push('queue');
  if (has('operator', 'supervisor', 'qa', 'qp')) out.push('record');
  if (has('supervisor', 'qa', 'qp', 'admin')) out.push('audit');
  out.push('devices');
  if (has('admin', 'qa')) out.push('users');
  // Admins propose setting changes; QA and supervisors approve them (A11-17).
  if (has('admin', 'qa', 'supervisor')) out.push('settings');
  out.push('account');
  return out;
}

/** The client, once main.tsx has made it. */
export function client(): StationClient {
  const c = useApp.getState().client;
  if (!c) throw new InvariantViolation('the station client is not ready');
  return c;
}
