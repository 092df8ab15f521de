/**
 * A TCP proxy between station and hub that misbehaves like a bad plant network (issue #6,
 * "Sync under faults"). Each client connection (the fault tests use one HTTP request per
 * connection) gets one fate, drawn from a seeded generator so a failing run can be replayed:
 *
 *   pass          forwarded untouched
 *   delay         every chunk, both ways, held for a random time (order kept)
 *   drop          the request never reaches the hub; the client's connection is closed
 *   cut-request   half of the request reaches the hub, then both sides are closed
 *   cut-response  the hub gets the whole request and answers; the answer is cut part-way
 *                 (the hub committed, the station never learns it)
 *   duplicate     the request is sent to the hub twice, at once (the copy's answer is discarded)
 *   reorder       the request is held longer than the client waits, so the client retries
 *                 first and the old request reaches the hub after the newer one
 */
import net from 'node:net';

export type Fate = 'pass' | 'delay' | 'drop' | 'cut-request' | 'cut-response' | 'duplicate' | 'reorder';
export const FAULTS: readonly Fate[] = ['delay', 'drop', 'cut-request', 'cut-response', 'duplicate', 'reorder'];

export interface FaultProxyOptions {
  target: { host: string; port: number };
  seed: number;
  /** Probability that a connection gets a fault at all. */
  faultRate: number;
  maxDelayMs: number;
  /** How long a reordered request is held (longer than the client's timeout). */
  holdMs: [number, number];
}

export interface FaultProxy {
  url: string;
  counts: Record<Fate, number>;
  faults(): number;
  /** Stop injecting faults (connections still pass through). */
  calm(): void;
  close(): Promise<void>;
}

/** mulberry32: small, fast, seedable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Fault mix. A reordered request costs the client a full timeout, so it is drawn half as
 * often as the others to keep the run short; every kind still occurs well over 50 times.
 */
const WEIGHTS: Record<Exclude<Fate, 'pass'>, number> = { delay: 1, drop: 1, 'cut-request': 1, 'cut-response': 1, duplicate: 1, reorder: 0.5 };
const TOTAL_WEIGHT = Object.values(WEIGHTS).reduce((a, b) => a + b, 0);

/** One connection's (or in-process request's) fate: a fault with probability `faultRate`, unless calm. */
export function drawFate(random: () => number, faultRate: number, calm: boolean): Fate {
  return calm || random() >= faultRate ? 'pass' : pickFault(random());
}

export function emptyCounts(): Record<Fate, number> {
  return { pass: 0, delay: 0, drop: 0, 'cut-request': 0, 'cut-response': 0, duplicate: 0, reorder: 0 };
}

function pickFault(r: number): Fate {
  let x = r * TOTAL_WEIGHT;
  for (const f of FAULTS) {
    x -= WEIGHTS[f as Exclude<Fate, 'pass'>];
    if (x < 0) return f;
  }
  return 'delay';
}

/** True once `buf` holds a whole HTTP/1.1 request (headers and Content-Length body). */
function requestComplete(buf: Buffer): boolean {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const m = /\r\ncontent-length:\s*(\d+)/i.exec(buf.subarray(0, end).toString('latin1'));
  return buf.length >= end + 4 + (m ? Number(m[1]) : 0);
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const random = seededRandom(options.seed);
  const counts = emptyCounts();
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let calm = false;
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    return s;
  };
  const upstream = () => track(net.connect(options.target.port, options.target.host));

  const server = net.createServer((client) => {
    track(client);
    const fate = drawFate(random, options.faultRate, calm);
    counts[fate]++;
    const delay = () => Math.floor(random() * options.maxDelayMs);
    const hold = options.holdMs[0] + Math.floor(random() * (options.holdMs[1] - options.holdMs[0]));
    const cutAfter = random();

    if (fate === 'pass') {
      const up = upstream();
      client.pipe(up);
      up.pipe(client);
      client.on('close', () => up.destroy());
      up.on('close', () => client.destroy());
      return;
    }
    if (fate === 'delay') {
      const up = upstream();
      const relay = (from: net.Socket, to: net.Socket) => {
        let chain = Promise.resolve();
        from.on('data', (chunk) => {
          chain = chain.then(() => new Promise<void>((r) => later(delay(), () => (to.destroyed || to.write(chunk), r()))));
        });
        from.on('close', () => void chain.then(() => later(0, () => to.destroy())));
      };
      relay(client, up);
      relay(up, client);
      return;
    }
    // The other fates need the whole request first.
    let request = Buffer.alloc(0);
    let handled = false;
    client.on('data', (chunk) => {
      request = Buffer.concat([request, chunk]);
      if (handled || !requestComplete(request)) return;
      handled = true;
      const bytes = request;
      switch (fate) {
        case 'drop':
          client.destroy();
          return;
        case 'cut-request': {
          const up = upstream();
          up.write(bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2))), () => {
            up.destroy();
            client.destroy();
          });
          return;
        }
        case 'cut-response': {
          const up = upstream();
          up.once('data', (answer: Buffer) => {
            client.write(answer.subarray(0, Math.floor(cutAfter * answer.length)), () => client.destroy());
            up.destroy();
          });
          up.on('close', () => client.destroy());
          up.write(bytes);
          return;
        }
        case 'duplicate': {
          const up = upstream();
          up.pipe(client);
          up.on('close', () => client.destroy());
          up.write(bytes);
          const copy = upstream();
          copy.on('data', () => undefined);
          copy.on('end', () => copy.destroy());
          copy.write(bytes);
          return;
        }
        case 'reorder': {
          later(hold, () => {
            const up = upstream();
            up.pipe(client);
            up.on('close', () => client.destroy());
            up.write(bytes);
          });
          return;
        }
        default:
          return;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    faults: () => FAULTS.reduce((n, f) => n + counts[f], 0),
    calm: () => {
      calm = true;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
