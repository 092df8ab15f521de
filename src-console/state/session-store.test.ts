import { describe, expect, it } from 'vitest';
import { useSession } from './session-store.ts';

const qa = { userId: 'u1', username: 'qa.hub', printedName: 'Quinn Reviewer', roles: ['qa'], status: 'active', createdAt: '2026-03-02T08:00:00.000Z' };
const qp = { ...qa, userId: 'u2', username: 'qp.hub', printedName: 'Dr. Petra Qualified', roles: ['qp'] };

describe('console session', () => {
  it('signing out forgets the previous person and starts a new screen generation for the next', () => {
    const s = useSession.getState();
    s.signIn('token-of-qa-0123456789', qa);
    const qaGeneration = useSession.getState().generation;
    useSession.getState().signOut();
    expect(useSession.getState()).toMatchObject({ token: null, me: null, expired: false });
    expect(useSession.getState().generation).not.toBe(qaGeneration);
    useSession.getState().signIn('token-of-qp-0123456789', qp);
    expect(useSession.getState().generation).not.toBe(qaGeneration);
    expect(useSession.getState().me?.username).toBe('qp.hub');
    // an expired session counts as a sign-out too
    const before = useSession.getState().generation;
    useSession.getState().signOut(true);
    expect(useSession.getState()).toMatchObject({ token: null, me: null, expired: true });
    expect(useSession.getState().generation).not.toBe(before);
  });
});
