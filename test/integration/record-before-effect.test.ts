/**
 * FR-137, the record first, then the effect (21 CFR 11.10(e), ALCOA+ contemporaneous): where
 * the station changes security- or record-relevant state it keeps in memory (a session's lock,
 * its unlock, its end, a balance check's readings), the ledger entry that records the change is
 * appended first. When the ledger refuses it (the clock set back behind the last entry:
 * LEDGER_TIME_BACKWARDS; the GMP gate), the state is left as it was and the caller gets the
 * ledger's typed error. Each test below failed before the fix (the effect came first).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, makeTestStation, type TestStation } from '../fakes/test-station.ts';
import { makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { err, unwrap, type Result } from '../../src-shared/result.ts';

const MINUTE = 60_000;

function codeOf(r: Result<unknown>): string {
  return r.ok ? 'ok' : r.error.code;
}

/** The station clock set back behind the last entry: every append is refused with LEDGER_TIME_BACKWARDS. */
function setBack(t: TestStation): void {
  t.clock.advance(-MINUTE);
}

describe('FR-137 the record first, then the effect: a refused append leaves the state as it was', () => {
  let t: TestStation | undefined;
  let d: DispensingStation | undefined;
  afterEach(() => {
    t?.cleanup();
    t = undefined;
    d?.close();
    d = undefined;
  });

  function session(): { sid: string; types: (type: string) => number } {
    t = makeTestStation();
    const sid = unwrap(t.auth.login('op.li', DEMO_PASSWORD)).sessionId;
    const station = t;
    return { sid, types: (type) => station.ledger.query({ types: [type], limit: 1_000 }).length };
  }

  it('P11-05 FR-137 an unlock the ledger refuses (clock set back) leaves the session locked and returns LEDGER_TIME_BACKWARDS', () => {
    const { sid, types } = session();
    unwrap(t!.auth.lock(sid));
    setBack(t!);
    const unlocked = t!.auth.unlock(sid, DEMO_PASSWORD);
    expect(codeOf(unlocked)).toBe('LEDGER_TIME_BACKWARDS');
    expect(types('session.unlocked')).toBe(0);
    expect(t!.auth.sessions.get(sid)?.locked).toBe(true);
    expect(codeOf(t!.auth.require(sid))).toBe('AUTH_SESSION_LOCKED');
    // The clock right again: the unlock is recorded, then done.
    t!.clock.advance(2 * MINUTE);
    expect(codeOf(t!.auth.unlock(sid, DEMO_PASSWORD))).toBe('ok');
    expect(types('session.unlocked')).toBe(1);
    expect(codeOf(t!.auth.require(sid))).toBe('ok');
  });

  it('P11-05 FR-137 an unlock the GMP gate refuses leaves the session locked and returns the gate\'s error', () => {
    const { sid, types } = session();
    unwrap(t!.auth.lock(sid));
    t!.ledger.setGate(() => err('STATION_INTEGRITY_FAILED', 'refused by the test gate'));
    expect(codeOf(t!.auth.unlock(sid, DEMO_PASSWORD))).toBe('STATION_INTEGRITY_FAILED');
    expect(types('session.unlocked')).toBe(0);
    expect(t!.auth.sessions.get(sid)?.locked).toBe(true);
  });

  it('P11-23 FR-137 a lock the ledger refuses fails closed: the session is locked all the same, its first signature void, and the caller gets LEDGER_TIME_BACKWARDS; the unlock waits for a recordable clock', () => {
    const { sid, types } = session();
    const seq = unwrap(t!.ledger.append([{ type: 'comment.recorded', actor: t!.userId('op.li'), batchRef: 'B-1', payload: { text: 'blend 12 min' } }]))[0]!.seq;
    unwrap(t!.signatures.sign({ sessionId: sid, targetSeq: seq, meaning: 'performed', password: DEMO_PASSWORD, username: 'op.li' }));
    setBack(t!);
    expect(codeOf(t!.auth.lock(sid))).toBe('LEDGER_TIME_BACKWARDS');
    expect(types('session.locked')).toBe(0);
    // Locked: the operator who locked and walked away left no open session.
    expect(t!.auth.sessions.get(sid)).toMatchObject({ locked: true, hasSigned: false });
    expect(codeOf(t!.auth.require(sid))).toBe('AUTH_SESSION_LOCKED');
    // The unlock is an effect that gives access: refused until it can be recorded.
    expect(codeOf(t!.auth.unlock(sid, DEMO_PASSWORD))).toBe('LEDGER_TIME_BACKWARDS');
    expect(t!.auth.sessions.get(sid)?.locked).toBe(true);
    t!.clock.advance(2 * MINUTE);
    expect(codeOf(t!.auth.unlock(sid, DEMO_PASSWORD))).toBe('ok');
    expect(types('session.unlocked')).toBe(1);
    expect(t!.auth.sessions.get(sid)).toMatchObject({ locked: false, hasSigned: false });
  });

  it('P11-05 P11-23 FR-137 an inactivity lock the ledger refuses: the call is refused with LEDGER_TIME_BACKWARDS, the session is not locked unrecorded, and the next call records the lock', () => {
    const { sid, types } = session();
    // The last entry at +30 min; the clock then set back to +20 min, past the 10-minute inactivity limit.
    t!.clock.advance(30 * MINUTE);
    unwrap(t!.ledger.append([{ type: 'comment.recorded', actor: null, batchRef: null, payload: { text: 'a later entry' } }]));
    t!.clock.advance(-10 * MINUTE);
    const required = t!.auth.require(sid);
    expect(codeOf(required)).toBe('LEDGER_TIME_BACKWARDS');
    expect(types('session.locked')).toBe(0);
    expect(t!.auth.sessions.get(sid)?.locked).toBe(false);
    // Still refused: nothing goes through while the lock cannot be recorded.
    expect(codeOf(t!.auth.require(sid))).toBe('LEDGER_TIME_BACKWARDS');
    t!.clock.advance(20 * MINUTE);
    expect(codeOf(t!.auth.require(sid))).toBe('AUTH_SESSION_LOCKED');
    expect(types('session.locked')).toBe(1);
  });

  it('P11-05 FR-137 a logout the ledger refuses fails closed: the session ends all the same and the caller gets LEDGER_TIME_BACKWARDS', () => {
    const { sid, types } = session();
    setBack(t!);
    expect(codeOf(t!.auth.logout(sid))).toBe('LEDGER_TIME_BACKWARDS');
    expect(types('session.logout')).toBe(0);
    expect(t!.auth.sessions.get(sid)).toBeUndefined();
    expect(codeOf(t!.auth.require(sid))).toBe('AUTH_SESSION_INVALID');
  });

  it('P11-31 FR-137 a failed login, an unknown user name or a lockout the ledger refuses: the caller gets LEDGER_TIME_BACKWARDS (not an exception), the account and its sessions as they were', () => {
    const { sid, types } = session();
    for (let i = 0; i < 4; i++) expect(codeOf(t!.auth.login('op.li', 'wrong password'))).toBe('AUTH_INVALID_CREDENTIALS');
    setBack(t!);
    const call = (f: () => Result<unknown>): string => {
      try {
        return codeOf(f());
      } catch (e) {
        return `threw: ${(e as Error).message}`;
      }
    };
    // The fifth failure would lock the account and end its sessions: nothing of it happens unrecorded.
    expect(call(() => t!.auth.login('op.li', 'wrong password'))).toBe('LEDGER_TIME_BACKWARDS');
    expect(call(() => t!.auth.login('nobody', 'wrong password'))).toBe('LEDGER_TIME_BACKWARDS');
    expect(types('user.locked')).toBe(0);
    expect(t!.users.byUsername('op.li')).toMatchObject({ status: 'active', failedAttempts: 4 });
    expect(t!.auth.sessions.get(sid)).toBeDefined();
    t!.clock.advance(2 * MINUTE);
    expect(call(() => t!.auth.login('op.li', 'wrong password'))).toBe('AUTH_ACCOUNT_LOCKED');
    expect(types('user.locked')).toBe(1);
    expect(t!.auth.sessions.get(sid)).toBeUndefined();
  });

  it('P11-11 FR-137 a periodic balance check the ledger refuses keeps its readings and returns LEDGER_TIME_BACKWARDS; recorded once the clock is right', async () => {
    d = await makeDispensingStation();
    const s = d.login('op.li');
    d.bench.clear('BAL-P01');
    d.bench.place('BAL-P01', { amount: '5000.00', unit: 'g' });
    const first = unwrap(await d.station.balanceChecks.readTestWeight(s, 'BAL-P01', 'F1 5 kg #P11'));
    expect(first.remaining).toEqual(['F1 500 g #P04']);
    d.bench.clear('BAL-P01');
    d.bench.place('BAL-P01', { amount: '500.00', unit: 'g' });
    d.clock.advance(-MINUTE);
    const refused = await d.station.balanceChecks.readTestWeight(s, 'BAL-P01', 'F1 500 g #P04');
    expect(codeOf(refused)).toBe('LEDGER_TIME_BACKWARDS');
    d.clock.advance(2 * MINUTE);
    // The 5 kg reading was kept: the last test weight again records the check.
    const again = unwrap(await d.station.balanceChecks.readTestWeight(s, 'BAL-P01', 'F1 500 g #P04'));
    expect(again.remaining).toEqual([]);
    expect(again.recorded?.passed).toBe(true);
  });
});
