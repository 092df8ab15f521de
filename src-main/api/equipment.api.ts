/** Process equipment at the station (issue 13 item 4): see src-shared/api/equipment.contract.ts. */
import type { equipmentContract } from '../../src-shared/api/equipment.contract.ts';
import { ok } from '../../src-shared/result.ts';
import type { ApiDeps } from './api-deps.ts';
import { sessionOf, type Handlers } from './handler-map.ts';

export function equipmentApi({ station }: ApiDeps): Handlers<typeof equipmentContract> {
  return {
    'equipment.logbook': ({ equipmentId }) => ok(station.equipmentLogbook.list(equipmentId)),
    'equipment.recordLogbook': (input, ctx) => station.equipmentLogbook.record(sessionOf(ctx), input),
  };
}
