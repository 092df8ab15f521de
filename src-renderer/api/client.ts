/**
 * The typed Station API client, generated from the same contract map as the station's
 * dispatcher: `call('auth.login', { username, password })` is typed by the contract, its input
 * is parsed before it leaves the page and its answer is parsed against the endpoint's output
 * schema when it arrives, so a drifted station shows as API_RESPONSE_INVALID instead of as a
 * wrong number on screen. It never throws: every outcome is a Result.
 */
import { apiResultSchema, type ApiResult, type InputOf, type OutputOf } from '../../src-shared/api/contract.ts';
import { stationApiContract, type StationApiContract, type StationMethod } from '../../src-shared/api/index.ts';
import { LiveEvent } from '../../src-shared/api/live-events.ts';
import type { Transport } from './transport.ts';

export type CallResult<K extends StationMethod> = ApiResult<OutputOf<StationApiContract, K>>;

export interface StationClient {
  call<K extends StationMethod>(method: K, input: InputOf<StationApiContract, K>): Promise<CallResult<K>>;
  live(listener: (event: LiveEvent) => void): () => void;
  setSession(sessionId: string | null): void;
  readonly sessionId: string | null;
  readonly transport: Transport['kind'];
  /**
   * Observers see the outcome of every call: the error code, or null when it succeeded (the app
   * reacts to a locked or ended session, and to the station becoming unreachable and back).
   */
  onOutcome(listener: (method: StationMethod, code: string | null) => void): () => void;
}

const resultSchemas = new Map(Object.entries(stationApiContract).map(([k, e]) => [k, apiResultSchema(e.output)]));

export function createStationClient(transport: Transport, initialSession: string | null = null): StationClient {
  let sessionId = initialSession;
  const errorListeners = new Set<(method: StationMethod, code: string | null) => void>();
  const fail = <K extends StationMethod>(method: K, code: 'INPUT_INVALID' | 'API_UNREACHABLE' | 'API_RESPONSE_INVALID', message: string): CallResult<K> => {
    for (const l of errorListeners) l(method, code);
    return { ok: false, error: { code, message } };
  };
  return {
    get sessionId() {
      return sessionId;
    },
    transport: transport.kind,
    setSession(id) {
      sessionId = id;
    },
    onOutcome(listener) {
      errorListeners.add(listener);
      return () => errorListeners.delete(listener);
    },
    async call(method, input) {
      const endpoint = stationApiContract[method];
      const parsedInput = endpoint.input.safeParse(input);
      if (!parsedInput.success) return fail(method, 'INPUT_INVALID', parsedInput.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      let raw: unknown;
      try {
        raw = await transport.send(method, parsedInput.data, sessionId);
      } catch (e) {
        return fail(method, 'API_UNREACHABLE', e instanceof Error ? e.message : String(e));
      }
      const parsed = resultSchemas.get(method)!.safeParse(raw);
      if (!parsed.success) return fail(method, 'API_RESPONSE_INVALID', `the station's answer to ${method} does not match the contract`);
      const result = parsed.data as CallResult<typeof method>;
      for (const l of errorListeners) l(method, result.ok ? null : result.error.code);
      return result;
    },
    live(listener) {
      return transport.live(
        (raw) => {
          const parsed = LiveEvent.safeParse(raw);
          if (parsed.success) listener(parsed.data);
        },
        () => sessionId,
      );
    },
  };
}
