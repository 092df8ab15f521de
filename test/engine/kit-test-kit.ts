/** Orders of the demo recipe with a kit and charge steps (src-main/demo/demo-kit-recipe.ts), for the kit tests. */
import { DEMO_RECIPE } from '../../src-main/demo/demo-master-data.ts';
import { withKitAndCharges } from '../../src-main/demo/demo-kit-recipe.ts';
import type { Recipe } from '../../src-shared/recipe/recipe.ts';
import { makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { at, runTo } from './engine-test-kit.ts';

export async function kitStation(): Promise<DispensingStation> {
  const d = await makeDispensingStation();
  const current = d.station.masterData.reader.get('recipe', `${DEMO_RECIPE}@2`)!;
  const r = withKitAndCharges(current.data as unknown as Recipe);
  d.revise('recipe', `${DEMO_RECIPE}@2`, { materialLines: r.materialLines, unitProcedures: r.unitProcedures });
  return d;
}

/** Imports the order and runs it (as op.li, in a shared booth) until the step is active. */
export async function orderAt(d: DispensingStation, batchNumber: string, stepId: string, sessionId?: string): Promise<void> {
  d.importOrder(batchNumber);
  await runTo(d, batchNumber, at(stepId), undefined, { shareBooth: true, ...(sessionId ? { sessionId } : {}) });
}

export const scanOf = (containerId: string) => ({ containerId, gtin: null, lotNumber: null, raw: containerId });
