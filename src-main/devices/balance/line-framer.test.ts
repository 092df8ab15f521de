import { describe, expect, it } from 'vitest';
import { LineFramer } from './line-framer.ts';

describe('line framer', () => {
  it('joins lines split across chunks and strips CR', () => {
    const lines: string[] = [];
    const f = new LineFramer('CRLF', (l) => lines.push(l), () => undefined);
    for (const c of ['S S  ', '   1.0 g\r', '\nS D 2.0', ' g\r\n\r\nZ A\r\n']) f.push(Buffer.from(c, 'latin1'));
    expect(lines).toEqual(['S S     1.0 g', 'S D 2.0 g', 'Z A']);
  });

  it('drops a run without line end past the limit, reports it once, and resynchronises', () => {
    const lines: string[] = [];
    const overlong: number[] = [];
    const f = new LineFramer('LF', (l) => lines.push(l), (n) => overlong.push(n), 16);
    f.push(Buffer.alloc(40, 0x41));
    f.push(Buffer.alloc(40, 0x42));
    f.push(Buffer.from('tail\nS S 1 g\n'));
    expect(overlong).toHaveLength(1);
    expect(lines).toEqual(['S S 1 g']);
  });

  it('frames CR-only balances', () => {
    const lines: string[] = [];
    const f = new LineFramer('CR', (l) => lines.push(l), () => undefined);
    f.push(Buffer.from('ST,+001.00  g\rST,+002.00  g\r'));
    expect(lines).toEqual(['ST,+001.00  g', 'ST,+002.00  g']);
  });
});
