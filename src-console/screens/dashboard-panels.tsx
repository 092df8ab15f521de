/** One panel per dashboard figure; every number also sits in a data attribute the e2e test reads. */
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AGE_BUCKETS, CLASS_ROWS, OeeSchema, ProductionDashboardSchema, QualityAgeingSchema, ReviewQueueSchema, RightFirstTimeSchema, SyncHealthSchema, type WaitingBatch } from '../../src-shared/quality/dashboard-contract.ts';
import { useConsole } from '../console-context.ts';
import { useLoad } from '../components/use-load.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { formatTime } from '../components/format.ts';
import { ListTable } from '../components/list-table.tsx';
import { UplotChart, type ChartSeries } from '../components/uplot-chart.tsx';
import type { z } from 'zod';

const BASE = '/api/v1/quality/dashboard';

function useFigure<T>(name: string, schema: z.ZodType<T>, tick: number) {
  const { api } = useConsole();
  return useLoad(() => api.get(`${BASE}/${name}`, schema), `${name}-${tick}`);
}

function Panel({ title, id, children, error }: { title: string; id: string; children: ReactNode; error: Parameters<typeof ErrorNotice>[0]['error'] }) {
  return (
    <section className="dash-panel" aria-labelledby={`${id}-title`} data-testid={id} tabIndex={0}>
      <h2 id={`${id}-title`}>{title}</h2>
      <ErrorNotice error={error} />
      {children}
    </section>
  );
}

const pct = (x: number, locale: string) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(x);

