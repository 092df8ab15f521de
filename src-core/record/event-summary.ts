/**
 * One readable line per batch-record entry, for reviewers and the printed record (Annex 11
 * §8: clear printed copies). Values always carry their units.
 */
import type { LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';
import { formatMass, type Mass } from '../../src-shared/mass.ts';

type P = Record<string, any>; // payloads were validated by their schemas on append
const m = (x: Mass | null | undefined) => (x ? formatMass(x) : '—');

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
    case 'dispense.container_scanned':
      return `Container ${p.container.containerId} verified: ${p.lot.materialCode}, lot ${p.lot.lotNumber} ${p.lot.qcStatus}, expiry ${p.lot.expiryDate}${p.lot.retestDate ? `, retest ${p.lot.retestDate}` : ''}, ${m(p.container.left)} left; take ${m(p.portionWindow.target)} (${m(p.portionWindow.lower)} … ${m(p.portionWindow.upper)})${p.partial ? ', partial portion' : ''}${p.manualEntry ? `; TYPED BY HAND, verified by a supervisor: ${p.manualEntry.reason}` : ''}`;
    case 'dispense.balance_selected':
      return `Balance ${p.balance.balanceId} (${p.balance.model}, S/N ${p.balance.serialNumber}) qualified: calibration ${p.balance.calibrationCertificate} due ${p.balance.calibrationDueAt}, check ${p.balance.lastCheckAt}, min. weight ${m(p.balance.minimumWeight)}`;
    case 'dispense.tared':
      return p.method === 'net' ? `Tared${p.reading ? ` at ${m(p.reading.mass)}` : ''}` : `${p.method === 'gross' ? 'Empty vessel' : 'Source container before'}: ${m(p.reading?.mass)}`;
    case 'dispense.weighed':
      return `Weighed ${m(p.net)} net (portion ${p.portion}, ${p.containerId} on ${p.balanceId}); line total ${m(p.cumulative)} in ${m(p.lineWindow.lower)} … ${m(p.lineWindow.upper)}: ${p.outcome}${p.stockShortfall ? `; ${m(p.stockShortfall)} MORE THAN THE CONTAINER'S RECORDED STOCK` : ''}`;
    case 'dispense.stock_discrepancy':
      return `Stock discrepancy: ${m(p.withdrawn)} taken from ${p.containerId}, which held ${m(p.recordedLeft)} on record (${m(p.shortfall)} more); a supervisor decides`;
    case 'dispense.stock_discrepancy_resolved':
      return `Stock discrepancy ${p.decision} (stock of ${p.containerId} set to ${m(p.containerLeftAfter)} once approved): ${p.reason}`;
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
