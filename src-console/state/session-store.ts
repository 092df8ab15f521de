/**
 * Who is signed in to the console. The bearer token lives in memory only (a reload asks for
 * the password again), never in localStorage where any script on the origin could read it.
 *
 * `generation` changes at every sign-in and sign-out; the shell keys everything the signed-in
 * person sees on it, so nothing on screen (an open batch, a half-filled dialog, a loaded list)
 * survives into the next person's session (issue 10 item 6: the QP who signed in after QA saw
 * QA's open batch page).
 */
import { create } from 'zustand';
import type { HubUserView } from '../../src-shared/quality/hub-admin-contract.ts';

export interface SessionState {
  token: string | null;
  me: HubUserView | null;
  /** Set when the hub refused the session (expired): shown on the login screen. */
  expired: boolean;
  generation: number;
  signIn(token: string, me: HubUserView): void;
  signOut(expired?: boolean): void;
}

export const useSession = create<SessionState>((set) => ({
  token: null,
  me: null,
  expired: false,
  generation: 0,
  signIn: (token, me) => set((s) => ({ token, me, expired: false, generation: s.generation + 1 })),
  signOut: (expired = false) => set((s) => ({ token: null, me: null, expired, generation: s.generation + 1 })),
}));

export function hasRole(me: HubUserView | null, ...roles: string[]): boolean {
  return !!me && me.roles.some((r) => roles.includes(r));
}
