/**
 * One batch-record or audit line as DATA: a message key, the values it names, and which of
 * those values are codes to be translated (a QC status, an outcome, a meaning). The station UI,
 * the hub console, the CLI and the printed record all render a line from this one description
 * in the reader's language (record-line-text.ts), so a zh-CN reviewer never reads an English
 * sentence the engine wrote, and no two places describe the same entry differently.
 *
 * Values are the entry's own facts: ids, lot numbers, masses with their units as recorded
 * (exact decimals, never re-computed), ISO dates. Times are handed over as ISO strings under a
 * key listed in `times`, so each screen shows them in its zone with the offset.
 */
import { z } from 'zod';
import { atReadability, formatMass, inReadabilityUnit, type Mass } from '../mass.ts';
import { lineTotalAt } from '../recipe/window-at-readability.ts';
import { valueText } from './value-text.ts';
import { reconciliationLine } from './reconciliation-lines.ts';
import type { CorrectionNotApplied } from '../orders/batch-record.ts';
import { SYSTEM_REASON_KEYS, systemReasonLineKey, type SystemReasonKey } from './system-reasons.ts';

/** Code lists whose members are translated, by list name. */
export const RECORD_ENUMS = ['returnFinding', 'decision', 'qcStatus', 'outcome', 'method', 'meaning', 'category', 'stepType', 'labelKind', 'verdict', 'source', 'role', 'sessionReason', 'lockReason', 'certificateKind', 'verification', 'timePolicy', 'changeoverReason', 'quantity', 'envEvent', 'envLevel', 'equipmentClass', 'cleaningBasis', 'cleaningLevel'] as const;
export type RecordEnum = (typeof RECORD_ENUMS)[number];

export interface RecordLine {
  key: string;
  values: Record<string, string | number>;
  /** Value name → code list: the value is a code, shown through that list's labels. */
  codes: Record<string, RecordEnum>;
  /** Value names that hold ISO 8601 times, shown in the reader's zone with the offset. */
  times: string[];
  /** Further clauses of the same line (a potency formula), rendered after it. */
  extra?: Omit<RecordLine, 'extra'>[];
}

export const RecordLineSchema = z.object({
  key: z.string(),
  values: z.record(z.string(), z.union([z.string(), z.number()])),
  codes: z.record(z.string(), z.enum(RECORD_ENUMS)),
  times: z.array(z.string()),
  extra: z.array(z.object({ key: z.string(), values: z.record(z.string(), z.union([z.string(), z.number()])), codes: z.record(z.string(), z.enum(RECORD_ENUMS)), times: z.array(z.string()) })).optional(),
});

type P = Record<string, any>; // payloads were validated by their schemas on append

/**
 * Masses at the readability the entry names (issue 18): a reading as read, a computed mass
 * rounded to the balance in use. Entries written before readabilities were recorded show their
 * masses as stored.
 */
const m = (x: Mass | null | undefined, d?: Mass | null): string => (x ? formatMass(x, d) : '—');
type Window = { target: Mass; lower: Mass; upper: Mass; readability?: Mass };
/**
 * The potency formula as a clause (line quantity, assay, water, adjusted target). The line
 * quantity still to dispense is an exact remainder (1.000 kg − 0.5958072 kg); it is shown at the
 * readability the target is shown at, never to more decimals than the balance reads.
 */
function potencyClause(a: P | undefined, rounded: Window | undefined): Omit<RecordLine, 'extra'>[] {
  if (!a) return [];
  const d = rounded?.readability;
  const values = { line: m(a.lineQuantity, d), assay: String(a.assayPercent), water: str(a.waterPercent ?? '0'), fraction: String(a.fraction), target: m(rounded?.target ?? a.adjustedTarget) };
  return [{ key: a.basis === 'anhydrous' ? 'potencyAnhydrous' : 'potencyAsIs', values, codes: {}, times: [] }];
}
const line = (key: string, values: RecordLine['values'] = {}, codes: RecordLine['codes'] = {}, times: string[] = []): RecordLine => ({ key, values, codes, times });
const usbText = (u: P | null | undefined): string => (u && u.vendorId ? `USB ${u.vendorId}:${u.productId}${u.serialNumber ? ` S/N ${u.serialNumber}` : ''}` : '—');
const str = (v: unknown): string => (v === null || v === undefined ? '—' : String(v));

