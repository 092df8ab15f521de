/** Forward and backward trace from a lot, container or batch, as a graph and a table; the recall list of a lot. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { RecallListSchema, TraceResultSchema, type GenealogyNodeKind, type RecallList, type TraceResult } from '../../src-shared/quality/genealogy-contract.ts';
import type { BatchlineError } from '../../src-shared/result.ts';
import { Button, SelectField, TextField } from '../../src-renderer/components/controls.tsx';
import { useConsole } from '../console-context.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { TraceGraph } from './trace-graph.tsx';
import { Data } from '../components/plant-data.tsx';

export function TraceScreen() {
  const { t } = useTranslation();
  const { api, navigate } = useConsole();
  const [kind, setKind] = useState<GenealogyNodeKind>('lot');
  const [id, setId] = useState('');
  const [direction, setDirection] = useState<'forward' | 'backward'>('forward');
  const [trace, setTrace] = useState<TraceResult | null>(null);
  const [recall, setRecall] = useState<RecallList | null>(null);
  const [error, setError] = useState<BatchlineError | null>(null);
  const run = async (e: FormEvent) => {
    e.preventDefault();
    setRecall(null);
    const r = await api.get(`/api/v1/genealogy/trace?${new URLSearchParams({ kind, id: id.trim(), direction })}`, TraceResultSchema);
    setTrace(r.ok ? r.value : null);
    setError(r.ok ? null : r.error);
  };
  const download = async (format: 'csv' | 'json') => {
    const r = await api.download(`/api/v1/genealogy/recall/${encodeURIComponent(id.trim())}/export?format=${format}`);
    if (!r.ok) return setError(r.error);
    const url = URL.createObjectURL(r.value.blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = r.value.fileName;
    a.click();
    URL.revokeObjectURL(url);
  };
  const runRecall = async () => {
    const r = await api.get(`/api/v1/genealogy/recall/${encodeURIComponent(id.trim())}`, RecallListSchema);
    setRecall(r.ok ? r.value : null);
    setError(r.ok ? null : r.error);
  };
  return (
    <>
      <h1>{t('trace.title')}</h1>
      <form className="row" onSubmit={run}>
        <SelectField label={t('trace.kind')} value={kind} onChange={(e) => setKind(e.target.value as GenealogyNodeKind)} options={(['lot', 'container', 'batch'] as const).map((k) => ({ value: k, label: t(`kind.${k}`) }))} data-testid="trace-kind" />
        <TextField label={t('trace.id')} value={id} onChange={(e) => setId(e.target.value)} required data-testid="trace-id" />
        <SelectField label={t('trace.direction')} value={direction} onChange={(e) => setDirection(e.target.value as 'forward' | 'backward')} options={[{ value: 'forward', label: t('trace.forward') }, { value: 'backward', label: t('trace.backward') }]} data-testid="trace-direction" />
        <button type="submit" className="btn btn-primary" data-testid="trace-run">
          {t('trace.run')}
        </button>
        {kind === 'lot' ? (
          <Button onClick={() => void runRecall()} disabled={id.trim() === ''} data-testid="recall-run">
            {t('trace.recall')}
          </Button>
        ) : null}
      </form>
      <ErrorNotice error={error} />
      {trace ? (
        <section className="card" data-testid="trace-result">
          <h2>
            {t(`kind.${trace.start.kind}`)} <Data>{trace.start.label}</Data> — {t('trace.hits', { count: trace.hits.length })}
          </h2>
          {trace.depthLimitReached ? <p className="notice notice-warn">{t('trace.depthLimit', { depth: trace.maxDepth })}</p> : null}
          {trace.cycle ? <p className="notice notice-bad">{t('trace.cycle', { nodes: trace.cycle.join(' → ') })}</p> : null}
          {trace.hits.length === 0 ? <p>{t('trace.none')}</p> : <TraceGraph trace={trace} />}
          {trace.hits.length > 0 ? (
            <table>
              <thead>
                <tr>
                  <th>{t('trace.depth')}</th>
                  <th>{t('trace.kindColumn')}</th>
                  <th>{t('trace.id')}</th>
                  <th>{t('trace.quantity')}</th>
                  <th>{t('trace.path')}</th>
                </tr>
              </thead>
              <tbody>
                {trace.hits.map((h) => (
                  <tr key={`${h.node.kind}:${h.node.key}`}>
                    <td>{h.depth}</td>
                    <td>{t(`kind.${h.node.kind}`)}</td>
                    <td>
                      {h.node.kind === 'batch' ? (
                        <Button onClick={() => navigate(`batches/${encodeURIComponent(h.node.key)}`)}>
                          <Data>{h.node.label}</Data>
                        </Button>
                      ) : (
                        <Data>{h.node.label}</Data>
                      )}
                    </td>
                    <td>{h.total && h.total !== h.quantity ? t('trace.totalOf', { quantity: h.quantity ?? '', total: h.total }) : (h.total ?? h.quantity ?? '')}</td>
                    <td className="mono">
                      {h.path.map((ref, i) => {
                        const at = ref.indexOf(':');
                        return (
                          <span key={i}>
                            {i > 0 ? ' → ' : ''}
                            {t(`kind.${ref.slice(0, at)}`)} <Data>{ref.slice(at + 1)}</Data>
                          </span>
                        );
                      })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
      ) : null}
      {recall ? (
        <section className="card" data-testid="recall-result">
          <h2>
            {t('trace.recall')}: <Data>{recall.lot.label}</Data>
          </h2>
          <div className="row">
            <Button onClick={() => void download('csv')} data-testid="recall-export-csv">
              {t('trace.exportCsv')}
            </Button>
            <Button onClick={() => void download('json')} data-testid="recall-export-json">
              {t('trace.exportJson')}
            </Button>
          </div>
          <h3>{t('trace.recallBatches', { count: recall.batches.length })}</h3>
          <ul>
            {recall.batches.map((b) => (
              <li key={b.batchNumber}>
                <Data>{b.label}</Data> {b.total ? `· ${t('trace.totalOfLot', { total: b.total })}` : ''} {b.decision ? `· ${t(`decision.${b.decision}`)}` : ''}
              </li>
            ))}
          </ul>
          <h3>{t('trace.recallLots', { count: recall.lots.length })}</h3>
          <ul>
            {recall.lots.map((l) => (
              <li key={l.lotId}>
                <Data>{l.label}</Data> · {t(`trace.${l.role}`)} · {t('trace.producedBy', { batch: l.producedBy })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
