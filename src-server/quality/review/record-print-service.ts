/**
 * The batch record and the batch's audit trail as people read and file them, from the hub
 * (issue 15 item 1, issue 11 item 2; COMPLIANCE A11-16, DI-09, P11-03, A11-14, A11-15): the one
 * batch-record builder and the one PDF renderer of src-core, fed with the entries the hub
 * verified, plus the hub's own review and release signatures and audit rows. Every print and
 * export is itself audited (who took which copy, in which language, of which record hash).
 */
import { and, asc, eq, inArray, or, like } from 'drizzle-orm';
import { existsSync, readFileSync } from 'node:fs';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { LedgerEntry } from '../../../src-shared/ledger/ledger-entry.ts';
import { buildBatchRecord } from '../../../src-core/record/batch-record.ts';
import { batchRecordPdf } from '../../../src-core/record/batch-record-pdf.ts';
import { auditCsv, auditPdf, sha256Hex, stationAuditRows, type AuditPrintRow } from '../../../src-core/ledger/audit-export.ts';
import type { AuditRecord } from '../../../src-core/ledger/audit-view.ts';
import { pickReportFont, type ReportFont } from '../../../src-core/report/pdf-font.ts';
import { printText } from '../../../src-shared/record/record-print-text.ts';
import { recordLocale } from '../../../src-shared/record/record-line-text.ts';
import { valueText } from '../../../src-shared/record/value-text.ts';
import { formatAtOffset, localOffset } from '../../../src-shared/time/zoned-time.ts';
import { SOFTWARE_VERSION } from '../../../src-shared/version.ts';
import { hubAudit, hubUsers, ledgerEntries } from '../../db/schema.ts';
import type { HubContext } from '../../hub-context.ts';
import type { HubPrincipal } from '../../admin/admin-auth.ts';
import { audit } from '../../admin/hub-audit.ts';
import type { ReviewService } from './review-service.ts';
import { ReportTemplateService } from '../../reports/report-template-service.ts';

export type PrintLang = 'en' | 'zh-CN';
const COPIES = new Set(['record.printed', 'audit.exported']);
export interface Printed {
  body: Buffer | string;
  contentType: string;
  fileName: string;
  /** Record hash (batch record) or content hash (audit export). */
  hash: string;
}

export class RecordPrintService {
  private readonly font: ReportFont;
  private readonly templates: ReportTemplateService;

  constructor(
    private readonly ctx: HubContext,
    private readonly reviews: ReviewService,
    font?: ReportFont,
  ) {
    this.font = font ?? pickReportFont(process.env.BATCHLINE_CJK_FONT, existsSync, readFileSync);
    this.templates = new ReportTemplateService(ctx);
  }

  async batchRecordPdf(who: HubPrincipal, batchNumber: string, lang: PrintLang): Promise<Result<Printed>> {
    const assessed = await this.reviews.assessNow(batchNumber);
    if (!assessed.ok) return assessed;
    const a = assessed.value;
    const users = await this.stationUsers(a.entries.map((e) => e.stationId));
    const record = buildBatchRecord(batchNumber, a.entries as unknown as LedgerEntry[], { user: (id) => users.get(id) });
    const now = this.ctx.clock.now();
    const printedBy = await this.printedName(who);
    // The effective batch-record template shapes the copy (issue 14 item 6); the copy names it.
    const template = await this.templates.effective('batch-record');
    const pdf = await batchRecordPdf(record, {
      ...(template ? { template } : {}),
      locale: lang,
      font: this.font,
      printedBy,
      printedAt: now,
      printedAtOffset: localOffset(now),
      softwareVersion: SOFTWARE_VERSION,
      hubSignatures: a.signatures.filter((s) => s.subjectKind === 'batch' || s.subjectKind === 'deviation'),
    });
    await audit(this.ctx.db, now, { actor: who.username, action: 'record.printed', subject: batchNumber, details: { lang, recordHash: record.recordHash, format: 'pdf', template: template ? `${template.ref.templateCode}@${template.ref.version}` : null } });
    return ok({ body: pdf, contentType: 'application/pdf', fileName: `batch-record-${batchNumber}-${lang}.pdf`, hash: record.recordHash });
  }

