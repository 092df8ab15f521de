/**
 * Test results of a lot (issue 12 items 1 and 4): entered at the hub by QC or sent by a LIMS,
 * each with its certificate-of-analysis reference, against the specification version of the lot
 * — the sampling task's for an incoming lot (iqc), the one in force for a batch's output lot (oqc).
 *
 * Intake is idempotent by the LIMS's result id: the same result again is answered as a duplicate,
 * the same id with other content is refused (IQC_RESULT_CONFLICT). A request is checked whole
 * before anything is written and written in one transaction: one bad result stores none.
 * Results are append-only (migration 0019); every accepted request and refusal is audited.
 * A finished-product (oqc) result out of specification opens an OOS record of its batch in the
 * same transaction, once per result (deviations/result-oos.ts).
 */
import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import { canonicalJson } from '../../../src-core/ledger/canonical-json.ts';
import type { ResultInput, ResultView, SpecificationView, SpecTest } from '../../../src-shared/quality/iqc-contract.ts';
import { resultVerdict } from '../../../src-shared/quality/spec-evaluation.ts';
import type { HubQuery } from '../../db/open-hub-db.ts';
import type { HubContext } from '../../hub-context.ts';
import type { HubPrincipal } from '../../admin/admin-auth.ts';
import { audit } from '../../admin/hub-audit.ts';
import { batchOutputLots, qualityBatches } from '../db/quality-schema.ts';
import { openOosForResult } from '../deviations/result-oos.ts';
import { allOrNothing } from './all-or-nothing.ts';
import { iqcTasks, qualityResults } from './iqc-schema.ts';
import type { SpecService } from './spec-service.ts';
import { isLimsAccount } from '../../../src-shared/quality/quality-roles.ts';

type Row = typeof qualityResults.$inferSelect;

export interface ResultsAccepted {
  accepted: number;
  duplicates: number;
  results: ResultView[];
}

interface Target {
  scope: 'iqc' | 'oqc';
  /** FR-153: an incoming lot QC disposed already: the result is a retest's, against the specification in force. */
  retest: boolean;
  batchNumber: string | null;
  spec: SpecificationView;
}

export class ResultService {
  constructor(
    private readonly ctx: HubContext,
    private readonly specs: SpecService,
  ) {}

  async submit(actor: HubPrincipal, results: readonly ResultInput[]): Promise<Result<ResultsAccepted>> {
    const r = await this.submitIn(actor, results);
    if (!r.ok) {
      await audit(this.ctx.db, this.ctx.clock.now(), { actor: actor.username, action: 'iqc.refused', subject: results[0]?.lotId ?? '(none)', ok: false, details: { step: 'results', code: r.error.code, message: r.error.message, resultIds: results.map((x) => x.resultId).slice(0, 50) } });
    }
    return r;
  }

