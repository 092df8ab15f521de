/**
 * The demo recipe with a kit and charges (issue 17 item 4), for the engine tests and the
 * station's browser test: paracetamol and povidone are dispensed and labelled, put together
 * in one kit for the order, staged and handed over, then charged at the point of use in two
 * production steps (the API first, the binder after). A revision of the demo recipe's
 * effective version, so an order imported afterwards runs it.
 */
import type { Recipe } from '../../src-shared/recipe/recipe.ts';

const none = { performed: false, verified: false };

export function withKitAndCharges(base: Recipe): Recipe {
  const line = (id: string) => base.materialLines.find((l) => l.lineId === id)!;
  return {
    ...base,
    materialLines: [{ ...line('L10'), compensatesFor: null }, line('L30')],
    unitProcedures: [
      {
        unitProcedureId: 'UP2',
        name: 'Dispensing',
        operations: [
          {
            operationId: 'OP21',
            name: 'Weighing',
            steps: [
              { stepId: 'S11', type: 'weigh', name: 'Dispense paracetamol', instruction: 'Dispense the API into a tared PE bag.', signatures: { performed: true, verified: false }, lineId: 'L10', method: 'net' },
              { stepId: 'S21', type: 'weigh', name: 'Dispense povidone', instruction: 'Dispense into a tared bag.', signatures: { performed: true, verified: false }, lineId: 'L30', method: 'net' },
              { stepId: 'S25', type: 'label', name: 'Label povidone', instruction: 'Label every dispensed povidone bag.', signatures: none, labelKind: 'dispensed-material', lineId: 'L30' },
              { stepId: 'S40', type: 'kit', name: 'Kit for granulation', instruction: 'Scan the label of every dispensed container, stage the kit and hand it over to production.', signatures: none, forStepId: null, receiverSigns: true },
            ],
          },
        ],
      },
      {
        unitProcedureId: 'UP4',
        name: 'Granulation',
        operations: [
          {
            operationId: 'OP41',
            name: 'Charging',
            steps: [
              { stepId: 'S41', type: 'charge', name: 'Charge paracetamol', instruction: 'Scan each paracetamol bag again and charge it into the granulator.', signatures: { performed: true, verified: false }, lineIds: ['L10'] },
              { stepId: 'S42', type: 'charge', name: 'Charge povidone', instruction: 'Scan each povidone bag again and charge it into the binder vessel.', signatures: { performed: true, verified: false }, lineIds: ['L30'] },
            ],
          },
        ],
      },
    ],
  };
}
