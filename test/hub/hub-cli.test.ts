/**
 * The command line IT uses (issue #6 item 6), run in-process against a test hub: enrol prints
 * the request id, sync --once refuses (exit 1, naming why) until an admin approves with
 * `hub approve`, then prints what it pushed; `hub stations` shows the station's sync health.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../fakes/cli-runner.ts';
import { makeTestStation, TEST_SECRET, type TestStation } from '../fakes/test-station.ts';
import { stationActivity } from './support/station-activity.ts';
import { ADMIN_PASSWORD, startTestHub, type TestHub } from './support/test-hub.ts';

const run = (...args: string[]) => runCli(args, { env: { BATCHLINE_STATION_SECRET: TEST_SECRET, BATCHLINE_PASSWORD: ADMIN_PASSWORD } });

describe('batchline enrol / hub approve / sync --once', () => {
  let hub: TestHub;
  let t: TestStation;

  beforeAll(async () => {
    hub = await startTestHub({ backend: 'pglite' });
    t = makeTestStation({ config: { checkpointEvery: 10 } });
    stationActivity(t).record(25);
    t.close();
  });
  afterAll(async () => {
    await hub?.close();
    t?.cleanup();
  });

  it('enrols, is refused until approved, then syncs and reports counts', async () => {
    expect((await run('enrol', '--db', t.dbPath, '--hub', hub.url)).code).toBe(2);
    const issued = await run('hub', 'enrolment-code', '--hub', hub.url, '--user', 'it.admin');
    expect(issued.code).toBe(0);
    const code = /enrolment code (\S+)/.exec(issued.out)![1]!;
    const enrol = await run('enrol', '--db', t.dbPath, '--hub', hub.url, '--code', code);
    expect(enrol.code).toBe(0);
    const requestId = /enrolment request (ENR-\S+)/.exec(enrol.out)![1]!;
    expect(enrol.out).toContain(hub.hub.services.ctx.keys.caFingerprint);

    const early = await run('sync', '--db', t.dbPath, '--hub', hub.url, '--once');
    expect(early.code).toBe(1);
    expect(early.err).toMatch(/refused: ENROLMENT_PENDING/);

    const approve = await run('hub', 'approve', requestId, '--hub', hub.url, '--user', 'it.admin', '--reason', 'line 2 commissioning');
    expect(approve.code).toBe(0);
    expect(approve.out).toContain(`station ${t.stationId} may now sync`);

    const first = await run('sync', '--db', t.dbPath, '--hub', hub.url, '--once');
    expect(first.code).toBe(0);
    const pushed = Number(/pushed (\d+) entries, pulled (\d+) changes/.exec(first.out)![1]);
    expect(pushed).toBeGreaterThan(25);
    // the composed station's engine master data is bound to sync (it was once silently missing)
    expect(first.out).not.toContain('no master-data service');
    const again = await run('sync', '--db', t.dbPath, '--hub', hub.url, '--once');
    expect(again.out).toMatch(/pushed \d+ entries, pulled 0 changes/);

    const list = await run('hub', 'stations', '--hub', hub.url, '--user', 'it.admin');
    expect(list.out).toMatch(new RegExp(`^${t.stationId}\\tactive\\tack \\d+`, 'm'));

    const verify = await run('verify', '--db', t.dbPath);
    expect(verify.code).toBe(0);
  });

  it('names the refusal and exits 1 for a revoked station, 2 for usage errors', async () => {
    const revoke = await hub.api('POST', `/api/v1/admin/stations/${t.stationId}/revoke`, { reason: 'PC retired' });
    expect(revoke.status).toBe(200);
    const refused = await run('sync', '--db', t.dbPath, '--hub', hub.url, '--once');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/refused: STATION_REVOKED/);
    expect((await run('sync', '--db', `${t.dbPath}.missing`, '--hub', hub.url, '--once')).code).toBe(2);
    const badLogin = await run('hub', 'stations', '--hub', hub.url, '--user', 'nobody');
    expect(badLogin.err).toMatch(/AUTH_INVALID_CREDENTIALS/);
  });
});
