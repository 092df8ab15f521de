/**
 * The volume step in the engine (issue 17 item 3): the demo recipe's magnesium stearate line
 * (S24, L60: 20 g for a 2 kg batch, −0.5 % … +1 %, i.e. 19.90 g … 20.20 g) turned into a liquid
 * dispensed by volume, its lot at 0.8 g/mL, the booth holding a 0.1 mL cylinder and a 2 mL one.
 * Mass window ÷ density = 24.875 … 25.25 mL; at 0.1 mL inward: 24.9 … 25.2 mL, target 25.0 mL.
 */
import { afterEach, expect, it } from 'vitest';
import { DEMO_RECIPE } from '../../src-main/demo/demo-master-data.ts';
import { describeEntry } from '../../src-shared/record/record-line.ts';
import { RECORD_LINE_TEXT, renderRecordLine } from '../../src-shared/record/record-line-text.ts';
import { unwrap } from '../../src-shared/result.ts';
import { DEMO_BOOTH, makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { at, exec, expectRefused, OPERATOR, runTo, signAs, view } from './engine-test-kit.ts';

let d: DispensingStation;
afterEach(() => d?.close());
const B = 'B-VOL-1';
const DUE = '2027-03-01T00:00:00.000Z';

async function liquidS24(): Promise<string> {
  d = await makeDispensingStation();
  const recipe = d.station.masterData.reader.list('recipe').find((r) => r.data.recipeCode === DEMO_RECIPE && r.data.status === 'effective')!;
  const data = structuredClone(recipe.data) as unknown as { unitProcedures: { operations: { steps: { stepId: string; method?: string }[] }[] }[] };
  for (const up of data.unitProcedures) for (const op of up.operations) for (const st of op.steps) if (st.stepId === 'S24') st.method = 'volume';
  d.applyMasterData([{ kind: 'recipe', key: recipe.key, version: recipe.version + 1, data: data as never }]);
  d.revise('lot', 'LOT-MGST-2404', { densityGPerMl: '0.8' });
  d.revise('booth', DEMO_BOOTH, {
    volumetricDevices: [
      { deviceId: 'CYL-01', name: 'Cylinder 50 mL', kind: 'graduated-cylinder', resolutionMl: '0.1', capacityMl: '50', calibrationDueAt: DUE },
      { deviceId: 'CYL-02', name: 'Cylinder 500 mL', kind: 'graduated-cylinder', resolutionMl: '2', capacityMl: '500', calibrationDueAt: DUE },
    ],
  });
  d.importOrder(B);
  await runTo(d, B, at('S24', 'need-container'));
  const s = d.login('op.li');
  unwrap(await exec(d, s, B, { type: 'scan-container', stepId: 'S24', scan: { containerId: 'C-MGST-0001' } }));
  return s;
}

const zhAccepted = RECORD_LINE_TEXT['zh-CN'].codes.outcome.accepted!;
const measured = () => d.station.ledger.query({ batchRef: B, types: ['dispense.volume_measured'] });

it('FR-32 by volume: the volume typed from the device is held to the window at its resolution, and counts volume × density exactly', async () => {
  const s = await liquidS24();
  const w = view(d, B).current!.weigh!;
  expect(w.method).toBe('volume');
  expect(view(d, B).current!.allowed).toContain('record-volume');
  expect(w.volume).toEqual({
    densityGPerMl: '0.8',
    devices: [
      expect.objectContaining({ deviceId: 'CYL-01', window: { target: '25.0', lower: '24.9', upper: '25.2' } }),
      // 2 mL steps: no reading lies inside 24.875 … 25.25 mL.
      expect.objectContaining({ deviceId: 'CYL-02', window: null }),
    ],
  });
  // Not a reading of a 0.1 mL cylinder; a device the booth does not hold; the coarse cylinder.
  expectRefused(await exec(d, s, B, { type: 'record-volume', stepId: 'S24', deviceId: 'CYL-01', volumeMl: '25.05' }), 'VOLUME_NOT_AT_RESOLUTION');
  expectRefused(await exec(d, s, B, { type: 'record-volume', stepId: 'S24', deviceId: 'CYL-99', volumeMl: '25.0' }), 'VOLUMETRIC_DEVICE_UNKNOWN');
  expectRefused(await exec(d, s, B, { type: 'record-volume', stepId: 'S24', deviceId: 'CYL-02', volumeMl: '26' }), 'TOLERANCE_FINER_THAN_READABILITY');
  expect(measured()).toHaveLength(0);

  // 24.8 mL = 19.84 g: below; recorded (DI-06), not counted.
  expectRefused(await exec(d, s, B, { type: 'record-volume', stepId: 'S24', deviceId: 'CYL-01', volumeMl: '24.8' }), 'NET_OUT_OF_TOLERANCE');
  expect(measured().at(-1)!.payload).toMatchObject({ volumeMl: '24.8', net: { amount: '19.84', unit: 'g' }, verdict: 'below', outcome: 'out-of-tolerance' });
  expect(view(d, B).current!.phase).toBe('out-of-tolerance');

  // The window's edges: 24.9 mL and 25.2 mL give 19.92 g and 20.16 g, both inside 19.90 … 20.20 g.
  unwrap(await exec(d, s, B, { type: 'record-volume', stepId: 'S24', deviceId: 'CYL-01', volumeMl: '25.2' }));
  const p = measured().at(-1)!.payload as Record<string, unknown>;
  expect(p).toMatchObject({
    volumeMl: '25.2',
    densityGPerMl: '0.8',
    net: { amount: '20.16', unit: 'g' },
    volumeWindow: { target: '25.0', lower: '24.9', upper: '25.2', resolutionMl: '0.1' },
    device: { deviceId: 'CYL-01', resolutionMl: '0.1' },
    verdict: 'within',
    outcome: 'accepted',
  });
  expect(view(d, B).current?.phase).toBe('need-signatures');
  unwrap(await exec(d, s, B, signAs('performed', OPERATOR)));
  expect(view(d, B).current?.stepId).not.toBe('S24');
  const line = describeEntry('dispense.volume_measured', p);
  expect(renderRecordLine(line, 'en')).toBe('Measured 25.2 mL on CYL-01 (0.1 mL steps) of C-MGST-0001: 20.16 g at 0.8 g/mL; volume window 24.9 mL … 25.2 mL: accepted');
  expect(renderRecordLine(line, 'zh-CN')).toBe('在 CYL-01（分度 0.1 mL）量取 C-MGST-0001 25.2 mL：按 0.8 g/mL 计 20.16 g；体积范围 24.9 mL … 25.2 mL：' + zhAccepted);
});

it('FR-32 by volume on a balance: the mass decides at the readability and the record shows the volume it makes', async () => {
  const s = await liquidS24();
  unwrap(await exec(d, s, B, { type: 'select-balance', stepId: 'S24', balanceId: 'BAL-P01' }));
  d.bench.clear('BAL-P01');
  d.bench.place('BAL-P01', { amount: '50', unit: 'g' });
  unwrap(await exec(d, s, B, { type: 'tare', stepId: 'S24' }));
  d.bench.place('BAL-P01', { amount: '20.01', unit: 'g' });
  unwrap(await exec(d, s, B, { type: 'capture', stepId: 'S24' }));
  const e = d.station.ledger.query({ batchRef: B, types: ['dispense.weighed'] }).at(-1)!;
  // 20.01 g ÷ 0.8 g/mL = 25.0125 mL, shown half-up to 0.01 mL.
  expect(e.payload).toMatchObject({ method: 'volume', outcome: 'accepted', net: { amount: '20.01', unit: 'g' }, volume: { volumeMl: '25.01', densityGPerMl: '0.8' } });
  expect(renderRecordLine(describeEntry(e.type, e.payload), 'en')).toContain('makes 25.01 mL at 0.8 g/mL');
});

it('FR-32 by volume: a lot without a density or a device past its calibration is refused, nothing measured', async () => {
  const s = await liquidS24();
  d.revise('booth', DEMO_BOOTH, { volumetricDevices: [{ deviceId: 'CYL-01', name: 'Cylinder 50 mL', kind: 'graduated-cylinder', resolutionMl: '0.1', capacityMl: '50', calibrationDueAt: '2026-03-01T00:00:00.000Z' }] });
  expectRefused(await exec(d, s, B, { type: 'record-volume', stepId: 'S24', deviceId: 'CYL-01', volumeMl: '25.0' }), 'VOLUMETRIC_DEVICE_CALIBRATION_DUE');
  d.revise('booth', DEMO_BOOTH, { volumetricDevices: [{ deviceId: 'CYL-01', name: 'Cylinder 50 mL', kind: 'graduated-cylinder', resolutionMl: '0.1', capacityMl: '20', calibrationDueAt: DUE }] });
  expectRefused(await exec(d, s, B, { type: 'record-volume', stepId: 'S24', deviceId: 'CYL-01', volumeMl: '25.0' }), 'VOLUME_ABOVE_CAPACITY');
  const lot = d.station.masterData.reader.get('lot', 'LOT-MGST-2404')!;
  const { densityGPerMl: _gone, ...without } = lot.data;
  d.applyMasterData([{ kind: 'lot', key: lot.key, version: lot.version + 1, data: without }]);
  expectRefused(await exec(d, s, B, { type: 'record-volume', stepId: 'S24', deviceId: 'CYL-01', volumeMl: '25.0' }), 'MASTER_DATA_INVALID');
  expect(measured()).toHaveLength(0);
});
