import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBarcode } from '../gs1/parse-barcode.ts';
import {
  DEFAULT_WEDGE_CONFIG,
  IDLE,
  KeyboardWedgeDetector,
  nextDeadline,
  wedgeKey,
  wedgeTick,
  type KeyInput,
  type WedgeConfig,
  type WedgeEffect,
  type WedgeState,
} from './keyboard-wedge.ts';

type TimelineItem = KeyInput | { tick: number };

/**
 * A host as the renderer will be: keys not suppressed reach the text field, replayed keys are
 * inserted in order, the timer fires at nextDeadline(). Returns what the field received and
 * which scans were detected.
 */
function simulate(config: WedgeConfig, timeline: TimelineItem[]) {
  let state: WedgeState = IDLE;
  const field: string[] = [];
  const scans: string[] = [];
  const incomplete: string[] = [];
  const suppressed: boolean[] = [];
  const apply = (effects: readonly WedgeEffect[]) => {
    for (const e of effects) {
      if (e.type === 'scan') scans.push(e.event.data);
      else if (e.type === 'replay') field.push(...e.keys.map((k) => k.key));
      else incomplete.push(`${e.reason}:${e.data}`);
    }
  };
  const fireTimerUntil = (t: number) => {
    const d = nextDeadline(config, state);
    if (d !== null && d <= t) {
      const r = wedgeTick(config, state, d);
      state = r.state;
      apply(r.effects);
    }
  };
  for (const item of timeline) {
    if ('tick' in item) {
      fireTimerUntil(item.tick);
      continue;
    }
    fireTimerUntil(item.time - 1);
    const step = wedgeKey(config, state, item);
    state = step.state;
    apply(step.effects);
    suppressed.push(step.suppress);
    if (!step.suppress) field.push(item.key);
  }
  fireTimerUntil(Number.MAX_SAFE_INTEGER);
  return { field: field.join('|'), text: field.filter((k) => [...k].length === 1).join(''), scans, incomplete, suppressed, state };
}

/** Keys for `text` starting at `t0`, `gap` ms apart, optionally followed by Enter. */
function typed(text: string, t0: number, gap: number, enter = false): KeyInput[] {
  const keys: KeyInput[] = [...text].map((ch, i) => (ch === '\x1D' ? { key: ']', ctrlKey: true, time: t0 + i * gap } : { key: ch, time: t0 + i * gap }));
  if (enter) keys.push({ key: 'Enter', time: t0 + text.length * gap });
  return keys;
}

const cfg = DEFAULT_WEDGE_CONFIG;

describe('keyboard wedge, timing mode (no prefix, Enter suffix)', () => {
  it('turns a fast burst ended by Enter into one scan and lets nothing reach the field', () => {
    const r = simulate(cfg, typed('0109501101530003', 1000, 8, true));
    expect(r.scans).toEqual(['0109501101530003']);
    expect(r.field).toBe('');
    expect(r.suppressed.every(Boolean)).toBe(true);
  });

  it('gives a person typing slowly every key back, in order, and detects no scan', () => {
    const r = simulate(cfg, typed('hello', 0, 140, true));
    expect(r.scans).toEqual([]);
    expect(r.field).toBe('h|e|l|l|o|Enter');
  });

  it('treats a quick short burst with Enter as typing (below minLength)', () => {
    const r = simulate(cfg, typed('ok', 0, 15, true));
    expect(r.scans).toEqual([]);
    expect(r.field).toBe('o|k|Enter');
    // the Enter itself is not held: it follows the replayed keys
    expect(r.suppressed).toEqual([true, true, false]);
  });

  it('a burst that stops without Enter is typing when a suffix is required', () => {
    const r = simulate(cfg, typed('ABCDEFGH', 0, 5));
    expect(r.scans).toEqual([]);
    expect(r.text).toBe('ABCDEFGH');
  });

  it('a burst that stops is a scan when no suffix is required (decided by the timer)', () => {
    const config = { ...cfg, suffix: [], requireSuffix: false };
    const r = simulate(config, [...typed('ABCDEFGH', 0, 5), { tick: 1000 }]);
    expect(r.scans).toEqual(['ABCDEFGH']);
    expect(r.text).toBe('');
  });

  it('one slow gap inside a burst breaks it: the head is typing, the tail is judged on its own', () => {
    const keys = [...typed('0109', 0, 8), ...typed('501101530003', 24 + 200, 8, true)];
    const r = simulate(cfg, keys);
    expect(r.text).toBe('0109');
    expect(r.scans).toEqual(['501101530003']);
  });

  it('finds a scan in the middle of typing without leaking either way', () => {
    const keys = [...typed('lot ', 0, 150), ...typed('9501101530003', 2000, 6, true), ...typed('x', 3000, 100)];
    const r = simulate(cfg, keys);
    expect(r.text).toBe('lot x');
    expect(r.scans).toEqual(['9501101530003']);
  });

  it('maps Ctrl+] to GS so a GS1 DataMatrix arrives intact', () => {
    const data = '0109501101530003101ABC\x1D17250630';
    const r = simulate(cfg, typed(data, 0, 4, true));
    expect(r.scans).toEqual([data]);
    const parsed = parseBarcode(r.scans[0]!, { referenceYear: 2025 });
    expect(parsed.ok && parsed.value).toMatchObject({ lot: '1ABC', expiry: '2025-06-30' });
  });

  it('ignores Shift between characters (scanners press it for capitals)', () => {
    const keys: KeyInput[] = [];
    let t = 0;
    for (const ch of 'LOT-ABC123') {
      if (/[A-Z]/.test(ch)) keys.push({ key: 'Shift', time: t });
      keys.push({ key: ch, time: t + 1 });
      t += 6;
    }
    keys.push({ key: 'Enter', time: t });
    expect(simulate(cfg, keys).scans).toEqual(['LOT-ABC123']);
  });

  it('a shortcut during a burst releases the held keys and passes the shortcut', () => {
    const keys: KeyInput[] = [...typed('abc', 0, 10), { key: 'c', ctrlKey: true, time: 30 }];
    const r = simulate(cfg, keys);
    expect(r.field).toBe('a|b|c|c');
    expect(r.suppressed).toEqual([true, true, true, false]);
  });

  it('resolves an overdue burst on the next key when the host timer did not fire', () => {
    let state: WedgeState = IDLE;
    state = wedgeKey(cfg, state, { key: 'a', time: 0 }).state;
    const late = wedgeKey(cfg, state, { key: 'b', time: 500 });
    expect(late.effects).toEqual([{ type: 'replay', keys: [{ key: 'a', time: 0 }] }]);
    expect(late.suppress).toBe(true); // "b" is now held as a possible new burst
  });

  it('asks for the timer just after the longest allowed gap', () => {
    expect(nextDeadline(cfg, IDLE)).toBeNull();
    const s = wedgeKey(cfg, IDLE, { key: 'a', time: 100 }).state;
    expect(nextDeadline(cfg, s)).toBe(100 + cfg.maxInterKeyMs + 1);
    expect(wedgeTick(cfg, s, 100 + cfg.maxInterKeyMs).state).toBe(s); // not yet
  });

  it('reports duration and completion time on the scan event', () => {
    const effects: WedgeEffect[] = [];
    const d = new KeyboardWedgeDetector({ ...cfg, deviceId: 'wedge-1' }, (e) => effects.push(e));
    for (const k of typed('12345678', 5000, 10, true)) d.key(k);
    expect(effects).toEqual([{ type: 'scan', event: { source: 'keyboard-wedge', deviceId: 'wedge-1', data: '12345678', receivedAt: 5080, durationMs: 80 } }]);
  });
});

