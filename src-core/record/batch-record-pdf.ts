/**
 * The executed batch record as a PDF (issue 15 item 1; 21 CFR 11.10(b), Annex 11 §8.1 clear
 * printed copies, 11.50 signature manifestation; COMPLIANCE A11-14, A11-15, DI-13): every step
 * with what was recorded, the material lines with lots, balances and their calibration state,
 * the potency formula, each signature manifested (printed name, meaning, date and time with
 * offset), corrections marked on the amended entry and listed with old value, new value and
 * reason, deviations, in-process control (IPQC) results and refused attempts. Every page carries the batch, "page n of m", who
 * printed it when, and the record hash that QA review and QP release sign.
 *
 * The lines are the record lines every screen shows (src-shared/record), in the reader's
 * language, so the paper and the screens say the same words; it renders the one record
 * buildBatchRecord makes, never a second reading of the ledger.
 */
import type { BatchRecord, FormRecord, RecordEvent, SignatureManifest } from '../../src-shared/orders/batch-record.ts';
import { describeEntry } from '../../src-shared/record/record-line.ts';
import { RECORD_LINE_TEXT, recordLocale, renderRecordLine } from '../../src-shared/record/record-line-text.ts';
import { fill, printText, type RecordPrintText } from '../../src-shared/record/record-print-text.ts';
import { formatAtOffset } from '../../src-shared/time/zoned-time.ts';
import { formatMass } from '../../src-shared/mass.ts';
import { valueText } from '../../src-shared/record/value-text.ts';
import { createPdf, type PdfWriter } from '../report/pdf-document.ts';
import type { ReportFont } from '../report/pdf-font.ts';
import type { HubSignatureView } from '../../src-shared/quality/review-contract.ts';
import { BATCH_RECORD_SECTIONS, DEFAULT_BATCH_RECORD_TEMPLATE, OPTIONAL_SECTIONS, type BatchRecordSection, type BatchRecordTemplate, type HeaderField, type TemplateRef } from '../../src-shared/reports/report-template.ts';

export interface PrintContext {
  locale: string;
  font: ReportFont;
  /** Who printed it: printed name and user name. */
  printedBy: string;
  printedAt: Date;
  /** The printing machine's offset ("+08:00"), so the print time reads as local time. */
  printedAtOffset: string;
  softwareVersion: string;
  /** The hub's review, release and deviation-closure signatures, when the hub prints. */
  hubSignatures?: readonly HubSignatureView[];
  /** The effective batch-record template (issue 14 item 6); absent: the built-in layout. */
  template?: { ref: TemplateRef; content: BatchRecordTemplate };
}

/** A form's fields: title, value with unit (yes/no for a tick), who filled it and when, or how it was calculated (issue 14 item 2; FR-105). */
function formTable(pdf: PdfWriter, t: RecordPrintText, f: FormRecord, locale: string, w: number): void {
  const zh = locale === 'zh-CN';
  pdf.paragraph(fill(t.form.heading, { title: (zh ? f.titleZh : null) ?? f.title }));
  const fc = [w * 0.4, w * 0.25, w * 0.35] as const;
  pdf.row(fc, [t.form.field, t.form.value, t.form.by], { fill: '#eee' });
  const person = (p: { printedName?: string | null; username?: string | null; userId: string }) => `${p.printedName ?? p.userId} (${p.username ?? p.userId})`;
  for (const x of f.fields) {
    const text = (v: string | number | boolean | null) => (v === null ? t.form.empty : typeof v === 'boolean' ? (v ? t.yes : t.no) : `${String(v)}${x.unit ? ` ${x.unit}` : ''}`);
    const value = text(x.value);
    const when = x.filledIn ? formatAtOffset(x.filledIn.time, x.filledIn.tzOffset, locale) : null;
    const who = x.filledBy ? `${person(x.filledBy)}${when ? `, ${when}` : ''}` : '—';
    let by = x.calculation !== null ? fill(t.form.calculated, { expression: x.calculation }) : who;
    // FR-116: the original stays in sight; each correction says from what, to what, who, when, why.
    for (const c of x.corrections ?? []) {
      by += `\n${c.through !== null ? fill(t.form.recalculated, { seq: c.seq, field: c.through, old: text(c.oldValue), new: text(c.newValue) }) : fill(t.form.corrected, { seq: c.seq, old: text(c.oldValue), new: text(c.newValue), by: c.by ? person(c.by) : '—', when: formatAtOffset(c.time, c.tzOffset, locale), reason: c.reason })}`;
    }
    pdf.row(fc, [(zh ? x.titleZh : null) ?? x.title, value, by], { fill: (x.corrections ?? []).length > 0 ? '#fdecc8' : null });
  }
}

