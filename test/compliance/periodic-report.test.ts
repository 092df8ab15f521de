/**
 * The periodic evaluation (EU GMP Annex 11 §11; COMPLIANCE.md A11-18): `report periodic --from
 * --to` at the hub, on a fixture with known counts: 3 incidents, 2 configuration changes, 12
 * failed logins, 1 upgrade, 2 deviations of which 1 is open, 1 concurrent use of one account at
 * two stations; users and roles; the validation status (last qualification per station). Outside
 * the period, one of each that must not be counted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../hub/support/test-hub.ts';
import { fixedClock } from '../../src-core/clock.ts';
import { forks, ledgerEntries, stations, syncRefusals } from '../../src-server/db/schema.ts';
import { periodicReport, recordSoftwareVersion, type PeriodicReport } from '../../src-server/admin/hub-reports.ts';
import { periodicText } from '../../src-cli/commands/report.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pgliteDataDir } from '../hub/support/hub-backends.ts';
import { openHubDb } from '../../src-server/db/open-hub-db.ts';
import { hubAudit, hubUsers } from '../../src-server/db/schema.ts';
import { unwrap } from '../../src-shared/result.ts';
import { cli } from '../trust/support.ts';
import { reportWords } from '../../src-cli/report/report-i18n.ts';

const FROM = new Date('2026-04-01T00:00:00.000Z');
const TO = new Date('2026-05-01T00:00:00.000Z');
const H = 3_600_000;
const hash = (n: number) => n.toString(16).padStart(64, '0');

let hub: TestHub;
let report: PeriodicReport;

beforeAll(async () => {
  const clock = fixedClock(new Date('2026-04-10T02:00:00.000Z'));
  hub = await startTestHub({ backend: 'pglite', clock });
  const { ctx, auth } = hub.hub.services;
  const db = ctx.db;
  const seqs = new Map<string, number>();
  const entry = async (stationId: string, time: string, type: string, payload: Record<string, unknown>, actor: string | null = 'u-1', batchRef: string | null = null) => {
    const seq = (seqs.get(stationId) ?? 0) + 1;
    seqs.set(stationId, seq);
    await db.insert(ledgerEntries).values({ stationId, seq, hash: hash(seq), prevHash: hash(seq - 1), time, tzOffset: '+08:00', type, actor, batchRef, payload, receivedAt: new Date(time) });
    return seq;
  };
  for (const s of ['ST-FIX-01', 'ST-FIX-02']) {
    const at = new Date('2026-03-01T00:00:00.000Z');
    await db.insert(stations).values({ stationId: s, name: s, site: 'Fixture plant', status: 'active', statusChangedAt: at, certFingerprint: hash(1), enrolmentRequestId: `req-${s}`, genesisHash: hash(1), genesisCaFingerprint: hash(2), trustedBy: 'it.admin', trustedAt: at });
    await entry(s, '2026-03-01T00:00:00.000Z', 'user.created', { userId: 'u-1', username: 'li.wei', printedName: 'Li Wei', roles: ['operator'], mustChangePassword: false, identityVerification: 'installation' }, null);
  }
  // 2 configuration changes in the period, 1 before it.
  await entry('ST-FIX-01', '2026-03-20T00:00:00.000Z', 'settings.changed', { key: 'limits', oldValue: {}, newValue: {}, reason: 'before the period' });
  await entry('ST-FIX-01', '2026-04-02T00:00:00.000Z', 'settings.changed', { key: 'limits', oldValue: {}, newValue: {}, reason: 'SOP-114 rev 5', proposalSeq: 3, approvalSeq: 4 }, 'u-qa');
  await entry('ST-FIX-02', '2026-04-03T00:00:00.000Z', 'settings.changed', { key: 'time', oldValue: {}, newValue: {}, reason: 'drift 30 s' });
  // 10 failed logins at stations in the period (2 more at the hub below), 1 after it.
  for (let i = 0; i < 10; i++) await entry(i < 7 ? 'ST-FIX-01' : 'ST-FIX-02', new Date(FROM.getTime() + (i + 1) * H).toISOString(), 'session.login_failed', { username: 'li.wei', userId: 'u-1', code: 'AUTH_INVALID_CREDENTIALS', failedAttempts: 1 });
  await entry('ST-FIX-01', '2026-05-02T00:00:00.000Z', 'session.login_failed', { username: 'li.wei', userId: 'u-1', code: 'AUTH_INVALID_CREDENTIALS', failedAttempts: 1 });
  // 2 deviations raised, 1 approved (closed) at the station.
  const d1 = await entry('ST-FIX-01', '2026-04-05T00:00:00.000Z', 'deviation.raised', { deviationId: 'DEV-1', category: 'weighing', stepId: null, targetSeq: null, code: null, reason: 'out of tolerance, re-weighed' }, 'u-1', 'B-1');
  await entry('ST-FIX-01', '2026-04-05T01:00:00.000Z', 'deviation.raised', { deviationId: 'DEV-2', category: 'weighing', stepId: null, targetSeq: null, code: null, reason: 'label printer jammed twice' }, 'u-1', 'B-1');
  await entry('ST-FIX-01', '2026-04-05T02:00:00.000Z', 'signature.applied', { targetSeq: d1, meaning: 'approved' }, 'u-sup', 'B-1');
  // li.wei logged in at ST-FIX-01 and, without logging out, at ST-FIX-02: concurrent use.
  await entry('ST-FIX-01', '2026-04-06T00:00:00.000Z', 'session.login', { userId: 'u-1' });
  await entry('ST-FIX-02', '2026-04-06T01:00:00.000Z', 'session.login', { userId: 'u-1' });
  await entry('ST-FIX-01', '2026-04-06T02:00:00.000Z', 'session.logout', { userId: 'u-1', reason: 'user' });
  await entry('ST-FIX-02', '2026-04-06T03:00:00.000Z', 'session.logout', { userId: 'u-1', reason: 'user' });
  // A later, sequential use is not concurrent.
  await entry('ST-FIX-01', '2026-04-07T00:00:00.000Z', 'session.login', { userId: 'u-1' });
  // The last qualification of ST-FIX-01.
  await entry('ST-FIX-01', '2026-04-08T00:00:00.000Z', 'qualification.recorded', { reportSha256: hash(9), verdict: 'qualified', softwareVersion: '0.1.0', ranBy: 'it.zhou', checks: { pass: 40, fail: 0, notApplicable: 2 } }, null);
  // 3 incidents in the period: 2 refused pushes and a fork; 1 refusal before it.
  await db.insert(syncRefusals).values([
    { stationId: 'ST-FIX-01', at: new Date('2026-03-15T00:00:00.000Z'), code: 'SYNC_CHAIN_BROKEN', seq: 5, reason: 'before the period' },
    { stationId: 'ST-FIX-01', at: new Date('2026-04-11T00:00:00.000Z'), code: 'SYNC_CHAIN_BROKEN', seq: 5, reason: 'prevHash does not match' },
    { stationId: 'ST-FIX-02', at: new Date('2026-04-12T00:00:00.000Z'), code: 'SYNC_SIGNATURE_INVALID', seq: 9, reason: 'bad station signature' },
  ]);
  await db.insert(forks).values({ stationId: 'ST-FIX-02', seq: 7, hubHash: hash(7), stationHash: hash(77), detectedAt: new Date('2026-04-13T00:00:00.000Z') });
  // 2 failed logins at the hub, and 1 upgrade of the hub software.
  for (let i = 0; i < 2; i++) expect((await auth.login('it.admin', 'Wrong-password-1', '10.1.1.1')).ok).toBe(false);
  await recordSoftwareVersion(ctx, '0.2.0');
  clock.advance(40 * 24 * H);
  report = await periodicReport(ctx, FROM, TO);
});

afterAll(async () => {
  await hub?.close();
});

describe('periodic evaluation report', () => {
  it('A11-18 on a fixture with 3 incidents, 2 config changes, 12 failed logins and 1 upgrade the sections show exactly these counts', () => {
    expect(report.incidents).toMatchObject({ count: 3, syncRefusals: 2, forks: 1, stationStatusChanges: 0 });
    expect(report.configChanges.count).toBe(2);
    expect(report.configChanges.items.map((c) => [c.stationId, c.key, c.approvedBy])).toEqual([
      ['ST-FIX-01', 'limits', 'u-qa'],
      ['ST-FIX-02', 'time', null],
    ]);
    expect(report.failedLogins).toMatchObject({ count: 12, atStations: 10, atHub: 2, byUser: { 'li.wei@ST-FIX-01': 7, 'li.wei@ST-FIX-02': 3, 'it.admin@hub': 2 } });
    expect(report.upgrades.count).toBe(1);
    expect(report.upgrades.items[0]).toMatchObject({ where: 'hub', from: '0.1.0', to: '0.2.0' });
  });

  it('A11-18 lists open deviations, concurrent use, users and roles and the validation status', () => {
    expect(report.deviations).toMatchObject({ raised: 2, open: 1 });
    expect(report.deviations.openItems.map((d) => d.deviationId)).toEqual(['DEV-2']);
    expect(report.concurrentUse.count).toBe(1);
    expect(report.concurrentUse.items[0]).toMatchObject({ username: 'li.wei', stations: ['ST-FIX-01', 'ST-FIX-02'] });
    expect(report.usersAndRoles.map((u) => [u.username, u.roles])).toEqual([
      ['it.admin', ['admin']],
      ['it.second', ['admin']],
    ]);
    expect(report.validation).toEqual([
      { stationId: 'ST-FIX-01', lastQualification: '2026-04-08T00:00:00.000Z', verdict: 'qualified' },
      { stationId: 'ST-FIX-02', lastQualification: null, verdict: null },
    ]);
    expect(report.notRecorded).toEqual(['CAPA', 'supplier status', 'audit-trail review status']);
  });

  it('A11-18 the text report is in English and Chinese, with local times and offsets, never raw ISO', () => {
    const en = periodicText(report, reportWords('en'), 'en', 'Asia/Shanghai').join('\n');
    expect(en).toContain('Incidents: 3');
    expect(en).toContain('Configuration changes: 2');
    expect(en).toContain('Failed logins: 12');
    expect(en).toContain('Software upgrades: 1');
    expect(en).toContain('Open deviations: 1');
    expect(en).toMatch(/Apr 8, 2026, 08:00:00 GMT\+8 {2}qualified/);
    expect(en).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
    const zh = periodicText(report, reportWords('zh-CN'), 'zh-CN', 'Asia/Shanghai').join('\n');
    expect(zh).toContain('事件: 3');
    expect(zh).toContain('配置变更: 2');
    expect(zh).toContain('登录失败: 12');
    expect(zh).toContain('软件升级: 1');
    expect(zh).toContain('未关闭偏差: 1');
    expect(zh).toContain('ST-FIX-02  无确认记录');
    expect(zh).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
  });
});

describe('batchline report on the hub data folder', () => {
  it('A11-18 A11-20 report periodic and report accounts read the hub database from --data, as JSON and as text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'batchline-report-'));
    try {
      await pgliteDataDir(join(dir, 'pgdata'));
      const db = unwrap(await openHubDb({ dataDir: join(dir, 'pgdata') }));
      try {
        await db.orm.insert(ledgerEntries).values([
          { stationId: 'ST-9', seq: 1, hash: hash(1), prevHash: hash(0), time: '2026-04-02T00:00:00.000Z', tzOffset: '+08:00', type: 'settings.changed', actor: 'u-qa', batchRef: null, payload: { key: 'limits', oldValue: {}, newValue: {}, reason: 'SOP-114 rev 5' }, receivedAt: new Date('2026-04-02T00:00:00.000Z') },
          { stationId: 'ST-9', seq: 2, hash: hash(2), prevHash: hash(1), time: '2026-04-03T00:00:00.000Z', tzOffset: '+08:00', type: 'session.login_failed', actor: 'u-1', batchRef: null, payload: { username: 'li.wei', userId: 'u-1', code: 'AUTH_INVALID_CREDENTIALS', failedAttempts: 1 }, receivedAt: new Date('2026-04-03T00:00:00.000Z') },
        ]);
        await db.orm.insert(hubAudit).values({ at: new Date('2026-04-04T00:00:00.000Z'), actor: 'it.zhou', action: 'session.login_failed', subject: 'hu-1', ok: false, details: null });
        await db.orm.insert(hubUsers).values({ userId: 'hu-1', username: 'line2', printedName: 'Line two', roles: ['qa'], passwordHash: 'x', status: 'active', createdAt: new Date('2026-01-01T00:00:00.000Z') });
      } finally {
        await db.close();
      }
      const json = await cli({}, 'report', 'periodic', '--data', dir, '--from', '2026-04-01', '--to', '2026-05-01', '--json');
      expect(json.code, json.err).toBe(0);
      const parsed = JSON.parse(json.out) as PeriodicReport;
      expect([parsed.configChanges.count, parsed.failedLogins.count, parsed.failedLogins.atHub, parsed.incidents.count]).toEqual([1, 2, 1, 0]);
      const zh = await cli({}, 'report', 'periodic', '--data', dir, '--from', '2026-04-01', '--to', '2026-05-01', '--lang', 'zh-CN', '--time-zone', 'Asia/Shanghai');
      expect(zh.code, zh.err).toBe(0);
      expect(zh.out).toContain('计算机化系统定期评估');
      expect(zh.out).toContain('登录失败: 2');
      const accounts = await cli({}, 'report', 'accounts', '--data', dir, '--json');
      expect(accounts.code, accounts.err).toBe(0);
      expect((JSON.parse(accounts.out) as { accounts: { username: string; generic: boolean; dormant: boolean }[] }).accounts).toEqual([expect.objectContaining({ username: 'line2', generic: true, dormant: true })]);
      const usage = await cli({}, 'report', 'periodic', '--from', '2026-04-01', '--to', '2026-05-01');
      expect(usage.code).toBe(2);
      expect(usage.err).toMatch(/--data DIR/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
