/**
 * Who is signed in to the console. The bearer token lives in memory only (a reload asks for
 * the password again), never in localStorage where any script on the origin could read it.
 */
import { create } from 'zustand';
import type { HubUserView } from '../../src-shared/quality/hub-admin-contract.ts';

export interface SessionState {
  token: string | null;
  me: HubUserView | null;
  /** Set when the hub refused the session (expired): shown on the login screen. */
  expired: boolean;
  signIn(token: string, me: HubUserView): void;
  signOut(expired?: boolean): void;
}

export const useSession = create<SessionState>((set) => ({
  token: null,
  me: null,
  expired: false,
  signIn: (token, me) => set({ token, me, expired: false }),
  signOut: (expired = false) => set({ token: null, me: null, expired }),
}));

export function hasRole(me: HubUserView | null, ...roles: string[]): boolean {
  return !!me && me.roles.some((r) => roles.includes(r));
}
