/**
 * Catches a query sent on a PostgreSQL connection that is still busy with another (a
 * `Promise.all` over one transaction): pg queues it today, deprecates it and says so only once
 * per process; pg 9 will refuse it. Each such call is kept, named by its stack.
 *
 * "Busy" is our own count, not pg's: pg.Client's `query` is wrapped to count, per client, the
 * queries sent and not yet answered (answered: its callback called, its promise settled, a
 * submitted query object's 'end' or 'error'), so nothing here reads pg's private fields. A query
 * is in flight from the call until its answer reaches the caller, as pg's active query and
 * queue hold it: pg calls the callback (or settles the promise) when the server is ready again.
 */
import pg from 'pg';

type Callback = (...args: unknown[]) => unknown;
type Submittable = { submit: unknown; callback?: unknown; once?: (event: string, f: () => void) => unknown };
interface GuardState {
  seen: string[];
  inFlight: WeakMap<object, number>;
}

const STATE = Symbol.for('batchline.test.pgBusyGuard');
const proto = pg.Client.prototype as unknown as { query: Callback; [STATE]?: GuardState };

/** Wraps pg.Client's query once per process (test files of a worker share the prototype). */
export function installPgBusyGuard(): void {
  if (proto[STATE]) return;
  const state: GuardState = { seen: [], inFlight: new WeakMap() };
  proto[STATE] = state;
  const original = proto.query;
  proto.query = function (this: object, ...args: unknown[]) {
    const count = state.inFlight.get(this) ?? 0;
    if (count > 0) state.seen.push(new Error('query sent while the connection was busy').stack ?? '');
    state.inFlight.set(this, count + 1);
    let answered = false;
    const done = () => {
      if (answered) return;
      answered = true;
      state.inFlight.set(this, (state.inFlight.get(this) ?? 1) - 1);
    };
    const answering = (cb: Callback): Callback =>
      function (this: unknown, ...a: unknown[]) {
        done();
        return cb.apply(this, a);
      };
    const config = args[0] as Submittable | Record<string, unknown> | null | undefined;
    const last = args.length - 1;
    let waitForPromise = false;
    if (config && typeof (config as Submittable).submit === 'function') {
      // A query object (pg's Query, a cursor): pg keeps its own callback if it has one, else takes the one passed.
      const q = config as Submittable;
      if (typeof q.callback === 'function') q.callback = answering(q.callback as Callback);
      else if (last >= 1 && typeof args[last] === 'function') args[last] = answering(args[last] as Callback);
      q.once?.('end', done);
      q.once?.('error', done);
    } else if (last >= 1 && typeof args[last] === 'function') {
      args[last] = answering(args[last] as Callback);
    } else if (config && typeof config === 'object' && typeof (config as Record<string, unknown>).callback === 'function') {
      args[0] = { ...config, callback: answering((config as Record<string, unknown>).callback as Callback) };
    } else {
      waitForPromise = true;
    }
    let result: unknown;
    try {
      result = original.apply(this, args);
    } catch (e) {
      done();
      throw e;
    }
    if (waitForPromise && result && typeof (result as Promise<unknown>).then === 'function') (result as Promise<unknown>).then(done, done);
    return result;
  };
}

/** The stacks of the busy-connection queries seen since the last call (and forgets them). */
export function takeBusyQueries(): string[] {
  return proto[STATE]?.seen.splice(0) ?? [];
}