  /** "Every change to batch X": the batch's station entries and the hub's actions on it, in words. */
  async batchAudit(who: HubPrincipal, batchNumber: string, lang: PrintLang, format: 'json' | 'csv' | 'pdf'): Promise<Result<Printed & { rows: AuditPrintRow[] }>> {
    const rows = await this.batchAuditRows(batchNumber, lang);
    if (rows === null) return err('BATCH_UNKNOWN', `no batch ${batchNumber} has reached the hub`, { batchNumber });
    const now = this.ctx.clock.now();
    const csv = auditCsv(rows, lang);
    let out: Printed;
    if (format === 'pdf') {
      const t = printText(lang);
      const made = await auditPdf(rows, { locale: lang, font: this.font, title: batchNumber, filter: `${t.batch} ${batchNumber}`, printedBy: await this.printedName(who), printedAt: now, printedAtOffset: localOffset(now), softwareVersion: SOFTWARE_VERSION });
      out = { body: made.pdf, contentType: 'application/pdf', fileName: `audit-${batchNumber}-${lang}.pdf`, hash: made.contentHash };
    } else if (format === 'csv') out = { body: csv, contentType: 'text/csv; charset=utf-8', fileName: `audit-${batchNumber}-${lang}.csv`, hash: sha256Hex(csv) };
    else out = { body: JSON.stringify(rows), contentType: 'application/json; charset=utf-8', fileName: `audit-${batchNumber}-${lang}.json`, hash: sha256Hex(csv) };
    // Looking at the trail is not a copy; taking one away (CSV, PDF) is recorded (D25-01).
    if (format !== 'json') await audit(this.ctx.db, now, { actor: who.username, action: 'audit.exported', subject: batchNumber, details: { format, lang, rows: rows.length, contentHash: out.hash } });
    return ok({ ...out, rows });
  }

  private async batchAuditRows(batchNumber: string, lang: PrintLang): Promise<AuditPrintRow[] | null> {
    const stored = await this.ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.batchRef, batchNumber)).orderBy(asc(ledgerEntries.stationId), asc(ledgerEntries.seq));
    if (stored.length === 0) return null;
    const users = await this.stationUsers(stored.map((e) => e.stationId));
    const records: AuditRecord[] = stored.map((e) => {
      const p = e.payload as Record<string, unknown>;
      const u = e.actor ? users.get(e.actor) : undefined;
      const r: AuditRecord = { seq: e.seq, time: e.time, tzOffset: e.tzOffset, stationId: e.stationId, deviceId: null, actor: e.actor ? { userId: e.actor, username: u?.username ?? null, printedName: u?.printedName ?? null } : null, type: e.type, batchRef: e.batchRef, payload: p, hash: e.hash };
      if (e.type === 'correction.recorded') r.correction = { targetSeq: Number(p.targetSeq), changes: p.changes as { path: string; oldValue: unknown; newValue: unknown }[], reason: String(p.reason) };
      return r;
    });
    const stationRows = stationAuditRows(records, lang);
    const t = printText(lang);
    const offset = stored[0]!.tzOffset;
    const hubRows = await this.ctx.db
      .select()
      .from(hubAudit)
      .where(or(eq(hubAudit.subject, batchNumber), like(hubAudit.subject, `${batchNumber.replace(/[\\%_]/g, (c) => `\\${c}`)}#%`)))
      .orderBy(asc(hubAudit.id));
    // Copies taken of the record (prints, exports) change nothing in it: they stay in the hub
    // audit trail but not in the batch's, so two exports of an unchanged batch carry one hash.
    const hub: AuditPrintRow[] = hubRows.filter((r) => !COPIES.has(r.action)).map((r) => ({
      ref: `hub #${r.id}`,
      time: formatAtOffset(r.at.toISOString(), offset, recordLocale(lang)),
      utc: r.at.toISOString(),
      who: r.actor,
      what: `${t.hubActions[r.action] ?? r.action}${r.ok ? '' : ' ✗'}${r.details ? `: ${valueText(r.details)}` : ''}`,
      batch: batchNumber,
      change: '',
    }));
    return [...stationRows, ...hub].sort((x, y) => (x.utc < y.utc ? -1 : x.utc > y.utc ? 1 : 0));
  }

  private async stationUsers(stationIds: string[]): Promise<Map<string, { username: string; printedName: string }>> {
    const out = new Map<string, { username: string; printedName: string }>();
    const ids = [...new Set(stationIds)];
    if (ids.length === 0) return out;
    const rows = await this.ctx.db.select({ payload: ledgerEntries.payload }).from(ledgerEntries).where(and(inArray(ledgerEntries.stationId, ids), eq(ledgerEntries.type, 'user.created')));
    for (const r of rows) {
      const p = r.payload as { userId: string; username: string; printedName: string };
      out.set(p.userId, { username: p.username, printedName: p.printedName });
    }
    return out;
  }

  private async printedName(who: HubPrincipal): Promise<string> {
    const [u] = await this.ctx.db.select().from(hubUsers).where(eq(hubUsers.userId, who.userId));
    return u ? `${u.printedName} (${u.username})` : who.username;
  }
}
