/** In-process control at the station (issue 12 item 2): see src-shared/api/ipqc.contract.ts. */
import type { ipqcContract } from '../../src-shared/api/ipqc.contract.ts';
import { ok } from '../../src-shared/result.ts';
import type { ApiDeps } from './api-deps.ts';
import { sessionOf, type Handlers } from './handler-map.ts';

export function ipqcApi({ station, syncStatus }: ApiDeps): Handlers<typeof ipqcContract> {
  const ipqc = station.ipqc;
  const withHub = <A extends { seq: number }>(a: A) => ({ ...a, atHub: a.seq <= syncStatus().hubAckSeq });
  return {
    'ipqc.view': ({ batchNumber }) => ok(ipqc.view(batchNumber)),
    'ipqc.countOutput': ({ batchNumber, units }, ctx) => ipqc.countOutput(sessionOf(ctx), batchNumber, units),
    'ipqc.readBalance': ({ batchNumber, checkId, balanceId }, ctx) => ipqc.readBalance(sessionOf(ctx), batchNumber, checkId, balanceId),
    'ipqc.record': (input, ctx) => {
      const r = ipqc.record(sessionOf(ctx), input);
      return r.ok ? ok({ resultSeq: r.value.resultSeq, verdict: r.value.verdict, alertId: r.value.alertId, signed: r.value.signed, view: ipqc.view(input.batchNumber) }) : r;
    },
    'ipqc.signResult': ({ batchNumber, resultSeq, password, username, otp }, ctx) => ipqc.signResult(sessionOf(ctx), batchNumber, resultSeq, password, username, otp),
    'ipqc.alerts': ({ open }) => ok(ipqc.alerts({ open }).map(withHub)),
    'ipqc.acknowledgeAlert': ({ alertId, comment }, ctx) => {
      const r = ipqc.acknowledge(sessionOf(ctx), alertId, comment);
      return r.ok ? ok(withHub(r.value)) : r;
    },
  };
}
