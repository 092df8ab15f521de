/**
 * Issue 16 item 3: the trace route sends a kept answer (genealogy_closure_answers, gzip'd since
 * migration 0046) as its bytes, with Content-Encoding: gzip, to a client that accepts gzip, and
 * gunzipped to one that does not; every client reads the same text, exactly what the walk
 * answers. Through the real HTTP route of a running hub, with the clients Batchline has: fetch
 * (the CLI; undici asks for gzip and gunzips, as the console's browser does), the station's hub
 * transport (node:http, asks for nothing) and a plain HTTP client that asks for gzip and reads
 * the bytes as sent. A kept row that is absent, not gzip, or does not gunzip is never sent as
 * the answer, to any client: it is built again from the kept closure and kept in its place (the
 * hub gunzips a kept row's bytes once per version of the row it reads, and holds the text: a
 * direct update of the bytes below is a new version, read again).
 */
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { unwrap } from '../../src-shared/result.ts';
import { DEFAULT_TRACE_DEPTH } from '../../src-shared/quality/genealogy-contract.ts';
import { rowsOf } from '../../src-server/quality/db/sql-rows.ts';
import { TraceService } from '../../src-server/quality/genealogy/trace-service.ts';
import type { HubQuery } from '../../src-server/db/open-hub-db.ts';
import { httpTransport } from '../../src-main/sync/hub-transport.ts';
import { recordBatch } from './support/station-batch.ts';
import { startQualityHub, type QualityHub } from './support/quality-hub.ts';
import { QUALITY_BACKENDS } from './support/quality-backends.ts';

const PATH = '/api/v1/genealogy/trace?kind=lot&id=MCC-GZ1&direction=forward';

interface Answer {
  status: number;
  encoding: string | undefined;
  vary: string | undefined;
  text: string;
}

