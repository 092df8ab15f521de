/**
 * FR-123: every way around a signed master-data change, from the attacker's seat (a master-data
 * steward, or whoever holds a steward's token, through the real hub routes), and the signed
 * change of a balance's periodic check plan that now owns it. Each way is its own test, so a
 * regression names the way it reopened.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, sql } from 'drizzle-orm';
import { planOf } from '../../src-shared/equipment/equipment-plan-contract.ts';
import type { BalanceCheckPlanChange } from '../../src-shared/equipment/balance-check-plan-contract.ts';
import type { Balance } from '../../src-shared/master-data/equipment.ts';
import type { Equipment, EquipmentInput } from '../../src-shared/master-data/process-equipment.ts';
import { unwrap } from '../../src-shared/result.ts';
import { hubAudit, masterData } from '../../src-server/db/schema.ts';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from '../quality/support/quality-hub.ts';
import { at, granulator } from '../fixtures/equipment/equipment-fixtures.ts';
import { provisionHubUser } from '../hub/support/provision-user.ts';
import { syncService } from '../hub/support/enrol.ts';
import { httpTransport } from '../../src-main/sync/hub-transport.ts';
import { stationMasterData } from '../../src-main/sync/engine-master-data-sink.ts';

const g = (amount: string) => ({ amount, unit: 'g' as const });
const STEWARD = 'md.holes';
type Answer = { status: number; body: { version?: number; error?: { code: string; details?: { fields?: string[] } } } };
let q: QualityHub;

function balance(balanceId: string, now: Date): Balance {
  return {
    balanceId,
    name: `Analytical balance ${balanceId}`,
    model: 'XPR205',
    serialNumber: `SN-${balanceId}`,
    capacity: g('220.0000'),
    readability: g('0.0001'),
    calibration: { certificateId: `CAL-${balanceId}`, dueAt: at(now, 24 * 180) },
    repeatability: { standardDeviation: g('0.00004'), determinedAt: at(now, -24 * 90) },
    minimumWeightSafetyFactor: null,
    checkPlan: {
      id: `DC-${balanceId}`,
      points: [
        { testWeight: 'E2 200 g #A17', nominal: g('200.0000'), acceptance: g('0.0010') },
        { testWeight: 'E2 10 g #A03', nominal: g('10.0000'), acceptance: g('0.0003') },
      ],
      validForHours: 24,
    },
    boothId: null,
  };
}

/** Registered unestablished, with its plan (what a steward may register, FR-114/FR-121). */
function blankEquipment(equipmentId: string, now: Date): EquipmentInput {
  const e = { ...granulator(now), equipmentId };
  return {
    ...e,
    qualification: { iq: null, oq: null, pq: null, requalificationDueAt: null },
    calibration: { ...e.calibration!, lastAt: null },
    maintenance: { ...e.maintenance!, lastAt: null },
    cleaning: { ...e.cleaning!, status: 'dirty', level: null, lastProduct: null, usedUntil: null, cleanedAt: null },
  };
}

const steward = async (method: string, path: string, body: unknown) => (await q.hub.api(method, `/api/v1/master-data/${path}`, body, await q.token(STEWARD))) as Answer;
const stored = async <T>(kind: string, key: string) => {
  const r = await q.hub.hub.services.masterData.get(kind, key);
  return r.ok ? (r.value as { version: number; data: T | null }) : null;
};
const refusedAudit = async (subject: string) =>
  (await q.hub.hub.services.ctx.db.select().from(hubAudit).where(and(eq(hubAudit.action, 'masterdata.refused'), eq(hubAudit.subject, subject))).orderBy(asc(hubAudit.id))).map((a) => (a.details as { code: string }).code);

beforeAll(async () => {
  q = await startQualityHub('pglite');
  await provisionHubUser(q.hub, { username: STEWARD, printedName: 'Hal Holes', roles: ['master-data'], password: HUB_PASSWORD });
}, 120_000);
afterAll(async () => {
  await q?.close();
});

