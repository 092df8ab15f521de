/**
 * Issue 16 item 3, FR-134: a hub process's first read of a kept recall answer. The kept bytes
 * come from the trace statement in rows of ANSWER_PART_BYTES (trace-sql.ts, closureSql), so no
 * row's base64 text is a large object for V8 (128 kB: one 370 kB text was allocated in old space
 * and freed only by a full collection); the hub puts them together by part (keptBytesOf), byte
 * for byte, and gzip's own check (CRC-32 and length) still refuses a damaged part before any
 * client is sent a byte. A kept answer read for gzip clients is held as its gzip'd bytes alone;
 * its text is made, once, when a client without gzip asks. The kept answer of a small genealogy
 * is made large for the test with a gzip header comment (RFC 1952, FCOMMENT): the same text
 * gunzips from it, and it spans several parts.
 */
import { crc32, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { makeBackend, type Backend } from '../hub/support/hub-backends.ts';
import type { HubDb } from '../../src-server/db/open-hub-db.ts';
import { raiseGeneration, writeFacts } from '../../src-server/quality/genealogy/genealogy-store.ts';
import { rowsOf } from '../../src-server/quality/db/sql-rows.ts';
import { ANSWER_PART_BYTES, closureSql, type ClosureRow } from '../../src-server/quality/genealogy/trace-sql.ts';
import { gunzipKept, gzipChecks, gzipChecksInPlace, keptBytesOf, TraceService } from '../../src-server/quality/genealogy/trace-service.ts';
import { TraceCache } from '../../src-server/quality/genealogy/trace-cache.ts';
import { DEFAULT_TRACE_DEPTH, type TraceQuery } from '../../src-shared/quality/genealogy-contract.ts';
import { unwrap } from '../../src-shared/result.ts';
import { QUALITY_BACKENDS } from './support/quality-backends.ts';
import { node, edge } from './support/genealogy-facts.ts';

/** V8's largest regular heap object (kMaxRegularHeapObjectSize): a longer string is a large object. */
const V8_LARGE_OBJECT = 128 * 1024;


/** The gzip member `gz` with a header comment of `n` bytes: the same text gunzips from it. */
function withComment(gz: Buffer, n: number): Buffer {
  const head = Buffer.from(gz.subarray(0, 10));
  head[3] = head[3]! | 0x10;
  return Buffer.concat([head, Buffer.alloc(n, 0x61), Buffer.from([0]), gz.subarray(10)]);
}

describe('FR-134 the kept answer\'s parts put together (keptBytesOf)', () => {
  const bytes = Buffer.from(Array.from({ length: 2 * ANSWER_PART_BYTES + 7 }, (_, i) => (i * 31) % 251));
  const part = (i: number) => ({ answer: bytes.subarray(i * ANSWER_PART_BYTES, (i + 1) * ANSWER_PART_BYTES).toString('base64'), answer_part: i, answer_size: bytes.length });

  it('FR-134 parts in any order are put together byte for byte; a part missing, twice or cut short gives no bytes', () => {
    expect(keptBytesOf([part(2), part(0), part(1)]).equals(bytes)).toBe(true);
    // PostgreSQL's base64 breaks its lines every 76 characters.
    const wrapped = [0, 1, 2].map((i) => ({ ...part(i), answer: part(i).answer.replace(/(.{76})/g, '$1\n') }));
    expect(keptBytesOf(wrapped).equals(bytes)).toBe(true);
    expect(keptBytesOf([part(0), part(1)])).toHaveLength(0);
    expect(keptBytesOf([part(0), part(1), part(1)])).toHaveLength(0);
    expect(keptBytesOf([part(0), { ...part(1), answer: part(1).answer.slice(0, 4000) }, part(2)])).toHaveLength(0);
    expect(keptBytesOf([part(0), part(1), { ...part(2), answer_size: bytes.length + 1 }])).toHaveLength(0);
  });
});

describe('FR-134 a kept answer checked for a gzip client without its text (gzipChecks)', () => {
  // Several scratch buffers' worth of text (64 kB each), in a member of its own.
  const text = Buffer.from(JSON.stringify(Array.from({ length: 40_000 }, (_, i) => ({ n: i, k: `lot-${(i * 7919) % 1000}` }))), 'utf8');
  const gz = gzipSync(text, { level: 1 });
  const flipped = (at: number) => {
    const b = Buffer.from(gz);
    b[at] = b[at]! ^ 0x01;
    return b;
  };

  it('FR-134 intact bytes pass; a damaged deflate byte, CRC-32 or length, a cut-short member or bytes after it are refused, as the whole gunzip refuses them', () => {
    expect(text.length).toBeGreaterThan(10 * 64 * 1024);
    expect(gzipChecks(gz)).toBe(true);
    expect(gzipChecks(withComment(gz, 2 * ANSWER_PART_BYTES))).toBe(true);
    const bad = [flipped(gz.length - 100), flipped(Math.floor(gz.length / 2)), flipped(gz.length - 8), flipped(gz.length - 2), gz.subarray(0, gz.length - 1), gz.subarray(0, gz.length - 9), Buffer.concat([gz, Buffer.from('tail')])];
    for (const b of bad) expect(gzipChecks(b)).toBe(false);
    // The first five are what gunzip itself refuses (the whole text made): the same verdicts.
    for (const b of bad.slice(0, 5)) expect(() => gunzipSync(b)).toThrow();
  });

  it('FR-134 on this Node the check inflates in place, and its own CRC-32 and length (not the zlib handle\'s word) decide: a trailer naming another text is refused, a bomb past the named length stops', () => {
    // The in-place path checks itself at the first call; were it refused (another Node), gzipChecks would
    // gunzip whole: correct, but the first read's cost back. This says which one runs here.
    expect(gzipChecksInPlace()).toBe(true);
    const zeros = gzipSync(Buffer.alloc(8 * 1024 * 1024));
    expect(gzipChecks(zeros)).toBe(true);
    const lies = Buffer.from(zeros);
    lies.writeUInt32LE(100, lies.length - 4); // names 100 bytes, inflates to 8 MB
    expect(gzipChecks(lies)).toBe(false);
    const otherCrc = Buffer.from(zeros);
    otherCrc.writeUInt32LE(crc32(Buffer.alloc(8 * 1024 * 1024, 1)), otherCrc.length - 8);
    expect(gzipChecks(otherCrc)).toBe(false);
    expect(gzipChecks(gzipSync(Buffer.alloc(0)))).toBe(true);
    expect(gzipChecks(gzipSync(Buffer.alloc(64 * 1024, 7)))).toBe(true); // ends on the scratch's edge
  });
});

describe('FR-134 a kept member\'s header read before its deflate data is inflated raw (gzipDataStart)', () => {
  const text = Buffer.from(JSON.stringify(Array.from({ length: 20_000 }, (_, i) => ({ n: i, k: `lot-${(i * 7919) % 1000}` }))), 'utf8');
  const gz = gzipSync(text, { level: 6 });
  /** `gz` with optional header fields (RFC 1952 §2.3) in place of its bare 10-byte header. */
  const withFields = (fields: { extra?: Buffer; name?: string; comment?: string; hcrc?: 'right' | 'wrong' }): Buffer => {
    const head = Buffer.from(gz.subarray(0, 10));
    const parts: Buffer[] = [head];
    if (fields.extra) {
      head[3] = head[3]! | 0x04;
      const len = Buffer.alloc(2);
      len.writeUInt16LE(fields.extra.length);
      parts.push(len, fields.extra);
    }
    if (fields.name !== undefined) {
      head[3] = head[3]! | 0x08;
      parts.push(Buffer.from(`${fields.name}\0`, 'latin1'));
    }
    if (fields.comment !== undefined) {
      head[3] = head[3]! | 0x10;
      parts.push(Buffer.from(`${fields.comment}\0`, 'latin1'));
    }
    if (fields.hcrc) {
      head[3] = head[3]! | 0x02;
      const crc = Buffer.alloc(2);
      crc.writeUInt16LE((crc32(Buffer.concat(parts)) & 0xffff) ^ (fields.hcrc === 'wrong' ? 1 : 0));
      parts.push(crc);
    }
    return Buffer.concat([...parts, gz.subarray(10)]);
  };

  it('FR-134 every optional field the public gunzip takes is taken, with the same text; a wrong header CRC, a reserved flag or a field running into the trailer is refused, as gunzip refuses it', () => {
    const good = [gz, withFields({ extra: Buffer.from('BL\u0004\u0000abcd', 'latin1') }), withFields({ name: 'recall.json' }), withFields({ comment: 'c' }), withFields({ extra: Buffer.alloc(0), name: 'n', comment: 'c', hcrc: 'right' })];
    for (const b of good) {
      expect(gunzipSync(b).equals(text)).toBe(true);
      expect(gzipChecks(b)).toBe(true);
      expect(gunzipKept(b)!.equals(text)).toBe(true);
    }
    const reserved = Buffer.from(gz);
    reserved[3] = 0x20;
    const extraIntoTrailer = withFields({ extra: Buffer.from('ab') });
    extraIntoTrailer.writeUInt16LE(gz.length, 10); // an extra field longer than what follows it
    const bad = [withFields({ name: 'n', hcrc: 'wrong' }), reserved, extraIntoTrailer];
    for (const b of bad) {
      expect(() => gunzipSync(b)).toThrow();
      expect(gzipChecks(b)).toBe(false);
      expect(gunzipKept(b)).toBeNull();
    }
  });
});

describe('FR-148 a kept answer gunzipped for a client without gzip, in this thread (gunzipKept)', () => {
  const text = Buffer.from(JSON.stringify(Array.from({ length: 40_000 }, (_, i) => ({ n: i, k: `lot-${(i * 7919) % 1000}` }))), 'utf8');
  const gz = gzipSync(text, { level: 1 });

  it('FR-148 the text comes whole in one Buffer of its length; every member gzipChecks refuses (damage, cut short, bytes or a second member after it, a trailer naming another length or CRC-32) gives no text', () => {
    const out = gunzipKept(gz)!;
    expect(out.equals(text)).toBe(true);
    expect(out.length).toBe(text.length);
    expect(gunzipKept(gzipSync(Buffer.alloc(0)))!.length).toBe(0);
    const flipped = (at: number) => {
      const b = Buffer.from(gz);
      b[at] = b[at]! ^ 0x01;
      return b;
    };
    const zeros = gzipSync(Buffer.alloc(8 * 1024 * 1024));
    const lies = Buffer.from(zeros);
    lies.writeUInt32LE(100, lies.length - 4); // names 100 bytes, inflates to 8 MB
    const longer = Buffer.from(gz);
    longer.writeUInt32LE(text.length + 1, longer.length - 4);
    const bad = [flipped(gz.length - 100), flipped(Math.floor(gz.length / 2)), flipped(gz.length - 8), flipped(gz.length - 2), gz.subarray(0, gz.length - 1), gz.subarray(0, gz.length - 9), Buffer.concat([gz, Buffer.from('tail')]), Buffer.concat([gz, gz]), lies, longer];
    for (const b of bad) {
      expect(gzipChecks(b)).toBe(false);
      expect(gunzipKept(b)).toBeNull();
    }
  });
  it('FR-148 a text longer than the checked bound (256 MiB) is not inflated at all, whatever its trailer says: the public gunzip path is bounded too', () => {
    const huge = gzipSync(Buffer.alloc(257 * 1024 * 1024), { level: 1 });
    expect(huge.readUInt32LE(huge.length - 4)).toBe(257 * 1024 * 1024);
    expect(gunzipKept(huge)).toBeNull();
    expect(gzipChecks(huge)).toBe(false);
  });
});

describe.each(QUALITY_BACKENDS)('a kept answer in parts, and held as gzip alone (%s)', (backendName) => {
  let backend: Backend;
  let db: HubDb;
  const q: TraceQuery = { kind: 'lot', id: 'RM-P1', direction: 'forward' };
  const deps = () => ({ db: db.orm, catchUp: async () => 0, decisions: async () => new Map() });
  let text: string;

  const keptRow = async () => (await rowsOf<{ body: string }>(db.orm, sql`select encode(a.body_gzip, 'base64') as body from genealogy_closure_answers a join genealogy_nodes s on s.id = a.start_id where s.kind = 'lot' and s.key = 'RM-P1'`)).map((r) => Buffer.from(r.body, 'base64'));
  const setKept = (b: Buffer) => db.orm.execute(sql`update genealogy_closure_answers a set body_gzip = decode(${b.toString('base64')}, 'base64') from genealogy_nodes s where s.id = a.start_id and s.kind = 'lot' and s.key = 'RM-P1'`);

  beforeAll(async () => {
    backend = await makeBackend(backendName);
    db = await backend.open();
    await writeFacts(db.orm, {
      nodes: [node('lot', 'RM-P1'), node('container', 'C-P1'), node('dispense', 'D-P1'), node('batch', 'B-P1'), node('lot', 'FG-P1')],
      edges: [edge(['lot', 'RM-P1'], ['container', 'C-P1']), edge(['container', 'C-P1'], ['dispense', 'D-P1']), edge(['dispense', 'D-P1'], ['batch', 'B-P1']), edge(['batch', 'B-P1'], ['lot', 'FG-P1'])],
    });
    await raiseGeneration(db.orm);
    text = unwrap(await new TraceService({ ...deps(), keepClosuresFrom: Infinity }).traceJsonNow(q));
    // The closure and its answer kept (keepClosuresFrom 1: this small closure too).
    expect(unwrap(await new TraceService({ ...deps(), keepClosuresFrom: 1 }).traceJsonNow(q))).toBe(text);
    expect(await keptRow()).toHaveLength(1);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await backend?.dispose();
  });

  it('FR-134 a kept answer of several parts comes in rows under V8\'s large-object size and is sent byte-identical; a damaged part is never sent', async () => {
    const [kept] = await keptRow();
    const large = withComment(kept!, 2 * ANSWER_PART_BYTES + 12_345);
    expect(gunzipSync(large).toString('utf8')).toBe(text);
    await setKept(large);
    const rows = await rowsOf<ClosureRow>(db.orm, closureSql(q.kind, q.id, q.direction, 500_000, 4 * 500_002, DEFAULT_TRACE_DEPTH, null));
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(r.answer!.length).toBeLessThan(V8_LARGE_OBJECT);
    expect(keptBytesOf(rows).equals(large)).toBe(true);
    // Through the service, a hub process's first read, each client.
    const gz = unwrap(await new TraceService({ ...deps(), cache: new TraceCache() }).traceReplyNow(q, true));
    expect(gz.gzip).toBe(true);
    expect(gz.body.equals(large)).toBe(true);
    expect(unwrap(await new TraceService({ ...deps(), cache: new TraceCache() }).traceJsonNow(q))).toBe(text);

    // One byte of the last part damaged (in the deflate data, before the trailer): gzip's check
    // refuses it, the answer is built again and kept in its place, and no client gets the damage.
    const damaged = Buffer.from(large);
    damaged[damaged.length - 10] = damaged[damaged.length - 10]! ^ 0xff;
    await setKept(damaged);
    for (const acceptsGzip of [true, false]) {
      const reply = unwrap(await new TraceService({ ...deps(), cache: new TraceCache() }).traceReplyNow(q, acceptsGzip));
      expect((reply.gzip ? gunzipSync(reply.body) : reply.body).toString('utf8')).toBe(text);
      expect(reply.body.equals(damaged)).toBe(false);
      if (acceptsGzip) await setKept(damaged);
    }
    const [mended] = await keptRow();
    expect(mended!.equals(damaged)).toBe(false);
    expect(gunzipSync(mended!).toString('utf8')).toBe(text);
  }, 60_000);

  it('FR-148 kept bytes of two gzip members are refused for a client without gzip as for one with gzip: built again and kept in their place, never sent as the text twice', async () => {
    const [kept] = await keptRow();
    const twice = Buffer.concat([kept!, kept!]);
    // gunzip itself takes both members (the text twice): the check is the answer's own.
    expect(gunzipSync(twice).toString('utf8')).toBe(text + text);
    for (const acceptsGzip of [false, true]) {
      await setKept(twice);
      const reply = unwrap(await new TraceService({ ...deps(), cache: new TraceCache() }).traceReplyNow(q, acceptsGzip));
      expect(reply.gzip).toBe(acceptsGzip);
      expect((reply.gzip ? gunzipSync(reply.body) : reply.body).toString('utf8')).toBe(text);
      const [mended] = await keptRow();
      expect(mended!.equals(twice)).toBe(false);
      expect(gunzipSync(mended!).toString('utf8')).toBe(text);
    }
  }, 60_000);

  it('FR-134 a kept answer read for a gzip client is held as its gzip\'d bytes alone; its text is made and held when a client without gzip asks', async () => {
    const [kept] = await keptRow();
    const cache = new TraceCache();
    const hub = new TraceService({ ...deps(), cache });
    const gz = unwrap(await hub.traceReplyNow(q, true));
    expect(gz.body.equals(kept!)).toBe(true);
    expect(cache.heldBytes).toBe(64 + kept!.length);
    // Held: the same bytes again, nothing gunzipped.
    expect(unwrap(await hub.traceReplyNow(q, true)).body).toBe(gz.body);
    const plain = unwrap(await hub.traceReplyNow(q, false));
    expect(plain.gzip).toBe(false);
    expect(plain.body.toString('utf8')).toBe(text);
    expect(cache.heldBytes).toBe(64 + kept!.length + plain.body.length);
    // Both held now: the same Buffers for both clients.
    expect(unwrap(await hub.traceReplyNow(q, false)).body).toBe(plain.body);
    expect(unwrap(await hub.traceReplyNow(q, true)).body).toBe(gz.body);
  }, 60_000);
});
