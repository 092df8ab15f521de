/**
 * Signatures and corrections: the two ways one entry speaks about another. Neither changes
 * the entry it names (ALCOA+ original; 21 CFR 11.10(e) audit trail never obscures).
 */
import { z } from 'zod';
import { Sha256Hex, UtcTime } from '../ledger-entry.ts';
import { SignatureMeaning } from '../../signature-meaning.ts';

export const recordEntryTypes = {
  /** 21 CFR 11.50 manifestation + 11.70 linking: the signature is over targetHash. */
  'signature.applied': z.object({
    targetSeq: z.number().int().positive(),
    targetHash: Sha256Hex,
    meaning: SignatureMeaning,
    signerId: z.string().min(1),
    username: z.string().min(1),
    printedName: z.string().min(1),
    signedAt: UtcTime,
    tzOffset: z.string(),
    certFingerprint: Sha256Hex,
    algorithm: z.literal('RSASSA-PKCS1-v1_5-SHA256'),
    signature: z.string().min(1),
    /** D25-03: the second factor given with the password (absent: password only). */
    mfa: z.enum(['totp']).optional(),
    /** D25-03: the station's time zone (IANA name) beside the offset, for the manifestation. */
    timeZone: z.string().min(1).optional(),
  }),
  /** A correction: old and new values with a reason; the original entry stays as it was. */
  'correction.recorded': z.object({
    targetSeq: z.number().int().positive(),
    targetHash: Sha256Hex,
    changes: z
      .array(z.object({ path: z.string().min(1), oldValue: z.unknown(), newValue: z.unknown() }))
      .min(1),
    reason: z.string().trim().min(3),
  }),
  /** A free comment attached to the record (e.g. an observation during a step). */
  'comment.recorded': z.object({ text: z.string().trim().min(1).max(2000), targetSeq: z.number().int().positive().optional() }),
};