/**
 * FR-145: a print the printer did not confirm (`confirmation: 'sent'`: delivered to a printer that
 * gives no status) says so under its line; one it confirmed by its host status reads as printed.
 */
export function sentNoStatus(p: P, l: RecordLine): RecordLine {
  return p.confirmation === 'sent' ? { ...l, extra: [...(l.extra ?? []), { key: 'printSentNoStatus', values: {}, codes: {}, times: [] }] } : l;
}

/**
 * Describes an entry by type and payload; an unknown or malformed entry is named by its type.
 * `notApplied`: what the order fold made of a form value correction it did not apply (FR-124,
 * the batch record's `correctionNotApplied`), so the line says "not applied" / "not signed"
 * instead of reading as a correction in force. A batch record's event line is
 * `describeEntry(ev.type, ev.data, ev.correctionNotApplied)` wherever it is shown.
 */
export function describeEntry(type: string, payload: unknown, notApplied?: CorrectionNotApplied): RecordLine {
  try {
    const p = (payload ?? {}) as P;
    if (type === 'form.value_corrected' && notApplied) return correctionLine(p, notApplied);
    return describe(type, p) ?? reconciliationLine(type, p) ?? line('entry', { type });
  } catch {
    return line('entry', { type });
  }
}

/** Line keys of a form value correction by what the fold made of it (FR-116, FR-124). */
const CORRECTION_KEYS: Record<CorrectionNotApplied['effect'] | 'applied', string> = {
  applied: 'formValueCorrected',
  stale: 'formValueCorrectionStale',
  unsigned: 'formValueCorrectionUnsigned',
  'no-form': 'formValueCorrectionNoForm',
  inconsistent: 'formValueCorrectionInconsistent',
};

/** FR-116: one recorded value corrected, the calculations it recomputed, why; FR-124: whether it took effect. */
function correctionLine(p: P, notApplied?: CorrectionNotApplied): RecordLine {
  const calc = Array.isArray(p.calculated) ? (p.calculated as P[]).map((c) => `; ${str(c.field)} ${str(c.oldValue)} → ${str(c.newValue)}`).join('') : '';
  const values: RecordLine['values'] = { target: p.targetSeq, field: p.field, old: str(p.oldValue), new: str(p.newValue), recalculated: calc, reason: p.reason };
  if (notApplied?.effect === 'stale') values.inForce = str(notApplied.valueInForce);
  // FR-125: stale though the value in force is the one it names — other corrections changed it and put it back.
  if (notApplied?.effect === 'stale' && values.inForce === values.old) return line('formValueCorrectionStaleReturned', values);
  return line(CORRECTION_KEYS[notApplied?.effect ?? 'applied'], values);
}

