/**
 * The equipment logbook at the hub (issue 13 item 2): a station's use arrives with its ledger
 * (sync, projection); a cleaning, breakdown or repair recorded at the hub is signed by its
 * performer, audited, and writes the equipment's master data (a new version the stations pull);
 * a wrong password or an unknown piece of equipment changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { like } from 'drizzle-orm';
import type { LogbookEntry } from '../../src-shared/equipment/equipment-logbook-contract.ts';
import { unwrap } from '../../src-shared/result.ts';
import { hubAudit } from '../../src-server/db/schema.ts';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from '../quality/support/quality-hub.ts';
import { granulator } from '../fixtures/equipment/equipment-fixtures.ts';

const PATH = '/api/v1/equipment/GRN-01/logbook';
const STEWARD = { userId: 'u-md', username: 'md.steward', roles: ['master-data' as const] };
let q: QualityHub;

beforeAll(async () => {
  q = await startQualityHub('pglite');
  unwrap(await q.hub.hub.services.masterData.put(STEWARD, 'equipment', 'GRN-01', { data: granulator(q.station.clock.now()) as Record<string, unknown>, reason: 'register' }));
}, 120_000);
afterAll(() => q?.close());

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
