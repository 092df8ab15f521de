/**
 * The hub audit trail, queryable and exportable (issue 7 item 4; 21 CFR 11.10(b),(e); Annex 11
 * §9; COMPLIANCE.md A11-16, D25-01). Newest first with keyset paging on the id. An export is
 * itself an audited event: who took a copy of the trail, of what range, and how many rows.
 */
import { and, desc, eq, gte, like, lt, lte, type SQL } from 'drizzle-orm';
import type { AuditQuery, AuditRow } from '../../../src-shared/quality/hub-admin-contract.ts';
import { hubAudit } from '../../db/schema.ts';
import type { HubContext } from '../../hub-context.ts';
import type { HubPrincipal } from '../../admin/admin-auth.ts';
import { audit } from '../../admin/hub-audit.ts';

export const EXPORT_LIMIT = 100_000;

export class AuditQueryService {
  constructor(private readonly ctx: HubContext) {}

  async query(q: AuditQuery): Promise<AuditRow[]> {
    return this.select(q, q.limit ?? 200);
  }

  async export(actor: HubPrincipal, q: Omit<AuditQuery, 'before' | 'limit'>, format: 'csv' | 'json'): Promise<{ contentType: string; fileName: string; body: string; rows: number }> {
    const rows = await this.select(q, EXPORT_LIMIT);
    const now = this.ctx.clock.now();
    await audit(this.ctx.db, now, { actor: actor.username, action: 'audit.exported', subject: 'hub_audit', details: { format, rows: rows.length, filter: q } });
    const stamp = now.toISOString().replace(/[:.]/g, '-');
    if (format === 'json') return { contentType: 'application/json; charset=utf-8', fileName: `hub-audit-${stamp}.json`, body: JSON.stringify(rows, null, 1), rows: rows.length };
    const header = 'id,at,actor,action,subject,ok,details';
    const lines = rows.map((r) => [r.id, r.at, r.actor, r.action, r.subject, r.ok, r.details === null ? '' : JSON.stringify(r.details)].map(csvCell).join(','));
    // The UTF-8 BOM lets spreadsheet programs read Chinese names correctly.
    return { contentType: 'text/csv; charset=utf-8', fileName: `hub-audit-${stamp}.csv`, body: '\ufeff' + [header, ...lines].join('\r\n') + '\r\n', rows: rows.length };
  }

  private async select(q: AuditQuery, limit: number): Promise<AuditRow[]> {
    const where: SQL[] = [];
    if (q.from) where.push(gte(hubAudit.at, new Date(q.from)));
    if (q.to) where.push(lte(hubAudit.at, new Date(q.to)));
    if (q.actor) where.push(eq(hubAudit.actor, q.actor));
    if (q.action) where.push(like(hubAudit.action, `${q.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
    if (q.subject) where.push(eq(hubAudit.subject, q.subject));
    if (q.before) where.push(lt(hubAudit.id, q.before));
    const rows = await this.ctx.db.select().from(hubAudit).where(where.length > 0 ? and(...where) : undefined).orderBy(desc(hubAudit.id)).limit(limit);
    return rows.map((r) => ({ id: r.id, at: r.at.toISOString(), actor: r.actor, action: r.action, subject: r.subject, details: r.details, ok: r.ok }));
  }
}

/** RFC 4180 quoting; a leading = + - @ is defused so a spreadsheet never runs a cell as a formula. */
export function csvCell(v: unknown): string {
  let s = String(v ?? '');
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