function describe(type: string, p: P): RecordLine | null {
  switch (type) {
    case 'order.imported':
      return line('orderImported', { source: p.source.kind, file: str(p.source.fileName), product: p.order.productCode, recipe: p.order.recipeCode, version: p.order.recipeVersion, size: m(p.order.batchSize) }, { source: 'source' });
    case 'order.started':
      return line('orderStarted', { booth: p.boothId, recipe: p.plan.recipeCode, version: p.plan.recipeVersion, age: str(p.prechecks.masterDataAgeMinutes) }, {});
    case 'environment.excursion_recorded': {
      const x = p.excursion;
      return line('environmentExcursion', { event: p.event, room: x.room, quantity: x.quantity, level: x.level, peak: x.peak.value, unit: x.unit, limit: str(x.level === 'action' ? x.actionLimit : x.alertLimit), startedAt: x.startedAt }, { event: 'envEvent', quantity: 'quantity', level: 'envLevel' }, ['startedAt']);
    }
    case 'equipment.used': {
      const c = p.clearance ?? {};
      // Class and cleaning basis are codes, given words in the reader's language (issue 13 item 5).
      return line('equipmentUsed', { equipment: p.equipmentId, class: p.class, product: p.product, pq: str(c.qualification?.pq), calibrationDue: str(c.calibrationDueAt), maintenanceDue: str(c.maintenanceDueAt), cleaning: str(c.cleaning?.basis), cleanedAt: str(c.cleaning?.cleanedAt) }, { class: 'equipmentClass', cleaning: 'cleaningBasis' }, []);
    }
    case 'equipment.logbook_recorded':
      if (p.kind === 'cleaning') return line('equipmentCleaned', { equipment: p.equipmentId, level: p.level, startedAt: p.startedAt, endedAt: p.endedAt, agent: p.agent, note: p.note }, { level: 'cleaningLevel' }, ['startedAt', 'endedAt']);
      return line(p.kind === 'maintenance' ? 'equipmentMaintained' : 'equipmentBrokeDown', { equipment: p.equipmentId, at: p.at, note: p.note }, {}, ['at']);
    case 'order.completed':
      return line('orderCompleted', { steps: p.steps, portions: p.portions, deviations: p.deviations });
    case 'step.recorded':
      return stepLine(p);
    case 'form.part_recorded': {
      // One person's part of a form filled by more than one (FR-105): what it added, what stays open.
      const pairs = [...Object.entries((p.values ?? {}) as P), ...Object.entries((p.calculated ?? {}) as P)].map(([k, v]) => `${k} = ${str(v)}`);
      const open = Array.isArray(p.open) ? (p.open as string[]) : [];
      return open.length > 0 ? line('formPartOpen', { values: pairs.join('; '), open: open.join(', ') }) : line('formPartLast', { values: pairs.join('; ') });
    }
    case 'form.value_corrected':
      return correctionLine(p);
    case 'timer.started':
      return line('timerStarted', { seconds: p.durationSeconds, endsAt: p.endsAt }, {}, ['endsAt']);
    case 'label.printed':
      // A training preview is never read as a printed label (issue 18 item 18).
      return sentNoStatus(p, line(p.printerId ? 'labelPrinted' : p.preview ? 'labelPreviewed' : 'labelRecorded', { count: Array.isArray(p.labels) ? p.labels.length : 0, printer: str(p.printerId), kind: str(p.labelKind) }, { kind: 'labelKind' }));
    case 'dispense.container_scanned': {
      const w: Window = p.portionWindowAtReadability ?? p.portionWindow;
      return {
        ...line(
          p.partial ? 'containerScannedPartial' : 'containerScanned',
          {
            container: p.container.containerId,
            material: p.lot.materialCode,
            lot: p.lot.lotNumber,
            status: p.lot.qcStatus,
            expiry: p.lot.expiryDate,
            retest: str(p.lot.retestDate),
            // Stock in the balance's unit: "990.0000 g", never "0.9900000 kg" (issue 18).
            left: m(w.readability ? inReadabilityUnit(p.container.left, w.readability) : p.container.left),
            target: m(w.target),
            lower: m(w.lower),
            upper: m(w.upper),
          },
          { status: 'qcStatus' },
        ),
        extra: [
          ...potencyClause(p.potencyAdjustment, p.portionWindowAtReadability),
          ...(p.manualEntry ? [{ key: 'typedByHand', values: { reason: p.manualEntry.reason }, codes: {}, times: [] }] : []),
          ...(p.containerChoice && !p.containerChoice.followed
            ? [{ key: 'containerNotSuggested', values: { suggested: str(p.containerChoice.suggested), reason: str(p.containerChoice.reason) }, codes: {}, times: [] }]
            : []),
        ],
      };
    }
    case 'dispense.balance_selected': {
      const d: Mass = p.balance.readability;
      // A minimum weight is a lower limit: rounded up to the readability, never below USP <41>'s value.
      const minimum = d ? m(atReadability(p.balance.minimumWeight, d, 'up')) : m(p.balance.minimumWeight);
      const w: Window | undefined = p.portionWindowAtReadability;
      return {
        ...line('balanceSelected', {
          balance: p.balance.balanceId,
          model: p.balance.model,
          serial: p.balance.serialNumber,
          readability: m(d),
          certificate: p.balance.calibrationCertificate,
          due: p.balance.calibrationDueAt,
          checkedAt: p.balance.lastCheckAt,
          minimum,
        }, {}, ['due', 'checkedAt']),
        extra: [
          ...(w ? [{ key: 'weighWindow', values: { target: m(w.target), lower: m(w.lower), upper: m(w.upper) }, codes: {}, times: [] }] : []),
          ...(p.chosenBy === 'station' ? [{ key: 'chosenByStation', values: { candidates: Array.isArray(p.candidates) ? p.candidates.join(', ') : '—' }, codes: {}, times: [] }] : []),
        ],
      };
    }
    case 'dispense.tare_requested':
      return line('tareRequested', { balance: p.balanceId, seq: p.replacesSeq });
    case 'balance.tare_changed': {
      // FR-142: a tare or zero made on the balance's own keys, with what showed it.
      const seen = Array.isArray(p.seen) ? (p.seen as P[]) : [];
      return {
        ...line('tareChanged', { balance: p.balanceId, seq: p.tareSeq, reading: p.reading ? m(p.reading.mass) : '—' }),
        extra: [
          ...(Array.isArray(p.detectedBy) && p.detectedBy.includes('tare-query') ? [{ key: 'tareAsked', values: { found: m(p.balanceTare?.mass), recorded: m(p.recordedTare?.mass) }, codes: {}, times: [] }] : []),
          ...seen.slice(0, 3).map((x) => ({ key: 'tareSeen', values: { before: m(x.before?.mass), after: m(x.after?.mass) }, codes: {}, times: [] })),
        ],
      };
    }
    case 'dispense.tared':
      return line('tared', { method: p.method, reading: p.reading ? m(p.reading.mass) : '—' }, { method: 'method' });
    case 'dispense.weighed': {
      const a: Window | undefined = p.acceptanceWindow;
      const d = a?.readability;
      const total = d ? lineTotalAt(p.cumulative, p.lineWindow, d) : { total: p.cumulative, window: p.lineWindow };
      const extra: Omit<RecordLine, 'extra'>[] = [];
      if (a && !p.declaredPartial) extra.push({ key: 'portionLimits', values: { lower: m(a.lower), upper: m(a.upper) }, codes: {}, times: [] });
      if (p.potencyFraction) extra.push({ key: 'pureSubstance', values: { contribution: m(p.contribution, d), fraction: String(p.potencyFraction) }, codes: {}, times: [] });
      if (p.stockShortfall) extra.push({ key: 'beyondStock', values: { shortfall: m(p.stockShortfall) }, codes: {}, times: [] });
      if (p.pieceCount) extra.push({ key: 'pieceCount', values: { count: p.pieceCount.count, pieces: p.pieceCount.pieces, pieceWeight: m(p.pieceCount.pieceWeight), lower: p.pieceCount.lower, upper: p.pieceCount.upper }, codes: {}, times: [] });
      if (p.holdUntil) extra.push({ key: 'holdUntil', values: { until: p.holdUntil }, codes: {}, times: ['until'] });
      // FR-142: a balance that could not tell a key tare or zero (no query it answered, no stream) says so in the record.
      if (p.tareCheck && Array.isArray(p.tareCheck.by) && p.tareCheck.by.length === 0) extra.push({ key: 'tareNotChecked', values: {}, codes: {}, times: [] });
      // FR-144: a slow printer's jumps to zero that could be a key press or a load lifted off.
      if (p.tareCheck && typeof p.tareCheck.unsure === 'number' && p.tareCheck.unsure > 0) extra.push({ key: 'tareUnsure', values: { count: p.tareCheck.unsure }, codes: {}, times: [] });
      if (p.volume) extra.push({ key: 'volumeShown', values: { volume: `${p.volume.volumeMl} mL`, density: `${p.volume.densityGPerMl} g/mL` }, codes: {}, times: [] });
      return {
        ...line(
          'weighed',
          { net: m(p.net), portion: p.portion, container: p.containerId, balance: p.balanceId, cumulative: m(total.total), lower: m(total.window.lower), upper: m(total.window.upper), outcome: p.outcome },
          { outcome: 'outcome' },
        ),
        extra,
      };
    }
    case 'dispense.volume_measured':
    case 'label.print_requested':
    case 'label.print_failed':
    case 'label.print_settled':
    case 'label.reprint_requested':
    case 'label.reprinted':
    case 'label.used':
    case 'label.destroyed':
    case 'ppe.checklist_confirmed':
      return dispensaryLine(type, p);
    case 'dispense.stock_discrepancy':
      return line('stockDiscrepancy', { withdrawn: m(p.withdrawn), container: p.containerId, recorded: m(p.recordedLeft), shortfall: m(p.shortfall) });
    case 'dispense.stock_discrepancy_resolved':
      return line('stockDiscrepancyResolved', { decision: p.decision, container: p.containerId, left: m(p.containerLeftAfter), reason: p.reason }, { decision: 'decision' });
    case 'campaign.started':
      return line('campaignStarted', { campaign: p.campaignId, material: p.materialCode, booth: p.boothId, orders: p.orders.length, previous: str(p.previousMaterial) });
    case 'campaign.order_joined':
      return line('campaignJoined', { campaign: p.campaignId, material: p.materialCode, booth: p.boothId, position: p.position, of: p.of });
    case 'campaign.ended':
      return line('campaignEnded', { campaign: p.campaignId, material: p.materialCode, booth: p.boothId, completed: p.completed.length, open: p.open.length });
    case 'kit.container_scanned':
      return line('kitScanned', { container: p.containerId, material: p.materialCode, lot: p.lotId, net: m(p.net), scanned: p.scanned, of: p.of });
    case 'kit.staged':
      return line('kitStaged', { count: p.containers.length, location: p.location });
    case 'kit.handed_over':
      return line('kitHandedOver', { count: p.containers.length, location: p.location });
    case 'kit.container_charged': {
      const charged = line('kitCharged', { container: p.containerId, material: p.materialCode, lot: p.lotId, net: m(p.net) });
      return p.holdUntil ? { ...charged, extra: [{ key: 'holdChecked', values: { until: p.holdUntil }, codes: {}, times: ['until'] }] } : charged;
    }
    case 'booth.changeover_recorded':
      return line('changeoverRecorded', { booth: p.boothId, from: str(p.fromMaterial), to: p.toMaterial, reason: p.reason }, { reason: 'changeoverReason' });
    case 'deviation.raised':
      // FR-102: a reason the system wrote is worded here, in the reader's language; older records keep their text.
      return systemReasonLine(p) ?? line('deviationRaised', { id: p.deviationId, category: p.category, reason: p.reason }, { category: 'category' });
    case 'signature.applied':
      return line('signed', { meaning: p.meaning, name: p.printedName, username: p.username, target: p.targetSeq }, { meaning: 'meaning' });
    case 'correction.recorded':
      return line('corrected', { target: p.targetSeq, reason: p.reason });
    case 'engine.command_refused':
      return line('refused', { command: p.command, step: str(p.stepId), code: p.code });
    case 'comment.recorded':
      return line('comment', { text: p.text });
    case 'balance.tare_cleared': {
      const tare = (x: unknown) => m((x as { tare?: { mass?: Mass } | null } | undefined)?.tare?.mass);
      if (p.refused) {
        const gross = m((p.gross as { mass?: Mass } | null | undefined)?.mass);
        return line('balanceTareClearStopped', { balance: p.balanceId, code: p.refused.code, commands: Array.isArray(p.commands) ? p.commands.join(', ') : '', gross, after: tare(p.after) });
      }
      return line('balanceTareCleared', { balance: p.balanceId, before: tare(p.before), after: tare(p.after), keys: Array.isArray(p.before?.keyPresses) ? p.before.keyPresses.length : 0 });
    }
    case 'balance.check_recorded':
      return line(p.passed ? 'balanceCheckPassed' : 'balanceCheckFailed', { balance: p.balanceId, points: Array.isArray(p.results) ? p.results.length : 0 });
    case 'user.created':
      return line('userCreated', { username: p.username, name: p.printedName, roles: rolesText(p.roles), verification: p.identityVerification }, { verification: 'verification', roles: 'role' });
    case 'user.identity_verified':
      return line('userIdentityVerified', { user: p.userId, method: p.method });
    case 'user.roles_changed':
      return line('userRolesChanged', { user: p.userId, old: rolesText(p.oldRoles), new: rolesText(p.newRoles), reason: p.reason }, { old: 'role', new: 'role' });
    case 'user.disabled':
      return p.dormantDays ? line('userDisabledDormant', { user: p.userId, days: p.dormantDays, reason: p.reason }) : line('userDisabled', { user: p.userId, reason: p.reason });
    case 'user.enabled':
      return line('userEnabled', { user: p.userId, reason: p.reason });
    case 'user.password_changed':
      return line(p.byAdmin ? 'passwordReset' : 'passwordChanged', { user: p.userId });
    case 'user.locked':
      return line('userLocked', { user: p.userId, reason: p.reason, attempts: p.failedAttempts }, { reason: 'lockReason' });
    case 'user.unlocked':
      return line('userUnlocked', { user: p.userId, reason: p.reason });
    case 'certificate.issued':
      return line('certificateIssued', { kind: p.kind, subject: p.subjectId, serial: p.serialNumber, from: p.notBefore, until: p.notAfter }, { kind: 'certificateKind' }, ['from', 'until']);
    case 'certificate.revocations_received':
      return line('revocationsReceived', { number: p.crlNumber, count: p.revoked.length, at: p.thisUpdate }, {}, ['at']);
    case 'certificate.revoked_use_refused':
      return line('revokedUseRefused', { user: p.userId, seq: p.targetSeq, revokedAt: p.revokedAt }, {}, ['revokedAt']);
    case 'certificate.reissue_requested':
      return line('reissueRequested', { user: p.userId, reason: p.reason });
    case 'certificate.reissue_approved':
      return line('reissueApproved', { user: p.userId, request: p.requestSeq, method: p.method });
    case 'session.login':
      return line('login', { user: p.userId });
    case 'session.login_failed':
      return line('loginFailed', { username: p.username, code: p.code, attempts: p.failedAttempts });
    case 'session.logout':
      return line('logout', { user: p.userId, reason: p.reason }, { reason: 'sessionReason' });
    case 'session.locked':
      return line('sessionLocked', { user: p.userId, reason: p.reason }, { reason: 'sessionReason' });
    case 'session.unlocked':
      return line('sessionUnlocked', { user: p.userId });
    case 'station.initialised':
      return line('stationInitialised', { station: p.stationId, name: p.name, site: p.site, zone: p.timeZone, version: p.softwareVersion });
    case 'device.input_refused':
      return line('deviceInputRefused', { device: p.deviceId, port: p.port, found: usbText(p.found), expected: usbText(p.expected), data: str(p.data) });
    case 'station.time_untrusted':
      return line('timeUntrusted', { drift: p.driftSeconds, max: p.maxDriftSeconds, hubTime: p.hubTime, stationTime: p.stationTime, policy: p.policy }, { policy: 'timePolicy' }, ['hubTime', 'stationTime']);
    case 'station.time_trusted':
      return line('timeTrusted', { drift: p.driftSeconds, hubTime: p.hubTime, stationTime: p.stationTime }, {}, ['hubTime', 'stationTime']);
    case 'settings.changed':
      return p.approvalSeq
        ? line('settingsChangedApproved', { key: p.key, old: valueText(p.oldValue), new: valueText(p.newValue), reason: p.reason, proposal: p.proposalSeq, approval: p.approvalSeq, version: str(p.configVersion) })
        : line('settingsChanged', { key: p.key, old: valueText(p.oldValue), new: valueText(p.newValue), reason: p.reason });
    case 'settings.proposed':
      return line('settingsProposed', { key: p.key, reason: p.reason, version: p.baseConfigVersion });
    case 'station.started_with_flags':
      return line('startedWithFlags', { command: p.command, flags: Object.keys(p.flags ?? {}).join(', '), version: p.configVersion });
    case 'station.software_upgraded':
      return line('softwareUpgraded', { from: p.from, to: p.to });
    case 'user.esig_acknowledged':
      return line('esigAcknowledged', { user: p.userId, signedAt: p.signedAt }, {}, ['signedAt']);
    case 'user.mfa_enrolled':
      return line('mfaEnrolled', { user: p.userId, method: p.method });
    case 'backup.created':
      return line('backupCreated', { file: p.file, seq: p.precedingSeq });
    case 'backup.failed':
      return line(p.removed ? 'backupFailed' : 'backupFailedLeft', { file: p.file, seq: p.backupSeq, code: p.code });
    case 'backup.restored':
      return line('backupRestored', { file: p.file, seq: p.headSeq });
    case 'audit.exported':
      return line('auditExported', { count: p.entryCount, format: p.format });
    case 'sync.enrolment_requested':
      return line('enrolmentRequested', { hub: p.hubUrl, request: p.requestId });
    case 'sync.enrolled':
      return line('enrolled', { hub: p.hubUrl, request: p.requestId });
    case 'sync.hub_behind':
      return line('hubBehind', { hub: p.hubUrl, hubSeq: p.hubAckSeq, acknowledged: p.acknowledgedSeq });
    case 'qualification.recorded':
      return line(p.verdict === 'qualified' ? 'qualified' : 'notQualified', { by: p.ranBy, pass: p.checks.pass, fail: p.checks.fail, version: p.softwareVersion });
    case 'sync.countersigned':
      return line('countersigned', { size: p.treeSize, at: p.acceptedAt }, {}, ['at']);
    case 'masterdata.applied':
      return line('masterDataApplied', { changes: Array.isArray(p.changes) ? p.changes.length : str(p.count), origin: str(p.origin) });
    default:
      return null;
  }
}

