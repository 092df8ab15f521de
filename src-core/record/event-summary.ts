/**
 * One readable line per batch-record entry, for reviewers and the printed record (Annex 11
 * §8: clear printed copies). Values always carry their units.
 */
import type { LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';
import { atReadability, formatMass, type Mass } from '../../src-shared/mass.ts';
import { describePotency } from '../../src-shared/recipe/potency-adjustment.ts';
import { lineTotalAt } from '../../src-shared/recipe/window-at-readability.ts';

type P = Record<string, any>; // payloads were validated by their schemas on append
type Window = { target: Mass; lower: Mass; upper: Mass; readability?: Mass };

/**
 * Masses at the readability the entry names (issue 18): a reading as read, a computed mass
 * rounded to the balance in use. Entries written before readabilities were recorded show
 * their masses as stored.
 */
const m = (x: Mass | null | undefined, d?: Mass | null) => (x ? formatMass(x, d) : '—');
const range = (w: Window) => `${m(w.lower)} … ${m(w.upper)}`;
/** A minimum weight is a lower limit: rounded up to the readability, never below USP <41>'s value. */
const minimum = (x: Mass, d: Mass | undefined) => m(d ? atReadability(x, d, 'up') : x);

/**
 * Station record, `batchline record` and the hub's console all call this one function, so a line
 * reads the same wherever the record is shown. A payload not shaped as the engine writes it
 * (only possible for a hostile or corrupted entry, which verify names) is shown by its type.
 */
export function summarize(e: Pick<LedgerEntry, 'type' | 'payload'>): string {
  try {
    return summarizeEntry(e);
  } catch {
    return e.type;
  }
}

function summarizeEntry(e: Pick<LedgerEntry, 'type' | 'payload'>): string {
  const p = e.payload as P;
  switch (e.type) {
    case 'order.imported':
      return `Order imported (${p.source.kind}${p.source.fileName ? `, ${p.source.fileName}` : ''}): ${p.order.productCode}, recipe ${p.order.recipeCode} v${p.order.recipeVersion}, batch size ${m(p.order.batchSize)}`;
    case 'order.started':
      return `Order started in ${p.boothId}; recipe ${p.plan.recipeCode} v${p.plan.recipeVersion}; master data ${p.prechecks.masterDataAgeMinutes ?? '?'} min old${p.prechecks.staleOverrideSeq ? ' (stale, deviation approved)' : ''}`;
    case 'order.completed':
      return `Order completed: ${p.steps} steps, ${p.portions} portions, ${p.deviations} deviations`;
    case 'step.recorded':
      return stepSummary(p);
    case 'timer.started':
      return `Timer started for ${p.durationSeconds} s (ends ${p.endsAt})`;
    case 'label.printed':
      return `${p.labels.length} label(s) printed${p.printerId ? ` on ${p.printerId}` : ''}`;
    case 'dispense.container_scanned': {
      const w: Window = p.portionWindowAtReadability ?? p.portionWindow;
      const potency = p.potencyAdjustment ? `; ${describePotency(p.potencyAdjustment, p.portionWindowAtReadability?.target)}` : '';
      return `Container ${p.container.containerId} verified: ${p.lot.materialCode}, lot ${p.lot.lotNumber} ${p.lot.qcStatus}, expiry ${p.lot.expiryDate}${p.lot.retestDate ? `, retest ${p.lot.retestDate}` : ''}, ${m(p.container.left, w.readability)} left; take ${m(w.target)} (${range(w)})${p.partial ? ', partial portion' : ''}${potency}`;
    }
    case 'dispense.balance_selected': {
      const d: Mass = p.balance.readability;
      const w: Window | undefined = p.portionWindowAtReadability;
      return `Balance ${p.balance.balanceId} (${p.balance.model}, S/N ${p.balance.serialNumber}, readability ${m(d)}) qualified: calibration ${p.balance.calibrationCertificate} due ${p.balance.calibrationDueAt}, check ${p.balance.lastCheckAt}, min. weight ${minimum(p.balance.minimumWeight, d)}${w ? `; weigh ${m(w.target)} (${range(w)})` : ''}`;
    }
    case 'dispense.tared':
      return p.method === 'net' ? `Tared${p.reading ? ` at ${m(p.reading.mass)}` : ''}` : `${p.method === 'gross' ? 'Empty vessel' : 'Source container before'}: ${m(p.reading?.mass)}`;
    case 'dispense.weighed': {
      const a: Window | undefined = p.acceptanceWindow;
      const d = a?.readability;
      const line = d ? lineTotalAt(p.cumulative, p.lineWindow, d) : { total: p.cumulative, window: p.lineWindow };
      const counts = p.potencyFraction ? `, counts ${m(p.contribution, d)} of pure substance (× ${p.potencyFraction})` : '';
      const held = a && !p.declaredPartial ? `, portion limits ${range(a)}` : '';
      return `Weighed ${m(p.net)} net (portion ${p.portion}, ${p.containerId} on ${p.balanceId}${held})${counts}; line total ${m(line.total)} in ${range(line.window)}: ${p.outcome}`;
    }
    case 'deviation.raised':
      return `Deviation ${p.deviationId} (${p.category}) raised: ${p.reason}`;
    case 'signature.applied':
      return `Signed "${p.meaning}" by ${p.printedName} (${p.username})`;
    case 'correction.recorded':
      return `Correction of entry ${p.targetSeq}: ${p.reason}`;
    case 'engine.command_refused':
      return `Refused ${p.command}${p.stepId ? ` at ${p.stepId}` : ''}: ${p.code} — ${p.message}`;
    case 'comment.recorded':
      return `Comment: ${p.text}`;
    default:
      return e.type;
  }
}

function stepSummary(p: P): string {
  const r = p.result as P;
  switch (p.stepType) {
    case 'instruction':
      return 'Instruction acknowledged';
    case 'line-clearance':
    case 'equipment-check':
      return `Checklist confirmed (${(r.answers as unknown[]).length} items)${r.balances ? `; balances qualified: ${(r.balances as P[]).map((b) => b.balanceId).join(', ')}` : ''}`;
    case 'parameter':
      return `${r.name}: ${r.value} ${r.unit} (limits ${r.min ?? '—'} … ${r.max ?? '—'} ${r.unit})`;
    case 'ipc':
      return `${r.name}: ${r.value} ${r.unit} (limits ${r.lower} … ${r.upper} ${r.unit})${p.withinLimits ? '' : ' — OUT OF LIMITS'}`;
    case 'timer':
      return `Timer stopped after ${r.elapsedSeconds} s (minimum ${r.durationSeconds} s${r.maxSeconds ? `, maximum ${r.maxSeconds} s` : ''})${p.withinLimits ? '' : ' — EXCEEDED'}`;
    case 'signature':
      return `Statement: ${r.statement}`;
    default:
      return `${p.stepType} recorded`;
  }
}
