/** Small helpers the SPC screen's parts share. */
import { useMemo } from 'react';
import type { SpcChartView } from '../../src-shared/quality/spc-chart-contract.ts';

/** Point numbers (1-based) a list of 0-based indices names, as the screen and the CSV count them. */
export function pointNumbers(indices: readonly number[]): string {
  return indices.map((i) => i + 1).join(',');
}

/** Chart series made once per view and language, so uPlot redraws only when the hub's numbers change. */
export function useChartSeries<T>(make: () => T, view: SpcChartView, language: string): T {
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(make, [view, language]);
}
