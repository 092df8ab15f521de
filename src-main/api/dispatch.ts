/**
 * One entry point for every transport: `call(method, rawInput, ctx)`. It looks the method up in
 * the contract, checks the caller's session and role against the endpoint's `access`, parses the
 * input, runs the handler, and parses the output again on the way out (so a handler can never
 * leak a field the contract does not name, such as a password hash). Whatever happens, the
 * caller gets a Result value (Signal's wrapResult); a throw inside a handler is a bug, logged
 * here with its stack and answered as API_INTERNAL_ERROR.
 */
import type { ApiResult, ContractMap } from '../../src-shared/api/contract.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';
import type { AuthService } from '../core/auth/auth-service.ts';
import type { UserDirectory, UserRecord } from '../core/auth/user-directory.ts';
import { checkComplete, type CallContext, type Handler } from './handler-map.ts';

export type ApiCall = (method: string, rawInput: unknown, ctx: CallContext) => Promise<ApiResult<unknown>>;

export interface DispatchDeps {
  contract: ContractMap;
  handlers: Record<string, unknown>;
  auth: AuthService;
  users: UserDirectory;
  log?: (message: string, error: unknown) => void;
}

export function createDispatcher(deps: DispatchDeps): ApiCall {
  checkComplete(deps.contract, deps.handlers);
  const log = deps.log ?? ((m, e) => console.error(m, e));
  return async (method, rawInput, ctx) => {
    if (typeof method !== 'string' || !Object.prototype.hasOwnProperty.call(deps.contract, method)) {
      return err('API_METHOD_UNKNOWN', `the station has no API method "${String(method).slice(0, 80)}"`);
    }
    const endpoint = deps.contract[method]!;
    const who = checkAccess(deps, endpoint.access, ctx.sessionId);
    if (!who.ok) return who;
    const input = endpoint.input.safeParse(rawInput ?? {});
    if (!input.success) {
      const issues = input.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message }));
      return err('INPUT_INVALID', `invalid input for ${method}: ${issues.map((i) => `${i.path || '(input)'} ${i.message}`).join('; ')}`, { issues });
    }
    try {
      const handler = deps.handlers[method] as Handler<ContractMap, string>;
      const result = await handler(input.data, { sessionId: ctx.sessionId, user: who.value });
      if (!result.ok) return result;
      const output = endpoint.output.safeParse(result.value);
      if (output.success) return ok(output.data);
      log(`API ${method} returned a value outside its contract`, output.error);
      return err('API_INTERNAL_ERROR', `the station produced an invalid answer for ${method}`);
    } catch (e) {
      log(`API ${method} threw`, e);
      return err('API_INTERNAL_ERROR', `the station failed while handling ${method}; the error is in the station log`);
    }
  };
}

function checkAccess({ auth, users }: DispatchDeps, access: ContractMap[string]['access'], sessionId: string | null): Result<UserRecord | null> {
  if (access === 'public') return ok(null);
  if (!sessionId) return err('AUTH_SESSION_INVALID', 'not logged in');
  if (access === 'session-or-locked') {
    // Lock, unlock, logout and the first password change must work on a locked or
    // change-pending session: that is how the user gets out of either state.
    const s = auth.sessions.get(sessionId);
    if (!s) return err('AUTH_SESSION_INVALID', 'not logged in (or the session ended)');
    const active = auth.require(sessionId, undefined, { allowPasswordChange: true });
    if (active.ok) return ok(active.value.user);
    if (active.error.code === 'AUTH_SESSION_LOCKED') {
      const user = users.byId(s.userId);
      return user ? ok(user) : err('AUTH_SESSION_INVALID', 'the account is no longer active');
    }
    return active;
  }
  const active = auth.require(sessionId, access === 'session' ? undefined : access);
  return active.ok ? ok(active.value.user) : active;
}

