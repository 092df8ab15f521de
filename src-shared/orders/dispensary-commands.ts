/**
 * Engine commands of issue 17 items 3, 7 and 8, kept apart from the core union
 * (engine-command.ts spreads them in): a volume read on a volumetric device, the PPE checklist
 * of a contained material, and the label events of an order (reprint with reason and
 * co-signature, each label used or destroyed). Passwords pass through to the signature
 * service and are never recorded.
 */
import { z } from 'zod';
import { Code } from '../master-data/common.ts';

const password = z.string().min(1).max(200);
const username = z.string().trim().min(1).max(64);
const otp = z.string().trim().regex(/^\d{6}$/, 'a 6-digit code').optional();
/** `<seq of the print entry>-<position>`: a label as the order's label ledger names it. */
export const LabelId = z.string().regex(/^\d{1,12}-\d{1,4}$/, 'a label id such as "42-1"');

/** FR-141: what the operator found at the printer for a print whose outcome is unknown. */
export const PRINT_SETTLEMENT_OUTCOMES = ['applied', 'destroyed', 'none'] as const;
export type PrintSettlementOutcome = (typeof PRINT_SETTLEMENT_OUTCOMES)[number];

export const DISPENSARY_COMMANDS = [
  /** The volume a volumetric device of the booth shows, typed at the device's resolution. */
  z.object({ type: z.literal('record-volume'), stepId: Code, deviceId: Code, volumeMl: z.string().trim().min(1).max(30), partial: z.boolean().default(false) }),
  /** The operator confirms every PPE item of the material's band and signs it "performed". */
  z.object({ type: z.literal('confirm-ppe'), stepId: Code, items: z.array(Code).max(20), password, username: username.nullable().default(null), otp }),
  /**
   * A reprint needs a reason and a second person's co-signature ("verified"); reason and
   * co-signer are optional here so that their absence is a typed refusal, not a parse error.
   */
  z.object({ type: z.literal('request-reprint'), labelId: LabelId, reason: z.string().trim().max(500).default(''), username: username.nullable().default(null), password: password.nullable().default(null), otp }),
  /** Prints an authorised reprint, marked REPRINT (the station issues it after the co-signature). */
  z.object({ type: z.literal('reprint-label'), labelId: LabelId }),
  /** A printed label applied to its container, or destroyed (with the reason). */
  z.object({ type: z.literal('account-label'), labelId: LabelId, disposition: z.enum(['used', 'destroyed']), reason: z.string().trim().max(500).default('') }),
  /**
   * FR-141: the operator settles a print whose outcome is unknown with what they found at the
   * printer (the labels came out and are applied, came out and were destroyed — counted — or
   * none came out), and a second person co-signs it "verified". Reason, count and co-signer are
   * optional here so that their absence is a typed refusal, not a parse error.
   */
  z.object({
    type: z.literal('settle-print'),
    printRequestSeq: z.number().int().positive(),
    outcome: z.enum(PRINT_SETTLEMENT_OUTCOMES),
    count: z.number().int().min(0).max(10_000),
    reason: z.string().trim().max(500).default(''),
    username: username.nullable().default(null),
    password: password.nullable().default(null),
    otp,
  }),
] as const;
