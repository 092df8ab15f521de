/**
 * The equipment logbook at the hub (issue 13 item 2): a station's use arrives with its ledger
 * (sync, projection); a cleaning, breakdown or repair recorded at the hub is signed by its
 * performer, audited, and writes the equipment's master data (a new version the stations pull);
 * a wrong password or an unknown piece of equipment changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, like } from 'drizzle-orm';
import type { LogbookEntry } from '../../src-shared/equipment/equipment-logbook-contract.ts';
import { planOf, type EquipmentPlanChange } from '../../src-shared/equipment/equipment-plan-contract.ts';
import { unwrap } from '../../src-shared/result.ts';
import { hubAudit } from '../../src-server/db/schema.ts';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from '../quality/support/quality-hub.ts';
import { at, granulator } from '../fixtures/equipment/equipment-fixtures.ts';
import type { Equipment, EquipmentInput } from '../../src-shared/master-data/process-equipment.ts';
import { provisionHubUser } from '../hub/support/provision-user.ts';
import { DEMO_PASSWORD, makeTestStation, type TestStation } from '../fakes/test-station.ts';
import { enrolStation, syncService } from '../hub/support/enrol.ts';
import { httpTransport } from '../../src-main/sync/hub-transport.ts';
import { equipmentChoices } from '../../src-main/core/engine/process-equipment-checks.ts';
import { stationMasterData } from '../../src-main/sync/engine-master-data-sink.ts';

const PATH = '/api/v1/equipment/GRN-01/logbook';
const STEWARD = { userId: 'u-md', username: 'md.steward', roles: ['master-data' as const] };
let q: QualityHub;

beforeAll(async () => {
  q = await startQualityHub('pglite');
  unwrap(await q.hub.hub.services.masterData.put(STEWARD, 'equipment', 'GRN-01', { data: granulator(q.station.clock.now()) as Record<string, unknown>, reason: 'register', via: 'seed' }));
}, 120_000);
afterAll(async () => {
  other?.cleanup();
  await q?.close();
});

/** A second station on the same hub (another booth of the plant), enrolled once for the cross-station tests. */
let other: TestStation | undefined;
async function secondStation(): Promise<TestStation> {
  if (other) return other;
  other = makeTestStation({ config: { identity: { stationId: 'ST-EQ-02', name: 'Granulation booth 2', site: 'Test plant', timeZone: 'Asia/Shanghai' } } });
  other.clock.set(q.station.clock.now());
  await enrolStation(other, q.hub, httpTransport(q.hub.url));
  return other;
}
/** A sync round that also applies the hub's master data (pull first, then push). */
const syncWithMasterData = async (t: TestStation) => unwrap(await syncService(t, httpTransport(q.hub.url), { masterData: stationMasterData(t) }).runOnce());
const syncOther = () => syncWithMasterData(other!);
const choiceOf = (t: TestStation, product: string) => equipmentChoices(t.masterData.reader, ['granulator'], { product, batchNumber: 'B-OTHER-1' }, t.clock.now()).find((c) => c.equipmentId === 'GRN-01');

const api = async <T>(method: string, path: string, body?: unknown) => q.hub.api<T>(method, path, body, await q.token('qa.hub'));
const equipmentNow = async () => unwrap(await q.hub.hub.services.masterData.get('equipment', 'GRN-01'));

