/**
 * How a version under an approval flow reads (recipes, report templates): its state folded from
 * its signed steps, every signature verified now (certificate chain, revocation, the step hash
 * chained from the content hash), and what can be signed next. One reading for every kind of
 * versioned thing the flow machinery carries.
 */
import { inArray } from 'drizzle-orm';
import type { RecipeVersionState } from '../../src-shared/recipe/recipe-version-contract.ts';
import type { SignatureMeaning } from '../../src-shared/signature-meaning.ts';
import type { createCertificateCache } from '../../src-core/pki/certificate-check.ts';
import { issuedCertificates } from '../db/schema.ts';
import type { HubQuery } from '../db/open-hub-db.ts';
import type { HubContext } from '../hub-context.ts';
import { qualitySignatures } from '../quality/db/quality-schema.ts';
import { recordStepHash } from '../quality/signing/record-step.ts';
import { signatureProblem } from '../quality/signing/signature-check.ts';
import { SUPERSEDED, foldFlow, type FlowPosition, type FlowStep } from './recipe-flow.ts';
import { flowKey, type FlowRow } from './approval-flow-store.ts';

/** A stored signed step (recipe_version_steps, report_template_steps share these columns). */
export interface StoredStep {
  transition: string;
  role: string;
  stateAfter: RecipeVersionState;
  data: Record<string, unknown>;
  hash: string;
  signatureId: number;
  username: string;
  recordedAt: Date;
}

export const toFlowStep = (r: StoredStep): FlowStep => ({ transition: r.transition, slot: Number(r.data.slot ?? 0), role: r.role, username: r.username });

export interface FlowVersionReading {
  position: FlowPosition;
  signatures: {
    transition: string;
    role: string;
    stateAfter: RecipeVersionState;
    meaning: SignatureMeaning;
    username: string;
    printedName: string;
    signedAt: string;
    changeId: string | null;
    valid: boolean;
  }[];
  next: { transition: string; to: RecipeVersionState; meaning: SignatureMeaning; rolesNeeded: string[][]; signedBy: string[] }[];
}

export async function readFlowVersion(
  q: HubQuery,
  ctx: HubContext,
  cache: ReturnType<typeof createCertificateCache>,
  v: { purpose: string; subject: string; contentHash: string; flow: FlowRow; steps: readonly StoredStep[] },
): Promise<FlowVersionReading> {
  const { flow, steps } = v;
  const { position } = foldFlow(flow.definition, flowKey(flow), steps.map(toFlowStep));
  const sigIds = [...new Set(steps.map((s) => s.signatureId))];
  const sigs = sigIds.length ? await q.select().from(qualitySignatures).where(inArray(qualitySignatures.id, sigIds)) : [];
  const sigOf = new Map(sigs.map((s) => [s.id, s]));
  const fps = [...new Set(sigs.map((s) => s.certFingerprint))];
  const certs = fps.length ? await q.select().from(issuedCertificates).where(inArray(issuedCertificates.fingerprint, fps)) : [];
  const certOf = new Map(certs.map((c) => [c.fingerprint, { certPem: c.certPem, revokedAt: c.revokedAt }]));
  let previous = v.contentHash;
  const signatures = steps.map((s) => {
    const key = s.transition === SUPERSEDED ? SUPERSEDED : `${s.transition}.${String(s.data.slot)}`;
    const sig = sigOf.get(s.signatureId);
    const chained = recordStepHash(v.purpose, v.subject, key, s.data, previous) === s.hash && (s.transition === SUPERSEDED || (sig?.subjectHash === s.hash && sig.subjectKey === `${v.subject}/${key}`));
    previous = s.hash;
    const problem = sig ? signatureProblem(sig, certOf.get(sig.certFingerprint), ctx.keys.caCertPem, cache) : 'no signature';
    return {
      transition: s.transition,
      role: s.role,
      stateAfter: s.stateAfter,
      meaning: (sig?.meaning ?? 'approved') as SignatureMeaning,
      username: s.username,
      printedName: sig?.printedName ?? s.username,
      signedAt: sig?.signedAt ?? s.recordedAt.toISOString(),
      changeId: (s.data.changeId as string | null | undefined) ?? null,
      valid: problem === null && chained,
    };
  });
  const inProgress = position.pending ? steps.slice(steps.length - position.pending.filled.length) : [];
  const next = flow.definition.transitions
    .filter((t) => t.from === position.state)
    .map((t) => {
      const filled = position.pending?.transition === t.name ? position.pending.filled : [];
      return { transition: t.name, to: t.to, meaning: t.meaning, rolesNeeded: t.signatures.filter((_s, i) => !filled.includes(i)).map((s) => [...s.roles]), signedBy: position.pending?.transition === t.name ? inProgress.map((s) => s.username) : [] };
    });
  return { position, signatures, next };
}