describe('ways around a signed master-data change (FR-123)', () => {
  it('FR-123 withdrawing an equipment and registering it again brings its signed plan back, never a fresh one (re-register and delete + put alike)', async () => {
    const now = q.station.clock.now();
    const blank = blankEquipment('GRN-R1', now);
    expect((await steward('PUT', 'equipment/GRN-R1', { data: blank, reason: 'register granulator R1' })).status).toBe(200);
    const signed = planOf(unwrap(await q.hub.hub.services.masterData.get('equipment', 'GRN-R1')).data as Equipment);
    const plan = { ...signed, calibration: { ...signed.calibration, intervalDays: 90 } };
    const change = await q.hub.api('POST', '/api/v1/equipment/GRN-R1/plan', { plan, expectedVersion: 1, reason: 'calibration every 90 days per CAL-REP-7', password: HUB_PASSWORD }, await q.token('qa.hub'));
    expect(change.status, JSON.stringify(change.body)).toBe(200);
    // The attacker's seat: withdraw, then register again with the plan from before the signature.
    expect((await steward('DELETE', 'equipment/GRN-R1', { expectedVersion: 2, reason: 'withdrawn for re-registration' })).status).toBe(200);
    const back = await steward('PUT', 'equipment/GRN-R1', { data: blank, expectedVersion: 3, reason: 'registered again' });
    expect([back.status, back.body.error?.code, back.body.error?.details?.fields]).toEqual([409, 'EQUIPMENT_PLAN_NEEDS_SIGNATURE', ['calibration.intervalDays']]);
    // Delete + put in one breath (no expected version): the same refusal.
    const blind = await steward('PUT', 'equipment/GRN-R1', { data: blank, reason: 'put over the withdrawal' });
    expect([blind.status, blind.body.error?.code]).toEqual([409, 'EQUIPMENT_PLAN_NEEDS_SIGNATURE']);
    expect(await stored('equipment', 'GRN-R1')).toMatchObject({ version: 3, data: null });
    expect(await refusedAudit('equipment/GRN-R1')).toEqual(['EQUIPMENT_PLAN_NEEDS_SIGNATURE', 'EQUIPMENT_PLAN_NEEDS_SIGNATURE']);
    // Registered again as the signatures left it: accepted (the name and location stay the steward's).
    const again = await steward('PUT', 'equipment/GRN-R1', { data: { ...blank, calibration: { ...blank.calibration!, intervalDays: 90 }, location: 'Line 2' }, expectedVersion: 3, reason: 'registered again' });
    expect([again.status, again.body.version]).toEqual([200, 4]);
  }, 60_000);

  it('FR-123 the generic route refuses a balance check plan: check weight, acceptance nested in a point, validity, plan id; audited; a body claiming the signed writer changes nothing', async () => {
    const now = q.station.clock.now();
    const b = balance('BAL-H1', now);
    expect((await steward('PUT', 'balance/BAL-H1', { data: b, reason: 'register balance H1' })).status).toBe(200);
    const wider = { ...b.checkPlan.points[0]!, acceptance: g('0.0100') };
    const attempts: [Balance['checkPlan'], string][] = [
      [{ ...b.checkPlan, points: [wider, b.checkPlan.points[1]!] }, 'checkPlan.points'],
      [{ ...b.checkPlan, points: [b.checkPlan.points[0]!] }, 'checkPlan.points'],
      [{ ...b.checkPlan, validForHours: 24 * 31 }, 'checkPlan.validForHours'],
      [{ ...b.checkPlan, id: 'DC-OTHER' }, 'checkPlan.id'],
    ];
    for (const [checkPlan, field] of attempts) {
      const r = await steward('PUT', 'balance/BAL-H1', { data: { ...b, checkPlan }, reason: 'check plan without a signature', via: 'balance-check-plan' });
      expect([r.status, r.body.error?.code, r.body.error?.details?.fields], field).toEqual([409, 'BALANCE_CHECK_PLAN_NEEDS_SIGNATURE', [field]]);
    }
    expect(await refusedAudit('balance/BAL-H1')).toEqual(Array(4).fill('BALANCE_CHECK_PLAN_NEEDS_SIGNATURE'));
    // Name and booth stay the steward's.
    expect((await steward('PUT', 'balance/BAL-H1', { data: { ...b, name: 'Analytical balance H1 (QC lab)' }, expectedVersion: 1, reason: 'renamed' })).status).toBe(200);
    expect((await stored<Balance>('balance', 'BAL-H1'))!.data!.checkPlan).toEqual(b.checkPlan);
  }, 60_000);

  it('FR-123 withdrawing a balance and registering it again with a wider acceptance is refused', async () => {
    const b = balance('BAL-H2', q.station.clock.now());
    expect((await steward('PUT', 'balance/BAL-H2', { data: b, reason: 'register balance H2' })).status).toBe(200);
    expect((await steward('DELETE', 'balance/BAL-H2', { expectedVersion: 1, reason: 'withdrawn' })).status).toBe(200);
    const widened = { ...b, checkPlan: { ...b.checkPlan, points: b.checkPlan.points.map((p) => ({ ...p, acceptance: g('0.0500') })) } };
    const back = await steward('PUT', 'balance/BAL-H2', { data: widened, reason: 'registered again' });
    expect([back.status, back.body.error?.code]).toEqual([409, 'BALANCE_CHECK_PLAN_NEEDS_SIGNATURE']);
    expect((await steward('PUT', 'balance/BAL-H2', { data: b, reason: 'registered again as it was' })).status).toBe(200);
  }, 60_000);

  it('FR-123 a kind spelled otherwise, keys in another case or a setting nested deeper change no check plan', async () => {
    const b = balance('BAL-H3', q.station.clock.now());
    expect((await steward('PUT', 'balance/BAL-H3', { data: b, reason: 'register balance H3' })).status).toBe(200);
    const wide = { ...b.checkPlan, validForHours: 24 * 31 };
    // Another spelling of the kind is no kind at all.
    for (const kind of ['Balance', 'BALANCE', 'balances', 'balance%20', 'equipment']) {
      const r = await steward('PUT', `${kind}/BAL-H3`, { data: { ...b, checkPlan: wide }, reason: 'kind renamed' });
      expect(r.status, kind).not.toBe(200);
    }
    // A field in another case is dropped by the schema: the check plan stays as it was.
    const cased = await steward('PUT', 'balance/BAL-H3', { data: { ...b, CheckPlan: wide, checkplan: wide }, expectedVersion: 1, reason: 'keys in another case' });
    expect(cased.status).toBe(200);
    // Without the real field, the object is invalid: nothing stored.
    const { checkPlan: _dropped, ...bare } = b;
    expect((await steward('PUT', 'balance/BAL-H3', { data: { ...bare, CheckPlan: wide }, reason: 'only the other case' })).body.error?.code).toBe('INPUT_INVALID');
    // Nested deeper: a point's own extra keys or a plan inside another field are dropped, never applied.
    const deeper = await steward('PUT', 'balance/BAL-H3', { data: { ...b, calibration: { ...b.calibration, checkPlan: wide }, checkPlan: { ...b.checkPlan, points: b.checkPlan.points.map((p) => ({ ...p, acceptance: p.acceptance, acceptanceOverride: g('1') })) } }, reason: 'nested deeper' });
    expect(deeper.status).toBe(200);
    // A key in another case is another balance, never this one.
    expect((await steward('PUT', 'balance/bal-h3', { data: { ...b, balanceId: 'bal-h3', checkPlan: wide }, reason: 'same balance, lower case' })).status).toBe(200);
    const after = await stored<Balance>('balance', 'BAL-H3');
    expect(after!.data!.checkPlan).toEqual(b.checkPlan);
    expect(JSON.stringify(after!.data)).not.toContain('acceptanceOverride');
  }, 60_000);

  it('FR-123 a stored record today\'s schema does not read is read for its check plan alone: a rename goes through, a changed or missing plan is refused (it is not a new balance)', async () => {
    const b = balance('BAL-H4', q.station.clock.now());
    expect((await steward('PUT', 'balance/BAL-H4', { data: b, reason: 'register balance H4' })).status).toBe(200);
    // A record written around the API (an old export, a restored row) that the schema refuses.
    await q.hub.hub.services.ctx.db.update(masterData).set({ data: sql`${masterData.data} - 'repeatability'` }).where(and(eq(masterData.kind, 'balance'), eq(masterData.key, 'BAL-H4')));
    const r = await steward('PUT', 'balance/BAL-H4', { data: { ...b, checkPlan: { ...b.checkPlan, validForHours: 24 * 31 } }, reason: 'over an unreadable record' });
    expect([r.status, r.body.error?.code, r.body.error?.details?.fields]).toEqual([409, 'BALANCE_CHECK_PLAN_NEEDS_SIGNATURE', ['checkPlan.validForHours']]);
    // The signed route names why it cannot change it (not "unknown balance"): the steward writes a full record first.
    const signedOver = (await q.hub.api('POST', '/api/v1/balances/BAL-H4/check-plan', { checkPlan: { ...b.checkPlan, id: 'DC-BAL-H4-2' }, expectedVersion: 1, reason: 'over an unreadable record', password: HUB_PASSWORD }, await q.token('qa.hub'))) as Answer;
    expect([signedOver.status, signedOver.body.error?.code]).toEqual([409, 'MASTER_DATA_RECORD_UNREADABLE']);
    // Its check plan, read on its own, is unchanged by a rename: the steward may write the full record again.
    const renamed = await steward('PUT', 'balance/BAL-H4', { data: { ...b, name: 'Analytical balance H4 (room 2)' }, reason: 'rename over an unreadable record' });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect((await stored<Balance>('balance', 'BAL-H4'))!.data).toEqual({ ...b, name: 'Analytical balance H4 (room 2)' });
    const signedAfter = await q.hub.api('POST', '/api/v1/balances/BAL-H4/check-plan', { checkPlan: { ...b.checkPlan, id: 'DC-BAL-H4-2', validForHours: 12 }, expectedVersion: 2, reason: 'daily check every 12 h', password: HUB_PASSWORD }, await q.token('qa.hub'));
    expect(signedAfter.status, JSON.stringify(signedAfter.body)).toBe(200);
    // A stored record without its check plan: the owned part is not there, every change is refused.
    await q.hub.hub.services.ctx.db.update(masterData).set({ data: sql`${masterData.data} - 'checkPlan'` }).where(and(eq(masterData.kind, 'balance'), eq(masterData.key, 'BAL-H4')));
    const noPlan = await steward('PUT', 'balance/BAL-H4', { data: { ...b, name: 'again' }, reason: 'over a record without plan' });
    expect([noPlan.status, noPlan.body.error?.code]).toEqual([409, 'BALANCE_CHECK_PLAN_NEEDS_SIGNATURE']);
  }, 60_000);
});

