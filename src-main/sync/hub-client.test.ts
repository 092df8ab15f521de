/**
 * The station believes an answer only if the hub key it pinned at enrolment signed it. The
 * client reads that key from the hub certificate once (issue 16 item 3: parsing the PEM per
 * answer cost as much as the check); an answer signed by any other key is still refused, before
 * and after good answers, and a good one after a forged one is still believed.
 */
import { createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src-core/clock.ts';
import { createSiteCa, issueCertificate, randomSerial } from '../../src-core/pki/site-ca.ts';
import { SYNC_HEADERS, sha256Hex, signResponse } from '../../src-core/sync/request-signature.ts';
import { ok } from '../../src-shared/result.ts';
import { keyPool } from '../../test/fakes/key-pool.ts';
import { HubClient } from './hub-client.ts';
import type { HubTransport } from './hub-transport.ts';

describe('HubClient answers', () => {
  it('P11-15 an answer signed by another key than the pinned hub certificate\'s is refused, whichever answers came before', async () => {
    const clock = fixedClock(new Date('2026-03-02T08:00:00.000Z'));
    const keys = keyPool(7);
    const ca = createSiteCa({ commonName: 'Hub CA', organisation: 'Site', validDays: 365, now: clock.now(), keyPair: keys.nextCa!() });
    const hubPair = keys.next();
    const hubCertPem = issueCertificate({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, subjectPublicKeyPem: hubPair.publicKeyPem, subject: { commonName: 'hub', stationId: 'HUB' }, kind: 'station', serial: randomSerial(), validDays: 365, now: clock.now() });
    const hubKey = createPrivateKey(hubPair.privateKeyPem);
    const otherKey = createPrivateKey(keys.next().privateKeyPem);
    let signWith = hubKey;
    const body = Buffer.from(JSON.stringify({ stationId: 'ST-01', status: 'active', ackSeq: 0, ackHash: null, countersignature: null, hubTime: clock.now().toISOString() }));
    const transport: HubTransport = {
      baseUrl: 'http://hub.invalid',
      request: async (req) => {
        const hubTime = clock.now().toISOString();
        const signature = signResponse(signWith, { method: req.method, path: req.path, nonce: req.headers[SYNC_HEADERS.nonce]!, status: 200, bodySha256: sha256Hex(body), hubTime });
        return ok({ status: 200, headers: { [SYNC_HEADERS.hubTime]: hubTime, [SYNC_HEADERS.hubSignature]: signature }, body });
      },
    };
    const client = new HubClient(transport, clock, { stationId: 'ST-01', certFingerprint: 'a'.repeat(64), privateKey: createPrivateKey(keys.next().privateKeyPem), hubCertPem });

    expect((await client.state()).ok).toBe(true);
    signWith = otherKey;
    const forged = await client.state();
    expect(!forged.ok && forged.error.code).toBe('HUB_RESPONSE_INVALID');
    signWith = hubKey;
    expect((await client.state()).ok).toBe(true);

    // A client that met only forged answers first refuses them too.
    signWith = otherKey;
    const fresh = new HubClient(transport, clock, { stationId: 'ST-01', certFingerprint: 'a'.repeat(64), privateKey: createPrivateKey(keys.next().privateKeyPem), hubCertPem });
    expect((await fresh.state()).ok).toBe(false);
  });
});
