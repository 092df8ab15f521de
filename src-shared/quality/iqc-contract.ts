/**
 * Incoming inspection (IQC) and finished-product results (OQC) at the hub (issue 12 items 1 and 4),
 * as the API and the console see them:
 *
 *   goods receipt (ERP as B2MML, or entered at the hub) → lots in quarantine and one sampling
 *   task per lot (sample plan by supplier status, specification version) → containers sampled
 *   and labelled → results (entered, or from a LIMS, idempotent by result id, with the CoA
 *   reference) → disposition computed from the specification, signed by QC → QC status fed to
 *   the stations.
 *
 * A specification is versioned master data for one material or product (`spec/<code>`), changed
 * only under an approved change control naming it, like frozen SPC limits.
 */
import { z } from 'zod';
import { Code, IsoDate, MassSchema, PositiveMassSchema } from '../master-data/common.ts';
import { SignatureMeaning } from '../signature-meaning.ts';

const Text = (min: number, max: number) => z.string().trim().min(min).max(max);
const Password = z.string().min(1).max(200);
const Finite = z.number().finite();

/** One test of a specification: a number within limits (either may be open) or a text from a list. */
export const SpecTestSchema = z.discriminatedUnion('kind', [
  z.object({ code: Code, name: Text(1, 200), kind: z.literal('numeric'), unit: Text(1, 20), lower: Finite.nullable(), upper: Finite.nullable() }).refine((t) => t.lower !== null || t.upper !== null, 'a numeric test has at least one limit').refine((t) => t.lower === null || t.upper === null || t.lower <= t.upper, 'lower limit above upper limit'),
  z.object({ code: Code, name: Text(1, 200), kind: z.literal('text'), accepted: z.array(Text(1, 200)).min(1).max(20) }),
]);
export type SpecTest = z.infer<typeof SpecTestSchema>;

export const PutSpecificationSchema = z.object({
  /** Material code (IQC) or product code (OQC). */
  material: Code,
  tests: z.array(SpecTestSchema).min(1).max(50).refine((ts) => new Set(ts.map((t) => t.code)).size === ts.length, 'test codes repeat'),
  /** What is taken from each sampled container. */
  sampleQuantity: PositiveMassSchema,
  changeId: z.string().regex(/^CC-\d{4}-\d{4,}$/),
});
export type PutSpecification = z.infer<typeof PutSpecificationSchema>;

export const SpecificationViewSchema = z.object({
  material: z.string(),
  version: z.number().int(),
  tests: z.array(SpecTestSchema),
  sampleQuantity: MassSchema,
  changeId: z.string(),
  approvedBy: z.string(),
  approvedAt: z.string(),
});
export type SpecificationView = z.infer<typeof SpecificationViewSchema>;

/** The change-control setting a specification names (spc-contract.ts has `spc/<product>/<check>`). */
export function specSettingRef(material: string): string {
  return `spec/${material}`;
}

/** Approved suppliers get the reduced plan (sample-plan.ts); others the full √n+1. */
export const SupplierStatus = z.enum(['approved', 'conditional', 'new']);
export type SupplierStatus = z.infer<typeof SupplierStatus>;

export const ReceiptContainerSchema = z.object({ containerId: Code, quantity: PositiveMassSchema, tare: MassSchema });
export const ReceiptLotSchema = z.object({
  lotId: Code,
  lotNumber: Text(1, 64),
  expiryDate: IsoDate,
  retestDate: IsoDate.nullable().default(null),
  containers: z.array(ReceiptContainerSchema).min(1).max(500),
});

export const GoodsReceiptSchema = z.object({
  /** The ERP's document number, or one the hub person types; the receipt's identity (idempotent). */
  receiptId: Code,
  material: Code,
  supplier: z.object({ code: Code, status: SupplierStatus }),
  lots: z.array(ReceiptLotSchema).min(1).max(50),
  reason: Text(3, 500).default('goods receipt'),
});
export type GoodsReceipt = z.infer<typeof GoodsReceiptSchema>;

export const SamplingTaskState = z.enum(['open', 'sampled', 'disposed']);
export type SamplingTaskState = z.infer<typeof SamplingTaskState>;

export const RecordSampleSchema = z.object({
  containerId: Code,
  quantity: PositiveMassSchema,
  note: Text(0, 500).optional(),
  /** The sampler's password: recording the sample is their e-signature, meaning "performed" (21 CFR 11.50, 11.200). */
  password: Password,
});
export type RecordSample = z.infer<typeof RecordSampleSchema>;

export const ResultValue = z.union([Finite, Text(1, 200)]);

export const ResultInputSchema = z.object({
  /** The LIMS's own id of this result: a repeat with the same content is a no-op, with other content a conflict. */
  resultId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,79}$/),
  lotId: Code,
  testCode: Code,
  value: ResultValue,
  unit: Text(1, 20).optional(),
  /** Certificate-of-analysis or LIMS report reference. */
  coaReference: Text(1, 100),
});
export type ResultInput = z.infer<typeof ResultInputSchema>;

export const ResultsBodySchema = z.object({ results: z.array(ResultInputSchema).min(1).max(200) });
export type ResultsBody = z.infer<typeof ResultsBodySchema>;

export const TestVerdict = z.enum(['pass', 'fail', 'missing']);
export type TestVerdict = z.infer<typeof TestVerdict>;

export const ResultViewSchema = z.object({
  resultId: z.string(),
  lotId: z.string(),
  scope: z.enum(['iqc', 'oqc']),
  testCode: z.string(),
  value: ResultValue,
  unit: z.string().nullable(),
  coaReference: z.string(),
  specVersion: z.number().int(),
  verdict: TestVerdict,
  enteredBy: z.string(),
  enteredAt: z.string(),
});
export type ResultView = z.infer<typeof ResultViewSchema>;

