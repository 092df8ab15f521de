/**
 * FR-128: every signed history and audit record of the hub is read by QA, Qualified Persons and
 * the inspector (HISTORY_READERS, route-helpers.ts), whoever may sign a change to it. From the
 * QP's seat, through the real routes: each read answers 200, and where a QP may not sign the
 * change (a plan, a check plan, room limits, a logbook entry, an ERP requeue, an identity
 * acceptance, a certificate re-issue) the write is refused with its typed error and nothing
 * changes. One test per route, so a regression names the route whose guard narrowed again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planOf } from '../../src-shared/equipment/equipment-plan-contract.ts';
import type { Balance } from '../../src-shared/master-data/equipment.ts';
import type { Equipment } from '../../src-shared/master-data/process-equipment.ts';
import { unwrap } from '../../src-shared/result.ts';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from '../quality/support/quality-hub.ts';
import { at, granulator } from '../fixtures/equipment/equipment-fixtures.ts';
import { provisionHubUser } from './support/provision-user.ts';
import { roomWithLimits } from '../environment/room-fixtures.ts';

const STEWARD = { userId: 'u-md-hist', username: 'md.history', roles: ['master-data' as const] };
const INSPECTOR = 'insp.history';
/** Roles outside the readers of some routes: a route's guard must keep its outsider out (403). */
const LIMS = 'lims.history';
const OPERATOR = 'op.history';
const EQ = 'GRN-HIST';
const BAL = 'BAL-HIST';
const ROOM = 'RM-HIST';
const g = (amount: string) => ({ amount, unit: 'g' as const });
type Answer = { status: number; body: { error?: { code: string } } };

let q: QualityHub;
const api = async (who: string, method: string, path: string, body?: unknown) => (await q.hub.api(method, path, body, await q.token(who))) as Answer;

function balance(now: Date): Balance {
  return {
    balanceId: BAL,
    name: 'Analytical balance HIST',
    model: 'XPR205',
    serialNumber: 'SN-HIST',
    capacity: g('220.0000'),
    readability: g('0.0001'),
    calibration: { certificateId: 'CAL-HIST', dueAt: at(now, 24 * 180) },
    repeatability: { standardDeviation: g('0.00004'), determinedAt: at(now, -24 * 90) },
    minimumWeightSafetyFactor: null,
    checkPlan: { id: 'DC-HIST', points: [{ testWeight: 'E2 200 g #H1', nominal: g('200.0000'), acceptance: g('0.0010') }], validForHours: 24 },
    boothId: null,
  };
}

const md = () => q.hub.hub.services.masterData;
const version = async (kind: string, key: string) => unwrap(await md().get(kind, key)).version;

/** A signed history or audit read, and (where a QP may not sign it) the write beside it with a valid body. */
interface HistoryRoute {
  read: string;
  /** A user whose roles are outside this read's guard (HISTORY_READERS and the route's `also`). */
  outsider?: string;
  write?: { method: string; path: string; body: () => Promise<unknown> | unknown; unchanged?: () => Promise<unknown> };
}

const planWrite = {
  method: 'POST',
  path: `/api/v1/equipment/${EQ}/plan`,
  body: async () => ({ plan: planOf(unwrap(await md().get('equipment', EQ)).data as Equipment), expectedVersion: 1, reason: 'a QP tries to change the plan', password: HUB_PASSWORD }),
  unchanged: () => version('equipment', EQ),
};
const checkPlanWrite = {
  method: 'POST',
  path: `/api/v1/balances/${BAL}/check-plan`,
  body: () => ({ checkPlan: { ...balance(q.station.clock.now()).checkPlan, id: 'DC-HIST-2', validForHours: 12 }, expectedVersion: 1, reason: 'a QP tries to change the check plan', password: HUB_PASSWORD }),
  unchanged: () => version('balance', BAL),
};

