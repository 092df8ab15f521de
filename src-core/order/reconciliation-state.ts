/**
 * The part of an order's state that returns and reconciliation need (issue 17 items 5 and 6),
 * folded from the same entries as the rest (evolve-order.ts calls evolveReconciliation for every
 * entry). Which containers were issued to the order, each one's return and its decision, the
 * spillage, and whether the reconciliation is recorded. Pure, like the order fold.
 */
import type { LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';
import { addMass, convertMass, type Mass } from '../../src-shared/mass.ts';
import type { ReturnDecision } from '../../src-shared/reconciliation/return-finding.ts';
import type { OrderState } from './order-state.ts';

export interface IssuedContainer {
  containerId: string;
  lotId: string;
  materialCode: string;
  /** The container's stock at its first scan for this order. */
  issued: Mass;
  scanSeq: number;
}

export interface ReturnRecord {
  seq: number;
  actor: string | null;
  containerId: string;
  declaredEmpty: boolean;
  remaining: Mass;
  returned: Mass;
  residue: Mass | null;
  difference: Mass;
  beyondLimit: boolean;
  /** Typed under the manual-entry rule: counts once a supervisor signed it "verified". */
  manual: boolean;
  verified: boolean;
  resolution: { seq: number; decision: ReturnDecision; approved: boolean } | null;
  labelledSeq: number | null;
}

export interface SpillageRecord {
  seq: number;
  containerId: string;
  materialCode: string;
  amount: Mass;
}

export interface ReconciliationState {
  issued: Map<string, IssuedContainer>;
  returns: Map<string, ReturnRecord>;
  spillage: SpillageRecord[];
  recordedSeq: number | null;
  /** Typed container ids awaiting their "verified" signature, by scan seq. */
  pendingScans: Map<number, IssuedContainer>;
}

export function emptyReconciliationState(): ReconciliationState {
  return { issued: new Map(), returns: new Map(), spillage: [], recordedSeq: null, pendingScans: new Map() };
}

/** A return counts (stock follows, label due) once verified if typed and decided if beyond the limit. */
export function returnSettled(r: ReturnRecord): boolean {
  return (!r.manual || r.verified) && (!r.beyondLimit || r.resolution?.approved === true);
}

/** Material mass the order dispensed from a container: its counted portions, in `unit`. */
export function dispensedFrom(s: OrderState, containerId: string, unit: Mass['unit']): Mass {
  let total: Mass = { amount: '0', unit };
  for (const step of s.steps) {
    if (step.progress.kind !== 'weigh') continue;
    for (const c of step.progress.counted) if (c.containerId === containerId) total = addMass(total, convertMass(c.net, unit));
  }
  return total;
}

type P = Record<string, unknown>;

export function evolveReconciliation(s: OrderState, e: LedgerEntry): void {
  const r = s.reconciliation;
  const p = e.payload as P;
  switch (e.type) {
    case 'dispense.container_scanned': {
      const step = s.steps[p.stepIndex as number];
      if (step?.planned.step.type !== 'weigh') return;
      const c = p.container as { containerId: string; left: Mass };
      const lot = p.lot as { lotId: string; materialCode: string };
      const issued: IssuedContainer = { containerId: c.containerId, lotId: lot.lotId, materialCode: lot.materialCode, issued: c.left, scanSeq: e.seq };
      if (p.manualEntry !== undefined) r.pendingScans.set(e.seq, issued);
      else if (!r.issued.has(c.containerId)) r.issued.set(c.containerId, issued);
      return;
    }
    case 'return.weighed':
      r.returns.set(p.containerId as string, {
        seq: e.seq,
        actor: e.actor,
        containerId: p.containerId as string,
        declaredEmpty: p.declaredEmpty === true,
        remaining: p.remaining as Mass,
        returned: p.returned as Mass,
        residue: (p.residue as Mass | null) ?? null,
        difference: p.difference as Mass,
        beyondLimit: p.beyondLimit === true,
        manual: p.manualEntry !== undefined,
        verified: false,
        resolution: null,
        labelledSeq: null,
      });
      return;
    case 'return.discrepancy_resolved': {
      const ret = r.returns.get(p.containerId as string);
      // A later decision replaces one whose signature never came.
      if (ret && ret.seq === p.returnSeq && ret.resolution?.approved !== true) ret.resolution = { seq: e.seq, decision: p.decision as ReturnDecision, approved: false };
      return;
    }
    case 'return.labelled': {
      const ret = r.returns.get(p.containerId as string);
      if (ret && ret.seq === p.returnSeq) ret.labelledSeq = e.seq;
      return;
    }
    case 'spillage.recorded':
      r.spillage.push({ seq: e.seq, containerId: p.containerId as string, materialCode: p.materialCode as string, amount: p.amount as Mass });
      return;
    case 'reconciliation.recorded':
      r.recordedSeq = e.seq;
      return;
    case 'signature.applied':
      onSignature(r, p);
      return;
    default:
      return;
  }
}

function onSignature(r: ReconciliationState, p: P): void {
  const target = p.targetSeq as number;
  if (p.meaning === 'verified') {
    const scan = r.pendingScans.get(target);
    if (scan) {
      r.pendingScans.delete(target);
      if (!r.issued.has(scan.containerId)) r.issued.set(scan.containerId, scan);
    }
    for (const ret of r.returns.values()) if (ret.manual && ret.seq === target) ret.verified = true;
  }
  if (p.meaning === 'approved') {
    for (const ret of r.returns.values()) if (ret.resolution?.seq === target) ret.resolution.approved = true;
  }
}
