/** What the API handlers are given: the station's services, built by the composition root. */
import type { DeviceStatusView } from '../../src-shared/api/devices.contract.ts';
import type { SyncStatusView } from '../../src-shared/api/station.contract.ts';
import type { Result } from '../../src-shared/result.ts';
import type { Station } from '../compose.ts';
import type { SettingsService } from '../core/settings/settings-service.ts';
import type { EngineConfig } from '../core/engine/engine-config.ts';

export interface DeviceStatusSource {
  status(): DeviceStatusView;
  simulate(balanceId: string, command: string): Result<string>;
}

export interface ApiDeps {
  station: Station;
  settings: SettingsService;
  devices: DeviceStatusSource;
  /** The hub sync's state for the badge; a station never enrolled reports 'not-configured'. */
  syncStatus: () => SyncStatusView;
  shell: 'electron' | 'web';
  /** The engine's limits as composed (the pre-check screen shows the master-data age against them). */
  engineConfig: EngineConfig;
}

/** What a station that never talked to a hub reports (the sync service gives the same). */
export function standaloneSync(headSeq: number): SyncStatusView {
  return {
    phase: 'standalone',
    hubUrl: null,
    localHeadSeq: headSeq,
    hubAckSeq: 0,
    pendingEntries: headSeq,
    countersignedSize: 0,
    lastPushAt: null,
    lastPullAt: null,
    masterDataServedAt: null,
    pushedTotal: 0,
    pulledTotal: 0,
    lastError: null,
    nextAttemptAt: null,
  };
}
