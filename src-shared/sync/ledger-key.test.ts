import { describe, expect, it } from 'vitest';
import { epochOf, ledgerKey, wireStationId } from './ledger-key.ts';

describe('identity epochs: hub-side ledger keys', () => {
  it('A11-13 a station first ledger keeps its plain id; an accepted re-creation gets <id>~<epoch>, and both lead back to the signed station id', () => {
    expect(ledgerKey('ST-01', 1)).toBe('ST-01');
    expect(ledgerKey('ST-01', 2)).toBe('ST-01~2');
    expect(ledgerKey('Booth 3 (old)', 12)).toBe('Booth 3 (old)~12');
    for (const key of ['ST-01', 'ST-01~2', 'ST-01~12']) expect(wireStationId(key)).toBe('ST-01');
    expect([epochOf('ST-01'), epochOf('ST-01~2'), epochOf('ST-01~12')]).toEqual([1, 2, 12]);
    // nonsense after the separator is not an epoch
    expect(epochOf('ST-01~x')).toBe(1);
  });
});