/** The lot's tests against its specification: the disposition it implies, or null while a test has no result. */
export const LotEvaluationSchema = z.object({
  lotId: z.string(),
  material: z.string(),
  specVersion: z.number().int(),
  tests: z.array(z.object({ code: z.string(), name: z.string(), verdict: TestVerdict, resultId: z.string().nullable(), value: ResultValue.nullable() })),
  disposition: z.enum(['released', 'rejected']).nullable(),
});
export type LotEvaluation = z.infer<typeof LotEvaluationSchema>;

export const SignDispositionSchema = z.object({
  /** What the signer read on the screen; refused if the results now imply something else. */
  disposition: z.enum(['released', 'rejected']),
  password: Password,
  comment: Text(0, 1000).optional(),
});
export type SignDisposition = z.infer<typeof SignDispositionSchema>;

/**
 * QC's signed retest result for a lot (FR-143): after a passed retest, a new retest date (null: no
 * longer subject to retest) and/or a new expiry date; the lot's status is kept. At least one date.
 */
export const SignRetestSchema = z
  .object({
    retestDate: IsoDate.nullable().optional(),
    expiryDate: IsoDate.optional(),
    /** Why (the retest's reference, its result). */
    reason: Text(3, 500),
    /**
     * FR-153: the retest's results. Recorded at the hub (POST /quality/results): their ids, and the
     * hub knows who entered each; or recorded elsewhere (the LIMS, a laboratory notebook): their
     * reference and the user name of whoever entered them, kept in the signed step. Either way the
     * QC person who signs is not the one who entered them (four eyes, as for a disposition).
     */
    resultIds: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,79}$/)).min(1).max(50).optional(),
    resultsReference: Text(1, 120).optional(),
    resultsEnteredBy: Text(1, 100).optional(),
    password: Password,
  })
  .refine((b) => b.retestDate !== undefined || b.expiryDate !== undefined, { message: 'a retest sets a new retest date or expiry date' })
  .refine((b) => b.resultIds !== undefined || (b.resultsReference !== undefined && b.resultsEnteredBy !== undefined), { message: 'a retest names its results: resultIds recorded at the hub, or resultsReference and resultsEnteredBy' });
export type SignRetest = z.infer<typeof SignRetestSchema>;

/** What a signed retest answers: the lot's new version and dates. */
export const RetestSignedSchema = z.object({ lotId: z.string(), version: z.number().int(), expiryDate: z.string(), retestDate: z.string().nullable() });
export type RetestSigned = z.infer<typeof RetestSignedSchema>;

export const SampledContainerSchema = z.object({
  containerId: z.string(),
  quantity: MassSchema.nullable(),
  sampledBy: z.string().nullable(),
  sampledAt: z.string().nullable(),
  /** The sampler's "performed" signature over the sample, verified when read (absent for samples recorded before it was signed). */
  signature: z.object({ printedName: z.string(), meaning: SignatureMeaning, signedAt: z.string(), valid: z.boolean() }).nullable().optional(),
});

export const SamplingTaskViewSchema = z.object({
  id: z.string(),
  receiptId: z.string(),
  lotId: z.string(),
  lotNumber: z.string(),
  material: z.string(),
  supplier: z.string(),
  supplierStatus: SupplierStatus,
  plan: z.object({ rule: z.enum(['all', 'sqrt-n-plus-1', 'reduced-sqrt-n']), containers: z.number().int(), of: z.number().int() }),
  specVersion: z.number().int(),
  state: SamplingTaskState,
  containers: z.array(SampledContainerSchema),
  evaluation: LotEvaluationSchema.nullable(),
  disposition: z
    .object({ decision: z.enum(['released', 'rejected']), signedBy: z.string(), printedName: z.string(), signedAt: z.string(), meaning: SignatureMeaning, oosRecord: z.string().nullable(), valid: z.boolean() })
    .nullable(),
  createdAt: z.string(),
});
export type SamplingTaskView = z.infer<typeof SamplingTaskViewSchema>;

export const ReceiptViewSchema = z.object({
  receiptId: z.string(),
  material: z.string(),
  supplier: z.string(),
  supplierStatus: SupplierStatus,
  source: z.enum(['b2mml', 'entry']),
  receivedBy: z.string(),
  receivedAt: z.string(),
  tasks: z.array(z.object({ id: z.string(), lotId: z.string(), state: SamplingTaskState })),
});
export type ReceiptView = z.infer<typeof ReceiptViewSchema>;

/** One finished-product (OQC) finding that blocks the batch's release. */
export const OqcFindingSchema = z.object({
  lotId: z.string(),
  testCode: z.string().nullable(),
  problem: z.enum(['no-output-lot', 'missing', 'out-of-specification']),
  resultId: z.string().nullable(),
});
export type OqcFinding = z.infer<typeof OqcFindingSchema>;

export const OqcStatusSchema = z.object({
  /** null: the product has no finished-product specification, so no OQC gate. */
  specVersion: z.number().int().nullable(),
  lots: z.array(LotEvaluationSchema),
  findings: z.array(OqcFindingSchema),
  /** The specification's tests (with their limits) the lots were evaluated against; absent without a specification. */
  tests: z.array(SpecTestSchema).optional(),
  /** The OQC results of the output lots, with their certificate-of-analysis reference; absent without a specification. */
  results: z.array(z.object({ resultId: z.string(), lotId: z.string(), testCode: z.string(), value: ResultValue, unit: z.string().nullable(), coaReference: z.string(), enteredAt: z.string() })).optional(),
});
export type OqcStatus = z.infer<typeof OqcStatusSchema>;