export async function batchRecordPdf(r: BatchRecord, c: PrintContext): Promise<Buffer> {
  const t = printText(c.locale);
  const locale = recordLocale(c.locale);
  const at = (iso: string, offset: string) => formatAtOffset(iso, offset, locale);
  const printedAt = at(c.printedAt.toISOString(), c.printedAtOffset);
  const layout = c.template?.content ?? DEFAULT_BATCH_RECORD_TEMPLATE;
  const title = layout.title[locale] || t.batchRecord;
  const templateName = c.template ? fill(t.templateVersion, { template: c.template.ref.templateCode, version: c.template.ref.version }) : null;
  const pdf = await createPdf({ font: c.font, title: `${title} ${r.batchNumber}`, subject: `${t.recordHash} ${r.recordHash}${templateName ? ` · ${templateName}` : ''}`, creator: `Batchline ${c.softwareVersion}`, creationDate: c.printedAt });
  const { doc } = pdf;
  const w = pdf.width;

  doc.fontSize(16).text(pdf.txt(`${title} — ${r.batchNumber}`));
  if (!c.font.path) pdf.paragraph(fill(t.fontMissing, { lookedFor: c.font.lookedFor }), { color: '#a00' });
  doc.moveDown(0.3);
  const o = r.order;
  const plan = r.plan;
  // The recipe version and the content hash its approvers signed (issue 14 item 5): the plan names both.
  const recipe = plan ? `${plan.recipeCode} v${plan.recipeVersion}` : o ? `${o.recipeCode} v${o.recipeVersion}` : null;
  const fact: Record<HeaderField, [string, string] | null> = {
    batch: [t.batch, r.batchNumber],
    status: [t.status, t.batchStatus[r.status] ?? r.status],
    product: o ? [t.product, o.productCode] : null,
    recipe: recipe ? [t.recipe, recipe] : null,
    recipeHash: plan ? [t.recipeHash, plan.recipeContentHash ?? plan.recipeHash] : null,
    batchSize: o ? [t.batchSize, formatMass(o.batchSize)] : null,
    ledgerEntries: [t.ledgerEntries, `${r.ledger.entries} (#${r.ledger.firstSeq ?? '—'} … #${r.ledger.lastSeq ?? '—'})`],
    recordHash: [t.recordHash, r.recordHash],
    printedBy: [t.printedBy, c.printedBy],
    printedAt: [t.printedAt, printedAt],
    site: layout.siteName ? [t.site, layout.siteName] : null,
  };
  for (const f of layout.headerFields) {
    const kv = fact[f];
    if (kv) pdf.paragraph(`${kv[0]}: ${kv[1]}`);
  }
  if (c.template) pdf.paragraph(`${t.template}: ${c.template.ref.templateCode} v${c.template.ref.version} (${c.template.ref.contentHash.slice(0, 16)}…)`, { size: 8 });

  const cols = [44, 96, 80, w - 220] as const;
  const eventTable = (events: RecordEvent[]) => {
    if (events.length === 0) return;
    pdf.row(cols, [t.entry, t.time, t.by, t.what], { fill: '#ddd' });
    for (const ev of events) eventRow(pdf, t, cols, ev, locale, at);
  };

  const sections: Record<BatchRecordSection, () => void> = {
    order: () => {
      pdf.heading(t.order);
      eventTable([r.imported, r.started].filter((x): x is RecordEvent => x !== null));
    },
    steps: () => {
      pdf.heading(t.steps, 13);
      for (const s of r.steps) {
        const stepType = RECORD_LINE_TEXT[locale].codes.stepType[s.type] ?? s.type;
        pdf.heading(`${t.step} ${s.stepId} — ${s.name} (${stepType}) — ${t.stepStatus[s.status] ?? s.status}`, 10.5);
        const m = s.material;
        if (m) {
          pdf.paragraph(`${t.material}: ${m.materialCode} ${m.materialName}; ${t.nominal} ${formatMass(m.nominal)}; ${t.window} ${m.window ? `${formatMass(m.window.target)} (${formatMass(m.window.lower)} … ${formatMass(m.window.upper)})` : '—'}; ${t.potencyCorrected}: ${m.potencyCorrected ? t.yes : t.no}`);
          if (m.portions.length > 0) {
            const pc = [40, 90, 146, 54, 60, 60, w - 450] as const;
            pdf.row(pc, [t.portion, t.lot, t.balance, t.tare, t.reading, t.net, t.outcome], { fill: '#eee' });
            for (const p of m.portions) {
              const lot = p.lot ? `${p.lot.lotNumber} (${RECORD_LINE_TEXT[locale].codes.qcStatus[p.lot.qcStatus] ?? p.lot.qcStatus}), ${t.expiry} ${p.lot.expiryDate}${p.lot.assayPercent ? `, ${p.lot.assayPercent} %` : ''}` : '—';
              const b = p.balance;
              const bal = b ? `${b.balanceId} ${b.model} S/N ${b.serialNumber}; ${fill(t.calibration, { certificate: b.calibrationCertificate, due: b.calibrationDueAt.slice(0, 10), checked: b.lastCheckAt.slice(0, 10) })}` : '—';
              // A corrected weighing is marked where its value is printed, not only in the history.
              const amended = (s.events.find((e) => e.seq === p.seq)?.corrections ?? []).map((x) => fill(t.amended, { fields: x.changes.map((ch) => `${ch.path}: ${valueText(ch.oldValue)} → ${valueText(ch.newValue)}`).join(', '), seq: x.seq }));
              const outcome = [`${RECORD_LINE_TEXT[locale].codes.outcome[p.outcome] ?? p.outcome}; ${p.counted ? t.counted : t.notCounted}${p.deviationId ? `; ${t.deviation} ${p.deviationId}` : ''}`, ...amended].join('\n');
              pdf.row(pc, [String(p.portion), lot, bal, p.tare ? formatMass(p.tare.mass) : '—', formatMass(p.reading.mass), formatMass(p.net), outcome], { fill: amended.length > 0 ? '#fdecc8' : null });
            }
            if (m.totalNet) pdf.paragraph(fill(t.lineTotal, { total: formatMass(m.totalNet), pure: m.totalContribution ? formatMass(m.totalContribution) : '—' }));
          }
        }
        if (s.form) formTable(pdf, t, s.form, locale, w);
        eventTable(s.events);
      }
    },
    deviations: () => {
      pdf.heading(t.deviations, 13);
      if (r.deviations.length === 0) pdf.paragraph(t.noDeviations);
      else {
        const dc = [70, 80, w - 380, 110, 120] as const;
        pdf.row(dc, [t.deviation, t.category, t.reason, t.raised, t.approval], { fill: '#ddd' });
        for (const d of r.deviations) {
          const raised = `${d.raisedBy?.printedName ?? d.raisedBy?.userId ?? '—'}, ${at(d.raisedAt, r.started?.tzOffset ?? '+00:00')} (#${d.seq})`;
          pdf.row(dc, [d.deviationId, RECORD_LINE_TEXT[locale].codes.category[d.category] ?? d.category, d.reason, raised, d.approval ? manifest(d.approval, locale, at) : t.pending]);
        }
      }
    },
    ipqc: () => {
      if (r.ipqc || (r.plan?.checkPlans?.length ?? 0) > 0) {
        pdf.heading(t.ipqc, 13);
        const lines = r.ipqc ?? [];
        if (lines.length === 0) pdf.paragraph(t.noIpqc);
        else {
          const ic = [84, 100, w - 424, 60, 90, 90] as const;
          const c = t.ipqcColumns;
          pdf.row(ic, [c.time, c.check, c.values, c.mean, c.verdict, c.by], { fill: '#ddd' });
          for (const l of lines) {
            const check = `${fill(t.ipqcOccurrence, { check: l.checkName, occurrence: l.occurrence })}${l.overdue ? ` (${t.ipqcOverdue})` : ''}\n${fill(t.ipqcSpec, { lower: l.specification.lower ?? '—', upper: l.specification.upper ?? '—' })} ${l.unit}`;
            const values = `${l.values.join('; ')}${l.balanceId ? `\n${l.balanceId}` : ''}`;
            const v = l.verdict;
            const verdict = [v.oosSide ? t.ipqcVerdict[v.oosSide] : null, v.ootRules.length > 0 ? fill(t.ipqcVerdict.oot, { rules: v.ootRules.map((x) => x.rule).join(', ') }) : null].filter((x): x is string => x !== null).join('\n') || t.ipqcVerdict.pass;
            const by = l.signatures.length > 0 ? l.signatures.map((sig) => manifest(sig, locale, at)).join('\n') : `${l.by?.printedName ?? l.by?.userId ?? '—'} — ${t.ipqcUnsigned}`;
            const bad = v.oos || v.ootRules.length > 0;
            pdf.row(ic, [`${at(l.time, l.tzOffset)} (#${l.seq})`, check, values, `${l.value} ${l.unit}`, verdict, by], { fill: bad ? '#fdecc8' : null });
          }
        }
      }
    },
    labels: () => {
      if (r.labels) {
        pdf.heading(t.labelReconciliation, 13);
        pdf.paragraph(fill(t.labelCounts, { issued: r.labels.issued, printed: r.labels.printed, reprinted: r.labels.reprinted, used: r.labels.used, destroyed: r.labels.destroyed }));
        const unknown = r.labels.outcomeUnknown ?? [];
        if (r.labels.balanced) pdf.paragraph(t.labelsBalanced);
        if (r.labels.unaccounted.length > 0 || (!r.labels.balanced && unknown.length === 0)) pdf.paragraph(fill(t.labelsMismatch, { labels: r.labels.unaccounted.join(', ') }), { color: '#a00' });
        // FR-139: a print announced whose outcome the ledger never took: perhaps printed, never silently unprinted.
        if (unknown.length > 0) pdf.paragraph(fill(t.labelsOutcomeUnknown, { labels: unknown.join(', ') }), { color: '#a00' });
        if (r.labels.events.length > 0) eventTable(r.labels.events);
      }
    },
    environment: () => {
      pdf.heading(t.environment, 13);
      if (r.environment.length === 0) pdf.paragraph(t.noEnvironment);
      else {
        const xc = [60, 90, 55, 110, 110, 60, w - 485] as const;
        const c = t.excursionColumns;
        const codes = RECORD_LINE_TEXT[locale].codes;
        pdf.row(xc, [c.room, c.quantity, c.level, c.started, c.ended, c.peak, c.limit], { fill: '#ddd' });
        const offset = r.started?.tzOffset ?? '+00:00';
        for (const x of r.environment) {
          const limit = x.level === 'action' ? x.actionLimit : x.alertLimit;
          pdf.row(xc, [x.room, codes.quantity[x.quantity] ?? x.quantity, codes.envLevel[x.level] ?? x.level, at(x.startedAt, offset), x.endedAt ? at(x.endedAt, offset) : c.ongoing, `${x.peak.value} ${x.unit}`, limit === null ? '—' : `${limit} ${x.unit}`]);
        }
      }
    },
    refusals: () => {
      pdf.heading(t.refusals, 13);
      if (r.refusals.length === 0) pdf.paragraph(t.noRefusals);
      else eventTable(r.refusals);
    },
    comments: () => {
      if (r.comments.length > 0) {
        pdf.heading(t.comments, 13);
        eventTable(r.comments);
      }
    },
    changeHistory: () => {
      pdf.heading(t.changeHistory, 13);
      const corrections = allEvents(r).flatMap((ev) => ev.corrections.map((x) => ({ ev, x })));
      if (corrections.length === 0) pdf.paragraph(t.noChanges);
      else {
        const hc = [44, 86, 70, 60, 70, 70, w - 400] as const;
        pdf.row(hc, [t.entry, t.time, t.by, t.field, t.oldValue, t.newValue, t.reason], { fill: '#ddd' });
        for (const { ev, x } of corrections) {
          for (const ch of x.changes) {
            pdf.row(hc, [`#${x.seq} → #${x.targetSeq}`, at(x.time, ev.tzOffset), x.by?.printedName ?? x.by?.userId ?? '—', ch.path, valueText(ch.oldValue), valueText(ch.newValue), x.reason]);
          }
        }
      }
    },
    signatures: () => {
      pdf.heading(t.signatures, 13);
      const sigs = [...allEvents(r), ...(r.ipqc ?? [])].flatMap((ev) => ev.signatures.map((s) => ({ ev, s }))).sort((a, b) => a.ev.seq - b.ev.seq || a.s.seq - b.s.seq);
      if (sigs.length === 0) pdf.paragraph(t.noSignatures);
      for (const { ev, s } of sigs) {
        pdf.paragraph(`#${s.seq} → #${ev.seq}: ${manifest(s, locale, at)}`);
        if (s.invalidatedBy) pdf.paragraph(fill(t.invalidated, { time: at(s.invalidatedBy.time, s.invalidatedBy.tzOffset), seq: s.invalidatedBy.seq }), { color: '#a00' });
      }
    },
    hubSignatures: () => {
      if (c.hubSignatures && c.hubSignatures.length > 0) {
        pdf.heading(t.hubSignatures, 13);
        for (const s of c.hubSignatures) {
          const meaning = RECORD_LINE_TEXT[locale].codes.meaning[s.meaning] ?? s.meaning;
          const state = s.valid ? (s.current ? '' : ` — ${t.notCurrent}`) : ` — ${t.notValid}: ${s.problem ?? ''}`;
          pdf.paragraph(`${s.subjectKind === 'deviation' ? `${t.deviation} ${s.subjectKey}: ` : ''}${s.printedName} (${s.username}) — ${meaning} — ${at(s.signedAt, s.tzOffset)}${s.comment ? ` — ${s.comment}` : ''}${state}`, s.valid && s.current ? {} : { color: '#a00' });
        }
      }
    },
    masterDataUsed: () => {
      pdf.heading(t.masterDataUsed, 11);
      pdf.paragraph(r.masterDataUsed.map((u) => `${u.kind} ${u.key} v${u.version}`).join('; ') || '—', { size: 8 });
    },
    completed: () => {
      pdf.heading(t.completed, 11);
      if (r.completed) eventTable([r.completed]);
      else pdf.paragraph(t.notCompleted);
    },
  };
  // A template orders the sections; one a complete copy needs is printed even if a template left it out.
  const order = [...layout.sections, ...BATCH_RECORD_SECTIONS.filter((x) => !layout.sections.includes(x) && !OPTIONAL_SECTIONS.includes(x))];
  for (const section of new Set(order)) sections[section]();

  const extra = [templateName, layout.footer[locale]].filter((x): x is string => !!x).join(' · ');
  return pdf.finish((n, count) => `${t.batch} ${r.batchNumber} · ${fill(t.page, { n, m: count })} · ${t.printedBy} ${c.printedBy}, ${printedAt} · ${t.recordHash} ${r.recordHash}${extra ? ` · ${extra}` : ''}`);
}