describe('keyboard wedge, prefix mode', () => {
  const prefixed: WedgeConfig = { ...cfg, prefix: ['F13'], minLength: 3 };

  it('never holds ordinary typing, however fast', () => {
    const r = simulate(prefixed, typed('abcdefghijkl', 0, 2, true));
    expect(r.suppressed.every((s) => !s)).toBe(true);
    expect(r.scans).toEqual([]);
  });

  it('takes everything between the prefix and the suffix as the scan', () => {
    const keys: KeyInput[] = [{ key: 'F13', time: 0 }, ...typed('BIN-42', 5, 5, true)];
    const r = simulate(prefixed, keys);
    expect(r.scans).toEqual(['BIN-42']);
    expect(r.field).toBe('');
  });

  it('discards, never types, a prefixed scan that stops before its suffix', () => {
    const r = simulate(prefixed, [{ key: 'F13', time: 0 }, ...typed('0109', 5, 5)]);
    expect(r.incomplete).toEqual(['timeout:0109']);
    expect(r.field).toBe('');
  });

  it('discards a prefixed scan shorter than minLength', () => {
    const r = simulate(prefixed, [{ key: 'F13', time: 0 }, ...typed('AB', 5, 5, true)]);
    expect(r.incomplete).toEqual(['too-short:AB']);
    expect(r.field).toBe('');
  });

  it('gives back a partial multi-key prefix that turned out to be something else', () => {
    const two: WedgeConfig = { ...prefixed, prefix: ['F13', 'F14'] };
    const r = simulate(two, [{ key: 'F13', time: 0 }, { key: 'x', time: 10 }]);
    expect(r.field).toBe('F13|x');
    expect(r.scans).toEqual([]);
  });
});

describe('keyboard wedge, generated timelines', () => {
  const printable = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-./');
  const humanWord = fc.array(printable, { minLength: 1, maxLength: 12 }).map((a) => a.join(''));
  const scanData = fc.array(printable, { minLength: 6, maxLength: 40 }).map((a) => a.join(''));
  const segment = fc.oneof(
    fc.record({ kind: fc.constant('human' as const), text: humanWord, gap: fc.integer({ min: 60, max: 400 }), enter: fc.boolean() }),
    fc.record({ kind: fc.constant('scan' as const), text: scanData, gap: fc.integer({ min: 1, max: 30 }), enter: fc.constant(true) }),
  );

  it('detects exactly the scanner bursts and delivers exactly the human keys, in order', () => {
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 8 }), (segments) => {
        const timeline: KeyInput[] = [];
        let t = 0;
        const expectedScans: string[] = [];
        let expectedField = '';
        for (const seg of segments) {
          t += 500; // pause between segments
          timeline.push(...typed(seg.text, t, seg.gap, seg.enter));
          t += (seg.text.length + 1) * seg.gap;
          if (seg.kind === 'scan') expectedScans.push(seg.text);
          else expectedField += seg.text + (seg.enter ? '\n' : '');
        }
        const r = simulate(cfg, timeline);
        expect(r.scans).toEqual(expectedScans);
        expect(r.field.split('|').filter(Boolean).map((k) => (k === 'Enter' ? '\n' : k)).join('')).toBe(expectedField);
      }),
      { numRuns: 2_000, seed: 3_000_005 },
    );
  });
});
