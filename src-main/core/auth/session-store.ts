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
  /**
   * The newest ledger entry this session's state rests on (its login, its first signature, an
   * unlock), by seq and hash (FR-137). Entry n with its hash in the ledger binds every entry
   * before it, so one check covers them all.
   */
  basis?: { seq: number; hash: string };
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  /**
   * `recorded`: whether an entry is in the ledger as it was written. FR-137: a login, signature
   * or unlock appended inside an outer transaction of the station's connection that then rolled
   * back would leave a session (or its "already signed", or its unlock) with no record behind
   * it; such a session is ended at its next use, and the person logs in again.
   */
  constructor(private readonly recorded: (entry: { seq: number; hash: string }) => boolean = () => true) {}

  add(session: Session): void {
    this.sessions.set(session.sessionId, session);
  }

  get(sessionId: string): Session | undefined {
    const s = this.sessions.get(sessionId);
    if (s?.basis && !this.recorded(s.basis)) {
      this.sessions.delete(sessionId);
      return undefined;
    }
    return s;
  }

  /** The session's state now rests on `entry` (just appended for it). */
  restsOn(session: Session, entry: { seq: number; hash: string }): void {
    session.basis = { seq: entry.seq, hash: entry.hash };
  }

  remove(sessionId: string): void {
    this.sessions.delete(sessionId);
  }

  forUser(userId: string): Session[] {
    return [...this.sessions.values()].filter((s) => s.userId === userId && this.get(s.sessionId) !== undefined);
  }
}
