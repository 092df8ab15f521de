/**
 * The order's material balance (issue 17 item 6, per order), per material over the containers
 * issued to the order:
 *
 *   issued = dispensed + returned + wasted ± tolerance
 *
 * issued: each container's stock when first scanned for the order (corrected by a supervisor's
 * "adjust stock" decision on its return); dispensed: the counted portions; returned: the weighed
 * remaining that went back to stock; wasted: spillage weighed with a reason, residues of
 * containers declared empty, and differences a supervisor accepted as a loss. The difference
 * issued − (dispensed + returned + wasted) is exact (decimal); beyond the tolerance the balance
 * does not close and the order has an exception. Order of containers does not matter.
 */
import { addMass, compareMass, convertMass, subtractMass, type Mass } from '../mass.ts';
import { absMass, limitFor, type ReconciliationLimit } from './reconciliation-limits.ts';

export interface ContainerFlow {
  containerId: string;
  materialCode: string;
  issued: Mass;
  dispensed: Mass;
  returned: Mass;
  wasted: Mass;
}

export interface MaterialBalance {
  materialCode: string;
  containers: string[];
  issued: Mass;
  dispensed: Mass;
  returned: Mass;
  wasted: Mass;
  /** issued − dispensed − returned − wasted. */
  difference: Mass;
  tolerance: Mass;
  closes: boolean;
}

export function orderBalance(flows: readonly ContainerFlow[], limit: ReconciliationLimit): { materials: MaterialBalance[]; closes: boolean } {
  const byMaterial = new Map<string, ContainerFlow[]>();
  for (const f of flows) byMaterial.set(f.materialCode, [...(byMaterial.get(f.materialCode) ?? []), f]);
  const materials: MaterialBalance[] = [];
  for (const code of [...byMaterial.keys()].sort()) {
    const list = byMaterial.get(code)!;
    const unit = list[0]!.issued.unit;
    const sum = (pick: (f: ContainerFlow) => Mass) => list.reduce<Mass>((acc, f) => addMass(acc, convertMass(pick(f), unit)), { amount: '0', unit });
    const issued = sum((f) => f.issued);
    const dispensed = sum((f) => f.dispensed);
    const returned = sum((f) => f.returned);
    const wasted = sum((f) => f.wasted);
    const difference = subtractMass(subtractMass(subtractMass(issued, dispensed), returned), wasted);
    const tolerance = limitFor(issued, limit);
    materials.push({ materialCode: code, containers: list.map((f) => f.containerId).sort(), issued, dispensed, returned, wasted, difference, tolerance, closes: compareMass(absMass(difference), tolerance) <= 0 });
  }
  return { materials, closes: materials.every((m) => m.closes) };
}
