import { describe, expect, it } from 'vitest';
import { AI_TABLE, aiLengthForPrefix, aiMatchesPattern, lookupAi, lookupAiAt } from './ai-table.ts';

describe('AI table', () => {
  const ais = [...AI_TABLE.keys()];

  it('holds the families of GenSpecs Figure 3.2-1 the station relies on', () => {
    for (const ai of ['00', '01', '02', '10', '11', '12', '13', '15', '16', '17', '20', '21', '22', '30', '37', '240', '241', '242', '250', '251', '253', '254', '400', '401', '402', '403', '410', '411', '412', '413', '414', '415', '416', '417', '420', '421', '422', '7003', '7004', '8004', '8005', '8006', '8008', '8020', '90', '91', '99']) {
      expect(lookupAi(ai), ai).toBeDefined();
    }
    for (const family of ['310', '311', '312', '313', '314', '315', '316', '320', '330', '340', '356', '357', '360', '361', '369']) {
      for (let n = 0; n <= 5; n++) expect(lookupAi(`${family}${n}`), `${family}${n}`).toBeDefined();
      expect(lookupAi(`${family}6`), `${family}6`).toBeUndefined();
    }
    expect(ais.length).toBeGreaterThan(500);
  });

  it('is prefix-free, so the first AI found at a position is the only one (GenSpecs §3.1)', () => {
    // One expectation over every pair (an expect per pair was 250,000 calls, seconds of matcher overhead).
    const prefixes: string[] = [];
    for (const a of ais) for (const b of ais) if (a !== b && b.startsWith(a)) prefixes.push(`${a} is a prefix of ${b}`);
    expect(prefixes).toEqual([]);
  });

  it('gives every AI sharing two leading digits the same length', () => {
    for (const ai of ais) expect(aiLengthForPrefix(ai.slice(0, 2))).toBe(ai.length);
  });

  it('marks exactly the predefined-length prefixes of GenSpecs Figure 7.8.5-2 as needing no FNC1', () => {
    // 00-04 (we carry 00-03; 04 is reserved), 11-20, 31-36, 41
    const predefinedPrefix = /^(0[0-4]|1[1-9]|20|3[1-6]|41)/;
    for (const [ai, def] of AI_TABLE) expect(def.predefinedLength, ai).toBe(predefinedPrefix.test(ai));
  });

  it('describes fixed and variable formats as the standard does', () => {
    expect(lookupAi('00')).toMatchObject({ title: 'SSCC', minLength: 18, maxLength: 18, predefinedLength: true });
    expect(lookupAi('01')!.components[0]).toMatchObject({ charset: 'N', min: 14, max: 14, linters: ['csum'] });
    expect(lookupAi('10')).toMatchObject({ title: 'BATCH/LOT', minLength: 1, maxLength: 20, predefinedLength: false });
    expect(lookupAi('17')!.components[0]!.linters).toEqual(['yymmd0']);
    expect(lookupAi('7003')).toMatchObject({ title: 'EXPIRY TIME', minLength: 10, maxLength: 10 });
    expect(lookupAi('253')).toMatchObject({ minLength: 13, maxLength: 30 });
    expect(lookupAi('3103')).toMatchObject({ title: 'NET WEIGHT (kg)', impliedDecimals: 3 });
    expect(lookupAi('3932')).toMatchObject({ title: 'PRICE', impliedDecimals: 2, minLength: 4, maxLength: 18 });
    expect(lookupAi('7031')!.title).toBe('PROCESSOR # 1');
    expect(lookupAi('7239')!.title).toBe('CERT # 10');
    expect(lookupAi('8010')!.components[0]!.charset).toBe('Y');
    expect(lookupAi('8030')!.components[0]!.charset).toBe('Z');
  });

  it('finds the AI at a position by trying 2, 3 and 4 digits', () => {
    expect(lookupAiAt('xx3103000123', 2)!.ai).toBe('3103');
    expect(lookupAiAt('240ABC', 0)!.ai).toBe('240');
    expect(lookupAiAt('10ABC', 0)!.ai).toBe('10');
    expect(lookupAiAt('89123', 0)).toBeUndefined();
    expect(lookupAiAt('3', 0)).toBeUndefined();
  });

  it('matches rule patterns with "n" wildcards', () => {
    expect(aiMatchesPattern('3103', '310n')).toBe(true);
    expect(aiMatchesPattern('3203', '31nn')).toBe(false);
    expect(aiMatchesPattern('01', '01')).toBe(true);
    expect(aiMatchesPattern('010', '01')).toBe(false);
  });
});
