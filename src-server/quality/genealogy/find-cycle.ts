/**
 * One directed cycle among the given edges, or null (iterative depth-first search with the
 * usual white/grey/black colouring: an edge to a grey node closes a cycle). Used only when a
 * trace hit its depth guard, to tell a deep genealogy from a corrupt one.
 */
export function findCycle(edges: readonly (readonly [number, number])[]): number[] | null {
  const next = new Map<number, number[]>();
  for (const [a, b] of edges) {
    const list = next.get(a);
    if (list) list.push(b);
    else next.set(a, [b]);
  }
  const colour = new Map<number, 1 | 2>(); // 1 = on the stack, 2 = done
  for (const root of next.keys()) {
    if (colour.has(root)) continue;
    const stack: { node: number; i: number }[] = [{ node: root, i: 0 }];
    colour.set(root, 1);
    while (stack.length > 0) {
      const top = stack.at(-1)!;
      const out = next.get(top.node) ?? [];
      if (top.i >= out.length) {
        colour.set(top.node, 2);
        stack.pop();
        continue;
      }
      const child = out[top.i++]!;
      const c = colour.get(child);
      if (c === 1) {
        const from = stack.findIndex((f) => f.node === child);
        return stack.slice(from).map((f) => f.node);
      }
      if (c === undefined) {
        colour.set(child, 1);
        stack.push({ node: child, i: 0 });
      }
    }
  }
  return null;
}
