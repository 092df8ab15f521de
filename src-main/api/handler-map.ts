/**
 * Handler maps (STYLE.md §3, after Actual's `app.method` + `combine()`): each area file exports
 * a function that, given the services, returns one handler per method of its contract. A
 * handler receives input already parsed by the contract's zod schema and a caller whose session
 * and role the dispatcher has already checked against the contract's `access`; it returns a
 * Result and never throws for expected failures.
 */
import type { ContractMap, OutputOf, ParsedInputOf } from '../../src-shared/api/contract.ts';
import { InvariantViolation, type Result } from '../../src-shared/result.ts';
import type { UserRecord } from '../core/auth/user-directory.ts';

export interface CallContext {
  /** The session the caller presents (HTTP header or IPC envelope); null before login. */
  readonly sessionId: string | null;
}

export interface HandlerContext extends CallContext {
  /** The caller's user; set for every endpoint whose access is not 'public'. */
  readonly user: UserRecord | null;
}

export type Handler<C extends ContractMap, K extends keyof C> = (
  input: ParsedInputOf<C, K>,
  ctx: HandlerContext,
) => Result<OutputOf<C, K>> | Promise<Result<OutputOf<C, K>>>;

export type Handlers<C extends ContractMap> = { [K in keyof C]: Handler<C, K> };

/** Merges per-area handler maps; a method handled twice is a bug found at start-up. */
export function combine<M extends Record<string, unknown>[]>(...maps: M): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const m of maps) {
    for (const [name, h] of Object.entries(m)) {
      if (Object.prototype.hasOwnProperty.call(out, name)) throw new InvariantViolation(`API method "${name}" has two handlers`);
      out[name] = h;
    }
  }
  return out;
}

/** Every contract method has exactly one handler and no handler lacks a contract. */
export function checkComplete(contract: ContractMap, handlers: Record<string, unknown>): void {
  const missing = Object.keys(contract).filter((k) => typeof handlers[k] !== 'function');
  const extra = Object.keys(handlers).filter((k) => !Object.prototype.hasOwnProperty.call(contract, k));
  if (missing.length || extra.length) {
    throw new InvariantViolation(`API handlers do not match the contract: missing [${missing.join(', ')}], without contract [${extra.join(', ')}]`);
  }
}

/** The caller of a session endpoint; the dispatcher guarantees it is set. */
export function caller(ctx: HandlerContext): UserRecord {
  if (!ctx.user) throw new InvariantViolation('a session endpoint ran without a caller');
  return ctx.user;
}

export function sessionOf(ctx: HandlerContext): string {
  if (!ctx.sessionId) throw new InvariantViolation('a session endpoint ran without a session id');
  return ctx.sessionId;
}