const rolesText = (roles: unknown): string => (Array.isArray(roles) ? roles.join(', ') : str(roles));

function stepLine(p: P): RecordLine {
  const r = (p.result ?? {}) as P;
  const out = p.withinLimits === false ? 'Out' : '';
  switch (p.stepType) {
    case 'instruction':
      return line('stepInstruction');
    case 'line-clearance':
    case 'equipment-check':
      return line(r.balances ? 'stepChecklistBalances' : 'stepChecklist', { items: Array.isArray(r.answers) ? r.answers.length : 0, balances: Array.isArray(r.balances) ? (r.balances as P[]).map((b) => b.balanceId).join(', ') : '' });
    case 'parameter':
      return line('stepParameter', { name: r.name, value: str(r.value), unit: str(r.unit), min: str(r.min), max: str(r.max) });
    case 'ipc':
      return line(`stepIpc${out}`, { name: r.name, value: str(r.value), unit: str(r.unit), min: str(r.lower), max: str(r.upper) });
    case 'timer':
      return line(`stepTimer${out}`, { elapsed: r.elapsedSeconds, minimum: r.durationSeconds, maximum: str(r.maxSeconds) });
    case 'signature':
      return line('stepStatement', { statement: r.statement });
    case 'form': {
      // Field = value pairs, entered then calculated; units are in the record's form table.
      const pairs = [...Object.entries((r.values ?? {}) as P), ...Object.entries((r.calculated ?? {}) as P)].map(([k, v]) => `${k} = ${str(v)}`);
      return line('stepForm', { values: pairs.join('; ') });
    }
    case 'charge':
      return line('stepCharge', { count: Array.isArray(r.charged) ? r.charged.length : 0 });
    default:
      return line('stepRecorded', { stepType: p.stepType }, { stepType: 'stepType' });
  }
}

