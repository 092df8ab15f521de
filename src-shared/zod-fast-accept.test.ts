import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PushBodySchema } from './sync/sync-protocol.ts';
import { acceptor, exactAcceptor } from './zod-fast-accept.ts';
import { entryPayloadSchemas } from './ledger/entry-types.ts';

const H = 'a'.repeat(64);
const entry = (seq: number) => ({
  seq,
  stationId: 'ST-1',
  time: '2026-03-02T01:00:00.000Z',
  tzOffset: '+08:00',
  type: 'comment.recorded',
  actor: 'user-1',
  batchRef: null,
  payload: { text: 'ok', nested: { list: [1, 'two', null] } },
  prevHash: H,
  hash: H,
});
const PAGE = { entries: [entry(1), entry(2)], checkpoints: [{ treeSize: 2, rootHash: H, signedAt: '2026-03-02T01:00:00.000Z', stationId: 'ST-1', certFingerprint: H, signature: 'c2ln' }], atHead: true };

const ODD: unknown[] = [null, '', 'x', 0, -1, 1.5, 2 ** 53, Number.NaN, Infinity, true, [], {}, 'A'.repeat(64), 'g'.repeat(64), '2026-03-02T01:00:00Z', '+8:00', undefined];

/** Every leaf and object of `v` with its path. */
function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (v === null || typeof v !== 'object') return [at];
  const keys = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  return [at, ...keys.flatMap((k) => paths((v as Record<string | number, unknown>)[k], [...at, k]))];
}