export function ProductionPanel({ tick, seconds }: { tick: number; seconds: number | null }) {
  const { t, i18n } = useTranslation();
  const f = useFigure('production', ProductionDashboardSchema, tick);
  const d = f.data;
  return (
    <Panel title={t('dash.production')} id="dash-production" error={f.error}>
      {d ? (
        <>
          <p className="hint" data-testid="dash-as-of" data-as-of={d.asOf}>
            {seconds ? t('dash.asOf', { at: formatTime(d.asOf, i18n.language), seconds }) : formatTime(d.asOf, i18n.language)}
          </p>
          {d.orders.length === 0 ? <p>{t('dash.noOrders')}</p> : null}
          {d.lines.length > 0 ? (
            <table data-testid="dash-lines">
              <thead>
                <tr>
                  <th>{t('dash.line')}</th>
                  <th>{t('dash.planned')}</th>
                  <th>{t('dash.inProgress')}</th>
                  <th>{t('dash.completed24h')}</th>
                  <th>{t('dash.steps')}</th>
                </tr>
              </thead>
              <tbody>
                {d.lines.map((l) => (
                  <tr key={l.line} data-testid={`dash-line-${l.line}`} data-planned={l.planned} data-in-progress={l.inProgress} data-completed={l.completedLast24h} data-steps-done={l.stepsDone} data-steps-total={l.stepsTotal}>
                    <th scope="row" translate="no">
                      {l.line}
                    </th>
                    <td>{l.planned}</td>
                    <td>{l.inProgress}</td>
                    <td>{l.completedLast24h}</td>
                    <td>
                      {l.stepsDone} / {l.stepsTotal}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {d.orders.length > 0 ? (
            <table data-testid="dash-orders">
              <thead>
                <tr>
                  <th>{t('dash.order')}</th>
                  <th>{t('dash.product')}</th>
                  <th>{t('dash.line')}</th>
                  <th>{t('dash.status')}</th>
                  <th>{t('dash.steps')}</th>
                </tr>
              </thead>
              <tbody>
                {d.orders.map((o) => (
                  <tr key={o.batchNumber} data-testid={`dash-order-${o.batchNumber}`} data-status={o.status} data-steps-done={o.stepsDone} data-steps-total={o.stepsTotal}>
                    <th scope="row" translate="no">
                      {o.batchNumber}
                    </th>
                    <td translate="no">{o.productName ?? o.productCode ?? '—'}</td>
                    <td translate="no">
                      {o.line}
                      {o.booth ? ` · ${o.booth}` : ''}
                    </td>
                    <td>{t(`status.${o.status}`)}</td>
                    <td>
                      <progress value={o.stepsDone} max={Math.max(1, o.stepsTotal)} aria-label={`${o.batchNumber}: ${o.stepsDone} / ${o.stepsTotal}`} /> {o.stepsDone} / {o.stepsTotal}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </>
      ) : null}
    </Panel>
  );
}

function WaitingTable({ list, id }: { list: WaitingBatch[]; id: string }) {
  const { t, i18n } = useTranslation();
  return (
    <ListTable
      list={{ data: list }}
      empty={t('dash.noneWaiting')}
      testId={id}
      rowKey={(w) => w.batchNumber}
      rowProps={(w) => ({ 'data-testid': `${id}-${w.batchNumber}`, 'data-age-hours': w.ageHours, 'data-bucket': w.bucket })}
      columns={[
        { header: t('dash.batch'), rowHeader: true, noTranslate: true, cell: (w) => w.batchNumber },
        { header: t('dash.since'), cell: (w) => formatTime(w.since, i18n.language) },
        { header: t('dash.age'), cell: (w) => new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }).format(w.ageHours) },
        { header: t('dash.exceptions'), cell: (w) => w.exceptions },
      ]}
    />
  );
}

export function ReviewQueuePanel({ tick }: { tick: number }) {
  const { t, i18n } = useTranslation();
  const f = useFigure('review-queue', ReviewQueueSchema, tick);
  const d = f.data;
  const categories = useMemo(() => AGE_BUCKETS.map((b) => t(`dash.ageBucket.${b}`)), [t, i18n.language]); // eslint-disable-line react-hooks/exhaustive-deps
  const series = useMemo<ChartSeries[]>(
    () =>
      d
        ? [
            { label: t('dash.waitingReview'), values: d.reviewBuckets, color: '#1f5fbf', kind: 'bars', align: -1 },
            { label: t('dash.waitingRelease'), values: d.releaseBuckets, color: '#c77800', kind: 'bars', align: 1 },
          ]
        : [],
    [d, t, i18n.language], // eslint-disable-line react-hooks/exhaustive-deps
  );
  return (
    <Panel title={t('dash.reviewQueue')} id="dash-review-queue" error={f.error}>
      {d ? (
        <>
          <div data-testid="dash-review-buckets" data-review={d.reviewBuckets.join(',')} data-release={d.releaseBuckets.join(',')}>
            <UplotChart label={t('dash.reviewQueue')} series={series} categories={categories} height={200} />
          </div>
          <h3>{t('dash.waitingReview')}</h3>
          <WaitingTable list={d.waitingReview} id="dash-waiting-review" />
          <h3>{t('dash.waitingRelease')}</h3>
          <WaitingTable list={d.waitingRelease} id="dash-waiting-release" />
        </>
      ) : null}
    </Panel>
  );
}

function AgeTable({ title, counts, id, byClass }: { title: string; counts: { open: number; overdue: number }; id: string; byClass: Record<(typeof CLASS_ROWS)[number], number[]> }) {
  const { t } = useTranslation();
  return (
    <>
      <h3>{title}</h3>
      <p data-testid={`${id}-counts`} data-open={counts.open} data-overdue={counts.overdue}>
        {t('dash.openCount', { count: counts.open, overdue: counts.overdue })}
      </p>
      <table data-testid={id}>
        <thead>
          <tr>
            <th>{t('dash.classification')}</th>
            {AGE_BUCKETS.map((b) => (
              <th key={b}>{t(`dash.ageBucket.${b}`)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {CLASS_ROWS.map((c) => (
            <tr key={c} data-testid={`${id}-${c}`} data-values={byClass[c].join(',')}>
              <th scope="row">{t(`dash.classRow.${c}`)}</th>
              {byClass[c].map((n, i) => (
                <td key={AGE_BUCKETS[i]} className={n > 0 ? 'count-nonzero' : undefined}>
                  {n}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function AgeingPanel({ tick }: { tick: number }) {
  const { t } = useTranslation();
  const f = useFigure('quality-ageing', QualityAgeingSchema, tick);
  const d = f.data;
  return (
    <Panel title={t('dash.ageing')} id="dash-ageing" error={f.error}>
      {d ? (
        <>
          <AgeTable title={t('dash.deviations')} counts={d.deviations} byClass={d.deviations.byClass} id="dash-dev" />
          <AgeTable title={t('dash.capa')} counts={d.capa} byClass={d.capa.byClass} id="dash-capa" />
        </>
      ) : null}
    </Panel>
  );
}

export function SyncPanel({ tick }: { tick: number }) {
  const { t, i18n } = useTranslation();
  const f = useFigure('sync-health', SyncHealthSchema, tick);
  const d = f.data;
  return (
    <Panel title={t('dash.sync')} id="dash-sync" error={f.error}>
      {d ? (
        <table data-testid="dash-sync-table">
          <thead>
            <tr>
              <th>{t('dash.station')}</th>
              <th>{t('dash.state')}</th>
              <th>{t('dash.lastPush')}</th>
              <th>{t('dash.minutes')}</th>
              <th>{t('dash.ack')}</th>
              <th>{t('dash.lag')}</th>
              <th>{t('dash.forks')}</th>
              <th>{t('dash.refusals')}</th>
            </tr>
          </thead>
          <tbody>
            {d.stations.map((s) => (
              <tr key={s.stationId} data-testid={`dash-sync-${s.stationId}`} data-state={s.state} data-minutes={s.minutesSincePush ?? ''} data-ack={s.ackSeq}>
                <th scope="row" translate="no">
                  {s.stationId}
                  <div className="hint">{s.name}</div>
                </th>
                <td>
                  <span className={`badge ${s.state === 'ok' ? 'badge-ok' : s.state === 'late' ? 'badge-warn' : 'badge-bad'}`}>{t(`dash.syncState.${s.state}`)}</span>
                </td>
                <td>{formatTime(s.lastPushAt, i18n.language)}</td>
                <td>{s.minutesSincePush ?? '—'}</td>
                <td>{s.ackSeq}</td>
                <td>{s.projectionLag}</td>
                <td>{s.openForks}</td>
                <td>{s.refusals}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Panel>
  );
}

export function RightFirstTimePanel({ tick }: { tick: number }) {
  const { t, i18n } = useTranslation();
  const f = useFigure('right-first-time', RightFirstTimeSchema, tick);
  const d = f.data;
  return (
    <Panel title={t('dash.rft')} id="dash-rft" error={f.error}>
      {d ? (
        <>
          <p className="dash-big" data-testid="dash-rft-overall" data-completed={d.overall.completed} data-rft={d.overall.rightFirstTime} data-rate={d.overall.rate ?? ''}>
            {d.overall.rate === null ? t('dash.rftNone') : pct(d.overall.rate, i18n.language)}
          </p>
          {d.overall.rate !== null ? <p>{t('dash.rftRate', { rft: d.overall.rightFirstTime, completed: d.overall.completed })}</p> : null}
          <p className="hint">{t('dash.rftHint')}</p>
          {d.byProduct.length > 0 ? (
            <table data-testid="dash-rft-products">
              <thead>
                <tr>
                  <th>{t('dash.product')}</th>
                  <th>{t('dash.rft')}</th>
                </tr>
              </thead>
              <tbody>
                {d.byProduct.map((p) => (
                  <tr key={p.product} data-testid={`dash-rft-${p.product}`} data-rate={p.rate ?? ''}>
                    <th scope="row" translate="no">
                      {p.product}
                    </th>
                    <td>
                      {p.rate === null ? '—' : pct(p.rate, i18n.language)} ({t('dash.rftRate', { rft: p.rightFirstTime, completed: p.completed })})
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </>
      ) : null}
    </Panel>
  );
}

const minutes = (ms: number, locale: string) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(ms / 60_000);
const LOSS_KINDS = ['idle', 'noSignal', 'speed', 'reject'] as const;

/** OEE per line in the shift now running (else the last one): A × P × Q, and the losses behind it in minutes. */
export function OeePanel({ tick }: { tick: number }) {
  const { t, i18n } = useTranslation();
  const f = useFigure('oee', OeeSchema, tick);
  const lang = i18n.language;
  const ratio = (x: number | null) => (x === null ? '—' : pct(x, lang));
  return (
    <Panel title={t('dash.oee')} id="dash-oee" error={f.error}>
      {f.data ? (
        <p data-testid="dash-oee-state" data-available={f.data.available}>
          {f.data.available ? t('dash.oeeHint') : t('dash.oeeNotAvailable')}
        </p>
      ) : null}
      {f.data?.available && f.data.lines.length > 0 ? (
        <table data-testid="dash-oee-table">
          <thead>
            <tr>
              <th>{t('dash.oeeLine')}</th>
              <th>{t('dash.oeeShift')}</th>
              <th>{t('dash.availability')}</th>
              <th>{t('dash.performance')}</th>
              <th>{t('dash.quality')}</th>
              <th>{t('dash.oee')}</th>
            </tr>
          </thead>
          <tbody>
            {f.data.lines.map((l) => (
              <tr key={l.line} data-testid={`dash-oee-line-${l.line}`} data-availability={l.figures?.availability ?? ''} data-performance={l.figures?.performance ?? ''} data-quality={l.figures?.quality ?? ''} data-oee={l.figures?.oee ?? ''}>
                <th scope="row" translate="no">
                  {l.line}
                </th>
                <td>
                  <span translate="no">{l.shiftId}</span> {l.date}
                  {l.inProgress ? ` (${t('dash.oeeInProgress')})` : ''}
                </td>
                {l.figures ? (
                  <>
                    <td>{ratio(l.figures.availability)}</td>
                    <td>{ratio(l.figures.performance)}</td>
                    <td>{ratio(l.figures.quality)}</td>
                    <td>
                      <strong>{ratio(l.figures.oee)}</strong>
                    </td>
                  </>
                ) : (
                  <td colSpan={4}>{l.error ? t(`errors.${l.error.code}`, { defaultValue: l.error.message }) : '—'}</td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {f.data?.available ? f.data.lines.map((l) => (l.fromBatches ? <OeeFromBatches key={`b-${l.line}`} line={l.line} view={l.fromBatches} ratio={ratio} /> : null)) : null}
      {f.data?.available ? f.data.lines.map((l) => (l.figures ? <OeeLosses key={l.line} line={l.line} figures={l.figures} locale={lang} /> : null)) : null}
    </Panel>
  );
}

type OeeFigures = NonNullable<z.infer<typeof OeeSchema>['lines'][number]['figures']>;
type BatchView = NonNullable<z.infer<typeof OeeSchema>['lines'][number]['fromBatches']>;

/** The same shift from the batch records (FR-85): A × P × Q, batch counts beside the signal counts, the difference, the batches without a yield. */
function OeeFromBatches({ line, view, ratio }: { line: string; view: BatchView; ratio: (x: number | null) => string }) {
  const { t } = useTranslation();
  const b = view.figures;
  return (
    <div data-testid={`dash-oee-batches-${line}`} data-oee={b?.oee ?? ''} data-reason={view.reason ?? ''}>
      <h3>{t('dash.oeeBatchesOf', { line })}</h3>
      {b ? (
        <p>
          {t('dash.oeeBatchFigures', { a: ratio(b.availability), p: ratio(b.performance), q: ratio(b.quality), oee: ratio(b.oee), attainment: ratio(b.attainment) })}
          <br />
          {t('dash.oeeBatchCounts', { batch: b.batch.total, signal: b.signal.total, difference: b.difference.total, planned: b.batch.planned })}
        </p>
      ) : (
        <p>{t(`dash.oeeBatchReason.${view.reason === 'NO_UNIT_MASS' || view.reason === 'NO_BATCHES' ? view.reason : 'error'}`, { code: view.reason ?? '' })}</p>
      )}
      {view.unknown.length > 0 ? <p data-testid={`dash-oee-batches-unknown-${line}`}>{t('dash.oeeBatchUnknown', { batches: view.unknown.join(', ') })}</p> : null}
      {!view.rejectsRecorded && b ? <p>{t('dash.oeeBatchNoRejects')}</p> : null}
    </div>
  );
}

function OeeLosses({ line, figures, locale }: { line: string; figures: OeeFigures; locale: string }) {
  const { t } = useTranslation();
  const l = figures.losses;
  const rows = useMemo(
    () => [
      ...Object.entries(l.downtimeMs).map(([reason, ms]) => ({ key: `down-${reason}`, label: t('dash.lossDown', { reason: reason || t('dash.lossNoReason') }), ms })),
      ...LOSS_KINDS.map((k) => ({ key: k, label: t(`dash.loss.${k}`), ms: k === 'idle' ? l.idleMs : k === 'noSignal' ? l.noSignalMs : k === 'speed' ? l.speedLossMs : l.rejectLossMs })),
    ],
    [l, t],
  );
  const series = useMemo<ChartSeries[]>(() => [{ label: t('dash.lossMinutes'), values: rows.map((r) => Math.round(r.ms / 6000) / 10), color: '#c77800', kind: 'bars' }], [rows, t]);
  return (
    <div data-testid={`dash-oee-losses-${line}`}>
      <h3>{t('dash.lossesOf', { line })}</h3>
      <UplotChart label={t('dash.lossesOf', { line })} series={series} categories={rows.map((r) => r.label)} height={180} />
      <table>
        <thead>
          <tr>
            <th>{t('dash.loss.kind')}</th>
            <th>{t('dash.lossMinutes')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-testid={`dash-oee-loss-${line}-${r.key}`} data-ms={r.ms}>
              <th scope="row">{r.label}</th>
              <td>{minutes(r.ms, locale)}</td>
            </tr>
          ))}
          <tr data-testid={`dash-oee-loss-${line}-productive`} data-ms={figures.fullyProductiveMs}>
            <th scope="row">{t('dash.loss.productive')}</th>
            <td>
              {minutes(figures.fullyProductiveMs, locale)} / {minutes(figures.plannedMs, locale)}
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
