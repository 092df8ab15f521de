/**
 * The station's IPQC alert list (issue 12 item 2), folded from `ipqc.alert_raised` and
 * `ipqc.alert_acknowledged` entries (and the console's acknowledgement of the alert's alarm taken
 * down as `alarm.acknowledged_at_hub`, FR-108), and the words an alert and its deviation carry. Pure.
 */
import type { IpqcAlertView } from '../../../src-shared/api/ipqc.contract.ts';
import type { IpqcPayload, IpqcVerdict } from '../../../src-shared/ledger/entry-types/ipqc.ts';
import type { LedgerEntry } from '../../../src-shared/ledger/ledger-entry.ts';
import type { CheckPlan } from '../../../src-shared/recipe/check-plan.ts';

/** Newest first; `atHub` is the API's to fill in (it knows the hub's acknowledged seq). */
export function stationAlerts(entries: readonly LedgerEntry[], nameOf: (userId: string | null) => string | null): IpqcAlertView[] {
  const byId = new Map<string, IpqcAlertView>();
  for (const e of entries) {
    if (e.type === 'ipqc.alert_raised') {
      const p = e.payload as IpqcPayload<'ipqc.alert_raised'>;
      byId.set(p.alertId, {
        alertId: p.alertId,
        seq: e.seq,
        batchNumber: e.batchRef ?? '',
        kind: p.kind,
        checkId: p.checkId,
        checkName: p.checkName,
        value: p.value,
        unit: p.unit,
        message: p.message,
        deviationId: p.deviationId,
        raisedAt: e.time,
        raisedBy: nameOf(e.actor),
        acknowledgedAt: null,
        acknowledgedBy: null,
        atHub: false,
      });
    } else if (e.type === 'ipqc.alert_acknowledged') {
      const a = byId.get((e.payload as IpqcPayload<'ipqc.alert_acknowledged'>).alertId);
      if (a && a.acknowledgedAt === null) {
        a.acknowledgedAt = e.time;
        a.acknowledgedBy = nameOf(e.actor);
      }
    } else if (e.type === 'alarm.acknowledged_at_hub') {
      // The alert's alarm acknowledged in the console (FR-108): the alert with it, as at the station.
      const p = e.payload as { alarmId: string; by: string; at: string };
      const a = p.alarmId.startsWith('IPQC/') ? byId.get(p.alarmId.slice('IPQC/'.length)) : undefined;
      if (a && a.acknowledgedAt === null) {
        a.acknowledgedAt = p.at;
        a.acknowledgedBy = p.by;
      }
    }
  }
  return [...byId.values()].sort((x, y) => y.seq - x.seq);
}

/** What the deviation and the alert say (recorded text, English like every recorded reason). */
/** The same facts as alertMessage, as values to word in each reader's language (FR-102; record-line.ts). */
export function alertReasonParams(plan: Pick<CheckPlan, 'checkId' | 'name' | 'unit' | 'specification'>, value: string, verdict: IpqcVerdict, occurrence: number): Record<string, string | number> {
  const { lower, upper } = plan.specification;
  return {
    check: plan.name,
    checkId: plan.checkId,
    value,
    unit: plan.unit,
    lower: lower ?? '−∞',
    upper: upper ?? '+∞',
    occurrence,
    ...(verdict.oos ? { side: verdict.oosSide === 'below' ? 'below' : 'above' } : {}),
    ...(verdict.ootRules.length > 0 ? { rules: verdict.ootRules.map((r) => r.rule).join(', ') } : {}),
  };
}

export function alertMessage(plan: Pick<CheckPlan, 'checkId' | 'name' | 'unit' | 'specification'>, value: string, verdict: IpqcVerdict, occurrence: number): string {
  const { lower, upper } = plan.specification;
  const spec = `${lower ?? '−∞'} … ${upper ?? '+∞'} ${plan.unit}`;
  const parts: string[] = [];
  if (verdict.oos) parts.push(`OOS: ${plan.name} (${plan.checkId}) ${value} ${plan.unit} is ${verdict.oosSide} the specification ${spec}`);
  if (verdict.ootRules.length > 0) parts.push(`OOT: ${plan.name} (${plan.checkId}) ${value} ${plan.unit}: ${verdict.ootRules.map((r) => `${r.rule} ${r.name}`).join('; ')}`);
  return `${parts.join('. ')} (check #${occurrence})`;
}
