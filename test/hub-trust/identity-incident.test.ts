/**
 * COMPLIANCE.md §6 attack 6 from the attacker's seat (issue 10 item 2): the station database is
 * deleted and the station re-created under the same station id to start with a clean record,
 * then asked to enrol again. The hub refuses the fresh ledger, records an identity incident in
 * its audit trail and its incident list (IT and QA see it), and keeps the old ledger untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { fixedClock } from '../../src-core/clock.ts';
import { unwrap } from '../../src-shared/result.ts';
import { HubClient } from '../../src-main/sync/hub-client.ts';
import { httpTransport } from '../../src-main/sync/hub-transport.ts';
import { requestEnrolment } from '../../src-main/sync/station-enrolment.ts';
import { hubAudit, ledgerEntries } from '../../src-server/db/schema.ts';
import type { IdentityIncident } from '../../src-shared/quality/hub-admin-contract.ts';
import { keyPool } from '../fakes/key-pool.ts';
import { makeTestStation, T0, TEST_SECRET, type TestStation } from '../fakes/test-station.ts';
import { TEST_SCRYPT_PARAMS } from '../fakes/test-scrypt-params.ts';
import { enrolStation, syncService } from '../hub/support/enrol.ts';
import { provisionHubUser } from '../hub/support/provision-user.ts';
import { startTestHub, type TestHub } from '../hub/support/test-hub.ts';

describe('a fresh ledger under a known station id', () => {
  let hub: TestHub;
  let original: TestStation;
  let wiped: TestStation;

  beforeAll(async () => {
    original = makeTestStation({ config: { checkpointEvery: 1000 } });
    hub = await startTestHub({ backend: 'pglite', clock: original.clock });
    await enrolStation(original, hub);
    original.clock.advance(60_000);
    unwrap(original.ledger.append([{ type: 'comment.recorded', actor: original.userId('op.li'), batchRef: 'B-1', payload: { text: 'failed weighing, line 2' } }]));
    unwrap(await syncService(original, httpTransport(hub.url)).runOnce());
    // The attacker deletes station.db and starts the station again: same provisioned id, new genesis.
    wiped = makeTestStation({ config: { clock: fixedClock(new Date(T0.getTime() + 86_400_000)) } });
  });
  afterAll(async () => {
    await hub?.close();
    original?.cleanup();
    wiped?.cleanup();
  });

  const hubLedger = () => hub.hub.db.orm.select({ seq: ledgerEntries.seq, hash: ledgerEntries.hash }).from(ledgerEntries).where(eq(ledgerEntries.stationId, original.stationId));

  it('A11-13 A11-23 the hub refuses the new genesis for a known station id and records an identity incident; the old ledger stays as it was', async () => {
    expect(wiped.stationId).toBe(original.stationId);
    expect(wiped.ledger.bySeq(1)!.hash).not.toBe(original.ledger.bySeq(1)!.hash);
    const before = await hubLedger();
    expect(before.length).toBeGreaterThan(1);

    const code = await hub.api<{ code: string }>('POST', '/api/v1/admin/enrolment-codes', { validHours: 4 });
    const ask = () =>
      requestEnrolment(wiped, new HubClient(httpTransport(hub.url), wiped.clock, null), { stationSecret: TEST_SECRET, keys: keyPool(90), scrypt: TEST_SCRYPT_PARAMS, enrolmentCode: code.body.code });
    const refused = await ask();
    expect(!refused.ok && refused.error.code).toBe('STATION_IDENTITY_INCIDENT');
    expect(!refused.ok && refused.error.message).toContain('identity incident');
    // asking again adds an attempt to the same incident (and IT's code was not spent by a refusal)
    const again = await ask();
    expect(!again.ok && again.error.code).toBe('STATION_IDENTITY_INCIDENT');
    // the wiped station recorded no enrolment
    expect(wiped.ledger.query({ types: ['sync.enrolment_requested'] })).toHaveLength(0);

    const incidents = await hub.api<IdentityIncident[]>('GET', '/api/v1/admin/identity-incidents');
    expect(incidents.status).toBe(200);
    expect(incidents.body).toHaveLength(1);
    expect(incidents.body[0]).toMatchObject({
      stationId: original.stationId,
      attempts: 2,
      status: 'open',
      knownGenesisHash: original.ledger.bySeq(1)!.hash,
      knownAckSeq: before.length,
      offeredGenesisHash: wiped.ledger.bySeq(1)!.hash,
    });
    const trail = await hub.hub.db.orm.select().from(hubAudit).where(eq(hubAudit.action, 'station.identity_incident'));
    expect(trail.map((a) => [a.subject, a.ok])).toEqual([
      [original.stationId, false],
      [original.stationId, false],
    ]);

    // nothing of the old ledger changed, and the genuine station still syncs
    expect(await hubLedger()).toEqual(before);
    original.clock.advance(60_000);
    unwrap(original.ledger.append([{ type: 'comment.recorded', actor: original.userId('op.li'), batchRef: 'B-1', payload: { text: 'line 3' } }]));
    unwrap(await syncService(original, httpTransport(hub.url)).runOnce());
    expect((await hubLedger()).length).toBeGreaterThan(before.length);
  });

  it('A11-23 QA sees the incident list too; an operator at the hub does not', async () => {
    await provisionHubUser(hub, { username: 'qa.hub', printedName: 'Quinn QA', roles: ['qa'], password: 'Review-carefully-26' });
    await provisionHubUser(hub, { username: 'op.hub', printedName: 'Otto Operator', roles: ['operator'], password: 'Operate-carefully-26' });
    const login = async (username: string, password: string) => (await hub.api<{ token: string }>('POST', '/api/v1/auth/login', { username, password }, '')).body.token;
    const qa = await hub.api<IdentityIncident[]>('GET', '/api/v1/admin/identity-incidents', undefined, await login('qa.hub', 'Review-carefully-26'));
    expect(qa.status).toBe(200);
    expect(qa.body).toHaveLength(1);
    const op = await hub.api('GET', '/api/v1/admin/identity-incidents', undefined, await login('op.hub', 'Operate-carefully-26'));
    expect(op.status).toBe(403);
  });
});
