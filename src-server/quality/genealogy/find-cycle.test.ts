import { describe, expect, it } from 'vitest';
import { findCycle } from './find-cycle.ts';

describe('findCycle', () => {
  it('finds none in a DAG full of diamonds', () => {
    expect(findCycle([[1, 2], [1, 3], [2, 4], [3, 4], [4, 5], [2, 5]])).toBeNull();
  });
  it('names the nodes of a cycle reachable from the start', () => {
    const cycle = findCycle([[1, 2], [2, 3], [3, 4], [4, 2], [4, 5]]);
    expect(cycle).not.toBeNull();
    expect([...cycle!].sort()).toEqual([2, 3, 4]);
  });
  it('finds a self-loop', () => {
    expect(findCycle([[7, 7]])).toEqual([7]);
  });
});
