import { describe, expect, it } from 'vitest';
import { encodeSbi, parseSbiLine } from './sartorius-sbi.codec.ts';
import { unwrap } from '../../../src-shared/result.ts';

describe('Sartorius SBI codec', () => {
  it('encodes ESC commands and refuses what SBI cannot do', () => {
    expect(unwrap(encodeSbi({ type: 'read-immediate' })).text).toBe('\x1bP');
    expect(unwrap(encodeSbi({ type: 'tare' }))).toEqual({ text: '\x1bT', reply: { type: 'none' } });
    expect(unwrap(encodeSbi({ type: 'zero' })).text).toBe('\x1bf3_');
    expect(unwrap(encodeSbi({ type: 'identify', item: 'model' }))).toEqual({ text: '\x1bx1_', reply: { type: 'text', item: 'model' } });
    expect(unwrap(encodeSbi({ type: 'identify', item: 'serial' })).text).toBe('\x1bx2_');
    for (const type of ['tare-clear', 'tare-query', 'read-stable', 'stream-start'] as const) {
      const r = encodeSbi({ type });
      expect(r.ok ? 'ok' : r.error.code).toBe('DEVICE_COMMAND_UNSUPPORTED');
    }
  });

  it('DI-05 a print without unit is refused, never read in an assumed unit (issue 18 item 6)', () => {
    const r = parseSbiLine('+  12.3450    ');
    expect(r.ok ? 'read as a weight' : r.error.code).toBe('BALANCE_UNIT_MISSING');
  });

  it('drops the brackets of non-verified digits without opening a gap in the number', () => {
    const m = unwrap(parseSbiLine('+  123.5[6]g  '));
    expect(m.kind === 'weight' && m.mass).toEqual({ amount: '123.56', unit: 'g' });
  });
});
