/**
 * An auditor's afternoon, item 6 (station half): QA reads a session token in the audit trail
 * and replays it; someone else on the PC reads the station's files. Rows P11-05 (access limited
 * to authorised individuals), P11-15 / A11-19 (data at rest), DI-11.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { makeTestStation, type TestStation } from '../fakes/test-station.ts';
import { loadOrCreateStationSecret } from '../../src-main/station-secret.ts';
import { unwrap } from '../../src-shared/result.ts';
import { auditView } from '../../src-core/ledger/audit-view.ts';

let t: TestStation;
afterEach(() => t?.cleanup());

describe('secrets and sessions', () => {
  it('P11-05 no session token reaches the ledger or the audit trail: entries name the session by a one-way reference', () => {
    t = makeTestStation();
    const token = unwrap(t.auth.login('op.li', 'Batchline-demo-1')).sessionId;
    unwrap(t.auth.lock(token));
    unwrap(t.auth.unlock(token, 'Batchline-demo-1'));
    unwrap(t.auth.logout(token));
    const sessionEntries = t.ledger.query({ typePrefix: 'session.' });
    expect(sessionEntries.map((e) => e.type)).toEqual(['session.login', 'session.locked', 'session.unlocked', 'session.logout']);
    const refs = new Set(sessionEntries.map((e) => e.payload.sessionRef));
    expect(refs.size).toBe(1);
    expect([...refs][0]).toMatch(/^[0-9a-f]{16}$/);
    const everything = JSON.stringify([...t.ledger.iterate()]) + JSON.stringify(auditView(t.ledger, {}));
    expect(everything).not.toContain(token);
    // And the reference opens nothing.
    expect(t.auth.require(String([...refs][0])).ok).toBe(false);
  });

  it('P11-05 a failed signature or co-signature names the session by its reference, never its token', () => {
    t = makeTestStation();
    const token = unwrap(t.auth.login('op.li', 'Batchline-demo-1')).sessionId;
    const target = t.ledger.head()!.seq;
    expect(t.signatures.sign({ sessionId: token, targetSeq: target, meaning: 'performed', password: 'not-the-password-1', username: 'op.li' }).ok).toBe(false);
    expect(t.signatures.sign({ sessionId: token, targetSeq: target, meaning: 'verified', password: 'not-the-password-1', username: 'sup.wang' }).ok).toBe(false);
    expect(t.signatures.sign({ sessionId: token, targetSeq: target, meaning: 'verified', password: 'whatever-1', username: 'no.such.user' }).ok).toBe(false);
    const failed = t.ledger.query({ typePrefix: 'session.login_failed' });
    expect(failed).toHaveLength(3);
    for (const e of failed) expect(e.payload.sessionRef).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify([...t.ledger.iterate()]) + JSON.stringify(auditView(t.ledger, {}))).not.toContain(token);
  });

  it('A11-19 the database, its WAL and the station secret file are readable by the station account alone (0600)', () => {
    t = makeTestStation();
    t.clock.advance(1000);
    unwrap(t.ledger.append([{ type: 'comment.recorded', actor: t.userId('op.li'), batchRef: null, payload: { text: 'written to the WAL' } }]));
    for (const f of [t.dbPath, `${t.dbPath}-wal`]) expect((statSync(f).mode & 0o777).toString(8), f).toBe('600');
    const secretOf = join(t.dir, 'other.db');
    loadOrCreateStationSecret(secretOf, {});
    expect((statSync(`${secretOf}.secret`).mode & 0o777).toString(8)).toBe('600');
  });
});
