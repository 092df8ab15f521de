/**
 * The fault proxy's fates (fault-proxy.ts) without the sockets: a HubTransport that hands each
 * request to the hub's own Fastify instance (`app.inject`: routing, hooks, body parsing and
 * limits, signatures, handlers, serialisation, all as over TCP) and gives it one fate drawn from
 * the same seeded mix. What each fate does to the hub and to the station is what the proxy does:
 *
 *   pass          the hub handles the request; the station gets the answer
 *   delay         the request and the answer each wait a random few milliseconds
 *   drop          the hub never sees the request; the station learns nothing (HUB_UNREACHABLE)
 *   cut-request   the hub gets the headers and part of the body, never the rest (Fastify refuses
 *                 the short body before any handler runs; a request without a body never
 *                 reaches the hub); the station learns nothing
 *   cut-response  the hub handles the whole request (and commits); the station learns nothing
 *   duplicate     the hub gets the request twice at once; the station gets the first answer
 *   reorder       the station's wait runs out (HUB_UNREACHABLE) and the request is held until the
 *                 hub has received the station's next 1-3 requests, then it lands after them
 *
 * The proxy makes a reordered request outwait the station's timeout on the wall clock (110-220
 * ms each); here the station's give-up is immediate and "later" is counted in requests, so the
 * order the hub sees is the same without the waiting. The socket path itself (httpTransport,
 * timeouts, cut bytes) is proven by the part of the run that goes through the proxy.
 */
import type { FastifyInstance } from 'fastify';
import { err, ok } from '../../../src-shared/result.ts';
import type { HubRequest, HubResponse, HubTransport } from '../../../src-main/sync/hub-transport.ts';
import { drawFate, emptyCounts, FAULTS, seededRandom, type Fate } from './fault-proxy.ts';

export interface FaultTransportOptions {
  seed: number;
  faultRate: number;
  maxDelayMs: number;
}

export interface FaultTransport extends HubTransport {
  counts: Record<Fate, number>;
  faults(): number;
  /** Stop injecting faults (requests still reach the hub). */
  calm(): void;
  /** Lands every held request and waits for every request the hub is still handling. */
  settle(): Promise<void>;
}

const unreachable = (why: string) => err('HUB_UNREACHABLE', `in-process fault: ${why}`);

export function faultTransport(app: FastifyInstance, baseUrl: string, options: FaultTransportOptions): FaultTransport {
  const random = seededRandom(options.seed);
  const counts = emptyCounts();
  let calm = false;
  const inFlight = new Set<Promise<unknown>>();
  /** Reordered requests with the number of later requests that must reach the hub first. */
  let held: { req: HubRequest; after: number }[] = [];

  const track = <T>(p: Promise<T>): Promise<T> => {
    const tracked = p.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    return tracked;
  };
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

  const toHub = (req: HubRequest, body = req.body): Promise<HubResponse> =>
    track(
      app
        .inject({
          method: req.method,
          url: req.path,
          // A cut body keeps the whole body's content-length, as the cut connection's headers did.
          headers: { ...req.headers, ...(req.body ? { 'content-length': String(req.body.length) } : {}) },
          ...(body ? { payload: body } : {}),
        })
        .then((res) => {
          const flat: Record<string, string | undefined> = {};
          for (const [k, v] of Object.entries(res.headers)) flat[k] = v === undefined ? undefined : Array.isArray(v) ? v.join(', ') : String(v);
          return { status: res.statusCode, headers: flat, body: res.rawPayload };
        }),
    );

  /** A request reached the hub: the held ones whose turn has come land right after it. */
  const arrived = () => {
    const due = held.filter((h) => --h.after <= 0);
    held = held.filter((h) => h.after > 0);
    for (const h of due) void toHub(h.req).catch(() => undefined);
  };
  const send = (req: HubRequest, body?: Buffer) => {
    const answer = toHub(req, body);
    arrived();
    return answer;
  };

  return {
    baseUrl: baseUrl.replace(/\/$/, ''),
    counts,
    faults: () => FAULTS.reduce((n, f) => n + counts[f], 0),
    calm: () => {
      calm = true;
    },
    async settle() {
      const rest = held;
      held = [];
      for (const h of rest) void toHub(h.req).catch(() => undefined);
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    async request(req) {
      const fate = drawFate(random, options.faultRate, calm);
      counts[fate]++;
      switch (fate) {
        case 'pass':
          return ok(await send(req));
        case 'delay': {
          await sleep(Math.floor(random() * options.maxDelayMs));
          const answer = await send(req);
          await sleep(Math.floor(random() * options.maxDelayMs));
          return ok(answer);
        }
        case 'drop':
          return unreachable('the request was dropped');
        case 'cut-request': {
          const cutAfter = random();
          if (req.body && req.body.length > 1) void send(req, req.body.subarray(0, Math.max(1, Math.floor(cutAfter * req.body.length)))).catch(() => undefined);
          return unreachable('the connection closed mid-request');
        }
        case 'cut-response':
          await send(req);
          return unreachable('the connection closed mid-answer');
        case 'duplicate': {
          const first = send(req);
          void send(req).catch(() => undefined);
          return ok(await first);
        }
        case 'reorder':
          held.push({ req, after: 1 + Math.floor(random() * 3) });
          return unreachable(`no answer within ${req.timeoutMs} ms`);
        default:
          return unreachable(`unknown fate ${String(fate)}`);
      }
    },
  };
}
