/**
 * SPC charts at the hub (issue 12 item 3; FR-54): records the measured subgroups of a product's
 * check (QA or a LIMS, audited, append-only) and plots them as X̄-R, X̄-S or I-MR. The limits are
 * the version frozen under change control when it is for the chart asked for (spc-service.ts),
 * else trial limits from the plotted data (phase I), and the answer says which. Run rules,
 * capability and CSV reuse the SPC library and the frozen-limits service; nothing is computed twice.
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import { evaluateRules, NELSON, WESTERN_ELECTRIC } from '../../../src-shared/quality/spc/rules.ts';
import type { SpcFrozenLimits } from '../../../src-shared/quality/spc-contract.ts';
import type { RecordedSpcData, RecordSpcData, SpcChartQuery, SpcChartView, SpcSeries } from '../../../src-shared/quality/spc-chart-contract.ts';
import type { HubContext } from '../../hub-context.ts';
import type { HubPrincipal } from '../../admin/admin-auth.ts';
import { audit } from '../../admin/hub-audit.ts';
import { qualitySpcLimits } from '../db/change-schema.ts';
import { qualitySpcMeasurements } from '../db/spc-data-schema.ts';
import { capabilityOf, computeLimits, plotted, type SpcService } from './spc-service.ts';

/** One plotted subgroup (or, for I-MR, one individual value) with where it came from. */
interface Sample {
  values: number[];
  batch: string | null;
  sampledAt: string;
}

export class SpcChartService {
  constructor(
    private readonly ctx: HubContext,
    private readonly spc: SpcService,
    /** Brings the stations' IPQC results in first (ipqc-projector.ts), so the charts show them. */
    private readonly catchUp: () => Promise<unknown> = async () => 0,
  ) {}

  async record(actor: HubPrincipal, input: RecordSpcData): Promise<Result<RecordedSpcData>> {
    const now = this.ctx.clock.now();
    return this.ctx.db.transaction(async (tx) => {
      await tx.insert(qualitySpcMeasurements).values(
        input.subgroups.map((g) => ({ product: input.product, checkCode: input.check, batchNumber: g.batch ?? null, sampledAt: new Date(g.sampledAt), values: g.values, source: input.source, recordedBy: actor.username, recordedAt: now })),
      );
      const [count] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(qualitySpcMeasurements)
        .where(and(eq(qualitySpcMeasurements.product, input.product), eq(qualitySpcMeasurements.checkCode, input.check)));
      const batches = [...new Set(input.subgroups.map((g) => g.batch).filter((b): b is string => !!b))];
      await audit(tx, now, { actor: actor.username, action: 'spc.data_recorded', subject: `spc/${input.product}/${input.check}`, details: { subgroups: input.subgroups.length, dataSource: input.source, batches: batches.slice(0, 50) } });
      return ok({ product: input.product, check: input.check, recorded: input.subgroups.length, total: count?.n ?? 0 });
    });
  }

  /** Every product/check with data, with the latest frozen chart if any. */
  async series(): Promise<SpcSeries[]> {
    await this.catchUp();
    const rows = await this.ctx.db
      .select({
        product: qualitySpcMeasurements.product,
        check: qualitySpcMeasurements.checkCode,
        subgroups: sql<number>`count(*)::int`,
        lastId: sql<number>`max(${qualitySpcMeasurements.id})::bigint`,
      })
      .from(qualitySpcMeasurements)
      .groupBy(qualitySpcMeasurements.product, qualitySpcMeasurements.checkCode)
      .orderBy(asc(qualitySpcMeasurements.product), asc(qualitySpcMeasurements.checkCode));
    const frozen = await this.ctx.db.select().from(qualitySpcLimits).orderBy(desc(qualitySpcLimits.version));
    const out: SpcSeries[] = [];
    for (const r of rows) {
      const [last] = await this.ctx.db.select({ values: qualitySpcMeasurements.values }).from(qualitySpcMeasurements).where(eq(qualitySpcMeasurements.id, Number(r.lastId)));
      const f = frozen.find((x) => x.product === r.product && x.checkCode === r.check);
      out.push({ product: r.product, check: r.check, subgroups: r.subgroups, subgroupSize: last?.values.length ?? 0, frozen: f ? { chart: f.chart, version: f.version } : null });
    }
    return out;
  }

