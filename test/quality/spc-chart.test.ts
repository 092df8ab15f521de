/**
 * SPC charts at the hub (issue 12 item 3; FR-54), on PGlite and on PostgreSQL: measured subgroups
 * recorded by QA or a LIMS, plotted as X̄-R, X̄-S and I-MR with trial limits before any are frozen
 * and the frozen version after, flagged points, capability with intervals, and the same numbers as
 * CSV. Expected numbers are the published ones (Montgomery, ISQC, Examples 6.1 and 6.3) or worked
 * by hand below, never computed by the code under test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { ChangeView } from '../../src-shared/quality/change-contract.ts';
import type { RecordedSpcData, SpcChartView, SpcSeries } from '../../src-shared/quality/spc-chart-contract.ts';
import { hubAudit } from '../../src-server/db/schema.ts';
import { qualitySpcMeasurements } from '../../src-server/quality/db/spc-data-schema.ts';
import { PISTON_RINGS } from '../../src-shared/quality/spc/piston-rings.test-data.ts';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from './support/quality-hub.ts';
import { QUALITY_BACKENDS } from './support/quality-backends.ts';

type Reply<T> = { error?: { code: string; message: string } } & Partial<T>;
const at = (i: number) => new Date(Date.UTC(2026, 10, 1, 8) + i * 3_600_000).toISOString();
const rings = (from: number, to: number) => PISTON_RINGS.slice(from, to).map((values, k) => ({ values, batch: `PR-${String(from + k + 1).padStart(3, '0')}`, sampledAt: at(from + k) }));

describe.each(QUALITY_BACKENDS)('SPC charts at the hub on %s', (backendName) => {
  let q: QualityHub;
  const api = async <T>(who: string, method: string, path: string, body?: unknown) => q.hub.api<T>(method, path, body, await q.token(who));
  const chart = (query: string, product = 'PISTON', check = 'diameter') => api<Reply<SpcChartView>>('op.hub', 'GET', `/api/v1/quality/spc/chart/${product}/${check}?${query}`);

  beforeAll(async () => {
    q = await startQualityHub(backendName);
  });
  afterAll(async () => {
    await q?.close();
  });

  it('FR-54 X̄-R and X̄-S charts of recorded subgroups: trial limits equal the published ones, capability with intervals, then the frozen limits flag the phase II shift', async () => {
    const first = await api<Reply<RecordedSpcData>>('erp', 'POST', '/api/v1/quality/spc/data', { product: 'PISTON', check: 'diameter', source: 'LIMS run 2026-11', subgroups: rings(0, 25) });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ recorded: 25, total: 25 });

    const xr = await chart('chart=xbar-r&lsl=73.95&usl=74.05');
    expect(xr.status, JSON.stringify(xr.body)).toBe(200);
    const r = xr.body as SpcChartView;
    expect(r.limitsSource).toBe('trial');
    expect(r.frozen).toBeNull();
    // Montgomery Example 6.1: X̄̄ = 74.001, UCL 74.014, LCL 73.988; R̄ = 0.023, R chart UCL 0.049 (0.04812 unrounded).
    expect(r.location.center).toBeCloseTo(74.00118, 5);
    expect(r.location.ucl).toBeCloseTo(74.0143, 4);
    expect(r.location.lcl).toBeCloseTo(73.9880, 4);
    expect(r.spread.center).toBeCloseTo(0.02276, 5);
    expect(r.spread.ucl).toBeCloseTo(0.04812, 4);
    expect(r.spread.lcl).toBe(0);
    expect(r.points).toHaveLength(25);
    expect(r.points[0]).toMatchObject({ index: 0, batch: 'PR-001', sampledAt: at(0), spreadBeyond: false });
    expect(r.points[0]!.value).toBeCloseTo(74.0102, 4); // (74.030 + 74.002 + 74.019 + 73.992 + 74.008) / 5
    expect(r.points[0]!.spread).toBeCloseTo(0.038, 6); // 74.030 − 73.992
    expect(r.points.flatMap((p) => p.rules)).toEqual([]); // phase I is in control
    // Montgomery §8.3: Cp = 0.10 / (6 · 0.0098) = 1.70, Cpk 1.66; the intervals bracket them.
    expect(r.capability!.cp.estimate).toBeCloseTo(1.7, 2);
    expect(r.capability!.cpk.estimate).toBeCloseTo(1.66, 2);
    expect(r.capability!.cp.lower).toBeLessThan(1.7);
    expect(r.capability!.cp.upper).toBeGreaterThan(1.7);
    expect(r.capability!.confidence).toBe(0.95);

    // Montgomery Example 6.3 (X̄-S of the same data): S̄ = 0.0094, UCL 74.014, LCL 73.988, S chart UCL 0.0196.
    const xs = (await chart('chart=xbar-s')).body as SpcChartView;
    expect(xs.spread.center).toBeCloseTo(0.0094, 3); // printed from rounded s values; 0.00924 unrounded
    expect(xs.spread.ucl).toBeCloseTo(0.0196, 3);
    expect(xs.location.ucl).toBeCloseTo(74.014, 3);
    expect(xs.location.lcl).toBeCloseTo(73.988, 3);

    // Freeze the phase I limits under an approved change, then record phase II.
    const step = (who: string, id: string, body: Record<string, unknown>) => api<Reply<ChangeView>>(who, 'POST', `/api/v1/quality/changes/${id}/steps`, { password: HUB_PASSWORD, ...body });
    const cc = await api<Reply<ChangeView>>('qa.hub', 'POST', '/api/v1/quality/changes', { title: 'Freeze diameter limits', reason: 'Phase I complete; freeze the limits.', links: [{ kind: 'setting', ref: 'spc/PISTON/diameter', fromVersion: null, toVersion: 1 }], password: HUB_PASSWORD });
    await step('qa.hub', cc.body.id!, { step: 'assess-impact', assessment: 'Limits of one check; no other impact.', approverRoles: ['qa'] });
    await step('qa.second', cc.body.id!, { step: 'approve', role: 'qa' });
    const frozen = await api('qa.hub', 'POST', '/api/v1/quality/spc/limits', { product: 'PISTON', check: 'diameter', chart: 'xbar-r', subgroups: PISTON_RINGS.slice(0, 25), reference: 'Montgomery Example 6.1, samples 1-25', changeId: cc.body.id });
    expect(frozen.status, JSON.stringify(frozen.body)).toBe(201);
    expect((await api<Reply<RecordedSpcData>>('qa.hub', 'POST', '/api/v1/quality/spc/data', { product: 'PISTON', check: 'diameter', source: 'manual entry by QA', subgroups: rings(25, 40) })).body.total).toBe(40);

    const after = (await chart('chart=xbar-r')).body as SpcChartView;
    expect(after.limitsSource).toBe('frozen');
    expect(after.frozen).toMatchObject({ version: 1, changeId: cc.body.id, frozenBy: 'qa.hub' });
    expect(after.location.ucl).toBeCloseTo(74.0143, 4);
    expect(after.points).toHaveLength(40);
    // Montgomery Fig. 6.4: samples 37, 38 and 39 lie above the UCL (Nelson 1).
    expect(after.violations.find((v) => v.rule === 'N1')!.indices.map((i) => i + 1)).toEqual([37, 38, 39]);
    expect(after.points[36]!.rules).toContain('N1');
    expect(after.points[36]!.batch).toBe('PR-037');
    // The X̄-S chart has no frozen version: trial limits from all 40 subgroups, and said so.
    expect(((await chart('chart=xbar-s')).body as SpcChartView).limitsSource).toBe('trial');
    const we = (await chart('chart=xbar-r&rules=western-electric')).body as SpcChartView;
    expect(we.violations.map((v) => v.rule)).toEqual(['WE1', 'WE2', 'WE3', 'WE4']);
    expect(we.violations[0]!.indices).toEqual([36, 37, 38]);

    const series = await api<SpcSeries[]>('qa.hub', 'GET', '/api/v1/quality/spc/series');
    expect(series.body).toEqual([{ product: 'PISTON', check: 'diameter', subgroups: 40, subgroupSize: 5, frozen: { chart: 'xbar-r', version: 1 } }]);
  });

  it('FR-54 an I-MR chart of individual values, worked by hand, and the same numbers as CSV', async () => {
    // Values 10, 12, 11, 15, 9: moving ranges 2, 1, 4, 6 (MR̄ = 3.25); x̄ = 11.4; with d2 = 1.1284, d3 = 0.8525
    // (ASTM E2587): σ = 3.25 / 1.1284 = 2.880184; UCL = 11.4 + 8.640553 = 20.040553, LCL = 2.759447;
    // D4 = 1 + 3 · 0.8525 / 1.1284 = 3.266483, MR chart UCL = 10.616070, LCL 0.
    const subgroups = [10, 12, 11, 15, 9].map((v, i) => ({ values: [v], sampledAt: at(i) }));
    expect((await api('qa.hub', 'POST', '/api/v1/quality/spc/data', { product: 'TAB-10', check: 'hardness', source: 'IPQC', subgroups })).status).toBe(201);
    const imr = (await chart('chart=i-mr&lsl=0&usl=24', 'TAB-10', 'hardness')).body as SpcChartView;
    expect(imr.location.center).toBeCloseTo(11.4, 10);
    expect(imr.location.ucl).toBeCloseTo(20.040553, 5);
    expect(imr.location.lcl).toBeCloseTo(2.759447, 5);
    expect(imr.spread.center).toBeCloseTo(3.25, 10);
    expect(imr.spread.ucl).toBeCloseTo(10.61607, 4);
    expect(imr.points.map((p) => p.spread)).toEqual([null, 2, 1, 4, 6]);
    expect(imr.points.map((p) => p.value)).toEqual([10, 12, 11, 15, 9]);
    // Cp = (24 − 0) / (6 · 2.880184) = 1.388800; sample s = √(21.2 / 4) = 2.302173, Pp = 24 / 13.813035 = 1.737490;
    // Cpk = min(24 − 11.4, 11.4) / (3 · 2.880184) = 1.319360.
    expect(imr.capability!.cp.estimate).toBeCloseTo(1.3888, 4);
    expect(imr.capability!.pp.estimate).toBeCloseTo(1.73749, 4);
    expect(imr.capability!.cpk.estimate).toBeCloseTo(1.31936, 4);

    const csv = await q.hub.api<string>('GET', '/api/v1/quality/spc/chart/TAB-10/hardness?chart=i-mr&lsl=0&usl=24&format=csv', undefined, await q.token('op.hub'));
    const lines = csv.body.split('\r\n');
    expect(lines[0]).toBe('point,batch,sampled_at,value,spread,center,ucl,lcl,spread_center,spread_ucl,spread_lcl,rules,spread_beyond_limits,limits');
    const cells = lines.slice(1, 6).map((l) => l.split(','));
    expect(cells.map((c) => Number(c[3]))).toEqual(imr.points.map((p) => p.value));
    expect(cells.map((c) => (c[4] === '' ? null : Number(c[4])))).toEqual(imr.points.map((p) => p.spread));
    expect(cells.every((c) => Number(c[6]) === imr.location.ucl && Number(c[7]) === imr.location.lcl && c[13] === 'trial')).toBe(true);
    expect(lines[6]).toBe('');
    expect(lines[7]).toBe('statistic,estimate,lower,upper,confidence,lsl,usl');
    expect(Number(lines[8]!.split(',')[1])).toBe(imr.capability!.cp.estimate);
    expect(lines[11]!.split(',')[0]).toBe('Ppk');
  });

  it('FR-54 refusals are typed and store nothing: wrong chart for the data, half a specification, no data, bad values, wrong role', async () => {
    const db = q.hub.hub.services.ctx.db;
    const before = (await db.select().from(qualitySpcMeasurements)).length;
    expect((await chart('chart=xbar-r', 'TAB-10', 'hardness')).body.error?.code).toBe('SPC_SUBGROUP_SIZE');
    expect((await chart('chart=i-mr&lsl=1', 'TAB-10', 'hardness')).body.error?.code).toBe('SPC_SPEC_LIMITS_INVALID');
    expect((await chart('chart=i-mr&lsl=30&usl=1', 'TAB-10', 'hardness')).body.error?.code).toBe('SPC_SPEC_LIMITS_INVALID');
    expect((await chart('chart=i-mr', 'TAB-10', 'weight')).body.error?.code).toBe('SPC_NO_DATA');
    expect((await chart('chart=p-chart', 'TAB-10', 'hardness')).status).toBe(400);
    const bad = await api<Reply<RecordedSpcData>>('qa.hub', 'POST', '/api/v1/quality/spc/data', { product: 'TAB-10', check: 'hardness', source: 'IPQC', subgroups: [{ values: [1], sampledAt: at(9) }, { values: ['x'], sampledAt: at(10) }] });
    expect(bad.status).toBe(400);
    expect((await api('qa.hub', 'POST', '/api/v1/quality/spc/data', { product: 'TAB-10', check: 'hardness', source: 'IPQC', subgroups: [{ values: [1], sampledAt: 'yesterday' }] })).status).toBe(400);
    expect((await api('op.hub', 'POST', '/api/v1/quality/spc/data', { product: 'TAB-10', check: 'hardness', source: 'IPQC', subgroups: [{ values: [1], sampledAt: at(9) }] })).status).toBe(403);
    expect((await db.select().from(qualitySpcMeasurements)).length).toBe(before);
    await expect(db.update(qualitySpcMeasurements).set({ values: [1] }).where(eq(qualitySpcMeasurements.checkCode, 'hardness'))).rejects.toThrow();
    const trail = await db.select().from(hubAudit).where(eq(hubAudit.action, 'spc.data_recorded'));
    expect(trail.map((t) => `${t.actor} ${t.subject}`)).toEqual(['erp spc/PISTON/diameter', 'qa.hub spc/PISTON/diameter', 'qa.hub spc/TAB-10/hardness']);
  });
});
