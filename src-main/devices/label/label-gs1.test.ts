import { describe, expect, it } from 'vitest';
import { labelElements, netWeightAi } from './label-gs1.ts';
import { sampleLabel } from './label-fixture.testkit.ts';

describe('net weight in the DataMatrix, (310n) in kg, only when exact', () => {
  it.each([
    [{ amount: '1.25', unit: 'kg' as const }, { ai: '3102', value: '000125' }],
    [{ amount: '500', unit: 'g' as const }, { ai: '3101', value: '000005' }],
    [{ amount: '12.3400', unit: 'g' as const }, { ai: '3105', value: '001234' }], // trailing zeros carry no information
    [{ amount: '999999', unit: 'kg' as const }, { ai: '3100', value: '999999' }],
    [{ amount: '0', unit: 'g' as const }, { ai: '3100', value: '000000' }],
  ])('%j -> %j', (net, expected) => {
    expect(netWeightAi(net)).toEqual(expected);
  });

  it.each([
    [{ amount: '12.3456', unit: 'g' as const }], // 0.0123456 kg: 7 decimals
    [{ amount: '1234567', unit: 'mg' as const }], // 1.234567 kg: 6 decimals
    [{ amount: '1000000', unit: 'kg' as const }], // 7 digits
  ])('%j is left out rather than rounded', (net) => {
    expect(netWeightAi(net)).toBeUndefined();
  });
});

describe('label element string', () => {
  it('puts predefined-length AIs first and variable ones after', () => {
    expect(labelElements(sampleLabel()).map((e) => e.ai)).toEqual(['01', '3105', '17', '10', '21', '240']);
  });
  it('omits what the label does not have', () => {
    expect(labelElements(sampleLabel({ gtin: undefined, expiry: undefined, containerId: undefined })).map((e) => e.ai)).toEqual(['3105', '10', '240']);
  });
});
