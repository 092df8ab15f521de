/**
 * The hub serves HTTPS itself (issue 10 item 8) and stations pin the hub CA: over loopback,
 * a station enrols and syncs with a hub whose certificate its CA issued at start; a hub with a
 * provided certificate serves it; a station pinned to one CA refuses a hub certificate from
 * another, and the system roots alone trust neither.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHub, type Hub } from '../../src-server/create-hub.ts';
import { resolveHubTls } from '../../src-server/keys/hub-tls.ts';
import { issueEnrolmentCode } from '../../src-server/enrolment/enrolment-codes.ts';
import { httpTransport } from '../../src-main/sync/hub-transport.ts';
import { HubClient, pinnedHubTransport } from '../../src-main/sync/hub-client.ts';
import { completeEnrolment, requestEnrolment } from '../../src-main/sync/station-enrolment.ts';
import { unwrap } from '../../src-shared/result.ts';
import { makeTestStation, TEST_SECRET, type TestStation } from '../fakes/test-station.ts';
import { keyPool } from '../fakes/key-pool.ts';
import { TEST_SCRYPT_PARAMS } from '../fakes/test-scrypt-params.ts';
import { makeBackend, type Backend } from '../hub/support/hub-backends.ts';
import { HUB_SECRET, TEST_CAS } from '../hub/support/test-hub.ts';
import { stationActivity } from '../hub/support/station-activity.ts';
import { syncService } from '../hub/support/enrol.ts';

const IT = { userId: 'hubuser-it', username: 'it.admin', roles: ['admin' as const] };

describe('hub over HTTPS with a pinned CA', () => {
  const backends: Backend[] = [];
  const hubs: Hub[] = [];
  let t: TestStation;
  let autoUrl: string;
  let providedUrl: string;
  let autoHub: Hub;

  async function startHub(caIndex: number, tls: Parameters<typeof createHub>[0]['tls']): Promise<{ hub: Hub; url: string }> {
    const backend = await makeBackend('pglite');
    backends.push(backend);
    const hub = unwrap(await createHub({ db: await backend.open(), secret: HUB_SECRET, initialCa: TEST_CAS[caIndex]!, keys: keyPool(70 + caIndex * 5), scrypt: TEST_SCRYPT_PARAMS, clock: t.clock, ...(tls ? { tls } : {}) }));
    hubs.push(hub);
    return { hub, url: await hub.listen(0) };
  }

  beforeAll(async () => {
    t = makeTestStation({ config: { checkpointEvery: 10 } });
    stationActivity(t).record(12);
    ({ hub: autoHub, url: autoUrl } = await startHub(0, { auto: true }));
    // A certificate made elsewhere (here: by the first hub's CA) and handed to the second hub,
    // whose own CA is another one.
    const provided = unwrap(await resolveHubTls(autoHub.services.ctx, { auto: true }));
    ({ url: providedUrl } = await startHub(1, { certPem: provided.certPem, keyPem: provided.keyPem }));
  }, 120_000);
  afterAll(async () => {
    for (const h of hubs) await h.close();
    for (const b of backends) await b.dispose();
    t?.cleanup();
  });

  const health = (transport: ReturnType<typeof httpTransport>) => transport.request({ method: 'GET', path: '/health', headers: {}, timeoutMs: 10_000 });

  it('P11-15 the hub serves HTTPS with a certificate from its CA, or a provided one; a station pinned to the hub CA refuses any other', async () => {
    expect(autoUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const hubCa = autoHub.services.ctx.keys.caCertPem;
    const pinned = await health(pinnedHubTransport(autoUrl, hubCa, { keepAlive: false }));
    expect(pinned.ok && pinned.value.status).toBe(200);
    // the provided certificate is served (it chains to the first CA, not to the second hub's)
    const provided = await health(pinnedHubTransport(providedUrl, hubCa, { keepAlive: false }));
    expect(provided.ok && provided.value.status).toBe(200);

    const wrongPin = await health(pinnedHubTransport(autoUrl, TEST_CAS[1]!.certPem, { keepAlive: false }));
    expect(!wrongPin.ok && wrongPin.error.code).toBe('HUB_UNREACHABLE');
    expect(!wrongPin.ok && wrongPin.error.message).toMatch(/certificate/i);
    const systemRoots = await health(httpTransport(autoUrl, { keepAlive: false }));
    expect(!systemRoots.ok && systemRoots.error.code).toBe('HUB_UNREACHABLE');
    // plain HTTP to the TLS port gets no answer a station would take
    const plain = await health(httpTransport(autoUrl.replace('https:', 'http:'), { keepAlive: false }));
    expect(plain.ok && plain.value.status === 200).toBe(false);
  });

  it('P11-15 a station enrols and syncs over HTTPS, pinned to the CA it received at enrolment', async () => {
    const hubCa = autoHub.services.ctx.keys.caCertPem;
    const client = new HubClient(pinnedHubTransport(autoUrl, hubCa), t.clock, null);
    const code = unwrap(await issueEnrolmentCode(autoHub.services.ctx, IT, 1)).code;
    const requested = unwrap(await requestEnrolment(t, client, { stationSecret: TEST_SECRET, keys: keyPool(90), scrypt: TEST_SCRYPT_PARAMS, enrolmentCode: code }));
    unwrap(await autoHub.services.enrolment.approve(IT, requested.requestId, 'TLS commissioning'));
    unwrap(await completeEnrolment(t, client, { stationSecret: TEST_SECRET }));
    const round = unwrap(await syncService(t, pinnedHubTransport(autoUrl, hubCa)).runOnce());
    expect(round.pushed).toBeGreaterThan(12);
    // the same station, pinned to a foreign CA, reaches nothing
    const foreign = await syncService(t, pinnedHubTransport(autoUrl, TEST_CAS[1]!.certPem)).runOnce();
    expect(!foreign.ok && foreign.error.code).toBe('HUB_UNREACHABLE');
  });
});
