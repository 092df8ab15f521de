/**
 * What every hub route uses: the one error shape, Result-to-reply, and the two guards (a signed
 * station request, a bearer session with a role). Routes import these; build-app.ts imports the
 * routes; nothing imports build-app.ts but create-hub.ts, so the two no longer form a circle.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Result } from '../../src-shared/result.ts';
import type { ErrorCode } from '../../src-shared/errors.ts';
import { HUB_OTP_HEADER } from '../../src-shared/quality/hub-admin-contract.ts';
import { SYNC_HEADERS } from '../../src-core/sync/request-signature.ts';
import type { HubPrincipal } from '../admin/admin-auth.ts';
import { httpStatusFor } from './http-status.ts';
import type { HubServices } from './hub-services.ts';

export function sendError(reply: FastifyReply, code: ErrorCode, message: string, details?: Record<string, unknown>, status?: number): FastifyReply {
  return reply.code(status ?? httpStatusFor(code)).send({ error: details === undefined ? { code, message } : { code, message, details } });
}

export function sendResult<T>(reply: FastifyReply, result: Result<T>, okStatus = 200): FastifyReply {
  if (result.ok) return reply.code(okStatus).send(result.value);
  return sendError(reply, result.error.code, result.error.message, result.error.details);
}

/** preHandler: a signed station request (request-signature.ts). */
export function stationGuard(services: HubServices) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const auth = await services.authenticateStation({ method: req.method, url: req.url, rawBody: req.rawBody, headers: req.headers, onSignatureVerified: (nonce) => (req.signedNonce = nonce) });
    if (!auth.ok) {
      services.metrics.refused(auth.error.code);
      req.log.warn({ station: req.headers[SYNC_HEADERS.station], code: auth.error.code }, 'station request refused');
      return sendError(reply, auth.error.code, auth.error.message, auth.error.details);
    }
    req.station = auth.value;
    return undefined;
  };
}

/** The header carrying the signer's one-time code with a signing request (lower case, as Node gives it). */
export const OTP_HEADER = HUB_OTP_HEADER;

/**
 * Who reads every signed history and audit record (FR-128): QA and Qualified Persons review them
 * (a QP certifies a batch made on equipment, balances and rooms whose signed settings they must be
 * able to see), and the inspector reads them (DI-09). Reading a history never needs the right to
 * sign a change to it, so a history's read guard is this list plus the roles that sign or use it
 * (`historyReaders`), never the signing guard.
 */
export const HISTORY_READERS = ['qa', 'qp', 'inspector'] as const satisfies readonly HubPrincipal['roles'][number][];

/** preHandler: a bearer session allowed to read a signed history or audit record: HISTORY_READERS and `also`. */
export function historyReaders(services: HubServices, ...also: HubPrincipal['roles']) {
  return roleGuard(services, ...new Set([...HISTORY_READERS, ...also]));
}

/** preHandler: a bearer session holding one of `roles`. */
export function roleGuard(services: HubServices, ...roles: HubPrincipal['roles']) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const principal = await services.auth.authenticate(req.headers.authorization, roles);
    if (!principal.ok) return sendError(reply, principal.error.code, principal.error.message);
    // D25-03: the second factor at signing travels with the principal, so every signing route has it.
    const otp = req.headers[OTP_HEADER];
    req.principal = typeof otp === 'string' && otp !== '' ? { ...principal.value, otp: otp.slice(0, 16) } : principal.value;
    return undefined;
  };
}