describe('the equipment logbook at the hub', () => {
  it('FR-69 a use recorded at a station reaches the logbook through sync', async () => {
    const t = q.station;
    unwrap(t.ledger.append([{ type: 'equipment.used', actor: null, batchRef: 'B-LOG-1', payload: { equipmentId: 'GRN-01', equipmentVersion: 1, class: 'granulator', stepId: 'S02', stepIndex: 1, product: 'FG-IBU200', clearance: { cleaning: { basis: 'cleaned' } } } }]));
    await q.sync();
    const r = await api<LogbookEntry[]>('GET', PATH);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject([{ kind: 'use', source: 'station', batchNumber: 'B-LOG-1', product: 'FG-IBU200', equipmentVersion: 1 }]);
  }, 60_000);

  it('FR-69 a cleaning recorded at the hub is signed, audited and makes the master data clean after the last use; a wrong password changes nothing', async () => {
    const before = await equipmentNow();
    const wrong = await api<{ error: { code: string } }>('POST', PATH, { kind: 'cleaning', level: 'major', note: 'Major clean per SOP-CL-014', password: 'not-my-password' });
    expect(wrong.body.error.code).toBe('SIGNATURE_PASSWORD_INVALID');
    expect((await equipmentNow()).version).toBe(before.version);
    expect((await api<LogbookEntry[]>('GET', PATH)).body).toHaveLength(1);
    const ok = await api<LogbookEntry>('POST', PATH, { kind: 'cleaning', level: 'major', note: 'Major clean per SOP-CL-014', password: HUB_PASSWORD });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ kind: 'cleaning', source: 'hub', by: 'qa.hub', equipmentVersion: before.version + 1 });
    expect(ok.body.signatureId).toBeGreaterThan(0);
    const after = (await equipmentNow()).data as { cleaning: Record<string, unknown> };
    expect(after.cleaning).toMatchObject({ status: 'clean', level: 'major', lastProduct: 'FG-IBU200', cleanedAt: ok.body.at });
    const audited = await q.hub.hub.services.ctx.db.select().from(hubAudit).where(like(hubAudit.action, 'equipment.%'));
    expect(audited.map((a) => [a.action, a.ok])).toEqual([
      ['equipment.refused', false],
      ['equipment.cleaning_recorded', true],
    ]);
  }, 60_000);

  it('FR-69 a breakdown takes the equipment out of service and a repair returns it; bad input and unknown equipment are typed refusals', async () => {
    expect((await api('POST', PATH, { kind: 'breakdown', note: 'Chopper motor tripped', password: HUB_PASSWORD })).status).toBe(201);
    expect(((await equipmentNow()).data as { inService: boolean }).inService).toBe(false);
    expect((await api('POST', PATH, { kind: 'repair', note: 'Motor replaced, function test passed', password: HUB_PASSWORD })).status).toBe(201);
    expect(((await equipmentNow()).data as { inService: boolean }).inService).toBe(true);
    const unknown = await api<{ error: { code: string } }>('GET', '/api/v1/equipment/NOPE-1/logbook');
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'EQUIPMENT_UNKNOWN']);
    const bad = await api<{ error: { code: string } }>('POST', PATH, { kind: 'cleaning', level: 'sparkling', note: 'x', password: HUB_PASSWORD });
    expect(bad.status).toBe(400);
    const kinds = (await api<LogbookEntry[]>('GET', PATH)).body.map((e) => e.kind);
    expect(kinds).toEqual(['use', 'cleaning', 'breakdown', 'repair']);
  }, 60_000);
});

