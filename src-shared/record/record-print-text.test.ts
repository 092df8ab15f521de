import { describe, expect, it } from 'vitest';
import { RECORD_PRINT_TEXT, fill } from './record-print-text.ts';

/** Every leaf as [path, text]; keys may hold dots ("review.signed"), so paths are arrays. */
const leaves = (o: object, path: string[] = []): [string, string][] =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? leaves(v as object, [...path, k]) : [[JSON.stringify([...path, k]), String(v)] as [string, string]]));
const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('printed-document words', () => {
  it('English and Chinese hold the same keys, each filled in, with the same placeholders', () => {
    const en = new Map(leaves(RECORD_PRINT_TEXT.en));
    const zh = new Map(leaves(RECORD_PRINT_TEXT['zh-CN']));
    expect([...zh.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [k, v] of zh) {
      expect(v.length, k).toBeGreaterThan(0);
      expect(names(v), k).toEqual(names(en.get(k)!));
    }
    expect(fill(RECORD_PRINT_TEXT['zh-CN'].page, { n: 2, m: 7 })).toBe('第 2 页，共 7 页');
    expect(fill(RECORD_PRINT_TEXT.en.page, { n: 2, m: 7 })).toBe('Page 2 of 7');
  });

  it('shows a missing value as a dash, never an empty gap', () => {
    expect(fill('Page {n} of {m}', { n: 1 })).toBe('Page 1 of —');
  });
});
