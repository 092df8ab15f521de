/**
 * The Station API as data: every call is a named endpoint with a zod schema for its input and
 * one for its output (STYLE.md §3, Actual's handler map; §1, Signal's Results over IPC). The
 * same map drives the main-process dispatcher (src-main/api), both transports (Electron IPC in
 * src-main/electron, HTTP in src-main/web) and the renderer's typed client (src-renderer/api),
 * so a call cannot exist on one side only or change shape on one side only.
 *
 * Results cross the wire as `{ ok: true, value } | { ok: false, error: { code, message, details } }`,
 * never as thrown objects.
 */
import { z } from 'zod';
import { BatchlineErrorSchema } from '../errors.ts';
import { InvariantViolation, type BatchlineError } from '../result.ts';

/** Who may call an endpoint: anybody (login screen), any logged-in user, or the listed roles. */
export type Access = 'public' | 'session' | 'session-or-locked' | readonly ('operator' | 'supervisor' | 'qa' | 'qp' | 'admin')[];

export interface Endpoint<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
  readonly access: Access;
}

export function endpoint<I extends z.ZodType, O extends z.ZodType>(access: Access, input: I, output: O): Endpoint<I, O> {
  return { input, output, access };
}

export type ContractMap = Record<string, Endpoint>;
export type InputOf<C extends ContractMap, K extends keyof C> = z.input<C[K]['input']>;
export type ParsedInputOf<C extends ContractMap, K extends keyof C> = z.output<C[K]['input']>;
export type OutputOf<C extends ContractMap, K extends keyof C> = z.output<C[K]['output']>;

export type ApiResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: BatchlineError };

/** Method names are `area.verb` in lower camel case: `auth.login`, `users.setRoles`. */
export const METHOD_NAME = /^[a-z][a-zA-Z]*\.[a-z][a-zA-Z]*$/;

/**
 * Merges per-area contract maps. A name defined twice is a programming error caught at start-up
 * (Actual's server/app.ts refuses a duplicate method for the same reason: the later one would
 * silently win).
 */
export function combineContracts<const M extends readonly ContractMap[]>(...maps: M): UnionToIntersection<M[number]> {
  const out: ContractMap = {};
  for (const m of maps) {
    for (const [name, e] of Object.entries(m)) {
      if (!METHOD_NAME.test(name)) throw new InvariantViolation(`API method "${name}" is not named area.verb`);
      if (Object.prototype.hasOwnProperty.call(out, name)) throw new InvariantViolation(`API method "${name}" is defined twice`);
      out[name] = e;
    }
  }
  return out as UnionToIntersection<M[number]>;
}

export type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** The wire shape of one result, for parsing what arrives from the other side. */
export function apiResultSchema<O extends z.ZodType>(output: O) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value: output }),
    z.object({ ok: z.literal(false), error: BatchlineErrorSchema }),
  ]);
}

/** No input at all (still an object, so that transports always send JSON objects). */
export const NoInput = z.object({}).strict();
/** A call that only succeeds or fails. */
export const Done = z.null();