describe('equipment status across stations (issue 13 items 3 and 4)', () => {
  it('FR-86 a use synced from one station makes the equipment dirty in the master data every station pulls; another station offers it in its pick list as refused, naming the reason', async () => {
    const b = await secondStation();
    // Clean at the hub before this use (the tests above end with a repair after a major clean).
    q.station.clock.advance(60_000);
    unwrap(q.station.ledger.append([{ type: 'equipment.used', actor: null, batchRef: 'B-LOG-2', payload: { equipmentId: 'GRN-01', equipmentVersion: (await equipmentNow()).version, class: 'granulator', stepId: 'S02', stepIndex: 1, product: 'FG-IBU200', clearance: {} } }]));
    await q.sync();
    // The other station's next pull projects the use into the master data before it is served.
    b.clock.set(q.station.clock.now());
    await syncOther();
    const hubSide = (await equipmentNow()).data as { cleaning: Record<string, unknown> };
    expect(hubSide.cleaning).toMatchObject({ status: 'dirty', lastProduct: 'FG-IBU200' });
    const refused = choiceOf(b, 'FG-PARA500');
    expect(refused).toMatchObject({ equipmentId: 'GRN-01', usable: false, refusal: { code: 'EQUIPMENT_NOT_CLEAN', details: { lastProduct: 'FG-IBU200', required: 'major' } } });
  }, 90_000);

  it('FR-86 a cleaning signed at the station (start, end, agent, performer, verifier) counts there at once and, synced, in the hub logbook and at every station; a wrong password records nothing', async () => {
    const b = other!;
    const op = unwrap(b.auth.login('op.li', DEMO_PASSWORD)).sessionId;
    const now = b.clock.now().getTime();
    const cleaning = { equipmentId: 'GRN-01', kind: 'cleaning' as const, level: 'major' as const, startedAt: new Date(now - 40 * 60_000).toISOString(), agent: 'Purified water + 1% Alconox', note: 'Major clean per SOP-CL-014' };
    const before = b.ledger.count();
    const wrong = b.equipmentLogbook.record(op, { ...cleaning, password: 'not-my-password' });
    expect(wrong.ok ? null : wrong.error.code).toBe('SIGNATURE_PASSWORD_INVALID');
    expect(b.ledger.query({ types: ['equipment.logbook_recorded'], limit: 10 })).toEqual([]);
    expect(b.ledger.count()).toBeGreaterThanOrEqual(before);
    const future = b.equipmentLogbook.record(op, { ...cleaning, startedAt: new Date(now + 60_000).toISOString(), password: DEMO_PASSWORD });
    expect(future.ok ? null : future.error.code).toBe('INPUT_INVALID');
    const r = unwrap(b.equipmentLogbook.record(op, { ...cleaning, password: DEMO_PASSWORD, verifier: { username: 'sup.wang', password: DEMO_PASSWORD } }));
    expect(r.verification).toBeNull();
    expect(r.entry).toMatchObject({ kind: 'cleaning', by: 'Li Wei (李伟)', verifiedBy: 'Wang Fang (王芳)', payload: { agent: 'Purified water + 1% Alconox', level: 'major' } });
    // At this station at once, before any sync.
    expect(choiceOf(b, 'FG-PARA500')).toMatchObject({ usable: true, refusal: null });
    await syncOther();
    const got = await api<LogbookEntry[]>('GET', PATH);
    expect(got.status, JSON.stringify(got.body)).toBe(200);
    const book = got.body;
    expect(book.at(-1)).toMatchObject({ kind: 'cleaning', source: 'station', stationId: 'ST-EQ-02', details: { agent: 'Purified water + 1% Alconox', performedBy: 'Li Wei (李伟)', verifiedBy: 'Wang Fang (王芳)' } });
    expect(((await equipmentNow()).data as { cleaning: Record<string, unknown> }).cleaning).toMatchObject({ status: 'clean', level: 'major', cleanedAt: r.entry.at, lastProduct: 'FG-IBU200' });
    // The first station learns of it from the hub.
    q.station.clock.set(b.clock.now());
    await syncWithMasterData(q.station);
    expect(choiceOf(q.station, 'FG-PARA500')).toMatchObject({ usable: true });
  }, 90_000);

  it('FR-86 a breakdown signed at a station takes the equipment out of service there at once and at the hub; unknown equipment is a typed refusal', async () => {
    const b = other!;
    const sup = unwrap(b.auth.login('sup.wang', DEMO_PASSWORD)).sessionId;
    unwrap(b.equipmentLogbook.record(sup, { equipmentId: 'GRN-01', kind: 'breakdown', note: 'Chopper seal leaking', password: DEMO_PASSWORD, username: 'sup.wang' }));
    expect(choiceOf(b, 'FG-PARA500')).toMatchObject({ usable: false, refusal: { code: 'EQUIPMENT_OUT_OF_SERVICE' } });
    await syncOther();
    expect((await api<LogbookEntry[]>('GET', PATH)).body.at(-1)).toMatchObject({ kind: 'breakdown', source: 'station', by: 'sup.wang' });
    expect(((await equipmentNow()).data as { inService: boolean }).inService).toBe(false);
    const unknown = b.equipmentLogbook.record(sup, { equipmentId: 'NOPE-1', kind: 'breakdown', note: 'x', password: DEMO_PASSWORD });
    expect(unknown.ok ? null : unknown.error.code).toBe('EQUIPMENT_UNKNOWN');
    expect(b.equipmentLogbook.list('GRN-01').map((e) => e.kind)).toEqual(['breakdown', 'cleaning']);
  }, 90_000);

  it('FR-86 a use is the equipment status at the hub as soon as the push carrying it is answered, with no master-data pull or read in between', async () => {
    const before = await equipmentNow();
    expect((before.data as { cleaning: Record<string, unknown> }).cleaning).toMatchObject({ status: 'clean' });
    q.station.clock.set(other!.clock.now());
    q.station.clock.advance(60_000);
    unwrap(q.station.ledger.append([{ type: 'equipment.used', actor: null, batchRef: 'B-LOG-3', payload: { equipmentId: 'GRN-01', equipmentVersion: before.version, class: 'granulator', stepId: 'S02', stepIndex: 1, product: 'FG-PARA500', clearance: {} } }]));
    // A push only (this sync service pulls no master data): the hub's master data is read directly, nothing catches the projection up.
    await q.sync();
    const after = await equipmentNow();
    expect(after.version).toBeGreaterThan(before.version);
    expect((after.data as { cleaning: Record<string, unknown> }).cleaning).toMatchObject({ status: 'dirty', lastProduct: 'FG-PARA500' });
    // Published: the next pull of any station gets this version.
    const feed = await q.hub.hub.services.masterData.feed(null, 10_000);
    expect(feed.changes.filter((c) => c.kind === 'equipment' && c.key === 'GRN-01').at(-1)).toMatchObject({ version: after.version });
  }, 90_000);
});