describe('a balance check plan changes by a signed change (FR-123)', () => {
  it('FR-123 QA signs a check-plan change ("approved") with each old and new value, who, when, why; a wrong password, a stale version and QP change nothing; stations pull it', async () => {
    const b = balance('BAL-H5', q.station.clock.now());
    expect((await steward('PUT', 'balance/BAL-H5', { data: b, reason: 'register balance H5' })).status).toBe(200);
    const PLAN = '/api/v1/balances/BAL-H5/check-plan';
    // QA reads the plan and its version where it signs (the generic master-data read is the steward's).
    const listed = await q.hub.api<{ balanceId: string; version: number; checkPlan: unknown }[]>('GET', '/api/v1/balances', undefined, await q.token('qa.hub'));
    expect(listed.body.find((r) => r.balanceId === 'BAL-H5')).toEqual({ balanceId: 'BAL-H5', name: b.name, model: b.model, boothId: null, version: 1, checkPlan: b.checkPlan });
    const sameId = { ...b.checkPlan, points: [b.checkPlan.points[0]!, { ...b.checkPlan.points[1]!, acceptance: g('0.0002') }], validForHours: 12 };
    const checkPlan = { ...sameId, id: 'DC-BAL-H5-2' };
    const body = { checkPlan, expectedVersion: 1, reason: 'tighter 10 g acceptance per USP <1251> review', password: HUB_PASSWORD };
    // A changed plan under the old id would let a check passed under the old acceptance count for it.
    const keptId = (await q.hub.api('POST', PLAN, { ...body, checkPlan: sameId }, await q.token('qa.hub'))) as Answer;
    expect([keptId.status, keptId.body.error?.code, (keptId.body.error?.details as { field?: string } | undefined)?.field]).toEqual([400, 'INPUT_INVALID', 'checkPlan.id']);
    const wrong = (await q.hub.api('POST', PLAN, { ...body, password: 'not-my-password' }, await q.token('qa.hub'))) as Answer;
    expect([wrong.status, wrong.body.error?.code]).toEqual([422, 'SIGNATURE_PASSWORD_INVALID']);
    expect((await q.hub.api('POST', PLAN, body, await q.token('qp.hub'))).status).toBe(403);
    const stale = (await q.hub.api('POST', PLAN, { ...body, expectedVersion: 2 }, await q.token('qa.hub'))) as Answer;
    expect(stale.body.error?.code).toBe('MASTER_DATA_VERSION_CONFLICT');
    const unknown = (await q.hub.api('POST', '/api/v1/balances/BAL-NONE/check-plan', body, await q.token('qa.hub'))) as Answer;
    expect([unknown.status, unknown.body.error?.code]).toEqual([404, 'BALANCE_UNKNOWN']);
    expect((await stored('balance', 'BAL-H5'))!.version).toBe(1);
    const signed = await q.hub.api<BalanceCheckPlanChange>('POST', PLAN, body, await q.token('qa.hub'));
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    const changes = [
      { field: 'checkPlan.id', before: b.checkPlan.id, after: 'DC-BAL-H5-2' },
      { field: 'checkPlan.points', before: b.checkPlan.points, after: checkPlan.points },
      { field: 'checkPlan.validForHours', before: 24, after: 12 },
    ];
    expect(signed.body).toMatchObject({ balanceId: 'BAL-H5', version: 2, changedBy: 'qa.hub', printedName: 'Quinn Reviewer', reason: body.reason, changes });
    expect((await stored<Balance>('balance', 'BAL-H5'))!.data).toEqual({ ...b, checkPlan });
    const audited = await q.hub.hub.services.ctx.db.select().from(hubAudit).where(and(eq(hubAudit.subject, 'BAL-H5'))).orderBy(asc(hubAudit.id));
    expect(audited.map((a) => [a.action, a.ok])).toEqual([
      ['balance.refused', false],
      ['balance.check_plan_changed', true],
    ]);
    expect(audited.at(-1)!.details).toMatchObject({ meaning: 'approved', data: { changes } });
    const history = await q.hub.api<BalanceCheckPlanChange[]>('GET', `${PLAN}/changes`, undefined, await q.token('qp.hub'));
    expect(history.body).toEqual([signed.body]);
    // The station pulls the signed plan through the feed.
    unwrap(await syncService(q.station, httpTransport(q.hub.url), { masterData: stationMasterData(q.station) }).runOnce());
    expect(q.station.masterData.reader.get('balance', 'BAL-H5')).toMatchObject({ version: 2, data: { checkPlan } });
  }, 60_000);

  it('FR-123 a changed check plan never takes back an id the balance had before (A → B → A with other weights), so no check under the first A counts for the last', async () => {
    const b = balance('BAL-H6', q.station.clock.now());
    expect((await steward('PUT', 'balance/BAL-H6', { data: b, reason: 'register balance H6' })).status).toBe(200);
    const PLAN = '/api/v1/balances/BAL-H6/check-plan';
    const qa = await q.token('qa.hub');
    const planB = { ...b.checkPlan, id: 'DC-BAL-H6-B', validForHours: 12 };
    const toB = await q.hub.api('POST', PLAN, { checkPlan: planB, expectedVersion: 1, reason: 'daily check every 12 h', password: HUB_PASSWORD }, qa);
    expect(toB.status, JSON.stringify(toB.body)).toBe(200);
    // Back to the first id, with wider acceptance: a check recorded under the first plan would count.
    const backToA = { ...b.checkPlan, points: [b.checkPlan.points[0]!, { ...b.checkPlan.points[1]!, acceptance: g('0.0009') }] };
    const refused = (await q.hub.api('POST', PLAN, { checkPlan: backToA, expectedVersion: 2, reason: 'old id, wider 10 g acceptance', password: HUB_PASSWORD }, qa)) as Answer;
    expect([refused.status, refused.body.error?.code, refused.body.error?.details]).toEqual([400, 'INPUT_INVALID', { field: 'checkPlan.id', planId: b.checkPlan.id, usedBefore: true }]);
    expect((await stored('balance', 'BAL-H6'))!.version).toBe(2);
    const fresh = await q.hub.api('POST', PLAN, { checkPlan: { ...backToA, id: 'DC-BAL-H6-C' }, expectedVersion: 2, reason: 'wider 10 g acceptance, new plan', password: HUB_PASSWORD }, qa);
    expect(fresh.status, JSON.stringify(fresh.body)).toBe(200);
  }, 60_000);
});
