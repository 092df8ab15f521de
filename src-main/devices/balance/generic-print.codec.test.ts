import { describe, expect, it } from 'vitest';
import { createGenericPrintCodec } from './generic-print.codec.ts';
import { unwrap } from '../../../src-shared/result.ts';

describe('generic print codec', () => {
  it('refuses a configuration without an amount part or with a broken pattern', () => {
    for (const config of [{ pattern: '^(?<x>\\d+)$' }, { pattern: '(' }, { pattern: '' }, { nope: 1 }]) {
      const r = createGenericPrintCodec(config);
      expect(r.ok ? 'ok' : r.error.code).toBe('BALANCE_PATTERN_INVALID');
    }
  });

  it('DI-05 never assumes stability unless IT says the printer prints only stable values', () => {
    const pattern = '^(?<amount>[-+]?[0-9.]+) (?<unit>g)$';
    const cautious = unwrap(createGenericPrintCodec({ pattern }));
    const trusting = unwrap(createGenericPrintCodec({ pattern, assumeStable: true }));
    const a = unwrap(cautious.parseLine('12.5 g'));
    const b = unwrap(trusting.parseLine('12.5 g'));
    expect(a.kind === 'weight' && a.stable).toBe(false);
    expect(b.kind === 'weight' && b.stable).toBe(true);
  });
});
