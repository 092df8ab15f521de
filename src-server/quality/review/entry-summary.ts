/**
 * One line per batch-record entry for the console's record view: the facts a reviewer looks
 * for (ids, masses, outcomes, reasons), not prose, so it reads the same in every language.
 */
type P = Record<string, unknown>;
const mass = (m: unknown) => (m && typeof m === 'object' ? `${String((m as P).amount)} ${String((m as P).unit)}` : '');

export function entrySummary(type: string, p: P): string {
  try {
    return summary(type, p);
  } catch {
    // A payload not shaped as the engine writes it: shown raw; review lists it as inconsistent.
    return JSON.stringify(p).slice(0, 300);
  }
}

function summary(type: string, p: P): string {
  switch (type) {
    case 'order.imported': {
      const o = p.order as P;
      return `${String(o.batchNumber)} · ${String(o.productCode)} · ${String(o.recipeCode)}@${String(o.recipeVersion)} · ${mass(o.batchSize)}`;
    }
    case 'order.started':
      return `booth ${String(p.boothId)}`;
    case 'order.completed':
      return `steps ${String(p.steps)} · portions ${String(p.portions)} · deviations ${String(p.deviations)}`;
    case 'dispense.container_scanned': {
      const lot = p.lot as P;
      const c = p.container as P;
      return `${String(p.lineId)} · ${String(c.containerId)} · lot ${String(lot.lotId)} (${String(lot.qcStatus)}, exp ${String(lot.expiryDate)})`;
    }
    case 'dispense.balance_selected': {
      const b = p.balance as P;
      return `${String(p.lineId)} · ${String(b.balanceId)} (${String(b.serialNumber)})`;
    }
    case 'dispense.tared':
      return `${String(p.lineId)} · ${String(p.method)} · ${p.reading ? mass((p.reading as P).mass) : '—'}`;
    case 'dispense.weighed':
      return `${String(p.lineId)} #${String(p.portion)} · ${mass(p.net)} · ${String(p.outcome)} · ${String(p.containerId)}`;
    case 'deviation.raised':
      return `${String(p.deviationId)} · ${String(p.category)} · ${String(p.reason)}`;
    case 'signature.applied':
      return `${String(p.meaning)} · ${String(p.printedName)} → #${String(p.targetSeq)}`;
    case 'correction.recorded':
      return `#${String(p.targetSeq)} · ${String(p.reason)}`;
    case 'comment.recorded':
      return String(p.text);
    case 'engine.command_refused':
      return `${String(p.command)} · ${String(p.code)}`;
    case 'step.recorded':
      return `${String(p.stepId)} · ${p.withinLimits === false ? 'out of limits' : 'ok'}`;
    case 'label.printed':
      return `${String(p.stepId)} · ${String(p.labelKind)} × ${Array.isArray(p.labels) ? p.labels.length : 0}`;
    default:
      return '';
  }
}
