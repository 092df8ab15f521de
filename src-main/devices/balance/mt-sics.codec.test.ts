import { describe, expect, it } from 'vitest';
import { encodeMtSics, parseMtSicsLine } from './mt-sics.codec.ts';
import { unwrap } from '../../../src-shared/result.ts';

describe('MT-SICS codec', () => {
  it('encodes every level 0/1 command this driver uses, with the answer id to wait for', () => {
    const table: [Parameters<typeof encodeMtSics>[0], string, string[] | null][] = [
      [{ type: 'reset' }, '@', ['I4']],
      [{ type: 'identify', item: 'balance-data' }, 'I2', ['I2']],
      [{ type: 'identify', item: 'software' }, 'I3', ['I3']],
      [{ type: 'identify', item: 'serial' }, 'I4', ['I4']],
      [{ type: 'read-stable' }, 'S', ['S']],
      [{ type: 'read-immediate' }, 'SI', ['S']],
      [{ type: 'stream-start' }, 'SIR', null],
      [{ type: 'zero' }, 'Z', ['Z']],
      [{ type: 'zero-immediate' }, 'ZI', ['ZI']],
      [{ type: 'tare' }, 'T', ['T']],
      [{ type: 'tare-immediate' }, 'TI', ['TI']],
      [{ type: 'tare-query' }, 'TA', ['TA']],
      [{ type: 'tare-preset', mass: { amount: '10.00', unit: 'g' } }, 'TA 10.00 g', ['TA']],
      [{ type: 'tare-clear' }, 'TAC', ['TAC']],
    ];
    for (const [command, text, ids] of table) {
      const e = unwrap(encodeMtSics(command));
      expect(e.text).toBe(text);
      expect(e.reply).toEqual(ids ? { type: 'ids', ids } : { type: 'none' });
    }
    const r = encodeMtSics({ type: 'identify', item: 'balance-id' });
    expect(r.ok ? 'ok' : r.error.code).toBe('DEVICE_COMMAND_UNSUPPORTED');
  });

  it('A11-08 a dynamic value is a reading marked unstable, never a stable one (DI-05)', () => {
    const m = unwrap(parseMtSicsLine('S D      99.9870 g'));
    expect(m.kind === 'weight' && m.stable).toBe(false);
  });

  it('tolerates the value padding of different balance generations', () => {
    for (const line of ['S S 12.3450 g', 'S S      12.3450 g', 'S S   12.3450    g ', 'S S -  12.3450 g']) {
      const m = unwrap(parseMtSicsLine(line));
      expect(m.kind === 'weight' && m.mass.amount.replace('-', '')).toBe('12.3450');
    }
  });
});