function edit(root: unknown, at: (string | number)[], f: (parent: Record<string | number, unknown>, key: string | number) => void): unknown {
  const copy = structuredClone(root);
  let parent = copy as Record<string | number, unknown>;
  for (const k of at.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  f(parent, at.at(-1)!);
  return copy;
}

/** The page changed in every way a client could get wrong or an attacker try. */
function mutants(): unknown[] {
  const out: unknown[] = [];
  for (const at of paths(PAGE)) {
    if (at.length === 0) continue;
    for (const odd of ODD) out.push(edit(PAGE, at, (p, k) => (p[k] = odd)));
    out.push(edit(PAGE, at, (p, k) => delete p[k]));
    // the key moved to the end: zod would return the shape's order
    out.push(
      edit(PAGE, at, (p, k) => {
        if (Array.isArray(p)) return;
        const v = p[k];
        delete p[k];
        p[k] = v;
      }),
    );
    out.push(edit(PAGE, at, (p) => (Array.isArray(p) ? p.push({}) : (p.extra = 1))));
    // an own "__proto__" key, as JSON.parse makes one (zod's record drops it)
    out.push(edit(PAGE, at, (p) => Object.defineProperty(p, '__proto__', { value: { polluted: true }, enumerable: true, configurable: true, writable: true })));
    out.push(edit(PAGE, at, (p, k) => (p[k] = Object.create(null) as object)));
    out.push(edit(PAGE, at, (p, k) => (p[k] = new Date(0))));
  }
  out.push({ ...PAGE, entries: [] });
  out.push({ ...PAGE, entries: Array.from({ length: 1001 }, (_, i) => entry(i + 1)) });
  out.push({ ...PAGE, entries: Array.from({ length: 1000 }, (_, i) => entry(i + 1)) });
  out.push({ ...PAGE, entries: [entry(1), , entry(3)] });
  out.push(JSON.parse(JSON.stringify(PAGE).replace('"text":"ok"', '"__proto__":{"x":1},"text":"ok"')));
  out.push(JSON.parse(JSON.stringify(PAGE).replace('"seq":1,', '"__proto__":{"x":1},"seq":1,')));
  out.push(null, [], 'page', 1);
  return out;
}

describe('exact acceptor: a fast yes only where zod says yes and returns the same value', () => {
  const accept = exactAcceptor(PushBodySchema)!;

  it('takes a valid push page as it is', () => {
    expect(accept).not.toBeNull();
    const page = structuredClone(PAGE);
    expect(accept(page)).toBe(true);
    expect(PushBodySchema.safeParse(page)).toMatchObject({ success: true, data: page });
  });

  it('never says yes to a page zod refuses, nor to one zod would return changed', () => {
    const all = mutants();
    let refusedByZod = 0;
    let fastYes = 0;
    for (const m of all) {
      const parsed = PushBodySchema.safeParse(m);
      if (!parsed.success) refusedByZod++;
      if (!accept(m)) continue;
      fastYes++;
      expect(parsed.success, JSON.stringify(m)?.slice(0, 300)).toBe(true);
      // same content, same key order, no key zod dropped
      expect(JSON.stringify(parsed.data)).toBe(JSON.stringify(m));
      expect(parsed.data).toStrictEqual(m);
    }
    // the mutants do reach both sides: most are refusals, some stay valid
    expect(all.length).toBeGreaterThan(400);
    expect(refusedByZod).toBeGreaterThan(250);
    expect(fastYes).toBeGreaterThan(10);
  });

  it('gives no fast yes at all for a schema holding a rule it does not read', () => {
    const unread = [
      z.object({ a: z.email() }),
      z.object({ a: z.string().email() }),
      z.object({ a: z.int() }),
      z.object({ a: z.string().optional() }),
      z.object({ a: z.string().trim() }),
      z.object({ a: z.string().refine((s) => s !== 'x') }),
      z.object({ a: z.string().default('d') }),
      z.object({ a: z.coerce.number() }),
      z.object({ a: z.literal('a') }),
      z.object({ a: z.enum(['a']) }),
      z.object({ a: z.string() }).strict(),
      z.looseObject({ a: z.string() }),
      z.object({ a: z.string() }).refine((o) => o.a !== 'x'),
      z.object({ a: z.string().transform((s) => s.length) }),
      z.record(z.string().min(2), z.unknown()),
      z.record(z.string(), z.string()),
      z.looseRecord(z.string(), z.unknown()),
      z.array(z.string()).length(2),
      z.array(z.string()).nonempty().refine((a) => a.length < 3),
    ];
    for (const s of unread) expect(exactAcceptor(s), JSON.stringify(s._zod.def)).toBeNull();
    expect(exactAcceptor(z.object({ a: z.string().min(1).max(3).regex(/^a/), n: z.number().int().min(1).max(9), b: z.boolean(), r: z.record(z.string(), z.unknown()).nullable() }))).not.toBeNull();
  });
});

const COMMENT = { text: '  checked the label  ', targetSeq: 12 };
const SIGNATURE = { algorithm: 'RSASSA-PKCS1-v1_5-SHA256', certFingerprint: H, meaning: 'verified', printedName: 'Wang Fang (王芳)', signature: 'c2ln', signedAt: '2026-03-02T01:00:00.000Z', signerId: 'user-5', targetHash: H, targetSeq: 200, timeZone: 'Asia/Shanghai', tzOffset: '+08:00', username: 'sup.wang' };

/** A value pool for fuzzing any shape: the edge of every rule the acceptor reads. */
const POOL: unknown[] = [...ODD, ' ', '   x  ', 'x'.repeat(2001), ' '.repeat(3000), 'verified', 'performed', 'RSASSA-PKCS1-v1_5-SHA256', 'totp', H, 1, 2, 100, -0, 0.5, false, [1], [''], { a: 1 }, ['x', 'y']];

/** Random objects over the shape's keys (and one unknown key), from a seeded generator. */
function fuzz(schema: z.ZodType, n: number, seed: number): unknown[] {
  const keys = Object.keys((schema as unknown as { _zod: { def: { shape?: object } } })._zod.def.shape ?? {});
  let x = seed;
  const rnd = (m: number) => ((x = (x * 1103515245 + 12345) & 0x7fffffff), x % m);
  return Array.from({ length: n }, () => {
    const o: Record<string, unknown> = {};
    for (const k of keys) if (rnd(6) > 0) o[k] = POOL[rnd(POOL.length)];
    if (rnd(4) === 0) o.extra = POOL[rnd(POOL.length)];
    return o;
  });
}

describe('acceptor: a fast yes for the verdict only where zod says yes', () => {
  it('accepts the payloads the bench pushes, and whatever zod accepts of their mutants it may, never more', () => {
    for (const [type, sample] of [['comment.recorded', COMMENT], ['signature.applied', SIGNATURE]] as const) {
      const schema = entryPayloadSchemas[type]!;
      const accept = acceptor(schema)!;
      expect(accept, type).not.toBeNull();
      expect(accept(structuredClone(sample)), type).toBe(true);
      let refused = 0;
      for (const at of paths(sample)) {
        if (at.length === 0) continue;
        const all = [...ODD.map((odd) => edit(sample, at, (p, k) => (p[k] = odd))), edit(sample, at, (p, k) => delete p[k]), edit(sample, at, (p) => (p.extra = 1))];
        for (const m of all) {
          const zodSays = schema.safeParse(m).success;
          if (!zodSays) refused++;
          if (accept(m)) expect(zodSays, `${type} ${JSON.stringify(m)}`).toBe(true);
        }
      }
      expect(refused, type).toBeGreaterThan(20);
    }
    // a rewrite before a rule: trimmed to nothing is refused by zod, so never a fast yes
    expect(entryPayloadSchemas['comment.recorded']!.safeParse({ text: '   ' }).success).toBe(false);
    expect(acceptor(entryPayloadSchemas['comment.recorded']!)!({ text: '   ' })).toBe(false);
  });

  it('never says yes where zod says no, for every entry type it compiles (fuzzed)', () => {
    let compiledTypes = 0;
    let yes = 0;
    for (const [type, schema] of Object.entries(entryPayloadSchemas)) {
      const accept = acceptor(schema);
      if (!accept) continue;
      compiledTypes++;
      for (const m of fuzz(schema, 800, type.length * 7919)) {
        if (!accept(m)) continue;
        yes++;
        expect(schema.safeParse(m).success, `${type} ${JSON.stringify(m)}`).toBe(true);
      }
    }
    expect(compiledTypes).toBeGreaterThan(20);
    expect(yes).toBeGreaterThan(50);
  });

  it('gives no fast yes for a specialised class of a type it reads: z.exactOptional refuses a key present as undefined', () => {
    const exact = z.object({ a: z.exactOptional(z.string()) });
    expect(exact.safeParse({ a: undefined }).success).toBe(false);
    expect(acceptor(exact)).toBeNull();
    expect(acceptor(z.object({ a: z.string().optional() }))!({ a: undefined })).toBe(true);
  });

  it('reads optional, enum, literal and rewriting rules in verdict mode only', () => {
    const s = z.object({ a: z.string().trim().min(1), b: z.enum(['x', 'y']).optional(), c: z.literal('k') });
    expect(exactAcceptor(s)).toBeNull();
    const accept = acceptor(s)!;
    expect(accept({ a: ' a ', c: 'k' })).toBe(true);
    expect(accept({ a: ' a ', b: 'y', c: 'k', other: 1 })).toBe(true);
    for (const bad of [{ a: '  ', c: 'k' }, { a: 'a', b: 'z', c: 'k' }, { a: 'a', c: 'K' }, { a: 'a', b: null, c: 'k' }]) {
      expect(accept(bad)).toBe(false);
      expect(s.safeParse(bad).success).toBe(false);
    }
    for (const unread of [z.object({ a: z.string().default('d') }), z.object({ a: z.union([z.string(), z.number()]) }), z.object({ a: z.string() }).refine(() => true)]) expect(acceptor(unread)).toBeNull();
  });
});
