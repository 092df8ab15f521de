/**
 * The meaning of an electronic signature (21 CFR 11.50(a)(3): every signed record shows what
 * the signature means; EU GMP Annex 11 §14). A fixed list, never free text, so that review,
 * release rules and reports can reason about it; the meaning is covered by the cryptographic
 * signature (record-signature.ts), so it cannot be changed after signing.
 *
 * Values are stored in ledger entries and signed bytes: never rename one; add new meanings at
 * the end. The UI shows them as "Performed by", "Verified by", … in the operator's language.
 */
import { z } from 'zod';

export const SignatureMeaning = z.enum([
  /** The signer did the step themselves (e.g. dispensed and weighed the material line). */
  'performed',
  /** Second-person verification at the time of the step: a different, authorised person
   * witnessed or re-checked the result (e.g. supervisor co-sign of a critical weighing). */
  'verified',
  /** Review after the fact, e.g. QA review of the batch record by exception. */
  'reviewed',
  /** Approval of a document or change: master batch record, recipe version, deviation closure. */
  'approved',
  /** Batch release (certification by a Qualified Person, EU GMP Annex 16). */
  'released',
  /** Decision that a result, lot or batch is not acceptable (e.g. QP rejects the batch). */
  'rejected',
  /** Presence at an act the witness did not perform and could not re-check by measurement
   * (e.g. destruction of rejected material, a line clearance walk-through). */
  'witnessed',
  /** The signer made a correction: a new entry that supersedes an earlier value, with a
   * reason; the original stays in the record (21 CFR 11.10(e), ALCOA+). */
  'corrected',
]);
export type SignatureMeaning = z.infer<typeof SignatureMeaning>;

export const SIGNATURE_MEANINGS: readonly SignatureMeaning[] = SignatureMeaning.options;