  async chart(product: string, check: string, q: SpcChartQuery): Promise<Result<SpcChartView>> {
    if ((q.lsl === undefined) !== (q.usl === undefined)) return err('SPC_SPEC_LIMITS_INVALID', 'give both specification limits (lsl and usl) or neither', { lsl: q.lsl ?? null, usl: q.usl ?? null });
    await this.catchUp();
    const stored = await this.ctx.db
      .select()
      .from(qualitySpcMeasurements)
      .where(and(eq(qualitySpcMeasurements.product, product), eq(qualitySpcMeasurements.checkCode, check)))
      .orderBy(asc(qualitySpcMeasurements.sampledAt), asc(qualitySpcMeasurements.id));
    if (stored.length === 0) return err('SPC_NO_DATA', `no measurements are recorded for ${product} / ${check}`, { product, check });
    const samples: Sample[] = stored.flatMap((r) => {
      const base = { batch: r.batchNumber, sampledAt: r.sampledAt.toISOString() };
      // I-MR plots every individual value in the order measured; X̄ charts plot subgroups.
      return q.chart === 'i-mr' ? r.values.map((v) => ({ ...base, values: [v] })) : [{ ...base, values: r.values }];
    });
    const subgroups = samples.map((s) => s.values);
    const current = await this.spc.current(product, check);
    const frozen = current.ok && current.value.chart === q.chart ? current.value : null;
    let limits: SpcFrozenLimits;
    if (frozen) {
      const n = frozen.limits.subgroupSize;
      const bad = subgroups.findIndex((g) => g.length !== n);
      if (bad !== -1) return err('SPC_SUBGROUP_SIZE', `subgroup #${bad + 1} has ${subgroups[bad]!.length} values; the frozen ${q.chart} limits are for subgroups of ${n}`, { index: bad, expected: n });
      limits = frozen.limits;
    } else {
      const trial = computeLimits(q.chart, subgroups);
      if (!trial.ok) return trial;
      limits = trial.value;
    }
    const { values, spread } = plotted(q.chart, subgroups);
    const sigma = (limits.location.ucl - limits.location.center) / 3;
    const violations = evaluateRules(values, { center: limits.location.center, sigma }, q.rules === 'western-electric' ? WESTERN_ELECTRIC : NELSON);
    const flagged = new Map<number, string[]>();
    for (const v of violations) for (const i of v.indices) flagged.set(i, [...(flagged.get(i) ?? []), v.rule]);
    const spec = q.lsl !== undefined && q.usl !== undefined ? { lsl: q.lsl, usl: q.usl } : null;
    let capability: SpcChartView['capability'] = null;
    if (spec) {
      const c = capabilityOf(q.chart, subgroups, spec);
      if (!c.ok) return c;
      capability = c.value;
    }
    return ok({
      product,
      check,
      chart: q.chart,
      rules: q.rules,
      limitsSource: frozen ? 'frozen' : 'trial',
      frozen: frozen ? { version: frozen.version, changeId: frozen.changeId, frozenBy: frozen.frozenBy, frozenAt: frozen.frozenAt } : null,
      subgroupSize: limits.subgroupSize,
      location: limits.location,
      spread: limits.spread,
      sigmaWithin: limits.sigmaWithin,
      points: samples.map((s, i) => {
        const sp = spread[i] ?? null;
        return { index: i, batch: s.batch, sampledAt: s.sampledAt, value: values[i]!, spread: sp, rules: flagged.get(i) ?? [], spreadBeyond: sp !== null && (sp > limits.spread.ucl || sp < limits.spread.lcl) };
      }),
      violations,
      spec,
      capability,
    });
  }
}

const csvCell = (v: string | number | null): string => {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * The chart as CSV (RFC 4180, CRLF): one row per plotted point with both charts' limits beside
 * it; then, when specification limits were given, a blank line and the capability table.
 */
export function chartCsv(c: SpcChartView): string {
  const head = ['point', 'batch', 'sampled_at', 'value', 'spread', 'center', 'ucl', 'lcl', 'spread_center', 'spread_ucl', 'spread_lcl', 'rules', 'spread_beyond_limits', 'limits'];
  const rows = c.points.map((p) =>
    [p.index + 1, p.batch, p.sampledAt, p.value, p.spread, c.location.center, c.location.ucl, c.location.lcl, c.spread.center, c.spread.ucl, c.spread.lcl, p.rules.join(' '), p.spreadBeyond ? 'yes' : 'no', c.frozen ? `frozen v${c.frozen.version} (${c.frozen.changeId})` : 'trial'].map(csvCell).join(','),
  );
  const lines = [head.join(','), ...rows];
  if (c.capability && c.spec) {
    const k = c.capability;
    lines.push('', 'statistic,estimate,lower,upper,confidence,lsl,usl');
    for (const [name, i] of [['Cp', k.cp], ['Cpk', k.cpk], ['Pp', k.pp], ['Ppk', k.ppk]] as const) lines.push([name, i.estimate, i.lower, i.upper, k.confidence, c.spec.lsl, c.spec.usl].join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
