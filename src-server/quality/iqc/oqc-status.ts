/**
 * Finished-product results (OQC) of a batch, for its review and release (issue 12 item 4; EU GMP
 * Annex 16 §1.7.7: the QP certifies only with the finished-product testing done and in
 * specification). When the batch's product has a specification in force, every output lot of
 * the batch must have a passing result for each of its tests; each lot or test short of that is
 * a finding, and release is refused while there is one (release-service.ts, like open
 * deviations). A product without a finished-product specification has no OQC gate.
 * Plain queries in the caller's transaction, so the release decides on what it read.
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { OqcFinding, OqcStatus } from '../../../src-shared/quality/iqc-contract.ts';
import { evaluateLot } from '../../../src-shared/quality/spec-evaluation.ts';
import type { HubQuery } from '../../db/open-hub-db.ts';
import { batchOutputLots } from '../db/quality-schema.ts';
import { qualityResults, qualitySpecifications } from './iqc-schema.ts';

export async function oqcStatus(q: HubQuery, batchNumber: string, productCode: string | null): Promise<OqcStatus> {
  if (!productCode) return { specVersion: null, lots: [], findings: [] };
  const [spec] = await q.select().from(qualitySpecifications).where(eq(qualitySpecifications.material, productCode)).orderBy(desc(qualitySpecifications.version)).limit(1);
  if (!spec) return { specVersion: null, lots: [], findings: [] };
  const outputs = await q.select({ lotId: batchOutputLots.lotId }).from(batchOutputLots).where(eq(batchOutputLots.batchNumber, batchNumber)).orderBy(asc(batchOutputLots.lotId));
  if (outputs.length === 0) return { specVersion: spec.version, lots: [], findings: [{ lotId: '', testCode: null, problem: 'no-output-lot', resultId: null }], tests: spec.tests, results: [] };
  const lotIds = outputs.map((o) => o.lotId);
  const results = await q.select().from(qualityResults).where(and(inArray(qualityResults.lotId, lotIds), eq(qualityResults.scope, 'oqc'))).orderBy(asc(qualityResults.no));
  const lots = lotIds.map((lotId) => evaluateLot(lotId, spec, results.filter((r) => r.lotId === lotId)));
  const findings: OqcFinding[] = lots.flatMap((l) =>
    l.tests.filter((t) => t.verdict !== 'pass').map((t) => ({ lotId: l.lotId, testCode: t.code, problem: t.verdict === 'fail' ? ('out-of-specification' as const) : ('missing' as const), resultId: t.resultId })),
  );
  const shown = results.map((r) => ({ resultId: r.resultId, lotId: r.lotId, testCode: r.testCode, value: r.value, unit: r.unit, coaReference: r.coaReference, enteredAt: r.enteredAt.toISOString() }));
  return { specVersion: spec.version, lots, findings, tests: spec.tests, results: shown };
}
