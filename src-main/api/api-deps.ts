/** What the API handlers are given: the station's services, built by the composition root. */
import type { DeviceStatusView } from '../../src-shared/api/devices.contract.ts';
import type { SyncStatusView } from '../../src-shared/api/station.contract.ts';
import type { Result } from '../../src-shared/result.ts';
import type { Station } from '../compose.ts';
import type { SettingsService } from '../core/settings/settings-service.ts';

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
}

export const NOT_ENROLLED: SyncStatusView = {
  state: 'not-configured',
  pendingEntries: 0,
  lastSyncAt: null,
  masterDataAgeHours: null,
  message: null,
};
