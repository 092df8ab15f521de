/**
 * The trace as a picture a person can read: the start on the left, each step one column to
 * the right, every node linked to the node it was reached from (the shortest-path tree the hub
 * returns). Nodes in a column follow the order of their predecessors, which keeps lines from
 * crossing in the common tree-like genealogy. Kind is shown by a word as well as by colour.
 * Large traces are cut to the nearest nodes; the table below the graph lists all of them.
 */
import { useTranslation } from 'react-i18next';
import type { TraceResult } from '../../src-shared/quality/genealogy-contract.ts';

export const GRAPH_LIMIT = 120;
/** Node box: at least MIN_W wide, widened to the longest label up to MAX_W, then cut with "…". */
const MIN_W = 200;
const MAX_W = 340;
const PAD = 8;
const H = 40;
const GAP = 50;
const ROW = 52;
/** The fonts of console.css (.node-kind, .node-label): what the text is measured in. */
const KIND_FONT = '700 11px system-ui, sans-serif';
const LABEL_FONT = '13px system-ui, sans-serif';

/** Width of a text in a font, in CSS px. */
export type Measure = (text: string, font: string) => number;

/**
 * The browser's own measure (a canvas 2D context with the label's font); outside a browser an
 * upper estimate: a CJK or other wide character one em, any other character 0.62 em.
 */
export function browserMeasure(): Measure {
  const ctx = typeof document !== 'undefined' ? document.createElement('canvas').getContext('2d') : null;
  if (ctx) {
    return (text, font) => {
      ctx.font = font;
      return ctx.measureText(text).width;
    };
  }
  return estimateMeasure;
}

export const estimateMeasure: Measure = (text, font) => {
  const px = Number(/(\d+)px/.exec(font)?.[1] ?? 13);
  let w = 0;
  for (const ch of text) w += (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 1 : 0.62) * px;
  return w;
};

/** The text cut at a character boundary so that it (with "…") fits `max` px. */
export function fitText(text: string, max: number, font: string, measure: Measure): string {
  if (measure(text, font) <= max) return text;
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(`${chars.slice(0, mid).join('')}…`, font) <= max) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join('')}…`;
}

/** One width for every box: wide enough for the longest label (kind word or label) up to MAX_W. */
export function nodeWidth(texts: readonly { kind: string; label: string }[], measure: Measure): number {
  const widest = Math.max(0, ...texts.map((x) => Math.max(measure(x.kind, KIND_FONT), measure(x.label, LABEL_FONT))));
  return Math.min(MAX_W, Math.max(MIN_W, Math.ceil(widest) + 2 * PAD));
}

interface Placed {
  ref: string;
  kind: string;
  label: string;
  depth: number;
  parent: string | null;
  x: number;
  y: number;
}

export function layoutTrace(t: TraceResult, limit = GRAPH_LIMIT, colWidth = MIN_W + GAP): Placed[] {
  const startRef = `${t.start.kind}:${t.start.key}`;
  const hits = [...t.hits].sort((a, b) => a.depth - b.depth).slice(0, limit);
  const placed = new Map<string, Placed>([[startRef, { ref: startRef, kind: t.start.kind, label: t.start.label, depth: 0, parent: null, x: 0, y: 0 }]]);
  const columns = new Map<number, Placed[]>();
  for (const h of hits) {
    const ref = `${h.node.kind}:${h.node.key}`;
    const p: Placed = { ref, kind: h.node.kind, label: h.node.label, depth: h.depth, parent: h.path.at(-2) ?? startRef, x: 0, y: 0 };
    columns.set(h.depth, [...(columns.get(h.depth) ?? []), p]);
  }
  for (const depth of [...columns.keys()].sort((a, b) => a - b)) {
    const col = columns.get(depth)!;
    col.sort((a, b) => (placed.get(a.parent!)?.y ?? 0) - (placed.get(b.parent!)?.y ?? 0) || a.ref.localeCompare(b.ref));
    col.forEach((p, i) => {
      p.x = depth * colWidth;
      p.y = i * ROW;
      placed.set(p.ref, p);
    });
  }
  return [...placed.values()];
}

/**
 * Every edge between drawn nodes (the hub returns all of them, issue 18 item 13: a batch fed by
 * two dispensings of one lot shows both), left to right; the shortest-path tree when an older
 * hub sends no edges.
 */
export function graphEdges(t: TraceResult, nodes: readonly Placed[]): [Placed, Placed][] {
  const byRef = new Map(nodes.map((n) => [n.ref, n]));
  const pairs = t.edges
    ? t.edges.map((e) => (t.direction === 'forward' ? [e.from, e.to] : [e.to, e.from]) as [string, string])
    : nodes.filter((n) => n.parent).map((n) => [n.parent!, n.ref] as [string, string]);
  const out: [Placed, Placed][] = [];
  for (const [a, b] of pairs) {
    const p = byRef.get(a);
    const n = byRef.get(b);
    if (p && n) out.push([p, n]);
  }
  return out;
}

export function TraceGraph({ trace, measure = browserMeasure() }: { trace: TraceResult; measure?: Measure }) {
  const { t } = useTranslation();
  const all = [trace.start, ...trace.hits.map((h) => h.node)].map((n) => ({ kind: t(`kind.${n.kind}`), label: n.label }));
  const W = nodeWidth(all, measure);
  const nodes = layoutTrace(trace, GRAPH_LIMIT, W + GAP);
  const width = Math.max(...nodes.map((n) => n.x)) + W + 20;
  const height = Math.max(...nodes.map((n) => n.y)) + H + 20;
  return (
    <figure className="trace-graph">
      <svg role="img" aria-label={t('trace.graph', { start: trace.start.key })} width={width} height={height} viewBox={`-10 -10 ${width} ${height}`} data-testid="trace-graph">
        {graphEdges(trace, nodes).map(([p, n]) => {
          const x1 = p.x + W;
          const y1 = p.y + H / 2;
          const x2 = n.x;
          const y2 = n.y + H / 2;
          return <path key={`e-${p.ref}-${n.ref}`} className="edge" d={`M${x1},${y1} C${x1 + 40},${y1} ${x2 - 40},${y2} ${x2},${y2}`} />;
        })}
        {nodes.map((n) => (
          <g key={n.ref} transform={`translate(${n.x},${n.y})`} className={`node node-${n.kind}${n.depth === 0 ? ' node-start' : ''}`} data-ref={n.ref}>
            <title>{`${t(`kind.${n.kind}`)} ${n.label}`}</title>
            <rect width={W} height={H} rx={6} />
            <text x={PAD} y={15} className="node-kind">
              {fitText(t(`kind.${n.kind}`), W - 2 * PAD, KIND_FONT, measure)}
            </text>
            <text x={PAD} y={32} className="node-label" {...{ translate: "no" }}>
              {fitText(n.label, W - 2 * PAD, LABEL_FONT, measure)}
            </text>
          </g>
        ))}
      </svg>
      {trace.hits.length > GRAPH_LIMIT ? <figcaption>{t('trace.graphCut', { shown: GRAPH_LIMIT, count: trace.hits.length })}</figcaption> : null}
    </figure>
  );
}
