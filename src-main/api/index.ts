/**
 * The Station API: every area's handlers combined (duplicates refused) and checked against the
 * contract map, behind one dispatcher that both transports (Electron IPC, HTTP) call.
 */
import { stationApiContract } from '../../src-shared/api/index.ts';
import type { ApiDeps } from './api-deps.ts';
import { createDispatcher, type ApiCall } from './dispatch.ts';
import { combine } from './handler-map.ts';
import { stationApi } from './station.api.ts';
import { authApi } from './auth.api.ts';
import { usersApi } from './users.api.ts';
import { auditApi } from './audit.api.ts';
import { settingsApi } from './settings.api.ts';
import { devicesApi } from './devices.api.ts';
import { dispensingApi } from './dispensing.api.ts';
import { printApi } from './print.api.ts';
import { ipqcApi } from './ipqc.api.ts';
import { alarmApi } from './alarm.api.ts';
import { equipmentApi } from './equipment.api.ts';

export function createStationApi(deps: ApiDeps, log?: (message: string, error: unknown) => void): ApiCall {
  const handlers = combine(stationApi(deps), authApi(deps), usersApi(deps), auditApi(deps), settingsApi(deps), devicesApi(deps), dispensingApi(deps), printApi(deps), ipqcApi(deps), alarmApi(deps), equipmentApi(deps));
  return createDispatcher({ contract: stationApiContract, handlers, auth: deps.station.auth, users: deps.station.users, ...(log ? { log } : {}) });
}
