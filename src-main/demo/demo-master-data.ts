/**
 * Realistic master data for the demo station and the engine tests: a paracetamol 500 mg
 * tablet formula (potency-corrected API on the anhydrous basis, a compensating filler and four
 * excipients), lots in every QC status and date situation, containers (one short, one empty),
 * an analytical 0.1 mg and a precision 0.01 g balance, two booths, training, and three
 * versions of the recipe (retired, effective, draft). Dates are relative to `now` so the demo
 * stays valid whenever it is made.
 */
import type { MasterDataChange } from '../../src-shared/master-data/master-data-change.ts';
import type { Recipe } from '../../src-shared/recipe/recipe.ts';
import type { Mass } from '../../src-shared/mass.ts';
import { DEMO_FORM_RECIPE, demoFormRecipe } from './demo-form-recipe.ts';

export const DEMO_RECIPE = 'PARA-500';
export const DEMO_PRODUCT = 'FG-PARA500';
export const DEMO_BOOTH = 'BOOTH-1';
export const DEMO_BALANCES = { analytical: 'BAL-A01', precision: 'BAL-P01' } as const;

const g = (amount: string): Mass => ({ amount, unit: 'g' });
const kg = (amount: string): Mass => ({ amount, unit: 'kg' });

/** GS1 mod-10 check digit (GS1 General Specifications §7.9.1). */
export function gtin14(base13: string): string {
  const sum = [...base13].reverse().reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 3 : 1), 0);
  return base13 + String((10 - (sum % 10)) % 10);
}

const day = (now: Date, days: number) => new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
const time = (now: Date, hours: number) => new Date(now.getTime() + hours * 3_600_000).toISOString();

const MATERIALS = [
  { code: 'API-PARA', name: 'Paracetamol Ph. Eur.', gtin: gtin14('0401234500001'), potency: { corrected: true, basis: 'anhydrous' }, safety: ['H302 Harmful if swallowed'], handling: ['Weigh under downflow; FFP2 mask, nitrile gloves'] },
  { code: 'EXC-MCC', name: 'Microcrystalline cellulose PH-102', gtin: gtin14('0401234500002'), potency: { corrected: false }, safety: [], handling: ['Combustible dust: keep away from ignition sources'] },
  { code: 'EXC-PVP', name: 'Povidone K30', gtin: gtin14('0401234500003'), potency: { corrected: false }, safety: [], handling: ['Hygroscopic: close containers at once'] },
  { code: 'EXC-CROS', name: 'Croscarmellose sodium', gtin: gtin14('0401234500004'), potency: { corrected: false }, safety: [], handling: [] },
  { code: 'EXC-SIO2', name: 'Colloidal anhydrous silica', gtin: gtin14('0401234500005'), potency: { corrected: false }, safety: ['Avoid breathing dust'], handling: ['Very light powder: close the draught shield'] },
  { code: 'EXC-MGST', name: 'Magnesium stearate', gtin: gtin14('0401234500006'), potency: { corrected: false }, safety: [], handling: [] },
] as const;

