/** station.info (shown on the login screen, so public) and sync.status (the badge). */
import { SOFTWARE_VERSION } from '../../src-shared/version.ts';
import type { stationContract } from '../../src-shared/api/station.contract.ts';
import { err, ok } from '../../src-shared/result.ts';
import type { ApiDeps } from './api-deps.ts';
import type { Handlers } from './handler-map.ts';
import { installedReleaseInfo } from '../release-info.ts';
import { initFirstAdmin, isFirstRun } from '../core/station/first-admin.ts';

export function stationApi(deps: ApiDeps): Handlers<typeof stationContract> {
  return {
    'station.info': () => {
      // The genesis entry is who this station is; it never changes.
      const genesis = deps.station.ledger.bySeq(1);
      if (!genesis) return err('NOT_FOUND', 'the station ledger has no genesis entry');
      const p = genesis.payload as { stationId: string; name: string; site: string; timeZone: string };
      const settings = deps.settings.current();
      return ok({
        stationId: p.stationId,
        name: p.name,
        site: p.site,
        timeZone: p.timeZone,
        softwareVersion: SOFTWARE_VERSION,
        release: releaseView(),
        shell: deps.shell,
        idleLockMinutes: Math.min(settings.limits.idleLockMinutes, deps.station.policy.inactivityLockMinutes),
        passwordMinLength: deps.station.policy.minLength,
        defaultLocale: settings.display.defaultLocale,
        mode: deps.station.mode,
        firstRun: isFirstRun(deps.station.users),
        gmpBlocked: gmpBlockers(deps),
      });
    },
    'station.initAdmin': (input) => initFirstAdmin(deps.station, input),
    'sync.status': () => ok(deps.syncStatus()),
  };
}

function gmpBlockers({ station }: ApiDeps): { code: string; message: string }[] {
  const out: { code: string; message: string }[] = [];
  if (!station.integrity.ok) out.push({ code: 'STATION_INTEGRITY_FAILED', message: station.integrity.problems.join('; ') });
  const time = station.timeTrust.blocked();
  if (time) out.push({ code: time.code, message: time.message });
  return out;
}

function releaseView(): { docsVersion: string | null; docsSha256: string | null; schemaVersion: string } {
  const r = installedReleaseInfo();
  return { docsVersion: r.docsVersion, docsSha256: r.docsSha256, schemaVersion: r.schemaVersion };
}
