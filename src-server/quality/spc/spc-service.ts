/**
 * SPC at the hub (issue 12 item 3): freezes control limits per product and check from a
 * reference period — only under an approved change control that names the setting
 * `spc/<product>/<check>` — and evaluates new data against the frozen limits with the run rules.
 * The numbers are the SPC library's (src-shared/quality/spc); the API serves them as JSON and
 * CSV. Freezing is in the hub audit trail; versions are append-only (migration 0014).
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { ErrorCode } from '../../../src-shared/errors.ts';
import { individualsChart, sampleStdDev, xbarRChart, xbarSChart } from '../../../src-shared/quality/spc/charts.ts';
import { evaluateRules, NELSON, WESTERN_ELECTRIC } from '../../../src-shared/quality/spc/rules.ts';
import { capability, type Capability } from '../../../src-shared/quality/spc/capability.ts';
import { FREEZE_STATES, spcSettingRef, type Evaluate, type Evaluation, type FreezeLimits, type SpcFrozenLimits, type SpcLimitsView } from '../../../src-shared/quality/spc-contract.ts';
import type { HubContext } from '../../hub-context.ts';
import type { HubPrincipal } from '../../admin/admin-auth.ts';
import { audit } from '../../admin/hub-audit.ts';
import { qualityChanges, qualitySpcLimits } from '../db/change-schema.ts';

type Row = typeof qualitySpcLimits.$inferSelect;

export class SpcService {
  constructor(private readonly ctx: HubContext) {}

  async current(product: string, check: string): Promise<Result<SpcLimitsView>> {
    const [row] = await this.ctx.db
      .select()
      .from(qualitySpcLimits)
      .where(and(eq(qualitySpcLimits.product, product), eq(qualitySpcLimits.checkCode, check)))
      .orderBy(desc(qualitySpcLimits.version))
      .limit(1);
    if (!row) return err('SPC_LIMITS_UNKNOWN', `no limits are frozen for ${product} / ${check}`, { product, check });
    return ok(view(row));
  }

  async freeze(signer: HubPrincipal, input: FreezeLimits): Promise<Result<SpcLimitsView>> {
    const setting = spcSettingRef(input.product, input.check);
    const refuse = async (code: ErrorCode, message: string, details?: Record<string, unknown>): Promise<Result<never>> => {
      await audit(this.ctx.db, this.ctx.clock.now(), { actor: signer.username, action: 'spc.refused', subject: setting, ok: false, details: { code, message, changeId: input.changeId } });
      return err(code, message, details);
    };
    if (!signer.roles.includes('qa')) return refuse('AUTH_ROLE_REQUIRED', 'freezing SPC limits needs the qa role');
    const limits = computeLimits(input.chart, input.subgroups);
    if (!limits.ok) return refuse(limits.error.code, limits.error.message, limits.error.details);
    return this.ctx.db.transaction(async (tx): Promise<Result<SpcLimitsView>> => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`batchline.quality:${setting}`}))`);
      const [change] = await tx.select().from(qualityChanges).where(eq(qualityChanges.id, input.changeId));
      const problem = !change
        ? `no change control ${input.changeId}`
        : !FREEZE_STATES.includes(change.state)
          ? `change ${change.id} is ${change.state}; limits are frozen under an approved change that is being implemented`
          : !change.links.some((l) => l.kind === 'setting' && l.ref === setting)
            ? `change ${change.id} does not name the setting ${setting}`
            : null;
      if (problem) {
        await audit(tx, this.ctx.clock.now(), { actor: signer.username, action: 'spc.refused', subject: setting, ok: false, details: { code: 'SPC_CHANGE_REQUIRED', message: problem, changeId: input.changeId } });
        return err('SPC_CHANGE_REQUIRED', problem, { changeId: input.changeId, setting });
      }
      const [last] = await tx
        .select({ v: qualitySpcLimits.version })
        .from(qualitySpcLimits)
        .where(and(eq(qualitySpcLimits.product, input.product), eq(qualitySpcLimits.checkCode, input.check)))
        .orderBy(desc(qualitySpcLimits.version))
        .limit(1);
      const now = this.ctx.clock.now();
      const [row] = await tx
        .insert(qualitySpcLimits)
        .values({ product: input.product, checkCode: input.check, version: (last?.v ?? 0) + 1, chart: input.chart, limits: limits.value, reference: { note: input.reference, subgroups: input.subgroups.length }, changeId: input.changeId, frozenBy: signer.username, frozenAt: now })
        .returning();
      await audit(tx, now, { actor: signer.username, action: 'spc.limits-frozen', subject: setting, details: { version: row!.version, chart: input.chart, changeId: input.changeId, ...limits.value.location } });
      return ok(view(row!));
    });
  }

  async evaluate(input: Evaluate): Promise<Result<Evaluation>> {
    const frozen = await this.current(input.product, input.check);
    if (!frozen.ok) return frozen;
    const f = frozen.value;
    const n = f.limits.subgroupSize;
    const bad = input.subgroups.findIndex((g) => g.length !== n);
    if (bad !== -1) return err('SPC_SUBGROUP_SIZE', `subgroup #${bad + 1} has ${input.subgroups[bad]!.length} values; the frozen ${f.chart} limits are for subgroups of ${n}`, { index: bad, expected: n });
    const { values, spread } = plotted(f.chart, input.subgroups);
    const sigma = (f.limits.location.ucl - f.limits.location.center) / 3;
    const violations = evaluateRules(values, { center: f.limits.location.center, sigma }, input.rules === 'western-electric' ? WESTERN_ELECTRIC : NELSON);
    const flagged = new Map<number, string[]>();
    for (const v of violations) for (const i of v.indices) flagged.set(i, [...(flagged.get(i) ?? []), v.rule]);
    let cap: Evaluation['capability'] = null;
    if (input.spec) {
      const c = capabilityOf(f.chart, input.subgroups, input.spec);
      if (!c.ok) return c;
      cap = c.value;
    }
    return ok({ limits: f, points: values.map((v, i) => ({ index: i, value: v, spread: spread[i] ?? null, rules: flagged.get(i) ?? [] })), violations, capability: cap });
  }
}

/** The evaluation as CSV: one row per point, with the frozen limits beside it (RFC 4180, CRLF). */
export function evaluationCsv(e: Evaluation): string {
  const l = e.limits.limits;
  const head = 'point,value,spread,center,ucl,lcl,rules';
  const rows = e.points.map((p) => [p.index + 1, p.value, p.spread ?? '', l.location.center, l.location.ucl, l.location.lcl, p.rules.join(' ')].join(','));
  return [head, ...rows].join('\r\n') + '\r\n';
}

