/** Check plans the IPQC tests put into the demo recipe (a tablet press after dispensing). */
import type { CheckPlanInput } from '../../src-shared/recipe/check-plan.ts';
import { DEMO_RECIPE } from '../../src-main/demo/demo-master-data.ts';
import type { DispensingStation } from '../fakes/dispensing-station.ts';

/** Average weight of 5 tablets from the analytical balance every 30 min; 500 mg ± 5 %. */
export const TABLET_WEIGHT: CheckPlanInput = {
  schemaVersion: 1,
  checkId: 'TW',
  name: 'Tablet weight',
  unit: 'mg',
  source: 'balance',
  frequency: { every: 'minutes', minutes: 30, graceMinutes: 5 },
  sampleSize: 5,
  decimals: 1,
  specification: { lower: '475', upper: '525' },
  control: { center: '500', lcl: '491', ucl: '509' },
};

/** Hardness of 3 tablets, typed, every 10 000 tablets. */
export const HARDNESS: CheckPlanInput = {
  schemaVersion: 1,
  checkId: 'HARD',
  name: 'Hardness',
  unit: 'N',
  source: 'typed',
  frequency: { every: 'units', units: 10_000, graceUnits: 2_000 },
  sampleSize: 3,
  decimals: 0,
  specification: { lower: '80', upper: '120' },
  control: null,
};

/** The demo recipe's effective version, with these check plans (a new master-data version). */
export function withCheckPlans(d: DispensingStation, plans: CheckPlanInput[] = [TABLET_WEIGHT, HARDNESS]): void {
  d.revise('recipe', `${DEMO_RECIPE}@2`, { checkPlans: plans });
}
