/**
 * SPC charts (issue 12 item 3; FR-55): pick a product's check, the chart (X̄-R, X̄-S, I-MR) and
 * the run rules; the hub's chart API gives the numbers and this screen only draws them: centre
 * line, UCL and LCL, the flagged points marked and listed with the rule in words, capability
 * with its confidence intervals once both specification limits are given, and the same numbers
 * as CSV. The chart boxes carry the plotted limits and flagged points as data attributes.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { SpcChartViewSchema, SpcSeriesSchema, type SpcChartView, type SpcSeries } from '../../src-shared/quality/spc-chart-contract.ts';
import type { SpcChartKind } from '../../src-shared/quality/spc-contract.ts';
import { Button, SelectField, TextField } from '../../src-renderer/components/controls.tsx';
import { useConsole } from '../console-context.ts';
import { useLoad } from '../components/use-load.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { formatTime } from '../components/format.ts';
import { saveDownload } from '../components/save-download.ts';
import type { BatchlineError } from '../../src-shared/result.ts';
import { SpcCharts } from './spc-charts.tsx';
import { SpcTables } from './spc-tables.tsx';

const KINDS: SpcChartKind[] = ['xbar-r', 'xbar-s', 'i-mr'];
const key = (s: SpcSeries) => `${s.product}/${s.check}`;
const defaultKind = (s: SpcSeries | undefined): SpcChartKind => s?.frozen?.chart ?? (s && s.subgroupSize > 1 ? 'xbar-r' : 'i-mr');

export function SpcScreen() {
  const { t, i18n } = useTranslation();
  const { api } = useConsole();
  const series = useLoad(() => api.get('/api/v1/quality/spc/series', z.array(SpcSeriesSchema)), 'spc-series');
  const [picked, setPicked] = useState<string | null>(null);
  const [kind, setKind] = useState<SpcChartKind | null>(null);
  const [rules, setRules] = useState<'nelson' | 'western-electric'>('nelson');
  const [lsl, setLsl] = useState('');
  const [usl, setUsl] = useState('');
  const [spec, setSpec] = useState<{ lsl: string; usl: string }>({ lsl: '', usl: '' });
  const [downloadError, setDownloadError] = useState<BatchlineError | null>(null);
  const current = series.data?.find((s) => key(s) === picked) ?? series.data?.[0];
  const chart = kind ?? defaultKind(current);
  const query = new URLSearchParams({ chart, rules, ...(spec.lsl !== '' && spec.usl !== '' ? { lsl: spec.lsl, usl: spec.usl } : {}) }).toString();
  const path = current ? `/api/v1/quality/spc/chart/${encodeURIComponent(current.product)}/${encodeURIComponent(current.check)}?${query}` : null;
  const view = useLoad(() => (path ? api.get(path, SpcChartViewSchema) : Promise.resolve({ ok: true as const, value: null as SpcChartView | null })), path ?? 'none');
  const data = view.data;
  const pick = (k: string) => {
    setPicked(k);
    setKind(null);
  };
  return (
    <>
      <h1>{t('spc.title')}</h1>
      <ErrorNotice error={series.error} />
      {series.data && series.data.length === 0 ? <p>{t('spc.empty')}</p> : null}
      {current ? (
        <div className="toolbar spc-controls">
          <SelectField label={t('spc.series')} value={key(current)} onChange={(e) => pick(e.target.value)} data-testid="spc-series" options={series.data!.map((s) => ({ value: key(s), label: `${s.product} · ${s.check}` }))} />
          <SelectField label={t('spc.chart')} value={chart} onChange={(e) => setKind(e.target.value as SpcChartKind)} data-testid="spc-chart-kind" options={KINDS.map((k) => ({ value: k, label: t(`spc.chartKind.${k}`) }))} />
          <SelectField label={t('spc.rules')} value={rules} onChange={(e) => setRules(e.target.value as typeof rules)} data-testid="spc-rules" options={(['nelson', 'western-electric'] as const).map((r) => ({ value: r, label: t(`spc.ruleSet.${r}`) }))} />
          <TextField label={t('spc.lsl')} inputMode="decimal" value={lsl} onChange={(e) => setLsl(e.target.value)} data-testid="spc-lsl" />
          <TextField label={t('spc.usl')} inputMode="decimal" value={usl} onChange={(e) => setUsl(e.target.value)} data-testid="spc-usl" />
          <Button onClick={() => setSpec({ lsl: lsl.trim(), usl: usl.trim() })} data-testid="spc-apply">
            {t('spc.apply')}
          </Button>
          <Button onClick={() => void (path ? saveDownload(api, `${path}&format=csv`).then(setDownloadError) : null)} disabled={!data} data-testid="spc-csv">
            {t('spc.csv')}
          </Button>
        </div>
      ) : null}
      <ErrorNotice error={view.error ?? downloadError} />
      {data ? (
        <>
          <p className={data.limitsSource === 'frozen' ? 'statement' : 'notice'} data-testid="spc-limits-source" data-source={data.limitsSource}>
            {data.frozen ? t('spc.frozen', { version: data.frozen.version, changeId: data.frozen.changeId, by: data.frozen.frozenBy, at: formatTime(data.frozen.frozenAt, i18n.language) }) : t('spc.trial')}
          </p>
          <SpcCharts view={data} />
          <SpcTables view={data} />
        </>
      ) : null}
    </>
  );
}