/** The plotted points of a chart: subgroup means (or the single values) and their R, S or moving range. */
export function plotted(chart: FreezeLimits['chart'], subgroups: readonly (readonly number[])[]): { values: number[]; spread: (number | null)[] } {
  const values = chart === 'i-mr' ? subgroups.map((g) => g[0]!) : subgroups.map((g) => g.reduce((a, b) => a + b, 0) / g.length);
  const spread: (number | null)[] =
    chart === 'i-mr' ? values.map((v, i) => (i === 0 ? null : Math.abs(v - values[i - 1]!))) : subgroups.map((g) => (chart === 'xbar-r' ? Math.max(...g) - Math.min(...g) : sampleStdDev(g)));
  return { values, spread };
}

/** Cp/Cpk (within sigma of these data's own chart) and Pp/Ppk (overall sigma), with 95 % intervals. */
export function capabilityOf(chart: FreezeLimits['chart'], subgroups: number[][], spec: { lsl: number; usl: number }): Result<Capability> {
  const own = computeLimits(chart, subgroups);
  if (!own.ok) return own;
  const all = subgroups.flat();
  return capability({ mean: all.reduce((a, b) => a + b, 0) / all.length, sigmaWithin: own.value.sigmaWithin, sigmaOverall: sampleStdDev(all), n: all.length, lsl: spec.lsl, usl: spec.usl });
}

export function computeLimits(chart: FreezeLimits['chart'], subgroups: number[][]): Result<SpcFrozenLimits> {
  if (chart === 'i-mr') {
    if (subgroups.some((g) => g.length !== 1)) return err('SPC_SUBGROUP_SIZE', 'an I-MR chart takes single values (subgroups of one)');
    const c = individualsChart(subgroups.map((g) => g[0]!));
    if (!c.ok) return c;
    return ok({ location: c.value.individuals, spread: c.value.movingRange, sigmaWithin: c.value.sigmaWithin, subgroupSize: 1, points: subgroups.length });
  }
  const c = chart === 'xbar-r' ? xbarRChart(subgroups) : xbarSChart(subgroups);
  if (!c.ok) return c;
  return ok({ location: c.value.xbar, spread: c.value.spread, sigmaWithin: c.value.sigmaWithin, subgroupSize: c.value.n, points: subgroups.length });
}

function view(r: Row): SpcLimitsView {
  return { product: r.product, check: r.checkCode, version: r.version, chart: r.chart, limits: r.limits, reference: r.reference, changeId: r.changeId, frozenBy: r.frozenBy, frozenAt: r.frozenAt.toISOString() };
}
