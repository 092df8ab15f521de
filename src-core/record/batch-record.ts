/**
 * Builds the batch record (src-shared/orders/batch-record.ts) of one order from its ledger
 * entries: pure, so `batchline record`, the hub and a future PDF renderer get the same record
 * from the same entries. Signatures and corrections are attached to the entry they name;
 * step status comes from the engine's own fold, so the record and the engine cannot disagree.
 */
import { labelRecord } from './label-record.ts';
import { formRecord, withCorrections, type FormEntry } from './form-record.ts';
import type { LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';
import { formatMass, type Mass } from '../../src-shared/mass.ts';
import type { FormCorrectionOutcome } from '../order/form-correction.ts';
import { valueText } from '../../src-shared/record/value-text.ts';
import type { BatchRecord, CorrectionNotApplied, DeviationRecord, EnvironmentExcursionRecord, IpqcLineRecord, MaterialLineRecord, Person, PortionRecord, RecordEvent, SignatureManifest, StepRecord } from '../../src-shared/orders/batch-record.ts';
import type { IpqcPayload } from '../../src-shared/ledger/entry-types/ipqc.ts';
import type { ExcursionView } from '../../src-shared/environment/environment-contract.ts';
import type { DispensingOrder } from '../../src-shared/orders/dispensing-order.ts';
import type { ExecutionPlan } from '../../src-shared/orders/execution-plan.ts';
import { replayOrder } from '../order/evolve-order.ts';
import { summarize } from './event-summary.ts';
import { batchRecordHash } from './batch-record-hash.ts';
import { invalidatedSignatures, type InvalidatingChange } from './signature-status.ts';

type P = Record<string, any>; // payloads were validated by their schemas on append

export interface RecordLookups {
  user(userId: string): { username: string; printedName: string } | undefined;
  /** A11-17: the station configuration version in force when entry `seq` was written. */
  configVersionAt?(seq: number): string;
}

/**
 * 21 CFR 11.50 / D25-03: printed name, user name, meaning, local date and time with the UTC
 * offset, and, when a second factor was given with the password, that it was ("password + TOTP").
 */
export function manifestation(p: { printedName: string; username: string; meaning: string; signedAt: string; tzOffset: string; mfa?: string }): string {
  const local = localTime(p.signedAt, p.tzOffset);
  const factor = p.mfa === 'totp' ? ' — password + TOTP' : '';
  return `${p.printedName} (${p.username}) — ${p.meaning} — ${local} ${p.tzOffset}${factor}`;
}

/** "2026-03-02 09:14:03" in the station's zone at signing (21 CFR 11.50(a)(2): date and time). */
function localTime(utc: string, offset: string): string {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  const minutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  return new Date(Date.parse(utc) + minutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}

export function buildBatchRecord(batchNumber: string, entries: readonly LedgerEntry[], lookups: RecordLookups): BatchRecord {
  const person = (id: string | null): Person | null => {
    if (id === null) return null;
    const u = lookups.user(id);
    return { userId: id, username: u?.username ?? null, printedName: u?.printedName ?? null };
  };
  const state = replayOrder(batchNumber, entries);
  const events = new Map<number, RecordEvent>();
  const toEvent = (e: LedgerEntry): RecordEvent => {
    const notApplied = e.type === 'form.value_corrected' ? correctionNotApplied(state.correctionOutcomes.get(e.seq)) : undefined;
    const ev: RecordEvent = { seq: e.seq, type: e.type, time: e.time, tzOffset: e.tzOffset, by: person(e.actor), hash: e.hash, summary: summarize(e, 'en', notApplied), data: e.payload, signatures: [], corrections: [] };
    if (notApplied) ev.correctionNotApplied = notApplied;
    events.set(e.seq, ev);
    return ev;
  };
  const plan = state.plan;
  const steps: StepRecord[] = state.steps.map((s) => ({
    index: s.index,
    stepId: s.planned.step.stepId,
    name: s.planned.step.name,
    type: s.planned.step.type,
    unitProcedureId: s.planned.unitProcedureId,
    operationId: s.planned.operationId,
    definition: s.planned.step,
    status: s.status,
    events: [],
    material: materialFor(plan, s.planned.step),
  }));
  const record: BatchRecord = {
    batchNumber,
    status: state.status,
    order: (state.order as DispensingOrder | null) ?? null,
    imported: null,
    plan,
    started: null,
    steps,
    deviations: [],
    environment: [],
    refusals: [],
    comments: [],
    completed: null,
    masterDataUsed: [],
    ledger: { entries: entries.length, firstSeq: entries[0]?.seq ?? null, lastSeq: entries.at(-1)?.seq ?? null, lastHash: entries.at(-1)?.hash ?? null },
    recordHash: batchRecordHash(batchNumber, entries),
  };
  const used = new Map<string, { kind: string; key: string; version: number }>();
  const use = (kind: string, key: string, version: number) => used.set(`${kind}:${key}@${version}`, { kind, key, version });
  const stepContext = new Map<number, { scan?: P; balance?: P; tare?: P }>();
  const formParts = new Map<number, FormEntry[]>();
  const invalidated = invalidatedSignatures(entries);
  const ipqc: IpqcLineRecord[] = [];
  for (const e of entries) {
    const p = e.payload as P;
    const ev = toEvent(e);
    switch (e.type) {
      case 'order.imported':
        record.imported = ev;
        continue;
      case 'order.started':
        record.started = ev;
        use('recipe', `${p.plan.recipeCode}@${p.plan.recipeVersion}`, p.plan.recipeVersion);
        use('booth', p.boothId, p.prechecks.booth.version);
        continue;
      case 'order.completed':
        record.completed = ev;
        continue;
      case 'engine.command_refused':
        record.refusals.push(ev);
        continue;
      case 'comment.recorded':
        record.comments.push(ev);
        continue;
      case 'signature.applied':
        attachSignature(events, record.deviations, p, e, invalidated.get(`${e.stationId}#${e.seq}`) ?? null);
        continue;
      case 'correction.recorded':
        events.get(p.targetSeq)?.corrections.push({ seq: e.seq, targetSeq: p.targetSeq, changes: p.changes, reason: p.reason, by: person(e.actor), time: e.time });
        continue;
      case 'deviation.raised':
        record.deviations.push(deviationRecord(e, p, person));
        break;
      case 'environment.excursion_recorded':
        addExcursion(record.environment, e);
        continue;
      case 'ipqc.result_recorded':
        ipqc.push(ipqcLine(e, p as IpqcPayload<'ipqc.result_recorded'>, person, ev));
        continue;
    }
    const index = typeof p.stepIndex === 'number' ? p.stepIndex : p.stepId ? steps.find((s) => s.stepId === p.stepId)?.index : undefined;
    const step = index === undefined ? undefined : steps[index];
    if (!step) continue;
    step.events.push(ev);
    const ctx = stepContext.get(step.index) ?? {};
    stepContext.set(step.index, ctx);
    if (e.type === 'dispense.container_scanned') {
      ctx.scan = p;
      use('container', p.container.containerId, p.container.version);
      use('lot', p.lot.lotId, p.lot.version);
    }
    if (e.type === 'dispense.balance_selected') {
      ctx.balance = p;
      use('balance', p.balance.balanceId, p.balance.version);
    }
    if (e.type === 'dispense.tared') ctx.tare = p;
    if (e.type === 'dispense.weighed' && step.material) step.material.portions.push(portionRecord(e, p, ctx));
    if (e.type === 'step.recorded' && step.definition.type === 'form') {
      const r = (p.result ?? {}) as { values?: Record<string, unknown>; calculated?: Record<string, string> };
      step.form = formRecord(step.definition.form, e.seq, [{ seq: e.seq, time: e.time, tzOffset: e.tzOffset, by: person(e.actor), values: r.values ?? {}, calculated: r.calculated ?? {} }]);
    }
    if (e.type === 'form.part_recorded' && step.definition.type === 'form') {
      // A form filled by more than one person (FR-105): the parts in ledger order, the first is the form's record.
      const parts = formParts.get(step.index) ?? [];
      formParts.set(step.index, parts);
      parts.push({ seq: e.seq, time: e.time, tzOffset: e.tzOffset, by: person(e.actor), values: p.values ?? {}, calculated: p.calculated ?? {} });
      step.form = { ...formRecord(step.definition.form, parts[0]!.seq, parts), parts: parts.map((x) => x.seq) };
    }
  }
  // FR-116: signed corrections of form values, as the fold applied them (a correction counts
  // with its recorder's "corrected" signature): shown on the form's fields and on the entry
  // that recorded the original, whose change history lists them like any correction. The
  // correction's entry is found through `events`, the record's own seq lookup (every entry has one).
  for (const step of steps) {
    const marks = state.forms.get(step.index)?.corrections ?? [];
    if (!step.form || marks.length === 0) continue;
    const list = marks.flatMap((m) => {
      const e = events.get(m.seq);
      if (!e) return [];
      const p = e.data as P;
      const calculated = (p.calculated ?? []) as { field: string; oldValue: string | null; newValue: string }[];
      events.get(p.targetSeq)?.corrections.push({
        seq: e.seq,
        targetSeq: p.targetSeq,
        changes: [{ path: p.field, oldValue: p.oldValue, newValue: p.newValue }, ...calculated.map((c) => ({ path: c.field, oldValue: c.oldValue, newValue: c.newValue }))],
        reason: p.reason,
        by: e.by,
        time: e.time,
      });
      return [{ seq: e.seq, time: e.time, tzOffset: e.tzOffset, by: e.by, field: p.field as string, oldValue: p.oldValue, newValue: p.newValue, calculated, reason: p.reason as string }];
    });
    step.form = withCorrections(step.form, list);
  }
  for (const step of steps) finishMaterial(step, state.steps[step.index]?.progress, record.deviations);
  const labels = labelRecord(state, events);
  if (labels) record.labels = labels;
  if (ipqc.length > 0) record.ipqc = ipqc;
  record.masterDataUsed = [...used.values()];
  if (lookups.configVersionAt) {
    const versions: NonNullable<BatchRecord['configVersions']> = [];
    for (const e of entries) {
      const v = lookups.configVersionAt(e.seq);
      const last = versions.at(-1);
      if (last?.version === v) last.entries += 1;
      else versions.push({ version: v, fromSeq: e.seq, entries: 1 });
    }
    record.configVersions = versions;
  }
  return record;
}

/**
 * FR-124: what the fold made of a form value correction, for its record line (record-line.ts):
 * nothing to say for one in force; a correction the fold never reached (its replay stopped, itself
 * an exception) had no effect there and reads as unsigned, as QA's review counts it.
 */
function correctionNotApplied(outcome: FormCorrectionOutcome | undefined): CorrectionNotApplied | undefined {
  if (outcome?.effect === 'applied') return undefined;
  if (outcome?.effect === 'stale') return { effect: 'stale', valueInForce: valueText(outcome.valueInForce) };
  return { effect: outcome?.effect ?? 'unsigned' };
}

function materialFor(plan: ExecutionPlan | null, def: StepRecord['definition']): MaterialLineRecord | null {
  if (def.type !== 'weigh' || !plan) return null;
  const line = plan.lines.find((l) => l.lineId === def.lineId)!;
  return { lineId: line.lineId, materialCode: line.materialCode, materialName: line.materialName, nominal: line.nominal, window: null, potencyCorrected: line.potency.corrected, portions: [], totalNet: null, totalContribution: null };
}

function portionRecord(e: LedgerEntry, p: P, ctx: { scan?: P; balance?: P; tare?: P }): PortionRecord {
  const lot = ctx.scan?.lot;
  const b = ctx.balance?.balance;
  return {
    seq: e.seq,
    portion: p.portion,
    containerId: p.containerId,
    lot: lot ? { lotId: lot.lotId, lotNumber: lot.lotNumber, qcStatus: lot.qcStatus, expiryDate: lot.expiryDate, retestDate: lot.retestDate, assayPercent: lot.assayPercent, waterPercent: lot.waterPercent } : null,
    balance: b
      ? { balanceId: b.balanceId, model: b.model, serialNumber: b.serialNumber, calibrationCertificate: b.calibrationCertificate, calibrationDueAt: b.calibrationDueAt, lastCheckSeq: b.lastCheckSeq, lastCheckAt: b.lastCheckAt, minimumWeight: b.minimumWeight }
      : null,
    method: p.method,
    tare: p.tareReading ? { mass: p.tareReading.mass, raw: p.tareReading.raw } : null,
    reading: { mass: p.reading.mass, raw: p.reading.raw },
    net: p.net,
    contribution: p.contribution,
    outcome: p.outcome,
    counted: p.outcome !== 'out-of-tolerance',
    deviationId: null,
  };
}

function finishMaterial(step: StepRecord, progress: { kind: string; lineWindow?: unknown; cumulative?: Mass; netTotal?: Mass; counted?: { seq: number; viaDeviationSeq: number | null }[] } | undefined, deviations: DeviationRecord[]): void {
  const m = step.material;
  if (!m || progress?.kind !== 'weigh') return;
  m.window = progress.lineWindow as MaterialLineRecord['window'];
  m.totalNet = progress.netTotal ?? null;
  m.totalContribution = progress.cumulative ?? null;
  for (const portion of m.portions) {
    const counted = progress.counted?.find((c) => c.seq === portion.seq);
    portion.counted = counted !== undefined;
    if (counted?.viaDeviationSeq) portion.deviationId = deviations.find((d) => d.seq === counted.viaDeviationSeq)?.deviationId ?? null;
  }
}

/** An IPQC result as a record line; its signatures are the event's, attached as they come. */
function ipqcLine(e: LedgerEntry, p: IpqcPayload<'ipqc.result_recorded'>, person: (id: string | null) => Person | null, ev: RecordEvent): IpqcLineRecord {
  return {
    seq: e.seq,
    time: e.time,
    tzOffset: e.tzOffset,
    checkId: p.checkId,
    checkName: p.checkName,
    occurrence: p.occurrence,
    overdue: p.overdue,
    source: p.source,
    balanceId: p.balanceId,
    values: p.source === 'typed' ? [...p.values] : p.readings.map((r) => formatMass(r.mass)),
    value: p.value,
    unit: p.unit,
    specification: p.specification,
    verdict: p.verdict,
    by: person(e.actor),
    signatures: ev.signatures,
  };
}

function deviationRecord(e: LedgerEntry, p: P, person: (id: string | null) => Person | null): DeviationRecord {
  return { seq: e.seq, deviationId: p.deviationId, category: p.category, stepId: p.stepId, targetSeq: p.targetSeq, code: p.code, reason: p.reason, raisedBy: person(e.actor), raisedAt: e.time, status: 'pending', approval: null };
}

function attachSignature(events: Map<number, RecordEvent>, deviations: DeviationRecord[], p: P, e: LedgerEntry, invalidatedBy: InvalidatingChange | null): void {
  const manifest: SignatureManifest = {
    seq: e.seq,
    meaning: p.meaning,
    signerId: p.signerId,
    username: p.username,
    printedName: p.printedName,
    signedAt: p.signedAt,
    tzOffset: p.tzOffset,
    certFingerprint: p.certFingerprint,
    invalidatedBy,
    manifestation: manifestation(p as { printedName: string; username: string; meaning: string; signedAt: string; tzOffset: string; mfa?: string }),
  };
  events.get(p.targetSeq)?.signatures.push(manifest);
  const d = deviations.find((x) => x.seq === p.targetSeq);
  if (d && p.meaning === 'approved' && d.approval === null) {
    d.status = 'approved';
    d.approval = manifest;
  }
}

/**
 * Folds one `environment.excursion_recorded` entry into a batch's excursions: the latest entry of
 * an excursion carries what is known of it (end, peak); all its entries are listed.
 */
export function addExcursion(excursions: EnvironmentExcursionRecord[], e: LedgerEntry): void {
  const p = e.payload as { excursion: ExcursionView; event: EnvironmentExcursionRecord['entries'][number]['event']; source: EnvironmentExcursionRecord['entries'][number]['source'] };
  const known = excursions.find((x) => x.excursionId === p.excursion.excursionId);
  const entry = { seq: e.seq, event: p.event, source: p.source, time: e.time };
  if (known) Object.assign(known, p.excursion, { entries: [...known.entries, entry] });
  else excursions.push({ ...p.excursion, entries: [entry] });
}