/** Issue 17 items 3, 7 and 8: a volume read on a device, label events, the PPE checklist. Units travel in the values. */
function dispensaryLine(type: string, p: P): RecordLine | null {
  const ml = (v: unknown) => `${str(v)} mL`;
  switch (type) {
    case 'dispense.volume_measured': {
      const extra: Omit<RecordLine, 'extra'>[] = [];
      if (p.stockShortfall) extra.push({ key: 'beyondStock', values: { shortfall: m(p.stockShortfall) }, codes: {}, times: [] });
      if (p.holdUntil) extra.push({ key: 'holdUntil', values: { until: p.holdUntil }, codes: {}, times: ['until'] });
      const values = { volume: ml(p.volumeMl), device: p.device.deviceId, resolution: ml(p.device.resolutionMl), container: p.containerId, net: m(p.net), density: `${str(p.densityGPerMl)} g/mL`, lower: ml(p.volumeWindow.lower), upper: ml(p.volumeWindow.upper), outcome: p.outcome };
      return { ...line('volumeMeasured', values, { outcome: 'outcome' }), extra };
    }
    case 'label.print_requested':
      return line('labelPrintRequested', { count: Array.isArray(p.labels) ? p.labels.length : 0 });
    case 'label.print_failed':
      // FR-139: "no label was printed" only when nothing reached the printer.
      return line(p.delivered === 'none' ? 'labelPrintFailed' : 'labelPrintFailedUnknown', { seq: p.printRequestSeq, code: p.code });
    case 'label.print_settled':
      // FR-141: what the operator found at the printer; the co-signature is its own signature line.
    {
      const l = line(p.outcome === 'applied' ? 'labelPrintSettledApplied' : p.outcome === 'destroyed' ? 'labelPrintSettledDestroyed' : 'labelPrintSettledNone', { seq: p.printRequestSeq, count: p.count, reason: p.reason });
      // FR-154: settled after the order was completed.
      return p.afterCompletion === true ? { ...l, extra: [{ key: 'settledAfterCompletion', values: {}, codes: {}, times: [] }] } : l;
    }
    case 'label.reprint_requested':
      return line('labelReprintRequested', { label: p.labelId, reason: p.reason });
    case 'label.reprinted':
      return sentNoStatus(p, line(p.printerId ? 'labelReprinted' : 'labelReprintPreviewed', { label: p.labelId, printer: str(p.printerId) }));
    case 'label.used':
      return line('labelUsed', { label: p.labelId });
    case 'label.destroyed':
      return line('labelDestroyed', { label: p.labelId, reason: p.reason });
    case 'ppe.checklist_confirmed':
      return line('ppeConfirmed', { material: p.materialCode, level: `OEB ${str(p.containmentLevel)}`, booth: p.boothId, boothClass: str(p.boothClass), items: Array.isArray(p.items) ? p.items.map((i: P) => i.itemId).join(', ') : '—' });
    default:
      return null;
  }
}