export function demoRecipe(version: number, status: Recipe['status']): Recipe {
  const sig = (verified: boolean) => ({ performed: true, verified });
  return {
    recipeCode: DEMO_RECIPE,
    version,
    status,
    name: 'Paracetamol 500 mg tablets — dispensing',
    product: { code: DEMO_PRODUCT, name: 'Paracetamol 500 mg tablets' },
    baseBatchSize: kg('10.000'),
    materialLines: [
      { lineId: 'L10', materialCode: 'API-PARA', quantity: kg('5.000'), tolerance: { type: 'percent', minus: '0.5', plus: '0.5' }, compensatesFor: null },
      { lineId: 'L20', materialCode: 'EXC-MCC', quantity: kg('4.150'), tolerance: { type: 'percent', minus: '1', plus: '1' }, compensatesFor: 'L10' },
      { lineId: 'L30', materialCode: 'EXC-PVP', quantity: kg('0.400'), tolerance: { type: 'percent', minus: '1', plus: '1' }, compensatesFor: null },
      { lineId: 'L40', materialCode: 'EXC-CROS', quantity: kg('0.300'), tolerance: { type: 'percent', minus: '1', plus: '1' }, compensatesFor: null },
      { lineId: 'L50', materialCode: 'EXC-SIO2', quantity: kg('0.050'), tolerance: { type: 'absolute', minus: g('0.10'), plus: g('0.10') }, compensatesFor: null },
      { lineId: 'L60', materialCode: 'EXC-MGST', quantity: kg('0.100'), tolerance: { type: 'percent', minus: '0.5', plus: '1' }, compensatesFor: null },
    ],
    unitProcedures: [
      {
        unitProcedureId: 'UP1',
        name: 'Preparation',
        operations: [
          {
            operationId: 'OP11',
            name: 'Booth and equipment',
            steps: [
              { stepId: 'S01', type: 'line-clearance', name: 'Line clearance', instruction: 'Check the booth is free of any previous material, label and document.', signatures: sig(true), checklist: [
                { itemId: 'C1', text: 'No material, container or label of a previous batch in the booth' },
                { itemId: 'C2', text: '"Clean" status label present and valid' },
                { itemId: 'C3', text: 'Waste bins empty' },
              ] },
              { stepId: 'S02', type: 'equipment-check', name: 'Balances', instruction: 'Check both balances are level and clean; the station checks calibration and the daily check.', signatures: sig(false), checklist: [
                { itemId: 'E1', text: 'Level bubble centred on both balances' },
                { itemId: 'E2', text: 'Weighing pans and draught shields clean' },
              ], balanceIds: [DEMO_BALANCES.analytical, DEMO_BALANCES.precision] },
              { stepId: 'S03', type: 'parameter', name: 'Room temperature', instruction: 'Read the room thermometer.', signatures: sig(false), parameter: { name: 'Room temperature', unit: '°C', min: '15.0', max: '25.0', decimals: 1 } },
              { stepId: 'S04', type: 'parameter', name: 'Relative humidity', instruction: 'Read the hygrometer.', signatures: sig(false), parameter: { name: 'Relative humidity', unit: '%RH', min: '30', max: '65', decimals: 0 } },
              { stepId: 'S05', type: 'timer', name: 'Downflow settle', instruction: 'Switch on the downflow booth and let the airflow settle.', signatures: { performed: false, verified: false }, durationSeconds: 2, maxSeconds: 3600 },
            ],
          },
        ],
      },
      {
        unitProcedureId: 'UP2',
        name: 'Dispensing',
        operations: [
          {
            operationId: 'OP21',
            name: 'Active substance',
            steps: [
              { stepId: 'S10', type: 'instruction', name: 'Protection', instruction: 'Put on an FFP2 mask and a second pair of gloves before opening the API containers.', signatures: { performed: false, verified: false } },
              { stepId: 'S11', type: 'weigh', name: 'Dispense paracetamol', instruction: 'Dispense the API into a tared PE bag; use opened containers first.', signatures: sig(true), lineId: 'L10', method: 'net' },
              { stepId: 'S12', type: 'label', name: 'Label API', instruction: 'Label every dispensed API bag.', signatures: { performed: false, verified: false }, labelKind: 'dispensed-material', lineId: 'L10' },
            ],
          },
          {
            operationId: 'OP22',
            name: 'Excipients',
            steps: [
              { stepId: 'S20', type: 'weigh', name: 'Dispense MCC', instruction: 'Weigh the empty bin, then bin with MCC (gross).', signatures: sig(false), lineId: 'L20', method: 'gross' },
              { stepId: 'S21', type: 'weigh', name: 'Dispense povidone', instruction: 'Dispense into a tared bag.', signatures: sig(false), lineId: 'L30', method: 'net' },
              { stepId: 'S22', type: 'weigh', name: 'Dispense croscarmellose', instruction: 'Weigh the source container before and after taking the material (by subtraction).', signatures: sig(false), lineId: 'L40', method: 'subtraction' },
              { stepId: 'S23', type: 'weigh', name: 'Dispense silica', instruction: 'Dispense on the analytical balance with the draught shield closed.', signatures: sig(true), lineId: 'L50', method: 'net' },
              { stepId: 'S24', type: 'weigh', name: 'Dispense magnesium stearate', instruction: 'Dispense into a tared bag.', signatures: sig(false), lineId: 'L60', method: 'net' },
            ],
          },
        ],
      },
      {
        unitProcedureId: 'UP3',
        name: 'Completion',
        operations: [
          {
            operationId: 'OP31',
            name: 'Staging',
            steps: [
              { stepId: 'S30', type: 'ipc', name: 'Booth pressure', instruction: 'Read the differential pressure of the booth against the corridor.', signatures: sig(false), check: { name: 'Differential pressure', unit: 'Pa', lower: '10', upper: '30', decimals: 0 } },
              { stepId: 'S31', type: 'label', name: 'Kit label', instruction: 'Label the staged kit.', signatures: { performed: false, verified: false }, labelKind: 'batch-status', lineId: null },
              { stepId: 'S32', type: 'signature', name: 'Kit release to production', instruction: 'The supervisor checks the kit against the dispensing list.', signatures: { performed: false, verified: false }, meaning: 'verified', statement: 'All materials dispensed, labelled and staged for compression.' },
            ],
          },
        ],
      },
    ],
  };
}