function eventRow(pdf: PdfWriter, t: RecordPrintText, cols: readonly number[], ev: RecordEvent, locale: 'en' | 'zh-CN', at: (iso: string, off: string) => string): void {
  const time = (iso: string) => at(iso, ev.tzOffset);
  let what = renderRecordLine(describeEntry(ev.type, ev.data, ev.correctionNotApplied), locale, time);
  for (const x of ev.corrections) what += `\n${fill(t.amended, { fields: x.changes.map((ch) => `${ch.path}: ${valueText(ch.oldValue)} → ${valueText(ch.newValue)}`).join(', '), seq: x.seq })}`;
  for (const s of ev.signatures) {
    what += `\n${t.signed}: ${manifest(s, locale, at)}`;
    if (s.invalidatedBy) what += `\n${fill(t.invalidated, { time: at(s.invalidatedBy.time, s.invalidatedBy.tzOffset), seq: s.invalidatedBy.seq })}`;
  }
  const amended = ev.corrections.length > 0 || ev.signatures.some((s) => s.invalidatedBy);
  pdf.row(cols, [`#${ev.seq}`, time(ev.time), ev.by ? `${ev.by.printedName ?? ''} (${ev.by.username ?? ev.by.userId})` : '—', what], { fill: amended ? '#fdecc8' : null });
}

/** Printed name (user name) — meaning — date and time with offset (21 CFR 11.50(a)). */
export function manifest(s: SignatureManifest, locale: 'en' | 'zh-CN', at: (iso: string, off: string) => string): string {
  const meaning = RECORD_LINE_TEXT[locale].codes.meaning[s.meaning] ?? s.meaning;
  return `${s.printedName} (${s.username}) — ${meaning} — ${at(s.signedAt, s.tzOffset)}`;
}

function allEvents(r: BatchRecord): RecordEvent[] {
  const out = [r.imported, r.started, ...r.steps.flatMap((s) => s.events), ...r.refusals, ...r.comments, r.completed].filter((x): x is RecordEvent => x !== null);
  return out.sort((a, b) => a.seq - b.seq);
}
