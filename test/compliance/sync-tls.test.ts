/**
 * D25-06 data in motion: what a station sends to a hub serving HTTPS cannot be read on the
 * wire. A recording TCP proxy sits between station and hub and keeps every byte both ways while
 * the station enrols and pushes its ledger; no ledger payload, station id or batch number is in
 * the capture. The same capture through a plain-HTTP hub shows them (the capture would catch a
 * plaintext leak).
 */
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createHub, type Hub } from '../../src-server/create-hub.ts';
import { issueEnrolmentCode } from '../../src-server/enrolment/enrolment-codes.ts';
import { HubClient, pinnedHubTransport } from '../../src-main/sync/hub-client.ts';
import { httpTransport } from '../../src-main/sync/hub-transport.ts';
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
const MARKER = 'B-TLS-CAPTURE-7731';

interface Recorder {
  url(scheme: 'http' | 'https'): string;
  bytes(): Buffer;
  close(): Promise<void>;
}

/** A TCP proxy to the hub that keeps every byte it forwards, both ways. */
async function recordingProxy(target: { host: string; port: number }): Promise<Recorder> {
  const chunks: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.on('data', (d: Buffer) => {
      chunks.push(Buffer.from(d));
      upstream.write(d);
    });
    upstream.on('data', (d: Buffer) => {
      chunks.push(Buffer.from(d));
      client.write(d);
    });
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: (scheme) => `${scheme}://127.0.0.1:${port}`,
    bytes: () => Buffer.concat(chunks),
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

describe('sync traffic on the wire', () => {
  const backends: Backend[] = [];
  const hubs: Hub[] = [];
  const proxies: Recorder[] = [];
  const stations: TestStation[] = [];

  async function startHub(tls: boolean, caIndex: number, clock: TestStation['clock']): Promise<{ hub: Hub; url: string }> {
    const backend = await makeBackend('pglite');
    backends.push(backend);
    const hub = unwrap(await createHub({ db: await backend.open(), secret: HUB_SECRET, initialCa: TEST_CAS[caIndex]!, keys: keyPool(110 + caIndex * 5), scrypt: TEST_SCRYPT_PARAMS, clock, ...(tls ? { tls: { auto: true } } : {}) }));
    hubs.push(hub);
    return { hub, url: await hub.listen(0) };
  }

  /** A station with a batch's worth of signed entries enrols and pushes through the recorder. */
  async function syncThrough(tls: boolean, caIndex: number): Promise<{ capture: Buffer; pushed: number; station: TestStation }> {
    const t = makeTestStation({ config: { checkpointEvery: 10 } });
    stations.push(t);
    stationActivity(t, MARKER).record(15);
    const { hub, url } = await startHub(tls, caIndex, t.clock);
    const proxy = await recordingProxy({ host: '127.0.0.1', port: Number(new URL(url).port) });
    proxies.push(proxy);
    const via = proxy.url(tls ? 'https' : 'http');
    const transport = () => (tls ? pinnedHubTransport(via, hub.services.ctx.keys.caCertPem, { keepAlive: false }) : httpTransport(via, { keepAlive: false }));
    const client = new HubClient(transport(), t.clock, null);
    const code = unwrap(await issueEnrolmentCode(hub.services.ctx, IT, 1)).code;
    const requested = unwrap(await requestEnrolment(t, client, { stationSecret: TEST_SECRET, keys: keyPool(120 + caIndex), scrypt: TEST_SCRYPT_PARAMS, enrolmentCode: code }));
    unwrap(await hub.services.enrolment.approve(IT, requested.requestId, 'wire capture'));
    unwrap(await completeEnrolment(t, client, { stationSecret: TEST_SECRET }));
    const round = unwrap(await syncService(t, transport()).runOnce());
    return { capture: proxy.bytes(), pushed: round.pushed, station: t };
  }

  afterAll(async () => {
    for (const p of proxies) await p.close();
    for (const h of hubs) await h.close();
    for (const b of backends) await b.dispose();
    for (const s of stations) s.cleanup();
  });

  it('D25-06 P11-15 through an HTTPS hub the capture holds TLS records only: no payload, station id, batch number or signature in plain text', async () => {
    const { capture, pushed, station } = await syncThrough(true, 0);
    expect(pushed).toBeGreaterThan(15);
    expect(capture.length).toBeGreaterThan(10_000);
    // Every connection opens with a TLS handshake record (content type 22, version 3.x).
    expect(capture[0]).toBe(0x16);
    expect(capture[1]).toBe(0x03);
    const text = capture.toString('latin1');
    for (const secret of [MARKER, 'observation 1', station.stationId, 'comment.recorded', '"payload"', 'POST /api', 'BEGIN CERTIFICATE REQUEST']) expect(text.includes(secret), `"${secret}" readable on the wire`).toBe(false);
  }, 120_000);

  it('D25-06 the same capture through a plain-HTTP hub shows the ledger in clear (the check can see a leak)', async () => {
    const { capture, pushed } = await syncThrough(false, 1);
    expect(pushed).toBeGreaterThan(15);
    const text = capture.toString('latin1');
    expect(text).toContain(MARKER);
    expect(text).toContain('comment.recorded');
  }, 120_000);
});
