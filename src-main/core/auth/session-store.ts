/**
 * Live sessions of this station process. Deliberately in memory: a restart ends every
 * session (each login, lock and logout is in the ledger; the session itself is not a record).
 */
export interface Session {
  sessionId: string;
  userId: string;
  startedAt: number;
  lastActivityAt: number;
  locked: boolean;
  /** 21 CFR 11.200(a)(1): after the first signing in a session, the password alone suffices. */
  hasSigned: boolean;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  add(session: Session): void {
    this.sessions.set(session.sessionId, session);
  }

  get(sessionId: string): Session | undefined {
    return this.sessions.get(sessionId);
  }

  remove(sessionId: string): void {
    this.sessions.delete(sessionId);
  }

  forUser(userId: string): Session[] {
    return [...this.sessions.values()].filter((s) => s.userId === userId);
  }
}
