import { describe, expect, it } from 'vitest';
import type { TraceResult } from '../../src-shared/quality/genealogy-contract.ts';
import { estimateMeasure, fitText, graphEdges, layoutTrace, nodeWidth } from './trace-graph.tsx';

const node = (kind: 'lot' | 'container' | 'dispense' | 'batch', key: string) => ({ kind, key, label: key, attrs: {} });

describe('layoutTrace', () => {
  const trace: TraceResult = {
    start: node('lot', 'L'),
    direction: 'forward',
    maxDepth: 60,
    depthLimitReached: false,
    cycle: null,
    hits: [
      { node: node('container', 'C2'), depth: 1, path: ['lot:L', 'container:C2'], quantity: null },
      { node: node('container', 'C1'), depth: 1, path: ['lot:L', 'container:C1'], quantity: null },
      { node: node('dispense', 'D-of-C2'), depth: 2, path: ['lot:L', 'container:C2', 'dispense:D-of-C2'], quantity: '1 kg' },
      { node: node('dispense', 'D-of-C1'), depth: 2, path: ['lot:L', 'container:C1', 'dispense:D-of-C1'], quantity: '1 kg' },
    ],
  };
  it('puts each step in its own column and children in the order of their parents', () => {
    const placed = new Map(layoutTrace(trace).map((p) => [p.ref, p]));
    expect(placed.get('lot:L')).toMatchObject({ x: 0, y: 0, parent: null });
    expect(placed.get('container:C1')!.y).toBeLessThan(placed.get('container:C2')!.y);
    expect(placed.get('dispense:D-of-C1')!.y).toBeLessThan(placed.get('dispense:D-of-C2')!.y);
    expect(placed.get('dispense:D-of-C1')!.x).toBeGreaterThan(placed.get('container:C1')!.x);
    expect(placed.get('dispense:D-of-C2')!.parent).toBe('container:C2');
  });
  it('draws every edge the hub returns, not only the shortest path of each node', () => {
    const both: TraceResult = {
      ...trace,
      hits: [...trace.hits, { node: node('batch', 'B'), depth: 3, path: ['lot:L', 'container:C1', 'dispense:D-of-C1', 'batch:B'], quantity: '1 kg', total: '2 kg' }],
      edges: [
        { from: 'lot:L', to: 'container:C1', quantity: null },
        { from: 'lot:L', to: 'container:C2', quantity: null },
        { from: 'container:C1', to: 'dispense:D-of-C1', quantity: '1 kg' },
        { from: 'container:C2', to: 'dispense:D-of-C2', quantity: '1 kg' },
        { from: 'dispense:D-of-C1', to: 'batch:B', quantity: '1 kg' },
        { from: 'dispense:D-of-C2', to: 'batch:B', quantity: '1 kg' },
      ],
    };
    const drawn = graphEdges(both, layoutTrace(both)).map(([a, b]) => `${a.ref}>${b.ref}`);
    expect(drawn).toContain('dispense:D-of-C1>batch:B');
    expect(drawn).toContain('dispense:D-of-C2>batch:B');
    expect(drawn).toHaveLength(6);
    expect(graphEdges(trace, layoutTrace(trace))).toHaveLength(4);
  });
  it('keeps only the nearest nodes of a large trace', () => {
    expect(layoutTrace(trace, 2).map((p) => p.ref).sort()).toEqual(['container:C1', 'container:C2', 'lot:L']);
  });
});

describe('labels fit their boxes', () => {
  const font = '13px system-ui, sans-serif';
  it('widens the boxes to the longest label, up to a limit, and cuts longer labels to fit with an ellipsis', () => {
    const short = nodeWidth([{ kind: 'Lot', label: 'MCC-2405' }], estimateMeasure);
    expect(short).toBe(200);
    const long = 'Microcrystalline cellulose PH-102 · MCC-2405';
    const wide = nodeWidth([{ kind: 'Lot', label: long }], estimateMeasure);
    expect(wide).toBeGreaterThan(200);
    expect(wide).toBeLessThanOrEqual(340);
    expect(estimateMeasure(fitText(long, wide - 16, font, estimateMeasure), font)).toBeLessThanOrEqual(wide - 16);
    const chinese = '微晶纤维素 PH-102 批号 MCC-2405 一号仓库 第三货架 上层';
    const cut = fitText(chinese, 200 - 16, font, estimateMeasure);
    expect(cut.endsWith('…')).toBe(true);
    expect(estimateMeasure(cut, font)).toBeLessThanOrEqual(184);
    // CJK characters are measured as one em each, not as Latin letters.
    expect(estimateMeasure('批号批号', font)).toBe(52);
  });
});
