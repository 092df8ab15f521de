/**
 * ERP out (issue 15 item 5): after each order the hub sends the ERP its material consumption and
 * production performance as B2MML, through an outbox that survives restarts and delivers each
 * message to the endpoint with its message id as the idempotency key.
 */
import { z } from 'zod';

export const ERP_PREFIX = '/api/v1/erp';

export const ErpMessageKind = z.enum(['consumption', 'performance']);
export const ErpMessageStatus = z.enum(['pending', 'sent', 'failed', 'invalid']);
export type ErpMessageStatus = z.infer<typeof ErpMessageStatus>;

export const ErpMessageViewSchema = z.object({
  messageId: z.string(),
  batchNumber: z.string(),
  kind: ErpMessageKind,
  erpOrderId: z.string().nullable(),
  status: ErpMessageStatus,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  lastHttpStatus: z.number().int().nullable(),
  /** Why the document was not sent (status invalid): the validation's findings. */
  problems: z.array(z.string()).nullable(),
  documentSha256: z.string(),
  createdAt: z.string(),
  nextAt: z.string(),
  sentAt: z.string().nullable(),
});
export type ErpMessageView = z.infer<typeof ErpMessageViewSchema>;

/** Re-queueing is an e-signature (meaning "performed"): the reason and the password (and the one-time code in x-batchline-otp when required). */
export const ErpRequeueBodySchema = z.object({ reason: z.string().trim().min(10).max(500), password: z.string().min(1).max(256) });
export const ErpRunResultSchema = z.object({ raised: z.number().int(), sent: z.number().int(), failed: z.number().int(), retrying: z.number().int() });
export type ErpRunResult = z.infer<typeof ErpRunResultSchema>;
