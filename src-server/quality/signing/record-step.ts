/**
 * One signed step of a quality record kept at the hub (a deviation record or a change control;
 * issue 12): checks the
 * signer's password and second factor at the moment of signing (signer-credentials.ts), signs the
 * step's hash — chained over the previous step's — with the signer's own key, stores the
 * signature and writes the audit entry, all in the caller's transaction.
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { ok, type Result } from '../../../src-shared/result.ts';
import type { SignatureMeaning } from '../../../src-shared/signature-meaning.ts';
import { canonicalJson } from '../../../src-core/ledger/canonical-json.ts';
import { hubUsers } from '../../db/schema.ts';
import type { HubTx } from '../../db/open-hub-db.ts';
import type { HubContext } from '../../hub-context.ts';
import type { HubPrincipal } from '../../admin/admin-auth.ts';
import { audit } from '../../admin/hub-audit.ts';
import { qualitySignatures } from '../db/quality-schema.ts';
import { signHubFields } from './hub-signature.ts';
import { signerKey } from './signer-keys.ts';
import { checkSignerCredentials } from './signer-credentials.ts';
import type { HubSubjectKind } from '../../../src-core/archive/hub-signature-bytes.ts';

export const GENESIS_HASH = '0'.repeat(64);

export function recordStepHash(purpose: string, recordId: string, key: string, data: Record<string, unknown>, previous: string): string {
  return createHash('sha256').update(canonicalJson({ purpose, recordId, state: key, data, previous }), 'utf8').digest('hex');
}

export interface RecordStep {
  /** Every kind but a batch record and a station deviation (signed by the review, not as a record's step). */
  subjectKind: Exclude<HubSubjectKind, 'batch' | 'deviation'>;
  purpose: string;
  recordId: string;
  /** The state reached, or a sub-step key such as `task-done-3`. */
  key: string;
  meaning: SignatureMeaning;
  data: Record<string, unknown>;
  previous: string;
  /** Audit action, e.g. `change.approve`. */
  action: string;
}

export async function signRecordStep(tx: HubTx, ctx: HubContext, signer: HubPrincipal, password: string, step: RecordStep): Promise<Result<{ hash: string; signatureId: number }>> {
  const checked = await checkSignerCredentials(tx, ctx, signer, password, { action: `${step.action.split('.')[0]}.refused`, subject: step.recordId, details: { step: step.action } });
  if (!checked.ok) return checked;
  const user = checked.value;
  const key = await signerKey(tx, ctx, { userId: user.userId, username: user.username, printedName: user.printedName }, password);
  if (!key.ok) return key;
  const now = ctx.clock.now();
  const hash = recordStepHash(step.purpose, step.recordId, step.key, step.data, step.previous);
  const fields = {
    subjectKind: step.subjectKind,
    batchNumber: step.recordId,
    subjectKey: `${step.recordId}/${step.key}`,
    subjectHash: hash,
    meaning: step.meaning,
    signerId: user.userId,
    username: user.username,
    printedName: user.printedName,
    signedAt: now.toISOString(),
    tzOffset: ctx.clock.tzOffset(now),
    comment: null,
  };
  const signature = signHubFields(key.value.privateKey, fields);
  const [sig] = await tx.insert(qualitySignatures).values({ ...fields, certFingerprint: key.value.fingerprint, signature, recordedAt: now }).returning({ id: qualitySignatures.id });
  await tx.update(hubUsers).set({ failedAttempts: 0 }).where(eq(hubUsers.userId, user.userId));
  await audit(tx, now, { actor: user.username, action: step.action, subject: step.recordId, details: { state: step.key, meaning: step.meaning, subjectHash: hash, signatureId: sig!.id, data: step.data } });
  return ok({ hash, signatureId: sig!.id });
}