const ROUTES: HistoryRoute[] = [
  { read: '/api/v1/equipment', write: planWrite },
  { read: `/api/v1/equipment/${EQ}/plan/changes`, write: planWrite },
  { read: `/api/v1/equipment/${EQ}/logbook`, write: { method: 'POST', path: `/api/v1/equipment/${EQ}/logbook`, body: () => ({ kind: 'breakdown', note: 'a QP tries to record', password: HUB_PASSWORD }), unchanged: () => version('equipment', EQ) } },
  { read: '/api/v1/balances', write: checkPlanWrite },
  { read: `/api/v1/balances/${BAL}/check-plan/changes`, write: checkPlanWrite },
  {
    read: `/api/v1/environment/rooms/${ROOM}/changes`,
    write: { method: 'POST', path: `/api/v1/environment/rooms/${ROOM}/limits`, body: () => ({ limits: roomWithLimits(ROOM).limits.slice(0, 1), expectedVersion: 1, reason: 'a QP tries to change the limits', password: HUB_PASSWORD }), unchanged: () => version('room', ROOM) },
  },
  { read: '/api/v1/recipes/flow/history' },
  { read: '/api/v1/report-templates/flow/history' },
  { read: '/api/v1/quality/deviations' },
  { read: '/api/v1/quality/changes' },
  { read: '/api/v1/audit' },
  { read: '/api/v1/archive/purges' },
  { read: '/api/v1/erp/orders/B-HIST/messages', outsider: OPERATOR, write: { method: 'POST', path: '/api/v1/erp/messages/BL-none/requeue', body: () => ({ reason: 'a QP tries to requeue', password: HUB_PASSWORD }) } },
  { read: '/api/v1/admin/identity-incidents', write: { method: 'POST', path: '/api/v1/admin/identity-incidents/1/accept', body: () => ({ role: 'qa', reason: 'a QP tries to accept' }) } },
  { read: '/api/v1/admin/signer-reissues', write: { method: 'POST', path: '/api/v1/admin/signer-reissues/1/approve', body: () => undefined } },
];

beforeAll(async () => {
  q = await startQualityHub('pglite');
  await provisionHubUser(q.hub, { username: INSPECTOR, printedName: 'Ines History', roles: ['inspector'], password: HUB_PASSWORD });
  await provisionHubUser(q.hub, { username: LIMS, printedName: 'Lim History', roles: ['lims'], password: HUB_PASSWORD });
  await provisionHubUser(q.hub, { username: OPERATOR, printedName: 'Otto History', roles: ['operator'], password: HUB_PASSWORD });
  const now = q.station.clock.now();
  const seed = { reason: 'registered for the history read test', via: 'seed' as const };
  unwrap(await md().put(STEWARD, 'equipment', EQ, { data: { ...granulator(now), equipmentId: EQ }, ...seed }));
  unwrap(await md().put(STEWARD, 'balance', BAL, { data: balance(now), ...seed }));
  unwrap(await md().put(STEWARD, 'room', ROOM, { data: roomWithLimits(ROOM), ...seed }));
}, 120_000);
afterAll(async () => {
  await q?.close();
});

describe('signed histories and audit records from the QP\'s seat (FR-128)', () => {
  for (const r of ROUTES) {
    const outsider = r.outsider ?? LIMS;
    it(`FR-128 a QP and the inspector read GET ${r.read} (${outsider}, outside its readers, is refused AUTH_ROLE_REQUIRED)${r.write ? `; the QP's ${r.write.method} ${r.write.path} is refused (AUTH_ROLE_REQUIRED) and changes nothing` : ''}`, async () => {
      for (const who of ['qp.hub', INSPECTOR, 'qa.hub']) {
        const read = await api(who, 'GET', r.read);
        expect(read.status, `${who} GET ${r.read}: ${JSON.stringify(read.body)}`).toBe(200);
      }
      const out = await api(outsider, 'GET', r.read);
      expect([out.status, out.body.error?.code], `${outsider} GET ${r.read}`).toEqual([403, 'AUTH_ROLE_REQUIRED']);
      if (!r.write) return;
      const before = await r.write.unchanged?.();
      const write = await api('qp.hub', r.write.method, r.write.path, await r.write.body());
      expect([write.status, write.body.error?.code]).toEqual([403, 'AUTH_ROLE_REQUIRED']);
      if (r.write.unchanged) expect(await r.write.unchanged()).toBe(before);
    }, 30_000);
  }
});
