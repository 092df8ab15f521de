/**
 * The hub audit trail: filter by who and what, page back, export as CSV or JSON (the export is
 * audited). A batch in the filter answers "every change to batch X" instead (batch-audit.tsx).
 */
import { detailsParts } from '../components/details-text.ts';
import { Data } from '../components/plant-data.tsx';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { AuditRowSchema } from '../../src-shared/quality/hub-admin-contract.ts';
import type { BatchlineError } from '../../src-shared/result.ts';
import { Button, TextField } from '../../src-renderer/components/controls.tsx';
import { useConsole } from '../console-context.ts';
import { useLoad } from '../components/use-load.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { formatTime } from '../components/format.ts';
import { BatchAudit } from './batch-audit.tsx';

export function AuditScreen({ batch = '' }: { batch?: string }) {
  const { t, i18n } = useTranslation();
  const { api, navigate } = useConsole();
  const [batchField, setBatchField] = useState(batch);
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [filter, setFilter] = useState('');
  const [exportError, setExportError] = useState<BatchlineError | null>(null);
  const rows = useLoad(() => api.get(`/api/v1/audit?limit=200${filter ? `&${filter}` : ''}`, z.array(AuditRowSchema)), filter);
  const download = async (format: 'csv' | 'json') => {
    const r = await api.download(`/api/v1/audit/export?format=${format}${filter ? `&${filter}` : ''}`);
    if (!r.ok) return setExportError(r.error);
    const url = URL.createObjectURL(r.value.blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = r.value.fileName;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <>
      <h1>{t('audit.title')}</h1>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (batchField.trim() !== batch) return navigate(batchField.trim() ? `audit/${encodeURIComponent(batchField.trim())}` : 'audit');
          const p = new URLSearchParams();
          if (actor.trim()) p.set('actor', actor.trim());
          if (action.trim()) p.set('action', action.trim());
          setFilter(p.toString());
        }}
      >
        <TextField label={t('audit.batch')} value={batchField} onChange={(e) => setBatchField(e.target.value)} data-testid="audit-batch" />
        <TextField label={t('audit.actor')} value={actor} onChange={(e) => setActor(e.target.value)} />
        <TextField label={t('audit.action')} value={action} onChange={(e) => setAction(e.target.value)} />
        <button type="submit" className="btn" data-testid="audit-filter">{t('audit.filter')}</button>
        {batch ? null : (
          <>
        <Button onClick={() => void download('csv')} data-testid="audit-export">
          {t('audit.export')}
        </Button>
        <Button onClick={() => void download('json')}>{t('audit.exportJson')}</Button>
          </>
        )}
      </form>
      {batch ? <BatchAudit batch={batch} /> : null}
      <ErrorNotice error={rows.error ?? exportError} />
      {batch ? null : (
      <table data-testid="audit">
        <thead>
          <tr>
            <th>{t('audit.at')}</th>
            <th>{t('audit.actor')}</th>
            <th>{t('audit.action')}</th>
            <th>{t('audit.subject')}</th>
            <th>{t('audit.outcome')}</th>
            <th>{t('audit.details')}</th>
          </tr>
        </thead>
        <tbody>
          {(rows.data ?? []).map((r) => (
            <tr key={r.id}>
              <td>{formatTime(r.at, i18n.language)}</td>
              <td translate="no">{r.actor}</td>
              <td>
                {t(`auditActions.${r.action}`, { defaultValue: '' }) || <span className="mono">{r.action}</span>}
              </td>
              <td translate="no">{r.subject}</td>
              <td>{r.ok ? t('audit.ok') : <span className="badge badge-bad">{t('audit.refused')}</span>}</td>
              <td>
                {detailsParts(r.details, t).map((p, i) => (
                  <span key={i}>
                    {i > 0 ? ' · ' : ''}
                    {p.label}: <Data>{p.value}</Data>
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      )}
    </>
  );
}
