/**
 * Genealogy at the hub (issue 7 item 1), as the API, the console and `batchline trace` see it.
 *
 * The graph's nodes are lots, source containers, dispensed containers and batches; an edge
 * points the way material flows (EU GMP Ch. 4.29, 5.x: every lot's use must be traceable):
 *
 *   lot -> container            the container holds part of the lot
 *   container -> dispense       material weighed out of the container into a dispensed
 *                               container (one node per weighing)
 *   dispense -> batch           the dispensed material went into the batch
 *   batch -> lot                a lot the batch produced (intermediate or finished/shipped)
 *
 * A forward trace follows the flow (where did this lot go? — the recall question); a backward
 * trace goes against it (what went into this batch?). Each hit comes with one shortest path
 * from the start, so a person can see *why* a batch is on a recall list.
 */
import { z } from 'zod';
import { queryInteger } from '../api/query-number.ts';
import { Code } from '../master-data/common.ts';

export const GENEALOGY_NODE_KINDS = ['lot', 'container', 'dispense', 'batch'] as const;
export const GenealogyNodeKind = z.enum(GENEALOGY_NODE_KINDS);
export type GenealogyNodeKind = z.infer<typeof GenealogyNodeKind>;

export const TraceDirection = z.enum(['forward', 'backward']);
export type TraceDirection = z.infer<typeof TraceDirection>;

/** A lot produced by a batch is either used again (intermediate) or shipped (finished). */
export const OutputLotRole = z.enum(['intermediate', 'finished']);
export type OutputLotRole = z.infer<typeof OutputLotRole>;

/** Deep enough for long chains of intermediates; the guard against a cyclic (corrupt) graph. */
export const DEFAULT_TRACE_DEPTH = 60;
export const MAX_TRACE_DEPTH = 500;

export const NodeRefSchema = z.object({ kind: GenealogyNodeKind, key: z.string().min(1).max(200) });
export type NodeRef = z.infer<typeof NodeRefSchema>;

export const TraceNodeSchema = NodeRefSchema.extend({
  label: z.string(),
  attrs: z.record(z.string(), z.unknown()),
});
export type TraceNode = z.infer<typeof TraceNodeSchema>;

export const TraceHitSchema = z.object({
  node: TraceNodeSchema,
  /** Edges between the start and this node on the shortest path. */
  depth: z.number().int().positive(),
  /** Keys from the start (first) to this node (last), `kind:key`. */
  path: z.array(z.string()),
  /** What flowed along the last edge of the path, e.g. "12.500 kg" (null when not recorded). */
  quantity: z.string().nullable(),
  /**
   * All of the traced material that reached this node over every traced path, not only the
   * shortest: for a batch, the sum of the nets dispensed into it from the start (forward);
   * for a lot or container, the sum dispensed out of it into what was traced (backward).
   * Null when no dispensed quantity leads there.
   */
  total: z.string().nullable().optional(),
});
export type TraceHit = z.infer<typeof TraceHitSchema>;

export const TraceEdgeSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** What flowed along the edge (a dispensed net), null when not recorded. */
  quantity: z.string().nullable(),
});
export type TraceEdge = z.infer<typeof TraceEdgeSchema>;

export const TraceQuerySchema = z.object({
  kind: GenealogyNodeKind,
  id: z.string().min(1).max(200),
  direction: TraceDirection,
  maxDepth: queryInteger(1, MAX_TRACE_DEPTH).optional(),
});
export type TraceQuery = z.infer<typeof TraceQuerySchema>;

export const TraceResultSchema = z.object({
  start: TraceNodeSchema,
  direction: TraceDirection,
  maxDepth: z.number().int(),
  hits: z.array(TraceHitSchema),
  /** The walk reached maxDepth: the graph is that deep, or (see `cycle`) it loops. */
  depthLimitReached: z.boolean(),
  /** Nodes of a cycle found in the traced part of the graph (a data error), else null. */
  cycle: z.array(z.string()).nullable(),
  /** Every edge between traced nodes, in the direction material flows (`kind:key` refs). */
  edges: z.array(TraceEdgeSchema).optional(),
});
export type TraceResult = z.infer<typeof TraceResultSchema>;

export const RecallBatchSchema = z.object({
  batchNumber: z.string(),
  label: z.string(),
  depth: z.number().int(),
  path: z.array(z.string()),
  /** All of the recalled lot that went into the batch, over every path (TraceHit.total). */
  total: z.string().nullable().optional(),
  /** QP decision at the hub, if any. */
  decision: z.enum(['released', 'rejected']).nullable(),
});

export const RecallLotSchema = z.object({
  lotId: z.string(),
  label: z.string(),
  role: OutputLotRole,
  producedBy: z.string(),
  depth: z.number().int(),
  path: z.array(z.string()),
});

/** Everything a lot touched downstream: the list a recall starts from. */
export const RecallListSchema = z.object({
  lot: TraceNodeSchema,
  batches: z.array(RecallBatchSchema),
  /** Lots made from it; `finished` ones are the shipment lots to recall from the market. */
  lots: z.array(RecallLotSchema),
  containers: z.number().int(),
  dispensed: z.number().int(),
  depthLimitReached: z.boolean(),
});
export type RecallList = z.infer<typeof RecallListSchema>;

export const OutputLotBodySchema = z.object({
  lotId: Code,
  role: OutputLotRole,
  /** Quantity produced, as printed ("250000 tablets", "48.2 kg"). */
  quantity: z.string().trim().min(1).max(64).optional(),
  reason: z.string().trim().min(3).max(500),
});
export type OutputLotBody = z.infer<typeof OutputLotBodySchema>;

export function nodeKey(ref: NodeRef): string {
  return `${ref.kind}:${ref.key}`;
}
