/**
 * A station setting changed the only way there is (A11-17): the admin proposes, QA (qa.chen)
 * approves with an e-signature at their own session. For tests that need a setting in force.
 */
import type { Station } from '../../src-main/compose.ts';
import type { SettingsService } from '../../src-main/core/settings/settings-service.ts';
import { unwrap } from '../../src-shared/result.ts';
import { DEMO_PASSWORD } from '../../src-main/demo/seed-demo.ts';

export function changeSetting(station: Station, key: string, value: unknown, reason: string, settings: SettingsService = station.settings): { seq: number } {
  const admin = station.users.byUsername('admin')!.userId;
  const proposal = unwrap(settings.propose(admin, key, value, reason));
  const qa = unwrap(station.auth.login('qa.chen', DEMO_PASSWORD)).sessionId;
  const approved = unwrap(settings.approve(station.signatures, { sessionId: qa, proposalSeq: proposal.seq, username: 'qa.chen', password: DEMO_PASSWORD }));
  station.auth.logout(qa);
  return { seq: approved.seq };
}
