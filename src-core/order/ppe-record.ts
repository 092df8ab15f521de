/**
 * PPE checklists confirmed in an order (issue 17 item 8): one per contained material, counting
 * once its "performed" signature is on it. The engine asks `ppeConfirmed` before the first
 * weighing of a material with an occupational exposure band.
 */
import type { OrderState } from './order-state.ts';

export interface PpeConfirmation {
  seq: number;
  materialCode: string;
  boothId: string;
}

export function ppeConfirmed(s: OrderState, materialCode: string): PpeConfirmation | null {
  return s.ppe.find((c) => c.materialCode === materialCode && c.boothId === s.boothId && s.records.get(c.seq)?.signatures.some((x) => x.meaning === 'performed')) ?? null;
}

/** A confirmation recorded but not signed yet (the signature failed): signed, not repeated. */
export function ppeUnsigned(s: OrderState, materialCode: string): PpeConfirmation | null {
  return s.ppe.find((c) => c.materialCode === materialCode && c.boothId === s.boothId && !ppeConfirmed(s, materialCode)) ?? null;
}
