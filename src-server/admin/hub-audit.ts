/**
 * The hub's own audit trail (21 CFR 11.10(e)): who approved or refused an enrolment, revoked
 * or quarantined a station, created an account or changed master data, and when. Written in
 * the same transaction as the change it describes; append-only (migration 0001).
 */
import { hubAudit } from '../db/schema.ts';
import type { HubQuery } from '../db/open-hub-db.ts';

export interface AuditRecord {
  actor: string;
  action: string;
  subject: string;
  details?: Record<string, unknown>;
  ok?: boolean;
}

export async function audit(q: HubQuery, at: Date, record: AuditRecord): Promise<void> {
  await q.insert(hubAudit).values({ at, actor: record.actor, action: record.action, subject: record.subject, details: record.details ?? null, ok: record.ok ?? true });
}