describe('equipment state outside the signed logbook (FR-114)', () => {
  const MD = '/api/v1/master-data/equipment/GRN-02';
  type Refusal = { error: { code: string; details?: { fields?: string[] } } };
  const steward = async <T>(method: string, body: unknown) => q.hub.api<T>(method, MD, body, await q.token('md.equipment'));
  const current = async () => {
    const r = await q.hub.hub.services.masterData.get('equipment', 'GRN-02');
    return r.ok ? (r.value as { version: number; data: Equipment }) : null;
  };

  it('FR-114 the generic master-data route refuses qualification, calibration, maintenance, cleaning and service state (new or changed, a crafted body, another role); name and location pass, a new equipment brings its plan; the signed logbook sets the state', async () => {
    await provisionHubUser(q.hub, { username: 'md.equipment', printedName: 'Eli Steward', roles: ['master-data'], password: HUB_PASSWORD });
    const now = q.station.clock.now();
    const established = { ...granulator(now), equipmentId: 'GRN-02' };
    // Registered qualified and clean: refused, nothing stored; every field a signature sets is named.
    const born = await steward<Refusal>('PUT', { data: established, reason: 'register granulator 2' });
    expect([born.status, born.body.error.code]).toEqual([409, 'EQUIPMENT_STATE_NEEDS_SIGNATURE']);
    expect(born.body.error.details?.fields).toEqual(expect.arrayContaining(['qualification.iq', 'qualification.oq', 'qualification.pq', 'calibration.lastAt', 'maintenance.lastAt', 'cleaning.status', 'cleaning.cleanedAt']));
    expect(await current()).toBeNull();
    // Registered unestablished: accepted (the plans and their first due dates are the steward's).
    const blank: EquipmentInput = {
      ...established,
      qualification: { iq: null, oq: null, pq: null, requalificationDueAt: null },
      calibration: { ...established.calibration!, lastAt: null },
      maintenance: { ...established.maintenance!, lastAt: null },
      cleaning: { ...established.cleaning!, status: 'dirty', level: null, lastProduct: null, usedUntil: null, cleanedAt: null },
    };
    expect((await steward('PUT', { data: blank, reason: 'register granulator 2' })).status).toBe(200);
    const moved = await steward<{ version: number }>('PUT', { data: { ...blank, location: 'Line 3 / room R-301' }, expectedVersion: 1, reason: 'moved to line 3' });
    expect([moved.status, moved.body.version]).toEqual([200, 2]);
    const stored = (await current())!.data;
    // The attacker's seat: each state a signature sets, through the generic route.
    const attempts: [unknown, string][] = [
      [{ ...stored, qualification: established.qualification }, 'qualification'],
      [{ ...stored, cleaning: { ...stored.cleaning, status: 'clean', level: 'major', cleanedAt: at(now, -1) } }, 'cleaning.status'],
      [{ ...stored, calibration: { ...stored.calibration, nextDueAt: at(now, 24 * 3000) } }, 'calibration.nextDueAt'],
      [{ ...stored, maintenance: { ...stored.maintenance, lastAt: at(now, -2) } }, 'maintenance.lastAt'],
      [{ ...stored, inService: false }, 'inService'],
    ];
    for (const [data, field] of attempts) {
      const r = await steward<Refusal>('PUT', { data, reason: 'state without a signature', via: 'equipment-logbook' });
      expect([r.status, r.body.error.code, r.body.error.details?.fields?.[0]], field).toEqual([409, 'EQUIPMENT_STATE_NEEDS_SIGNATURE', field]);
    }
    expect((await q.hub.api('PUT', MD, { data: attempts[0]![0], reason: 'QA on the steward route' }, await q.token('qa.hub'))).status).toBe(403);
    expect((await current())!.version).toBe(2);
    // The signed logbook sets the state: IQ by QA with a password.
    const iq = await q.hub.api('POST', '/api/v1/equipment/GRN-02/logbook', { kind: 'qualification', stage: 'IQ', document: 'IQ-GRN-02-2026', note: 'installation verified', password: HUB_PASSWORD }, await q.token('qa.hub'));
    expect(iq.status, JSON.stringify(iq.body)).toBe(201);
    expect((await current())!).toMatchObject({ version: 3, data: { qualification: { iq: { document: 'IQ-GRN-02-2026' } } } });
  });
});