describe.each(QUALITY_BACKENDS)('the trace route and its kept answer, gzip or not (%s)', (backend) => {
  let q: QualityHub;
  let db: HubQuery;
  let token: string;
  let text: string;

  beforeAll(async () => {
    q = await startQualityHub(backend);
    db = q.hub.hub.services.ctx.db;
    recordBatch(q.station, { batchNumber: 'GZ-001', apiLot: 'API-GZ1', excipientLot: 'MCC-GZ1' });
    recordBatch(q.station, { batchNumber: 'GZ-002', apiLot: 'API-GZ2', excipientLot: 'MCC-GZ1' });
    await q.sync();
    await q.quality.projector.catchUp();
    token = await q.token('qa.hub');
    const query = { kind: 'lot' as const, id: 'MCC-GZ1', direction: 'forward' as const };
    // The reference: the depth-bounded walk, serialised. Then the closure and its answer kept
    // as a large recall's would be (from 1 node here; the hub keeps from 1,000).
    const reference = new TraceService({ db, catchUp: async () => 0, decisions: async () => new Map(), closure: false });
    text = JSON.stringify(unwrap(await reference.traceNow(query)));
    const keeping = new TraceService({ db, catchUp: async () => 0, decisions: async () => new Map(), keepClosuresFrom: 1 });
    expect(unwrap(await keeping.traceJsonNow(query))).toBe(text);
  });
  afterAll(async () => {
    await q?.close();
  });

  const keptRow = async () => {
    const rows = await rowsOf<{ body: Uint8Array }>(db, sql`select a.body_gzip as body from genealogy_closure_answers a join genealogy_nodes s on s.id = a.start_id where s.kind = 'lot' and s.key = 'MCC-GZ1' and a.direction = 'forward' and a.max_depth = ${DEFAULT_TRACE_DEPTH}`);
    return rows[0]?.body;
  };
  // A write the hub did not make (another hub process's, say): this hub's answer cache is stale.
  const anotherWrite = () => db.execute(sql`update genealogy_generation set n = n + 1`);
  const set = async (bytes: Buffer) => {
    await db.execute(sql`update genealogy_closure_answers a set body_gzip = ${bytes}::bytea from genealogy_nodes s where s.id = a.start_id and s.kind = 'lot' and s.key = 'MCC-GZ1'`);
    await anotherWrite();
  };

  /** fetch, as the CLI calls the hub (undici asks for gzip and gunzips; the console's browser does the same). */
  const viaFetch = async (): Promise<Answer> => {
    const res = await fetch(`${q.hub.url}${PATH}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, encoding: res.headers.get('content-encoding') ?? undefined, vary: res.headers.get('vary') ?? undefined, text: await res.text() };
  };
  /** The station's hub transport (node:http): asks for no encoding. */
  const viaStation = async (): Promise<Answer> => {
    const res = unwrap(await httpTransport(q.hub.url, { keepAlive: false }).request({ method: 'GET', path: PATH, headers: { authorization: `Bearer ${token}` }, timeoutMs: 30_000 }));
    return { status: res.status, encoding: res.headers['content-encoding'], vary: res.headers.vary, text: res.body.toString('utf8') };
  };
  /** A client that asks for gzip and reads the bytes as sent. */
  const rawGzip = (): Promise<{ status: number; encoding: string | undefined; bytes: Buffer }> =>
    new Promise((resolve, reject) => {
      const req = http.get(`${q.hub.url}${PATH}`, { headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip', connection: 'close' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, encoding: res.headers['content-encoding'], bytes: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject);
    });

  it('FR-10 sends the kept bytes as they are to a client that accepts gzip, and the same text gunzipped to one that does not', async () => {
    const kept = await keptRow();
    expect(kept).toBeInstanceOf(Uint8Array);
    expect(gunzipSync(kept!).toString('utf8')).toBe(text);
    const raw = await rawGzip();
    expect(raw.status).toBe(200);
    expect(raw.encoding).toBe('gzip');
    expect(raw.bytes.equals(Buffer.from(kept!))).toBe(true);
    const fetched = await viaFetch();
    expect(fetched).toEqual({ status: 200, encoding: 'gzip', vary: 'accept-encoding', text });
    const station = await viaStation();
    expect(station).toEqual({ status: 200, encoding: undefined, vary: 'accept-encoding', text });
    // After a write elsewhere (this hub's cache stale), from the kept row again, both ways.
    await anotherWrite();
    expect((await viaStation()).text).toBe(text);
    await anotherWrite();
    expect(await viaFetch()).toEqual({ status: 200, encoding: 'gzip', vary: 'accept-encoding', text });
  });

  it('FR-10 a kept answer absent, not gzip, or that does not gunzip is built again from the kept closure, answered right, and kept in its place', async () => {
    const good = Buffer.from((await keptRow())!);
    // Absent (the closure still kept): built from it, sent, kept again.
    for (const client of [viaStation, viaFetch]) {
      await db.execute(sql`delete from genealogy_closure_answers a using genealogy_nodes s where s.id = a.start_id and s.kind = 'lot' and s.key = 'MCC-GZ1'`);
      await anotherWrite();
      expect((await client()).text).toBe(text);
      expect(gunzipSync((await keptRow())!).toString('utf8')).toBe(text);
    }
    // Not gzip at all (the text itself, say, as migration 0045 kept it): never sent as gzip.
    for (const client of [viaStation, viaFetch]) {
      await set(Buffer.from(text.replace('GZ-002', 'GZ-999')));
      const answer = await client();
      expect(answer.status).toBe(200);
      expect(answer.text).toBe(text);
      expect(gunzipSync((await keptRow())!).toString('utf8')).toBe(text);
    }
    // A gzip header over bytes that do not gunzip (one byte changed: gzip's CRC-32 fails): no
    // client gets them, with gzip or without; the text is built again and the row mended.
    for (const [client, encoding] of [[viaStation, undefined], [viaFetch, 'gzip']] as const) {
      const broken = Buffer.from(good);
      broken[broken.length >> 1] = broken[broken.length >> 1]! ^ 0xff;
      await set(broken);
      expect(await client()).toEqual({ status: 200, encoding, vary: 'accept-encoding', text });
      expect(Buffer.from((await keptRow())!).equals(broken)).toBe(false);
      expect(gunzipSync((await keptRow())!).toString('utf8')).toBe(text);
    }
  });
});
