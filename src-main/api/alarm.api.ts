/** Alarms at the station (issue 13 item 5): see src-shared/api/alarm.contract.ts. */
import type { alarmContract } from '../../src-shared/api/alarm.contract.ts';
import { ok } from '../../src-shared/result.ts';
import type { ApiDeps } from './api-deps.ts';
import { sessionOf, type Handlers } from './handler-map.ts';

export function alarmApi({ station, syncStatus }: ApiDeps): Handlers<typeof alarmContract> {
  const withHub = <A extends { seq: number }>(a: A) => ({ ...a, atHub: a.seq <= syncStatus().hubAckSeq });
  return {
    'alarms.list': ({ open }) => ok(station.alarms.list({ open }).map(withHub)),
    'alarms.acknowledge': ({ alarmId, comment }, ctx) => {
      const r = station.alarms.acknowledge(sessionOf(ctx), alarmId, comment);
      return r.ok ? ok(withHub(r.value)) : r;
    },
  };
}
