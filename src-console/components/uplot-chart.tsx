/**
 * One uPlot chart (https://github.com/leeoniya/uPlot) in React: made when the data change,
 * destroyed on unmount, resized with its box. Lines, point markers (flagged points) and bars;
 * the x axis counts points (1, 2, …) or names categories. The canvas is a picture of numbers the
 * screen also lists in a table, so it is one labelled image to assistive technology.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './charts.css';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
  kind: 'line' | 'points' | 'bars';
  dash?: number[];
  /** For bars side by side: −1 left of the category, 1 right, 0 centred. */
  align?: -1 | 0 | 1;
}

export interface UplotChartProps {
  label: string;
  series: ChartSeries[];
  /** Category names for the x axis (bars); without them the x axis counts points from 1. */
  categories?: string[];
  height?: number;
}

function seriesOptions(s: ChartSeries): uPlot.Series {
  const base: uPlot.Series = { label: s.label, stroke: s.color, width: 2, spanGaps: false };
  if (s.kind === 'points') return { ...base, paths: () => null, points: { show: true, size: 11, stroke: s.color, fill: s.color } };
  if (s.kind === 'bars') return { ...base, fill: s.color, paths: uPlot.paths.bars!({ size: [0.35, 80], align: s.align ?? 0 }), points: { show: false } };
  return { ...base, ...(s.dash ? { dash: s.dash } : {}), points: { show: s.dash === undefined, size: 5 } };
}

export function UplotChart({ label, series, categories, height = 260 }: UplotChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const n = Math.max(categories?.length ?? 0, ...series.map((s) => s.values.length));
    const xs = Array.from({ length: n }, (_, i) => (categories ? i : i + 1));
    const width = () => Math.max(320, el.clientWidth || 800);
    const opts: uPlot.Options = {
      width: width(),
      height,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false, ...(categories ? { range: [-0.5, n - 0.5] as uPlot.Range.MinMax } : {}) } },
      axes: [
        categories ? { splits: () => xs, values: (_u, splits) => splits.map((i) => categories[i] ?? '') } : { values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : '')) },
        { size: 80, ...(categories ? { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] } : {}) },
      ],
      series: [{}, ...series.map(seriesOptions)],
    };
    const data = [xs, ...series.map((s) => s.values)] as uPlot.AlignedData;
    const plot = new uPlot(opts, data, el);
    const resize = new ResizeObserver(() => plot.setSize({ width: width(), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [series, categories, height]);
  return (
    <figure className="chart">
      <div ref={box} role="img" aria-label={label} />
      <figcaption>
        <span>{label}</span>
        <ul className="chart-legend">
          {series.map((s) => (
            <li key={s.label}>
              <span className="swatch" style={{ background: s.color }} aria-hidden="true" />
              {s.label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