  private async submitIn(actor: HubPrincipal, results: readonly ResultInput[]): Promise<Result<ResultsAccepted>> {
    const ids = results.map((x) => x.resultId);
    const twice = ids.find((id, i) => ids.indexOf(id) !== i);
    if (twice) return err('INPUT_INVALID', `result ${twice} appears twice in one request`, { resultId: twice });
    const targets = new Map<string, Target>();
    for (const lotId of new Set(results.map((x) => x.lotId))) {
      const t = await this.target(lotId);
      if (!t.ok) return t;
      targets.set(lotId, t.value);
    }
    for (const x of results) {
      const spec = targets.get(x.lotId)!.spec;
      if (!spec.tests.some((t) => t.code === x.testCode)) return err('INPUT_INVALID', `specification ${spec.material} v${spec.version} has no test ${x.testCode} (tests: ${spec.tests.map((t) => t.code).join(', ')})`, { resultId: x.resultId, testCode: x.testCode });
    }
    // Entered by the LIMS only when the account is the LIMS's alone (FR-143: lims is held with no other role).
    const viaLims = isLimsAccount(actor.roles);
    return allOrNothing(this.ctx.db, async (tx): Promise<Result<ResultsAccepted>> => {
      // Two LIMS deliveries of the same new result id meet here, not at the unique index.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('batchline.quality:results'))`);
      const known = await tx.select().from(qualityResults).where(inArray(qualityResults.resultId, ids));
      const byId = new Map(known.map((k) => [k.resultId, k]));
      const now = this.ctx.clock.now();
      let accepted = 0;
      const out: Row[] = [];
      for (const x of results) {
        const hash = contentHash(x);
        const old = byId.get(x.resultId);
        if (old) {
          if (old.contentHash !== hash) return err('IQC_RESULT_CONFLICT', `result ${x.resultId} was received already with other content (${old.testCode} = ${JSON.stringify(old.value)} for lot ${old.lotId}); nothing of this request was stored`, { resultId: x.resultId });
          out.push(old);
          continue;
        }
        const t = targets.get(x.lotId)!;
        const [row] = await tx
          .insert(qualityResults)
          .values({ resultId: x.resultId, scope: t.scope, lotId: x.lotId, batchNumber: t.batchNumber, testCode: x.testCode, value: x.value, unit: x.unit ?? null, coaReference: x.coaReference, specVersion: t.spec.version, contentHash: hash, enteredBy: actor.username, viaLims, enteredAt: now })
          .returning();
        out.push(row!);
        accepted++;
        const test = t.spec.tests.find((x) => x.code === row!.testCode)!;
        if (t.scope === 'oqc' && t.batchNumber && resultVerdict(test, row!) === 'fail') {
          await openOosForResult(tx, now, { resultId: row!.resultId, lotId: row!.lotId, batchNumber: t.batchNumber, testCode: test.code, testName: test.name, value: row!.value, unit: row!.unit, specification: specText(test), coaReference: row!.coaReference, enteredBy: actor.username });
        }
      }
      if (accepted > 0) {
        const fresh = out.filter((o) => !byId.has(o.resultId));
        const retest = fresh.filter((o) => targets.get(o.lotId)?.retest).map((o) => o.resultId);
        await audit(tx, now, { actor: actor.username, action: 'iqc.results_recorded', subject: [...new Set(fresh.map((o) => o.lotId))].join(', '), details: { resultIds: fresh.map((o) => o.resultId), via: viaLims ? 'lims' : 'entry', coaReferences: [...new Set(fresh.map((o) => o.coaReference))], ...(retest.length > 0 ? { retest } : {}) } });
      }
      return ok({ accepted, duplicates: results.length - accepted, results: await this.views(out, tx) });
    });
  }

  /**
   * The results of a lot, oldest first, each with its verdict against its specification version;
   * with `throughNo`, only those recorded up to that point (FR-153: an incoming lot's disposition
   * is evaluated over the results it was signed on, not the retest results recorded after it).
   */
  async forLot(lotId: string, q: HubQuery = this.ctx.db, throughNo?: number): Promise<ResultView[]> {
    const rows = await q.select().from(qualityResults).where(throughNo === undefined ? eq(qualityResults.lotId, lotId) : and(eq(qualityResults.lotId, lotId), lte(qualityResults.no, throughNo))).orderBy(asc(qualityResults.no));
    return this.views(rows, q);
  }

  /** The rows of a lot's results named by id, with their place in the order results were recorded (`no`). */
  async rowsOf(lotId: string, resultIds: readonly string[], q: HubQuery = this.ctx.db): Promise<Array<ResultView & { no: number }>> {
    if (resultIds.length === 0) return [];
    const rows = await q.select().from(qualityResults).where(and(eq(qualityResults.lotId, lotId), inArray(qualityResults.resultId, [...resultIds]))).orderBy(asc(qualityResults.no));
    const views = await this.views(rows, q);
    return views.map((v, i) => ({ ...v, no: Number(rows[i]!.no) }));
  }

