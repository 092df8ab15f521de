/**
 * How the record names a session without holding its token (issue 10 item 6: QA could read a
 * token from the audit trail and replay it). One-way: the ledger can tie a login to its lock and
 * logout, but nothing in it opens a session.
 */
import { createHash } from 'node:crypto';

export function sessionRef(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex').slice(0, 16);
}
