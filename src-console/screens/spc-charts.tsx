/** The two charts of an SPC view (location and dispersion), drawn with uPlot from the hub's numbers. */
import { useTranslation } from 'react-i18next';
import type { Limits } from '../../src-shared/quality/spc/charts.ts';
import type { SpcChartView } from '../../src-shared/quality/spc-chart-contract.ts';
import { UplotChart, type ChartSeries } from '../components/uplot-chart.tsx';
import { pointNumbers, useChartSeries } from './spc-points.ts';

const COLORS = { data: '#1f5fbf', center: '#1d7a3a', limit: '#b3261e', flag: '#d40000' };

function limitSeries(t: (k: string) => string, l: Limits, n: number): ChartSeries[] {
  const flat = (v: number) => Array.from({ length: n }, () => v);
  return [
    { label: t('spc.center'), values: flat(l.center), color: COLORS.center, kind: 'line', dash: [] },
    { label: t('spc.ucl'), values: flat(l.ucl), color: COLORS.limit, kind: 'line', dash: [8, 4] },
    { label: t('spc.lcl'), values: flat(l.lcl), color: COLORS.limit, kind: 'line', dash: [8, 4] },
  ];
}

export function SpcCharts({ view }: { view: SpcChartView }) {
  const { t, i18n } = useTranslation();
  const n = view.points.length;
  const flagged = view.points.filter((p) => p.rules.length > 0).map((p) => p.index);
  const spreadFlagged = view.points.filter((p) => p.spreadBeyond).map((p) => p.index);
  const location = useChartSeries<ChartSeries[]>(
    () => [
      { label: t('spc.value'), values: view.points.map((p) => p.value), color: COLORS.data, kind: 'line' },
      ...limitSeries(t, view.location, n),
      { label: t('spc.flagged'), values: view.points.map((p) => (p.rules.length > 0 ? p.value : null)), color: COLORS.flag, kind: 'points' },
    ],
    view,
    i18n.language,
  );
  const spread = useChartSeries<ChartSeries[]>(
    () => [
      { label: t('spc.value'), values: view.points.map((p) => p.spread), color: COLORS.data, kind: 'line' },
      ...limitSeries(t, view.spread, n),
      { label: t('spc.flagged'), values: view.points.map((p) => (p.spreadBeyond ? p.spread : null)), color: COLORS.flag, kind: 'points' },
    ],
    view,
    i18n.language,
  );
  return (
    <div className="spc-charts">
      <div data-testid="spc-location-chart" data-center={view.location.center} data-ucl={view.location.ucl} data-lcl={view.location.lcl} data-points={n} data-flagged={pointNumbers(flagged)}>
        <UplotChart label={t(`spc.locationChart.${view.chart}`)} series={location} />
      </div>
      <div data-testid="spc-spread-chart" data-center={view.spread.center} data-ucl={view.spread.ucl} data-lcl={view.spread.lcl} data-points={n} data-flagged={pointNumbers(spreadFlagged)}>
        <UplotChart label={t(`spc.spreadChart.${view.chart}`)} series={spread} height={200} />
      </div>
    </div>
  );
}