  /** Which lot a result belongs to: an incoming lot with a sampling task, or a batch's output lot. */
  private async target(lotId: string): Promise<Result<Target>> {
    const [task] = await this.ctx.db.select().from(iqcTasks).where(eq(iqcTasks.lotId, lotId));
    if (task) {
      // FR-153: after the disposition, a lot's results are a retest's (the signed retest cites
      // them; they never change the disposition, evaluated over the results it was signed on).
      if (task.state === 'disposed') {
        const spec = await this.specs.get(task.material);
        return spec.ok ? ok({ scope: 'iqc', retest: true, batchNumber: null, spec: spec.value }) : spec;
      }
      if (task.state !== 'sampled') return err('IQC_STATE_INVALID', `${task.id} is ${task.state}; results are taken once every planned container is sampled (and, for a retest, after the disposition)`, { taskId: task.id, state: task.state });
      const spec = await this.specs.get(task.material, task.specVersion);
      return spec.ok ? ok({ scope: 'iqc', retest: false, batchNumber: null, spec: spec.value }) : spec;
    }
    const [output] = await this.ctx.db.select({ batchNumber: batchOutputLots.batchNumber, product: qualityBatches.productCode }).from(batchOutputLots).leftJoin(qualityBatches, eq(qualityBatches.batchNumber, batchOutputLots.batchNumber)).where(eq(batchOutputLots.lotId, lotId));
    if (!output) return err('NOT_FOUND', `lot ${lotId} has neither a sampling task nor a producing batch at the hub`, { lotId });
    if (!output.product) return err('NOT_FOUND', `batch ${output.batchNumber} of lot ${lotId} names no product`, { lotId });
    const spec = await this.specs.get(output.product);
    return spec.ok ? ok({ scope: 'oqc', retest: false, batchNumber: output.batchNumber, spec: spec.value }) : spec;
  }

  private async views(rows: readonly Row[], q: HubQuery = this.ctx.db): Promise<ResultView[]> {
    const specs = new Map<string, SpecificationView | null>();
    const out: ResultView[] = [];
    for (const r of rows) {
      const material = r.scope === 'iqc' ? (await q.select({ m: iqcTasks.material }).from(iqcTasks).where(eq(iqcTasks.lotId, r.lotId)))[0]?.m : (await q.select({ m: qualityBatches.productCode }).from(qualityBatches).where(eq(qualityBatches.batchNumber, r.batchNumber ?? '')))[0]?.m;
      const key = `${material}@${r.specVersion}`;
      if (!specs.has(key)) {
        const s = material ? await this.specs.get(material, r.specVersion, q) : null;
        specs.set(key, s?.ok ? s.value : null);
      }
      const test = specs.get(key)?.tests.find((t) => t.code === r.testCode);
      out.push({
        resultId: r.resultId,
        lotId: r.lotId,
        scope: r.scope,
        testCode: r.testCode,
        value: r.value,
        unit: r.unit,
        coaReference: r.coaReference,
        specVersion: r.specVersion,
        verdict: test ? resultVerdict(test, r) : 'fail',
        enteredBy: r.enteredBy,
        enteredAt: r.enteredAt.toISOString(),
      });
    }
    return out;
  }
}

/** The test's limits in words, for the OOS record: "≥ 80 %", "95 – 105 %", "one of: white round tablets". */
function specText(t: SpecTest): string {
  if (t.kind !== 'numeric') return `one of: ${t.accepted.join(' | ')}`;
  const limits = t.lower !== null && t.upper !== null ? `${t.lower} – ${t.upper}` : t.lower !== null ? `≥ ${t.lower}` : t.upper !== null ? `≤ ${t.upper}` : 'any';
  return `${limits} ${t.unit}`.trim();
}

function contentHash(x: ResultInput): string {
  return createHash('sha256').update(canonicalJson({ lotId: x.lotId, testCode: x.testCode, value: x.value, unit: x.unit ?? null, coaReference: x.coaReference }), 'utf8').digest('hex');
}
