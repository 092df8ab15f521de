// Owned by ERP out (issue 15 item 5: B2MML consumption and production performance through the
// ERP outbox). Add codes here, never rename shipped ones: the outbox and the audit trail record them.
export const ERP_ERROR_CODES = [
  // The ERP endpoint could not be reached, timed out, or answered other than 2xx (details: status).
  'ERP_DELIVERY_FAILED',
  // A B2MML document failed validation against the subset ERP out emits; it is never sent (details: problems).
  'ERP_DOCUMENT_INVALID',
  // The batch has no complete order at the hub, so there is nothing to report to the ERP yet.
  'ERP_ORDER_NOT_COMPLETE',
  // No ERP message with this id at the hub.
  'ERP_MESSAGE_UNKNOWN',
  // Only a message given up after its last attempt can be queued again (details: status).
  'ERP_MESSAGE_NOT_FAILED',
] as const;
