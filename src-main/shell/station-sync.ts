/**
 * Hub sync for a running station: when the ledger shows an enrolment (requested or done), the
 * sync service runs in the background against that hub; a station never enrolled is
 * standalone and says so on the badge.
 */
import type { SyncStatus } from '../../src-shared/sync/sync-status.ts';
import type { Station } from '../compose.ts';
import { pinnedHubTransport } from '../sync/hub-client.ts';
import { stationMasterData } from '../sync/engine-master-data-sink.ts';
import { readSyncRecord } from '../sync/sync-record.ts';
import { SyncService } from '../sync/sync-service.ts';

export interface StationSync {
  status(): SyncStatus | null;
  stop(): Promise<void>;
}

export function startSync(station: Station, stationSecret: string, log: (m: string, e?: unknown) => void): StationSync {
  const record = readSyncRecord(station.ledger);
  const hubUrl = record.enrolled?.hubUrl ?? record.requested?.hubUrl ?? null;
  if (!hubUrl) return { status: () => null, stop: async () => undefined };
  const masterData = stationMasterData(station);
  // Over https, only the hub CA received at enrolment is trusted (issue 10 item 8).
  const transport = pinnedHubTransport(hubUrl, record.enrolled?.hubCaCertPem ?? null);
  const service = new SyncService({ station, stationSecret, transport, ...(masterData ? { masterData } : {}) });
  service.onStatus((s) => {
    if (s.lastError && s.phase === 'refused') log(`sync refused: ${s.lastError.code} ${s.lastError.message}`);
  });
  service.start();
  return { status: () => service.status(), stop: () => service.stop() };
}
