/**
 * FR-146: what the hub process holds for walked traces (trace-node-data.ts) is held under one node
 * data generation only, asked for without node data only for a start walked at it below the
 * keeping size, and bounded.
 */
import { describe, expect, it } from 'vitest';
import { NodeDataCache } from './trace-node-data.ts';
import { treeOfClosure, type NodeColumns } from './trace-tree.ts';

const columns = (ids: number[]): NodeColumns => ({
  ids,
  kinds: ids.map(() => 'lot'),
  keys: ids.map((i) => `L-${i}`),
  labels: ids.map((i) => `lot ${i}`),
  attrs: ids.map((i) => ({ quantity: `${i}.000 kg` })),
});

describe('NodeDataCache', () => {
  it('FR-146 holds node data under one generation: another generation drops it all, starts too', () => {
    const c = new NodeDataCache();
    c.fill('7', 'lot\u0000A\u0000forward', columns([1, 2, 3]));
    expect(c.heldFor('lot\u0000A\u0000forward', 1000)).toBe('7');
    expect(c.heldFor('lot\u0000A\u0000forward', 3)).toBeNull();
    expect(c.heldFor('lot\u0000B\u0000forward', 1000)).toBeNull();
    expect(c.columns('7', [3, 1]).columns?.labels).toEqual(['lot 3', 'lot 1']);
    expect(c.columns('7', [3, 4]).missing).toEqual([4]);
    // A walk at another generation says everything is missing, then replaces what is held.
    expect(c.columns('8', [1]).missing).toEqual([1]);
    c.fill('8', 'lot\u0000B\u0000forward', columns([4]));
    expect(c.size).toBe(1);
    expect(c.heldFor('lot\u0000A\u0000forward', 1000)).toBeNull();
    // Held entries are shared with answers, so frozen.
    expect(Object.isFrozen(c.columns('8', [4]).columns!.attrs[0])).toBe(true);
  });

  it('FR-146 a held walk is returned only for the same texts, start and generation, and is bounded', () => {
    const c = new NodeDataCache(40_000);
    c.fill('1', 's', columns([1, 2]));
    const walked = treeOfClosure({ id: 9, kind: 'batch', key: 'B', label: 'B', attrs: {} }, columns([1, 2]), [9, 1], [1, 2], 60)!;
    c.keepWalk('s\u000060', '1', 9, '1,2', '9>1,1>2', walked);
    expect(c.walkFor('s\u000060', '1', 9, '1,2', '9>1,1>2')).toBe(walked);
    expect(c.walkFor('s\u000060', '1', 9, '1,2', '9>1,1>2,9>2')).toBeUndefined();
    expect(c.walkFor('s\u000060', '1', 8, '1,2', '9>1,1>2')).toBeUndefined();
    expect(c.walkFor('s\u000060', '2', 9, '1,2', '9>1,1>2')).toBeUndefined();
    // Node data beyond the bound empties what is held and keeps counting from there.
    c.fill('1', 't', columns(Array.from({ length: 200 }, (_, i) => 100 + i)));
    expect(c.size).toBeLessThan(200);
    expect(c.walkFor('s\u000060', '1', 9, '1,2', '9>1,1>2')).toBeUndefined();
  });
});
