/** Station settings: any session reads them; an admin proposes a change; QA or a supervisor approves it with an e-signature (A11-17). */
import type { settingsContract } from '../../src-shared/api/settings.contract.ts';
import { ok } from '../../src-shared/result.ts';
import type { ApiDeps } from './api-deps.ts';
import { caller, sessionOf, type Handlers } from './handler-map.ts';

export function settingsApi({ settings, station }: ApiDeps): Handlers<typeof settingsContract> {
  return {
    'settings.get': () => ok(settings.current()),
    'settings.status': () => ok({ configVersion: settings.version(), pending: settings.pending() }),
    'settings.propose': ({ key, value, reason }, ctx) => settings.propose(caller(ctx).userId, key, value, reason),
    'settings.approve': ({ proposalSeq, username, password, otp }, ctx) =>
      settings.approve(station.signatures, { sessionId: sessionOf(ctx), proposalSeq, username, password, ...(otp ? { otp } : {}) }),
  };
}