describe('equipment plan settings outside a signed plan change (FR-121)', () => {
  const PLAN = '/api/v1/equipment/GRN-01/plan';
  type Refusal = { status: number; body: { error: { code: string; details?: { fields?: string[] } } } };
  const current = async () => {
    const r = unwrap(await q.hub.hub.services.masterData.get('equipment', 'GRN-01'));
    return { version: r.version, data: r.data as Equipment };
  };

  it('FR-121 the generic route refuses a plan setting (interval, required, hold time, changeover; audited); QA signs a plan change ("approved") recorded with each old and new value, who, when and why; a wrong password, a stale version and a role that may not sign change nothing', async () => {
    await provisionHubUser(q.hub, { username: 'md.plan', printedName: 'Pia Planner', roles: ['master-data'], password: HUB_PASSWORD });
    const steward = await q.token('md.plan');
    const before = await current();
    const stored = before.data;
    // The steward's seat: every plan setting through the generic route is refused, nothing stored.
    const attempts: [unknown, string][] = [
      [{ ...stored, calibration: { ...stored.calibration, intervalDays: 365 } }, 'calibration.intervalDays'],
      [{ ...stored, maintenance: { ...stored.maintenance, required: false } }, 'maintenance.required'],
      [{ ...stored, cleaning: { ...stored.cleaning, dirtyHoldHours: 96 } }, 'cleaning.dirtyHoldHours'],
      [{ ...stored, changeover: { ...stored.changeover, sameProduct: 'none' } }, 'changeover'],
    ];
    for (const [data, field] of attempts) {
      const r = (await q.hub.api('PUT', '/api/v1/master-data/equipment/GRN-01', { data, reason: 'plan without a signature', via: 'equipment-plan' }, steward)) as Refusal;
      expect([r.status, r.body.error.code, r.body.error.details?.fields], field).toEqual([409, 'EQUIPMENT_PLAN_NEEDS_SIGNATURE', [field]]);
    }
    const refusedAudit = await q.hub.hub.services.ctx.db.select().from(hubAudit).where(and(eq(hubAudit.action, 'masterdata.refused'), eq(hubAudit.subject, 'equipment/GRN-01')));
    expect(refusedAudit.map((a) => (a.details as { code: string }).code)).toEqual(Array(4).fill('EQUIPMENT_PLAN_NEEDS_SIGNATURE'));
    // The signed change: a longer calibration interval, a shorter dirty hold, a later maintenance due date.
    const plan = planOf(stored);
    const next = { ...plan, calibration: { ...plan.calibration, intervalDays: 365 }, maintenance: { ...plan.maintenance, nextDueAt: at(q.station.clock.now(), 24 * 100) }, dirtyHoldHours: 12 };
    const body = { plan: next, expectedVersion: before.version, reason: 'calibration interval extended per CAL-REP-2026-07', password: HUB_PASSWORD };
    const wrong = (await q.hub.api('POST', PLAN, { ...body, password: 'not-my-password' }, await q.token('qa.hub'))) as Refusal;
    expect([wrong.status, wrong.body.error.code]).toEqual([422, 'SIGNATURE_PASSWORD_INVALID']);
    expect(((await q.hub.api('POST', PLAN, body, await q.token('qp.hub'))) as Refusal).status).toBe(403);
    const stale = (await q.hub.api('POST', PLAN, { ...body, expectedVersion: before.version + 1 }, await q.token('qa.hub'))) as Refusal;
    expect(stale.body.error.code).toBe('MASTER_DATA_VERSION_CONFLICT');
    expect((await current()).version).toBe(before.version);
    const signed = await q.hub.api<EquipmentPlanChange>('POST', PLAN, body, await q.token('qa.hub'));
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    const changes = [
      { field: 'calibration.intervalDays', before: 180, after: 365 },
      { field: 'maintenance.nextDueAt', before: plan.maintenance.nextDueAt, after: next.maintenance.nextDueAt },
      { field: 'dirtyHoldHours', before: 24, after: 12 },
    ];
    expect(signed.body).toMatchObject({ equipmentId: 'GRN-01', version: before.version + 1, changedBy: 'qa.hub', printedName: 'Quinn Reviewer', reason: body.reason, changes });
    const after = await current();
    expect(planOf(after.data)).toEqual(next);
    // Only the plan moved: what the logbook records is as it was.
    expect({ ...after.data, calibration: stored.calibration, maintenance: stored.maintenance, cleaning: stored.cleaning }).toEqual(stored);
    const audited = await q.hub.hub.services.ctx.db.select().from(hubAudit).where(and(eq(hubAudit.subject, 'GRN-01'), like(hubAudit.action, 'equipment.%'))).orderBy(asc(hubAudit.id));
    expect(audited.slice(-2).map((a) => [a.action, a.ok])).toEqual([
      ['equipment.refused', false],
      ['equipment.plan_changed', true],
    ]);
    expect((audited.at(-1)!.details as { meaning: string; data: { changes: unknown } })).toMatchObject({ meaning: 'approved', data: { changes } });
    const history = await q.hub.api<EquipmentPlanChange[]>('GET', `${PLAN}/changes`, undefined, await q.token('qp.hub'));
    expect(history.body).toEqual([{ ...signed.body }]);
  }, 60_000);
});