/** A deviation whose reason the system wrote (a code and its values), or null for a person's own words. */
function systemReasonLine(p: P): RecordLine | null {
  const key = p.reasonKey;
  const params = (p.reasonParams ?? null) as Record<string, string | number> | null;
  if (typeof key !== 'string' || !(SYSTEM_REASON_KEYS as readonly string[]).includes(key) || !params || typeof params !== 'object') return null;
  const head = { id: str(p.deviationId), category: str(p.category) };
  const of = (k: string, values: Record<string, string | number>): RecordLine => line(k, { ...head, ...values }, { category: 'category' });
  switch (key as SystemReasonKey) {
    case 'yield-out-of-limits':
      return of(systemReasonLineKey('yield-out-of-limits'), params);
    case 'balance-not-closed': {
      const n = Number(params.materials ?? 0);
      const extra = Array.from({ length: Number.isInteger(n) && n > 0 && n < 100 ? n : 0 }, (_, i) => {
        const v = Object.fromEntries(['material', 'issued', 'dispensed', 'returned', 'wasted', 'difference', 'tolerance'].map((f) => [f, params[`${f}${i}`] ?? '—']));
        return { key: 'reason_balance_material', values: v, codes: {}, times: [] };
      });
      return { ...of(systemReasonLineKey('balance-not-closed'), {}), ...(extra.length ? { extra } : {}) };
    }
    case 'return-discrepancy':
      return of(systemReasonLineKey('return-discrepancy'), params);
    case 'ipqc-oos': {
      const l = of(params.side === 'below' ? 'reason_ipqc_oos_below' : 'reason_ipqc_oos_above', params);
      return params.rules ? { ...l, extra: [{ key: 'reason_ipqc_rules', values: { rules: params.rules }, codes: {}, times: [] }] } : l;
    }
    case 'ipqc-oot':
      return { ...of(systemReasonLineKey('ipqc-oot'), params), extra: [{ key: 'reason_ipqc_rules', values: { rules: params.rules ?? '—' }, codes: {}, times: [] }] };
  }
}
