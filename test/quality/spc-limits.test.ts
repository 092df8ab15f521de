/**
 * SPC at the hub (issue 12 item 3), on PGlite and on PostgreSQL: control limits computed from a
 * reference period and frozen only under an approved change control that names the setting;
 * new data evaluated against them with the run rules, as JSON and as CSV. Data: Montgomery's
 * piston rings (Example 6.1), phase I to freeze, phase II to evaluate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { ChangeView } from '../../src-shared/quality/change-contract.ts';
import type { Evaluation, SpcLimitsView } from '../../src-shared/quality/spc-contract.ts';
import { qualitySpcLimits } from '../../src-server/quality/db/change-schema.ts';
import { hubAudit } from '../../src-server/db/schema.ts';
import { PISTON_RINGS } from '../../src-shared/quality/spc/piston-rings.test-data.ts';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from './support/quality-hub.ts';
import { QUALITY_BACKENDS } from './support/quality-backends.ts';

type Reply<T> = { error?: { code: string; message: string } } & Partial<T>;

describe.each(QUALITY_BACKENDS)('SPC limits at the hub on %s', (backendName) => {
  let q: QualityHub;
  const api = async <T>(who: string, method: string, path: string, body?: unknown) => q.hub.api<T>(method, path, body, await q.token(who));
  const freeze = (who: string, changeId: string) =>
    api<Reply<SpcLimitsView>>(who, 'POST', '/api/v1/quality/spc/limits', { product: 'PISTON', check: 'diameter', chart: 'xbar-r', subgroups: PISTON_RINGS.slice(0, 25), reference: 'Montgomery Example 6.1, samples 1-25', changeId });
  const change = async (ref: string) => {
    const r = await api<Reply<ChangeView>>('qa.hub', 'POST', '/api/v1/quality/changes', { title: 'Freeze diameter limits', reason: 'Phase I complete; freeze the limits.', links: [{ kind: 'setting', ref, fromVersion: null, toVersion: 1 }], password: HUB_PASSWORD });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id!;
  };
  const step = (who: string, id: string, body: Record<string, unknown>) => api<Reply<ChangeView>>(who, 'POST', `/api/v1/quality/changes/${id}/steps`, { password: HUB_PASSWORD, ...body });

  beforeAll(async () => {
    q = await startQualityHub(backendName);
  });
  afterAll(async () => {
    await q?.close();
  });

  it('FR-44 limits are frozen only under an approved change control naming them, then phase II is evaluated against them, with capability on request (Montgomery Example 6.1)', async () => {
    expect((await freeze('qa.hub', 'CC-2026-9999')).body.error?.code).toBe('SPC_CHANGE_REQUIRED');
    const id = await change('spc/PISTON/diameter');
    const early = await freeze('qa.hub', id);
    expect(early.body.error?.code).toBe('SPC_CHANGE_REQUIRED');
    expect(early.body.error?.message).toContain('requested');
    await step('qa.hub', id, { step: 'assess-impact', assessment: 'Limits of one check; no other impact.', approverRoles: ['qa'] });
    expect((await step('qa.second', id, { step: 'approve', role: 'qa' })).body.state).toBe('approved');
    const other = await change('spc/PISTON/thickness');
    await step('qa.hub', other, { step: 'assess-impact', assessment: 'Another check.', approverRoles: ['qa'] });
    await step('qa.second', other, { step: 'approve', role: 'qa' });
    expect((await freeze('qa.hub', other)).body.error?.message).toContain('does not name the setting spc/PISTON/diameter');
    expect((await freeze('op.hub', id)).status).toBe(403);

    const frozen = await freeze('qa.hub', id);
    expect(frozen.status, JSON.stringify(frozen.body)).toBe(201);
    expect(frozen.body).toMatchObject({ version: 1, chart: 'xbar-r', changeId: id, frozenBy: 'qa.hub' });
    expect(frozen.body.limits!.location.ucl).toBeCloseTo(74.0143, 4);
    expect(frozen.body.limits!.location.center).toBeCloseTo(74.00118, 5);
    expect(frozen.body.limits!.spread.ucl).toBeCloseTo(0.04812, 4);

    const current = await api<SpcLimitsView>('op.hub', 'GET', '/api/v1/quality/spc/limits/PISTON/diameter');
    expect(current.body.version).toBe(1);

    const evaluated = await api<Evaluation>('op.hub', 'POST', '/api/v1/quality/spc/evaluate', { product: 'PISTON', check: 'diameter', subgroups: PISTON_RINGS.slice(25) });
    expect(evaluated.status, JSON.stringify(evaluated.body)).toBe(200);
    expect(evaluated.body.violations.find((v) => v.rule === 'N1')!.indices.map((i) => i + 26)).toEqual([37, 38, 39]);
    const csv = await q.hub.api<string>('POST', '/api/v1/quality/spc/evaluate?format=csv', { product: 'PISTON', check: 'diameter', subgroups: PISTON_RINGS.slice(25) }, await q.token('op.hub'));
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('point,value,spread,center,ucl,lcl,rules');
    expect(lines).toHaveLength(16);
    expect(lines[12]).toMatch(/^12,74\.0166/);
    expect(lines[12]!.split(',').at(-1)).toContain('N1');

    // Capability of the reference period itself, against the piston ring specification 74.000 ± 0.05 mm.
    const capable = await api<Evaluation>('qa.hub', 'POST', '/api/v1/quality/spc/evaluate', { product: 'PISTON', check: 'diameter', subgroups: PISTON_RINGS.slice(0, 25), spec: { lsl: 73.95, usl: 74.05 } });
    expect(capable.status, JSON.stringify(capable.body)).toBe(200);
    expect(capable.body.capability!.cp.estimate).toBeCloseTo(1.70, 2);
    expect(capable.body.capability!.cpk.estimate).toBeCloseTo(1.66, 2);
    expect(capable.body.capability!.cpk.lower).toBeLessThan(1.66);
    expect(capable.body.violations.every((v) => v.indices.length === 0 || v.rule !== 'N1')).toBe(true);
    expect(evaluated.body.capability).toBeNull();
    const inverted = await api<Reply<Evaluation>>('qa.hub', 'POST', '/api/v1/quality/spc/evaluate', { product: 'PISTON', check: 'diameter', subgroups: PISTON_RINGS.slice(0, 25), spec: { lsl: 74.05, usl: 73.95 } });
    expect(inverted.body.error?.code).toBe('SPC_SPEC_LIMITS_INVALID');

    const ragged = await api<Reply<Evaluation>>('op.hub', 'POST', '/api/v1/quality/spc/evaluate', { product: 'PISTON', check: 'diameter', subgroups: [[74, 74.01], [74, 74.01]] });
    expect(ragged.body.error?.code).toBe('SPC_SUBGROUP_SIZE');
    expect((await api<Reply<Evaluation>>('op.hub', 'GET', '/api/v1/quality/spc/limits/PISTON/weight')).body.error?.code).toBe('SPC_LIMITS_UNKNOWN');

    const db = q.hub.hub.services.ctx.db;
    await expect(db.update(qualitySpcLimits).set({ changeId: 'CC-2026-0002' }).where(eq(qualitySpcLimits.version, 1))).rejects.toThrow();
    const trail = await db.select().from(hubAudit).where(eq(hubAudit.subject, 'spc/PISTON/diameter'));
    expect(trail.map((t) => `${t.action}${t.ok ? '' : '!'}`)).toEqual(expect.arrayContaining(['spc.refused!', 'spc.limits-frozen']));
  });
});
