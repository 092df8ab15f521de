/** Enrols a test station at a test hub the way IT does it: request, approve, complete. */
import { expect } from 'vitest';
import { unwrap } from '../../../src-shared/result.ts';
import type { Station } from '../../../src-main/compose.ts';
import { HubClient } from '../../../src-main/sync/hub-client.ts';
import { httpTransport, type HubTransport } from '../../../src-main/sync/hub-transport.ts';
import { completeEnrolment, requestEnrolment } from '../../../src-main/sync/station-enrolment.ts';
import { SyncService, type SyncServiceDeps } from '../../../src-main/sync/sync-service.ts';
import { keyPool } from '../../fakes/key-pool.ts';
import { TEST_SECRET } from '../../fakes/test-station.ts';
import { TEST_SCRYPT_PARAMS } from '../../fakes/test-scrypt-params.ts';
import type { TestHub } from './test-hub.ts';

let keyOffset = 100;

export async function enrolStation(station: Station, hub: TestHub, transport: HubTransport = httpTransport(hub.url)): Promise<string> {
  const client = new HubClient(transport, station.clock, null);
  const code = await hub.api<{ code: string }>('POST', '/api/v1/admin/enrolment-codes', { validHours: 4 });
  expect(code.status, JSON.stringify(code.body)).toBe(201);
  const requested = unwrap(await requestEnrolment(station, client, { stationSecret: TEST_SECRET, keys: keyPool(keyOffset++), scrypt: TEST_SCRYPT_PARAMS, enrolmentCode: code.body.code }));
  const approved = await hub.api('POST', `/api/v1/admin/enrolments/${requested.requestId}/approve`, { reason: 'line 1 commissioning' });
  expect(approved.status).toBe(200);
  unwrap(await completeEnrolment(station, client, { stationSecret: TEST_SECRET }));
  return requested.requestId;
}

export function syncService(station: Station, transport: HubTransport, extra: Partial<SyncServiceDeps> = {}): SyncService {
  return new SyncService({ station, stationSecret: TEST_SECRET, transport, pageSize: 50, ...extra });
}
