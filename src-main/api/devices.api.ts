/** The device status screen's data: configured balances, scanners and printers and their state. */
import type { devicesContract } from '../../src-shared/api/devices.contract.ts';
import { ok } from '../../src-shared/result.ts';
import type { ApiDeps } from './api-deps.ts';
import type { Handlers } from './handler-map.ts';

export function devicesApi({ devices }: ApiDeps): Handlers<typeof devicesContract> {
  return {
    'devices.status': () => ok(devices.status()),
    'devices.simulate': ({ balanceId, command }) => {
      const r = devices.simulate(balanceId, command);
      return r.ok ? ok({ reply: r.value }) : r;
    },
  };
}