export function demoMasterData(now: Date): MasterDataChange[] {
  const changes: MasterDataChange[] = [];
  const add = (kind: MasterDataChange['kind'], key: string, data: Record<string, unknown>, version = 1) => changes.push({ kind, key, version, data });
  for (const m of MATERIALS) {
    add('material', m.code, { materialCode: m.code, name: m.name, gtins: [m.gtin], potency: m.potency, handlingNotes: [...m.handling], safetyNotes: [...m.safety] });
  }
  const lot = (lotId: string, materialCode: string, qcStatus: string, expiryDays: number, retestDays: number | null, assay: string | null = null, water: string | null = null) =>
    add('lot', lotId, { lotId, materialCode, lotNumber: lotId.replace(/^LOT-/, ''), qcStatus, expiryDate: day(now, expiryDays), retestDate: retestDays === null ? null : day(now, retestDays), assayPercent: assay, waterPercent: water });
  // The API in every QC status and date situation (auditor scenario 9).
  lot('LOT-PARA-2401', 'API-PARA', 'released', 730, 365, '99.6', '0.3');
  lot('LOT-PARA-2402', 'API-PARA', 'quarantine', 760, 395, '99.4', '0.2');
  lot('LOT-PARA-2403', 'API-PARA', 'rejected', 700, 330, '96.1', '0.9');
  lot('LOT-PARA-2404', 'API-PARA', 'on-hold', 720, 350, '99.8', '0.2');
  lot('LOT-PARA-2301', 'API-PARA', 'released', -1, null, '99.5', '0.3');
  lot('LOT-PARA-2302', 'API-PARA', 'released', 200, -2, '99.7', '0.2');
  lot('LOT-MCC-2405', 'EXC-MCC', 'released', 900, null);
  lot('LOT-PVP-2402', 'EXC-PVP', 'released', 600, 180);
  lot('LOT-CROS-2403', 'EXC-CROS', 'released', 800, null);
  lot('LOT-SIO2-2401', 'EXC-SIO2', 'released', 1000, null);
  lot('LOT-MGST-2404', 'EXC-MGST', 'released', 700, null);
  const container = (containerId: string, lotId: string, materialCode: string, quantity: Mass, tare: Mass) =>
    add('container', containerId, { containerId, lotId, materialCode, quantity, tare, gtin: MATERIALS.find((m) => m.code === materialCode)!.gtin });
  container('C-PARA-0001', 'LOT-PARA-2401', 'API-PARA', kg('0.600'), kg('0.250'));
  container('C-PARA-0002', 'LOT-PARA-2401', 'API-PARA', kg('5.000'), kg('0.350'));
  container('C-PARA-0003', 'LOT-PARA-2402', 'API-PARA', kg('25.000'), kg('1.200'));
  container('C-PARA-0004', 'LOT-PARA-2403', 'API-PARA', kg('25.000'), kg('1.200'));
  container('C-PARA-0005', 'LOT-PARA-2404', 'API-PARA', kg('25.000'), kg('1.200'));
  container('C-PARA-0006', 'LOT-PARA-2301', 'API-PARA', kg('4.000'), kg('0.350'));
  container('C-PARA-0007', 'LOT-PARA-2302', 'API-PARA', kg('4.000'), kg('0.350'));
  container('C-MCC-0001', 'LOT-MCC-2405', 'EXC-MCC', kg('0'), kg('0.900'));
  container('C-MCC-0002', 'LOT-MCC-2405', 'EXC-MCC', kg('20.000'), kg('0.900'));
  container('C-PVP-0001', 'LOT-PVP-2402', 'EXC-PVP', kg('5.000'), kg('0.300'));
  container('C-CROS-0001', 'LOT-CROS-2403', 'EXC-CROS', kg('2.000'), kg('0.300'));
  container('C-SIO2-0001', 'LOT-SIO2-2401', 'EXC-SIO2', kg('1.000'), kg('0.150'));
  container('C-MGST-0001', 'LOT-MGST-2404', 'EXC-MGST', kg('2.500'), kg('0.200'));
  // Demo balances are simulated ones (training only); SIM- serials say so, and the simulator
  // reports exactly these, never a real balance's serial (runtime-support.ts simulatorSerial).
  const balance = (balanceId: string, name: string, model: string, serialNumber: string, capacity: Mass, readability: Mass, s: Mass, dueDays: number, boothId: string, points: { testWeight: string; nominal: Mass; acceptance: Mass }[]) =>
    add('balance', balanceId, {
      balanceId,
      name,
      model,
      serialNumber,
      capacity,
      readability,
      calibration: { certificateId: `CAL-${balanceId}-2026`, dueAt: time(now, dueDays * 24) },
      repeatability: { standardDeviation: s, determinedAt: time(now, -24 * 90) },
      minimumWeightSafetyFactor: null,
      checkPlan: { id: `DC-${balanceId}`, points, validForHours: 24 },
      boothId,
    });
  balance('BAL-A01', 'Analytical balance 1', 'XPR205', 'SIM-B548912307', g('220.0000'), g('0.0001'), g('0.00004'), 180, DEMO_BOOTH, [
    { testWeight: 'E2 200 g #A17', nominal: g('200.0000'), acceptance: g('0.0010') },
    { testWeight: 'E2 10 g #A03', nominal: g('10.0000'), acceptance: g('0.0003') },
  ]);
  balance('BAL-P01', 'Precision balance 1', 'XPR6002S', 'SIM-B771204518', g('6100.00'), g('0.01'), g('0.008'), 120, DEMO_BOOTH, [
    { testWeight: 'F1 5 kg #P11', nominal: g('5000.00'), acceptance: g('0.30') },
    { testWeight: 'F1 500 g #P04', nominal: g('500.00'), acceptance: g('0.05') },
  ]);
  balance('BAL-P02', 'Precision balance 2', 'XPR6002S', 'SIM-B771209944', g('6100.00'), g('0.01'), g('0.008'), -3, 'BOOTH-2', [
    { testWeight: 'F1 5 kg #P12', nominal: g('5000.00'), acceptance: g('0.30') },
  ]);
  add('booth', DEMO_BOOTH, { boothId: DEMO_BOOTH, name: 'Dispensing booth 1', room: 'B1.04', cleaning: { status: 'clean', cleanedAt: time(now, -2), validUntil: time(now, 70) }, lineClearance: { status: 'cleared', clearedAt: time(now, -1.5), clearedBy: 'sup.wang' } });
  add('booth', 'BOOTH-2', { boothId: 'BOOTH-2', name: 'Dispensing booth 2', room: 'B1.05', cleaning: { status: 'dirty', cleanedAt: time(now, -80), validUntil: time(now, -8) }, lineClearance: { status: 'not-cleared', clearedAt: null, clearedBy: null } });
  for (const [username, validDays] of [['op.li', 300], ['op.smith', -10], ['sup.wang', 300]] as const) {
    add('training', `${username}/${DEMO_RECIPE}`, { username, recipeCode: DEMO_RECIPE, trainedOn: day(now, validDays - 365), validUntil: day(now, validDays) });
  }
  add('recipe', `${DEMO_RECIPE}@1`, demoRecipe(1, 'retired') as unknown as Record<string, unknown>, 3);
  add('recipe', `${DEMO_RECIPE}@2`, demoRecipe(2, 'effective') as unknown as Record<string, unknown>, 2);
  add('recipe', `${DEMO_RECIPE}@3`, demoRecipe(3, 'draft') as unknown as Record<string, unknown>, 1);
  // Step forms (issue 14 item 2): line clearance, blending at 25 ± 2 °C, stirring, cleaning record.
  add('recipe', `${DEMO_FORM_RECIPE}@1`, demoFormRecipe(1, 'effective') as unknown as Record<string, unknown>, 1);
  for (const username of ['op.li', 'sup.wang']) add('training', `${username}/${DEMO_FORM_RECIPE}`, { username, recipeCode: DEMO_FORM_RECIPE, trainedOn: day(now, -65), validUntil: day(now, 300) });
  return changes;
}
