/**
 * What one verified ledger entry says about genealogy (genealogy-contract.ts): pure, so the
 * projector, a rebuild and the tests derive exactly the same graph from the same entries.
 *
 *   dispense.container_scanned  lot -> container (the scan verified the container's lot)
 *   order.imported              the batch node, labelled with its product
 *
 * What a batch consumed (container -> dispense -> batch) is not a fact of one entry: whether a
 * weighing counts depends on later entries (an approved deviation, a correction), so it is
 * derived per batch in batch-consumption.ts.
 */
import type { GenealogyNodeKind } from '../../../src-shared/quality/genealogy-contract.ts';

export interface NodeFact {
  kind: GenealogyNodeKind;
  key: string;
  /** Shown to people; a node first seen by its key alone is labelled with the key. */
  label: string;
  attrs: Record<string, unknown>;
}

export interface EdgeFact {
  parent: { kind: GenealogyNodeKind; key: string };
  child: { kind: GenealogyNodeKind; key: string };
  quantity: string | null;
  stationId: string | null;
  seq: number | null;
}

export interface Facts {
  nodes: NodeFact[];
  edges: EdgeFact[];
}

/** The columns of a stored ledger entry the projection reads. */
export interface StoredEntry {
  stationId: string;
  seq: number;
  type: string;
  time: string;
  batchRef: string | null;
  payload: Record<string, unknown>;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

export function genealogyFacts(e: StoredEntry): Facts {
  const p = e.payload;
  const nodes: NodeFact[] = [];
  const edges: EdgeFact[] = [];
  const edge = (parent: NodeFact, child: NodeFact, quantity: string | null) =>
    edges.push({ parent: { kind: parent.kind, key: parent.key }, child: { kind: child.kind, key: child.key }, quantity, stationId: e.stationId, seq: e.seq });
  switch (e.type) {
    case 'order.imported': {
      const order = p.order as { batchNumber?: unknown; productCode?: unknown; recipeCode?: unknown; recipeVersion?: unknown } | undefined;
      const batch = str(order?.batchNumber) ?? e.batchRef;
      if (batch) nodes.push(batchNode(batch, str(order?.productCode), order?.recipeCode ? `${String(order.recipeCode)}@${String(order.recipeVersion)}` : null));
      break;
    }
    case 'dispense.container_scanned': {
      const lot = p.lot as { lotId?: unknown; lotNumber?: unknown; materialCode?: unknown } | undefined;
      const container = p.container as { containerId?: unknown } | undefined;
      const lotId = str(lot?.lotId);
      const containerId = str(container?.containerId);
      if (!lotId || !containerId) break;
      const l = lotNode(lotId, str(lot?.lotNumber), str(lot?.materialCode));
      const c = containerNode(containerId, lotId, str(lot?.materialCode));
      nodes.push(l, c);
      edge(l, c, null);
      break;
    }
    default:
      break;
  }
  return { nodes, edges };
}

export function batchNode(batchNumber: string, productCode: string | null, recipe: string | null): NodeFact {
  return { kind: 'batch', key: batchNumber, label: productCode ? `${batchNumber} · ${productCode}` : batchNumber, attrs: productCode ? { productCode, recipe } : {} };
}

export function lotNode(lotId: string, lotNumber: string | null, materialCode: string | null): NodeFact {
  const label = lotNumber || materialCode ? `${lotId}${lotNumber && lotNumber !== lotId ? ` (${lotNumber})` : ''}${materialCode ? ` · ${materialCode}` : ''}` : lotId;
  const attrs: Record<string, unknown> = {};
  if (lotNumber) attrs.lotNumber = lotNumber;
  if (materialCode) attrs.materialCode = materialCode;
  return { kind: 'lot', key: lotId, label, attrs };
}

export function containerNode(containerId: string, lotId: string, materialCode: string | null): NodeFact {
  return { kind: 'container', key: containerId, label: containerId, attrs: materialCode ? { lotId, materialCode } : { lotId } };
}
