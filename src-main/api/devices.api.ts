/** The device status screen's data: configured balances, scanners and printers and their state. */
import type { devicesContract } from '../../src-shared/api/devices.contract.ts';
import { err, ok } from '../../src-shared/result.ts';
import type { ApiDeps } from './api-deps.ts';
import type { Handlers } from './handler-map.ts';

export function devicesApi({ devices, station }: ApiDeps): Handlers<typeof devicesContract> {
  return {
    'devices.status': () => ok(devices.status()),
    'devices.simulate': ({ balanceId, command }) => {
      // On a production station the method does not exist (issue 10 item 1): the same answer
      // as any unknown method, so nothing can "place 1234.5 g" on a balance there.
      if (station.mode !== 'training') return err('API_METHOD_UNKNOWN', 'the station has no API method "devices.simulate"');
      const r = devices.simulate(balanceId, command);
      return r.ok ? ok({ reply: r.value }) : r;
    },
  };
}
