import { describe, expect, it } from 'vitest';
import { queryDecimal, queryInteger } from './query-number.ts';

describe('FR-138 numbers read from a URL', () => {
  it('FR-138 a page size, cursor or id takes the decimal spelling only', () => {
    const limit = queryInteger(1, 1000);
    expect(limit.parse('25')).toBe(25);
    expect(limit.parse(25)).toBe(25);
    for (const bad of ['0x10', '1e2', ' 7 ', '0b11', '0o7', '07', '1.5', '-1', '0', '', 'NaN', 'Infinity', '1e309', '99999999999999999999', '1001', '1_0']) {
      expect(limit.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('FR-138 a limit of a chart takes a decimal with sign and fraction, no other spelling', () => {
    const lsl = queryDecimal();
    expect(lsl.parse('-2.5')).toBe(-2.5);
    expect(lsl.parse('0')).toBe(0);
    for (const bad of ['0x10', '1e2', ' 7', 'NaN', 'Infinity', '', '.5', '5.']) expect(lsl.safeParse(bad).success, bad).toBe(false);
  });
});
