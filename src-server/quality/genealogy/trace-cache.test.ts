import { describe, expect, it } from 'vitest';
import { TraceCache } from './trace-cache.ts';
import type { TraceResult } from '../../../src-shared/quality/genealogy-contract.ts';

const answer = (label: string) => ({ start: { kind: 'lot', key: 'RM-1', label, attrs: {} }, hits: [] }) as unknown as TraceResult;

describe('TraceCache stamps (FR-151)', () => {
  it('FR-151 a generation lower than the highest read in its epoch empties the cache: the counters raised back to a held stamp do not bring its answer back', () => {
    const cache = new TraceCache();
    cache.set('q', 'E:5:t5', answer('at 5'));
    cache.set('other', 'E:5:t5', answer('other at 5'));
    expect(cache.get('q', 'E:5:t5')?.start.label).toBe('at 5');
    // The counters went back (a restore): read at 4, then at 5 again with the same stamp.
    expect(cache.get('q', 'E:4:t4')).toBeUndefined();
    expect(cache.get('other', 'E:5:t5')).toBeUndefined();
    expect(cache.size).toBe(0);
    // Another epoch has counters of its own.
    cache.set('q', 'F:2:u', answer('F at 2'));
    expect(cache.get('q', 'F:2:u')?.start.label).toBe('F at 2');
    cache.set('p', 'E:6:t6', answer('E at 6'));
    expect(cache.get('p', 'E:6:t6')?.start.label).toBe('E at 6');
    expect(cache.get('q', 'F:2:u')?.start.label).toBe('F at 2');
  });

  it('FR-151 nothing is held or returned under an empty stamp (the generation row missing)', () => {
    const cache = new TraceCache();
    cache.set('q', '', answer('no row'));
    expect(cache.get('q', '')).toBeUndefined();
    cache.setBody('q', { generation: '' }, { plain: Buffer.from('x'), gzip: null });
    expect(cache.holdsBody('q')).toBe(false);
    expect(cache.body('q', '')).toBeUndefined();
  });
});
