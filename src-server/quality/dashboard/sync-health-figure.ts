/**
 * Sync health per station (issue 15 item 4): the station list the stations screen shows, with
 * minutes since the last accepted push and a state: ok, late (no push for 60 minutes), silent
 * (none for 24 hours), never pushed, quarantined or revoked.
 */
import type { SyncHealth } from '../../../src-shared/quality/dashboard-contract.ts';
import type { HubContext } from '../../hub-context.ts';
import type { HubDirectory } from '../hub-directory.ts';

export const LATE_AFTER_MINUTES = 60;
export const SILENT_AFTER_MINUTES = 24 * 60;

export async function syncHealthFigure(ctx: HubContext, dir: HubDirectory): Promise<SyncHealth> {
  const now = ctx.clock.now();
  const stations = (await dir.stationHealth()).map((s) => {
    const minutes = s.lastPushAt ? Math.max(0, Math.round((now.getTime() - Date.parse(s.lastPushAt)) / 6000) / 10) : null;
    const state: SyncHealth['stations'][number]['state'] =
      s.status !== 'active' ? s.status : minutes === null ? 'never' : minutes >= SILENT_AFTER_MINUTES ? 'silent' : minutes >= LATE_AFTER_MINUTES ? 'late' : 'ok';
    return { stationId: s.stationId, name: s.name, state, lastPushAt: s.lastPushAt, minutesSincePush: minutes, ackSeq: s.ackSeq, projectionLag: s.projectionLag, openForks: s.openForks, refusals: s.refusals };
  });
  return { asOf: now.toISOString(), lateAfterMinutes: LATE_AFTER_MINUTES, silentAfterMinutes: SILENT_AFTER_MINUTES, stations };
}
