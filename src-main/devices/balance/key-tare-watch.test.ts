import { describe, expect, it } from 'vitest';
import { unwrap } from '../../../src-shared/result.ts';
import type { WeightReading } from './balance-message.ts';
import { KeyTareWatch } from './key-tare-watch.ts';
import { parseMtSicsLine } from './mt-sics.codec.ts';
import { parseSbiLine } from './sartorius-sbi.codec.ts';

const mt = (line: string) => unwrap(parseMtSicsLine(line)) as WeightReading;
const sbi = (line: string) => unwrap(parseSbiLine(line)) as WeightReading;
/** Lines as a fast stream sends them (MT-SICS SIR: 100 ms apart) unless `everyMs` says otherwise. */
const watched = (lines: WeightReading[], between?: (w: KeyTareWatch, i: number) => void, everyMs = 100) => {
  const w = new KeyTareWatch();
  lines.forEach((r, i) => {
    between?.(w, i);
    w.observe(r, 1_000_000 + i * everyMs);
  });
  return w.seen().map((c) => [c.before.mass.amount, c.after.mass.amount, c.change]);
};

describe('FR-142 the key tare watch over recorded lines', () => {
  it('FR-142 a settled load followed at once by a settled zero is a key tare or zero (MT-SICS SIR lines)', () => {
    expect(watched([mt('S S     12.3456 g'), mt('S S     12.3456 g'), mt('S S      0.0000 g')])).toEqual([['12.3456', '0.0000', 'tare-or-zero']]);
  });

  it('FR-142 a load taken off (unsettled values on the way down) is no key press; nor is a creeping empty pan, nor a tare answer', () => {
    expect(watched([mt('S S     12.3456 g'), mt('S D      3.1000 g'), mt('S S      0.0000 g')])).toEqual([]);
    expect(watched([mt('S S      0.0019 g'), mt('S S      0.0000 g')])).toEqual([]);
    expect(watched([mt('S S     12.3456 g'), mt('TA A     12.3456 g'), mt('S S     12.3456 g')])).toEqual([]);
  });

  it('FR-142 the readings while the station itself tares are its own doing: held, never flagged', () => {
    expect(watched([mt('S S     12.3456 g'), mt('S S      0.0000 g')], (w, i) => (i === 1 ? w.hold() : undefined))).toEqual([]);
  });

  it('FR-142 SBI prints with ID: gross turning net with no command is a tare set on the balance', () => {
    expect(watched([sbi('G#    +  50.0000 g  '), sbi('N     +   0.0000 g  ')])).toEqual([['50.0000', '0.0000', 'tare']]);
  });

  it('FR-142 restart forgets what was seen before the station tared', () => {
    const w = new KeyTareWatch();
    w.observe(mt('S S     12.3456 g'), 0);
    w.observe(mt('S S      0.0000 g'), 100);
    expect(w.seen()).toHaveLength(1);
    w.restart();
    expect(w.seen()).toEqual([]);
  });

  it('FR-144 a slow printer (SBI auto print at 1 Hz) that shows a vessel lifted off as a settled load then a settled zero raises no key press; kept as unsure', () => {
    const w = new KeyTareWatch();
    w.observe(sbi('N     +  50.0000 g  '), 0);
    w.observe(sbi('N     +   0.0000 g  '), 1_000);
    expect(w.seen()).toEqual([]);
    expect(w.unsure().map((c) => [c.before.mass.amount, c.after.mass.amount])).toEqual([['50.0000', '0.0000']]);
    expect(watched([sbi('N     +  50.0000 g  '), sbi('N     +   0.0000 g  ')], undefined, 1_000)).toEqual([]);
  });

  it('FR-144 the same jump within the gap a fast stream leaves (300 ms) is a key press; just past it is not', () => {
    expect(watched([mt('S S     12.3456 g'), mt('S S      0.0000 g')], undefined, 300)).toEqual([['12.3456', '0.0000', 'tare-or-zero']]);
    expect(watched([mt('S S     12.3456 g'), mt('S S      0.0000 g')], undefined, 301)).toEqual([]);
  });

  it('FR-144 a slow printer still shows a tare set by its flag (G# turning N), whatever the gap', () => {
    expect(watched([sbi('G#    +  50.0000 g  '), sbi('N     +   0.0000 g  ')], undefined, 1_000)).toEqual([['50.0000', '0.0000', 'tare']]);
  });
});
