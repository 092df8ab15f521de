/**
 * Configuration under change control (EU GMP Annex 11 §10; COMPLIANCE.md A11-17): a station
 * setting changes only when a second person holding the approving role signs the proposal; the
 * old value is enforced until then; the audit trail has old and new value, proposer and approver;
 * every entry is bound to the configuration version in force; a GMP-relevant start-up flag is
 * recorded.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestStation, DEMO_PASSWORD, TEST_SECRET, type TestStation } from '../fakes/test-station.ts';
import { TEST_SCRYPT_PARAMS } from '../fakes/test-scrypt-params.ts';
import { startStationRuntime } from '../../src-main/shell/station-runtime.ts';
import { configVersion } from '../../src-core/config/config-version.ts';
import { DEFAULT_STATION_SETTINGS } from '../../src-shared/settings/station-settings.ts';
import { unwrap } from '../../src-shared/result.ts';
import { makeTestApi } from '../fakes/test-api.ts';
import { changeSetting } from '../fakes/change-setting.ts';

let t: TestStation | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
});

const LIMITS = { idleLockMinutes: 10, masterDataMaxAgeHours: 24, stableTimeoutSeconds: 20 };

describe('configuration change control', () => {
  it('A11-17 a change is PENDING with the old value still enforced; the proposer cannot approve it; a second person with the role can', () => {
    t = makeTestStation();
    const admin = t.userId('admin');
    const proposal = unwrap(t.settings.propose(admin, 'limits', LIMITS, 'SOP-114 rev 5: slower balance'));
    expect(proposal.status).toBe('pending');
    // The old value is still the one in force.
    expect(t.settings.current().limits.stableTimeoutSeconds).toBe(10);
    expect(t.settings.pending().map((p) => [p.seq, p.key, p.current])).toEqual([[proposal.seq, 'limits', true]]);

    // The admin who proposed it: refused (and an admin signs nothing anyway).
    const adminSession = unwrap(t.auth.login('admin', DEMO_PASSWORD)).sessionId;
    const byProposer = t.settings.approve(t.signatures, { sessionId: adminSession, proposalSeq: proposal.seq, username: 'admin', password: DEMO_PASSWORD });
    expect(!byProposer.ok && byProposer.error.code).toBe('SIGNATURE_ROLE_REQUIRED');
    // An operator lacks the approving role.
    const op = unwrap(t.auth.login('op.li', DEMO_PASSWORD)).sessionId;
    const byOperator = t.settings.approve(t.signatures, { sessionId: op, proposalSeq: proposal.seq, username: 'op.li', password: DEMO_PASSWORD });
    expect(!byOperator.ok && byOperator.error.code).toBe('SIGNATURE_ROLE_REQUIRED');
    expect(t.settings.current().limits.stableTimeoutSeconds).toBe(10);

    // A proposal made by QA cannot be approved by the same QA person: a second person is needed.
    const qaId = t.userId('qa.chen');
    const qa = unwrap(t.auth.login('qa.chen', DEMO_PASSWORD)).sessionId;
    const own = unwrap(t.settings.propose(qaId, 'time', { maxDriftSeconds: 30, untrustedPolicy: 'block' }, 'tighter drift'));
    const selfApproved = t.settings.approve(t.signatures, { sessionId: qa, proposalSeq: own.seq, username: 'qa.chen', password: DEMO_PASSWORD });
    expect(!selfApproved.ok && selfApproved.error.code).toBe('CONFIG_APPROVER_SAME_PERSON');
    expect(t.settings.current().time.maxDriftSeconds).toBe(60);

    // The second person (QA, not the proposer) approves with their e-signature: now in force.
    const before = t.settings.version();
    const approved = unwrap(t.settings.approve(t.signatures, { sessionId: qa, proposalSeq: proposal.seq, username: 'qa.chen', password: DEMO_PASSWORD }));
    expect(t.settings.current().limits.stableTimeoutSeconds).toBe(20);
    expect(approved.configVersion).not.toBe(before);
    expect(approved.configVersion).toBe(t.settings.version());
    const signature = t.ledger.bySeq(approved.approvalSeq)!;
    expect(signature).toMatchObject({ type: 'signature.applied', actor: qaId, payload: { targetSeq: proposal.seq, meaning: 'approved', username: 'qa.chen' } });
    const changed = t.ledger.bySeq(approved.seq)!;
    expect(changed.type).toBe('settings.changed');
    expect(changed.payload).toMatchObject({
      key: 'limits',
      oldValue: DEFAULT_STATION_SETTINGS.limits,
      newValue: LIMITS,
      reason: 'SOP-114 rev 5: slower balance',
      proposalSeq: proposal.seq,
      approvalSeq: approved.approvalSeq,
      configVersion: approved.configVersion,
    });
    expect(t.ledger.bySeq(proposal.seq)!.actor).toBe(admin);
    // Approved once only; the QA-made proposal stays pending.
    const again = t.settings.approve(t.signatures, { sessionId: qa, proposalSeq: proposal.seq, username: 'qa.chen', password: DEMO_PASSWORD });
    expect(!again.ok && again.error.code).toBe('CONFIG_NOT_PENDING');
    expect(t.settings.pending().map((p) => p.seq)).toEqual([own.seq]);
  });

  it('A11-17 a wrong approver password changes nothing and is recorded as a failed signature', () => {
    t = makeTestStation();
    const proposal = unwrap(t.settings.propose(t.userId('admin'), 'limits', LIMITS, 'SOP-114 rev 5'));
    const sup = unwrap(t.auth.login('sup.wang', DEMO_PASSWORD)).sessionId;
    const wrong = t.settings.approve(t.signatures, { sessionId: sup, proposalSeq: proposal.seq, username: 'sup.wang', password: 'Not-the-password-9' });
    expect(!wrong.ok && wrong.error.code).toBe('SIGNATURE_PASSWORD_INVALID');
    expect(t.settings.current().limits).toEqual(DEFAULT_STATION_SETTINGS.limits);
    expect(t.ledger.query({ types: ['session.login_failed'] }).at(-1)!.payload).toMatchObject({ username: 'sup.wang', attempt: 'signature', targetSeq: proposal.seq, meaning: 'approved' });
    expect(t.ledger.query({ types: ['settings.changed'] })).toHaveLength(0);
  });

  it('A11-17 every entry is bound to the configuration version in force when it was written', () => {
    t = makeTestStation();
    const op = t.userId('op.li');
    const first = unwrap(t.ledger.append([{ type: 'comment.recorded', actor: op, payload: { text: 'before the change' } }]))[0]!;
    const proposal = unwrap(t.settings.propose(t.userId('admin'), 'limits', LIMITS, 'SOP-114 rev 5'));
    // A proposal does not change the version in force.
    const pendingEntry = unwrap(t.ledger.append([{ type: 'comment.recorded', actor: op, payload: { text: 'while pending' } }]))[0]!;
    const qa = unwrap(t.auth.login('qa.chen', DEMO_PASSWORD)).sessionId;
    const approved = unwrap(t.settings.approve(t.signatures, { sessionId: qa, proposalSeq: proposal.seq, username: 'qa.chen', password: DEMO_PASSWORD }));
    const after = unwrap(t.ledger.append([{ type: 'comment.recorded', actor: op, payload: { text: 'after the change' } }]))[0]!;

    const defaults = configVersion(DEFAULT_STATION_SETTINGS);
    expect(t.settings.versionAt(first.seq)).toBe(defaults);
    expect(t.settings.versionAt(pendingEntry.seq)).toBe(defaults);
    expect(t.settings.versionAt(after.seq)).toBe(approved.configVersion);
    expect(t.settings.versionAt(after.seq)).toBe(configVersion({ ...DEFAULT_STATION_SETTINGS, limits: LIMITS }));
    expect(t.ledger.bySeq(proposal.seq)!.payload.baseConfigVersion).toBe(defaults);
  });

  it('A11-17 the batch record names the configuration versions its entries were written under', async () => {
    const api = makeTestApi();
    try {
      const s = api.station;
      const op = s.userId('op.li');
      const first = unwrap(s.ledger.append([{ type: 'comment.recorded', actor: op, batchRef: 'B-CFG-1', payload: { text: 'before the change' } }]))[0]!;
      const approved = changeSetting(s, 'limits', LIMITS, 'SOP-114 rev 5');
      const after = unwrap(s.ledger.append([{ type: 'comment.recorded', actor: op, batchRef: 'B-CFG-1', payload: { text: 'after the change' } }]))[0]!;
      const session = await api.login('qa.chen');
      const record = unwrap(await api.call('record.get', { batchNumber: 'B-CFG-1' }, session));
      expect(record.configVersions).toEqual([
        { version: configVersion(DEFAULT_STATION_SETTINGS), fromSeq: first.seq, entries: 1 },
        { version: s.settings.version(), fromSeq: after.seq, entries: 1 },
      ]);
      expect(s.ledger.bySeq(approved.seq)!.payload.configVersion).toBe(s.settings.version());
    } finally {
      api.station.cleanup();
    }
  });

  it('A11-17 a start-up flag that overrides the recorded configuration is recorded as a ledger entry', async () => {
    t = makeTestStation({ config: { mode: 'training' } });
    t.close();
    const started = await startStationRuntime({
      dbPath: t.dbPath,
      shell: 'web',
      simulateOtherBalances: true,
      env: { BATCHLINE_STATION_SECRET: TEST_SECRET },
      stationConfig: { scrypt: TEST_SCRYPT_PARAMS },
      log: () => undefined,
    });
    const runtime = unwrap(started);
    try {
      const flagged = runtime.station.ledger.query({ types: ['station.started_with_flags'] });
      expect(flagged).toHaveLength(1);
      expect(flagged[0]!.payload).toMatchObject({ command: 'station --web', flags: { simulateOtherBalances: true }, configVersion: runtime.settings.version() });
      expect(flagged[0]!.actor).toBeNull();
    } finally {
      await runtime.close();
    }
  });
});
