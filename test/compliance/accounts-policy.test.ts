/**
 * Accounts (EU GMP Annex 11 §12; PIC/S PI 041 §9.5; MHRA GxP DI 6.16; COMPLIANCE.md A11-20,
 * DI-11): no generic accounts, admins hold no GMP role, one live session per account (station:
 * a second login ends the first; hub: a login from another place ends the sessions elsewhere),
 * dormant accounts disabled and recorded, every access change in the record, and "who had which
 * role on that date" reconstructed from it, at the station and at the hub.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestStation, DEMO_PASSWORD, TEST_SECRET, type TestStation } from '../fakes/test-station.ts';
import { TEST_SCRYPT_PARAMS } from '../fakes/test-scrypt-params.ts';
import { startStationRuntime } from '../../src-main/shell/station-runtime.ts';
import { changeSetting } from '../fakes/change-setting.ts';
import { startTestHub, ADMIN_PASSWORD, SECOND_ADMIN, type TestHub } from '../hub/support/test-hub.ts';
import { fixedClock } from '../../src-core/clock.ts';
import { hubAccessAt, hubAccountReview } from '../../src-server/admin/hub-reports.ts';
import { hubAudit } from '../../src-server/db/schema.ts';
import { sessionRef } from '../../src-main/core/auth/session-ref.ts';
import { unwrap } from '../../src-shared/result.ts';
import { cli } from '../trust/support.ts';

let t: TestStation | undefined;
let hub: TestHub | undefined;
afterEach(async () => {
  t?.cleanup();
  t = undefined;
  await hub?.close();
  hub = undefined;
});

const DAY = 86_400_000;
const newUser = (username: string, roles: ('operator' | 'supervisor' | 'qa' | 'qp' | 'admin')[] = ['operator']) => ({ username, printedName: `Person ${username}`, roles, initialPassword: 'First-pass-2026', mustChangePassword: false });

describe('accounts at the station', () => {
  it('DI-11 generic account names are refused by the policy list; named people are accepted', () => {
    t = makeTestStation();
    const admin = t.userId('admin');
    for (const name of ['operator', 'line1', 'admin1', 'test', 'qa-team', 'shift_a', 'supervisor2']) {
      const r = t.userAdmin.createUser(admin, newUser(name));
      expect(!r.ok && r.error.code, name).toBe('ACCOUNT_NAME_GENERIC');
    }
    expect(t.users.byUsername('line1')).toBeUndefined();
    expect(t.userAdmin.createUser(admin, newUser('li.na')).ok).toBe(true);
    // The installation account "admin" is exempt from the rule but flagged by the review.
    expect(t.accounts.review(180).find((r) => r.username === 'admin')!.generic).toBe(true);
    expect(t.accounts.review(180).find((r) => r.username === 'li.na')!.generic).toBe(false);
  });

  it('DI-11 an account holding Admin and a GMP role is refused, at creation and by a role change', () => {
    t = makeTestStation();
    const admin = t.userId('admin');
    const both = t.userAdmin.createUser(admin, newUser('zhao.lei', ['admin', 'operator']));
    expect(!both.ok && both.error.code).toBe('INPUT_INVALID');
    expect(!both.ok && both.error.message).toMatch(/segregation of duties/);
    const changed = t.userAdmin.setRoles(admin, t.userId('op.li'), ['operator', 'admin'], 'make op.li an admin too');
    expect(!changed.ok && changed.error.code).toBe('INPUT_INVALID');
    expect(t.users.byUsername('op.li')!.roles).toEqual(['operator']);
  });

  it('DI-11 the same user logging in again ends the first session; both facts are recorded', () => {
    t = makeTestStation();
    const first = unwrap(t.auth.login('op.li', DEMO_PASSWORD)).sessionId;
    const second = unwrap(t.auth.login('op.li', DEMO_PASSWORD)).sessionId;
    const old = t.auth.require(first);
    expect(!old.ok && old.error.code).toBe('AUTH_SESSION_INVALID');
    expect(t.auth.require(second).ok).toBe(true);
    const ended = t.ledger.query({ types: ['session.logout'] }).at(-1)!;
    expect(ended).toMatchObject({ actor: t.userId('op.li'), payload: { reason: 'concurrent', sessionRef: sessionRef(first) } });
    const login = t.ledger.query({ types: ['session.login'] }).at(-1)!;
    expect(login.payload.sessionRef).toBe(sessionRef(second));
    expect(login.seq).toBe(ended.seq + 1);
  });

  it('DI-11 an account without a login for the configured days is disabled automatically, and recorded', async () => {
    t = makeTestStation();
    changeSetting(t, 'accounts', { dormantDays: 30 }, 'SOP-IT-7: 30 days');
    unwrap(t.auth.login('sup.wang', DEMO_PASSWORD));
    t.clock.advance(29 * DAY);
    // 29 days: still active; the login resets the count.
    unwrap(t.auth.login('sup.wang', DEMO_PASSWORD));
    t.clock.advance(30 * DAY);
    const dormant = t.auth.login('sup.wang', DEMO_PASSWORD);
    expect(!dormant.ok && dormant.error.code).toBe('AUTH_ACCOUNT_DISABLED');
    const disabled = t.ledger.query({ types: ['user.disabled'] }).at(-1)!;
    expect(disabled).toMatchObject({ actor: null, payload: { userId: t.userId('sup.wang'), dormantDays: 30 } });
    expect(disabled.payload.reason).toMatch(/^dormant: no login for 30 days/);
    expect(t.users.byUsername('sup.wang')!.status).toBe('disabled');

    // At the next start of the station every other dormant account goes too, but never the last active admin.
    t.close();
    const runtime = unwrap(await startStationRuntime({ dbPath: t.dbPath, shell: 'web', env: { BATCHLINE_STATION_SECRET: TEST_SECRET }, stationConfig: { clock: t.clock, scrypt: TEST_SCRYPT_PARAMS }, log: () => undefined }));
    try {
      const rows = runtime.station.accounts.review(30);
      expect(rows.filter((r) => r.status === 'disabled').map((r) => r.username).sort()).toEqual(['op.li', 'op.smith', 'qa.chen', 'qp.mueller', 'sup.wang']);
      expect(rows.find((r) => r.username === 'admin')!.status).toBe('active');
      expect(runtime.station.ledger.query({ types: ['user.disabled'] }).filter((e) => e.actor === null)).toHaveLength(5);
      expect(runtime.notes.some((n) => n.startsWith('disabled after 30 days without login: '))).toBe(true);
    } finally {
      await runtime.close();
    }
  });

  it('A11-20 creating a user, granting Supervisor and revoking it are three entries with actor, target, old/new roles and time; access at a date is reconstructed', async () => {
    t = makeTestStation();
    const admin = t.userId('admin');
    t.clock.advance(DAY);
    const created = unwrap(t.userAdmin.createUser(admin, newUser('wu.hao')));
    const t1 = t.clock.now().toISOString();
    t.clock.advance(DAY);
    unwrap(t.userAdmin.setRoles(admin, created.userId, ['operator', 'supervisor'], 'covers the night shift lead'));
    const t2 = t.clock.now().toISOString();
    t.clock.advance(DAY);
    unwrap(t.userAdmin.setRoles(admin, created.userId, ['operator'], 'night shift lead back'));
    const entries = t.ledger.query({ types: ['user.created', 'user.roles_changed'] }).filter((e) => e.payload.userId === created.userId);
    expect(entries.map((e) => [e.type, e.actor, e.time, e.payload.oldRoles ?? null, e.payload.newRoles ?? e.payload.roles])).toEqual([
      ['user.created', admin, t1, null, ['operator']],
      ['user.roles_changed', admin, t2, ['operator'], ['operator', 'supervisor']],
      ['user.roles_changed', admin, t.clock.now().toISOString(), ['operator', 'supervisor'], ['operator']],
    ]);
    const at = (iso: string) => t!.accounts.accessAt(new Date(iso)).find((r) => r.username === 'wu.hao');
    expect(at('2026-03-02T00:00:00.000Z')).toBeUndefined();
    expect(at(t1)).toMatchObject({ roles: ['operator'], status: 'pending' });
    expect(at(t2)).toMatchObject({ roles: ['operator', 'supervisor'] });
    expect(at(t.clock.now().toISOString())).toMatchObject({ roles: ['operator'] });

    // The same through the CLI, on the station file.
    t.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    t.close();
    const env = { BATCHLINE_STATION_SECRET: TEST_SECRET };
    const access = await cli(env, 'report', 'access', '--db', t.dbPath, '--at', t2, '--json');
    expect(access.code, access.err).toBe(0);
    const parsed = JSON.parse(access.out) as { access: { username: string; roles: string[] }[] };
    expect(parsed.access.find((r) => r.username === 'wu.hao')!.roles).toEqual(['operator', 'supervisor']);
    const review = await cli(env, 'report', 'accounts', '--db', t.dbPath, '--lang', 'zh-CN', '--time-zone', 'Asia/Shanghai');
    expect(review.code, review.err).toBe(0);
    expect(review.out).toContain('账户审查 — ST-DEMO-01');
    expect(review.out).toMatch(/wu\.hao\tPerson wu\.hao\toperator\t待定（身份尚未核实）\t从未/);
    // The CLI runs on today's clock, months after the test clock: the review flags the dormant
    // accounts (a report only reads; the station process disables them at its start or their login).
    expect(review.out).toMatch(/admin\tAlex Admin\tadmin\t有效\t从未\t休眠（\d+ 天未登录）; 通用账户名/);
    expect(review.out).toMatch(/op\.li\tLi Wei \(李伟\)\toperator\t有效\t从未\t休眠（\d+ 天未登录）/);
    const en = await cli(env, 'report', 'accounts', '--db', t.dbPath, '--time-zone', 'Asia/Shanghai');
    expect(en.out).toContain('Account review — ST-DEMO-01');
    expect(en.out).toMatch(/wu\.hao.*pending \(identity not yet verified\)\tnever\te-signature acknowledgement not signed/);
  });
});

describe('accounts at the hub', () => {
  it('DI-11 the hub refuses generic names and an Admin+GMP combination, and a login from another place ends the session elsewhere', async () => {
    hub = await startTestHub({ backend: 'pglite' });
    const { auth } = hub.hub.services;
    const actor = { userId: 'x', username: 'it.admin', roles: ['admin' as const] };
    const generic = await auth.createUser(actor, { username: 'line1', printedName: 'Line 1', roles: ['qa'], password: 'Some-long-pass-2026' });
    expect(!generic.ok && generic.error.code).toBe('ACCOUNT_NAME_GENERIC');
    const both = await auth.createUser(actor, { username: 'ma.li', printedName: 'Ma Li', roles: ['admin', 'qp'], password: 'Some-long-pass-2026' });
    expect(!both.ok && both.error.code).toBe('GMP_ROLE_CONFLICT');

    const atDesk = unwrap(await auth.login(SECOND_ADMIN, ADMIN_PASSWORD, '10.0.0.5'));
    const sameDesk = unwrap(await auth.login(SECOND_ADMIN, ADMIN_PASSWORD, '10.0.0.5'));
    expect((await auth.authenticate(`Bearer ${atDesk.token}`, ['admin'])).ok).toBe(true);
    const elsewhere = unwrap(await auth.login(SECOND_ADMIN, ADMIN_PASSWORD, '10.0.9.9'));
    const ended = await auth.authenticate(`Bearer ${atDesk.token}`, ['admin']);
    expect(!ended.ok && ended.error.code).toBe('AUTH_SESSION_INVALID');
    expect((await auth.authenticate(`Bearer ${sameDesk.token}`, ['admin'])).ok).toBe(false);
    expect((await auth.authenticate(`Bearer ${elsewhere.token}`, ['admin'])).ok).toBe(true);
    const rows = await hub.hub.services.ctx.db.select().from(hubAudit);
    // The first login from 10.0.0.5 ended the harness's own session (from 127.0.0.1); the one from 10.0.9.9 ended both desk sessions.
    const concurrent = rows.filter((r) => r.action === 'session.concurrent_ended' && (r.details as { source: string }).source === '10.0.9.9');
    expect(concurrent).toHaveLength(1);
    expect(concurrent[0]!).toMatchObject({ actor: SECOND_ADMIN, details: { source: '10.0.9.9' } });
    expect((concurrent[0]!.details as { endedSessions: unknown[] }).endedSessions).toHaveLength(2);
    expect(rows.some((r) => r.action === 'user.created' && r.ok === false && (r.details as { code?: string }).code === 'ACCOUNT_NAME_GENERIC')).toBe(true);
  });

  it('DI-11 A11-20 a dormant hub account is disabled at its next login and recorded; the review and access at a date show it', async () => {
    const clock = fixedClock(new Date('2026-03-02T01:00:00.000Z'));
    hub = await startTestHub({ backend: 'pglite', clock });
    const { auth, ctx } = hub.hub.services;
    const before = new Date(clock.now().getTime() + 1000);
    clock.advance(181 * DAY);
    const review = await hubAccountReview(ctx);
    expect(review.find((r) => r.username === SECOND_ADMIN)).toMatchObject({ dormant: true, status: 'active' });
    const refused = await auth.login(SECOND_ADMIN, ADMIN_PASSWORD, '10.0.0.5');
    expect(!refused.ok && refused.error.code).toBe('AUTH_ACCOUNT_DISABLED');
    const rows = await ctx.db.select().from(hubAudit);
    expect(rows.find((r) => r.action === 'user.disabled')).toMatchObject({ actor: 'hub', details: { reason: 'dormant', dormantDays: 180 } });
    // The last active admin is never disabled this way.
    expect((await auth.login('it.admin', ADMIN_PASSWORD, '10.0.0.5')).ok).toBe(true);
    expect((await hubAccessAt(ctx, before)).find((r) => r.username === SECOND_ADMIN)).toMatchObject({ roles: ['admin'], status: 'active' });
    expect((await hubAccessAt(ctx, clock.now())).find((r) => r.username === SECOND_ADMIN)).toMatchObject({ status: 'disabled' });
  });
});
