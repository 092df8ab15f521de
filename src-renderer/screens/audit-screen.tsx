/**
 * The audit trail for review (21 CFR 11.10(e)): who, when (station time with its zone), what,
 * which batch, and for corrections the old and new values with the reason. Filters by batch,
 * user, event type and time; paging by sequence number; an export is itself recorded.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditQuery, AuditRecordView } from '../../src-shared/api/audit.contract.ts';
import { Button, TextField } from '../components/controls.tsx';
import { ErrorNotice, OkNotice } from '../components/notices.tsx';
import { useAction } from '../hooks/use-action.ts';
import { client, useApp } from '../state/app-store.ts';
import { formatDateTime } from '../i18n/format.ts';
import { AuditRow } from './audit-row.tsx';
import { saveBase64File } from '../components/save-file.ts';

const PAGE = 50;

export function AuditScreen() {
  const { t, i18n } = useTranslation();
  const info = useApp((s) => s.info);
  const [batchRef, setBatch] = useState('');
  const [username, setUsername] = useState('');
  const [typePrefix, setType] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [afterSeq, setAfter] = useState<number | undefined>(undefined);
  const [rows, setRows] = useState<AuditRecordView[]>([]);
  const [exported, setExported] = useState<string | null>(null);
  const { run, busy, error } = useAction();

  const query = (after?: number): AuditQuery => ({
    limit: PAGE,
    ...(batchRef.trim() ? { batchRef: batchRef.trim() } : {}),
    ...(username.trim() ? { username: username.trim() } : {}),
    ...(typePrefix.trim() ? { typePrefix: typePrefix.trim() } : {}),
    ...(from ? { fromTime: new Date(from).toISOString() } : {}),
    ...(to ? { toTime: new Date(to).toISOString() } : {}),
    ...(after !== undefined ? { afterSeq: after } : {}),
  });
  const load = async (after?: number) => {
    setExported(null);
    const r = await run(() => client().call('audit.query', query(after)));
    if (r) {
      setRows(r);
      setAfter(after);
    }
  };
  const exportRecords = async () => {
    const r = await run(() => client().call('audit.export', { ...query(), limit: 1000 }));
    if (!r) return;
    setExported(t('audit.exported', { count: r.records.length, seq: r.exportedSeq }));
    const url = URL.createObjectURL(new Blob([JSON.stringify(r.records, null, 2)], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `audit-${info?.stationId ?? 'station'}-${r.exportedSeq}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  const exportFile = async (format: 'pdf' | 'csv') => {
    const lang = i18n.language.startsWith('zh') ? 'zh-CN' : 'en';
    const { limit: _limit, ...q } = query();
    const r = await run(() => client().call('audit.exportFile', { ...q, format, lang }));
    if (!r) return;
    setExported(t('audit.exportedFile', { count: r.entryCount, format: format.toUpperCase(), seq: r.exportedSeq, hash: r.contentHash }));
    saveBase64File(r.base64, r.fileName, r.contentType);
  };
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const tz = info?.timeZone ?? 'UTC';
  return (
    <main id="main" data-testid="audit-screen">
      <h1>{t('audit.title')}</h1>
      <form
        className="card"
        aria-label={t('audit.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          void load();
        }}
      >
        <div className="row">
          <TextField label={t('audit.batch')} value={batchRef} onChange={(e) => setBatch(e.target.value)} />
          <TextField label={t('audit.user')} value={username} onChange={(e) => setUsername(e.target.value)} placeholder={t('audit.anyUser')} autoCapitalize="none" />
          <TextField label={t('audit.type')} value={typePrefix} onChange={(e) => setType(e.target.value)} data-testid="audit-type" />
          <TextField label={t('audit.from')} type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
          <TextField label={t('audit.to')} type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
        <div className="row">
          <Button type="submit" variant="primary" disabled={busy} data-testid="audit-apply">
            {t('audit.apply')}
          </Button>
          <Button onClick={() => void exportRecords()} disabled={busy}>
            {t('audit.export')}
          </Button>
          <Button onClick={() => void exportFile('pdf')} disabled={busy} data-testid="audit-export-pdf">
            {t('audit.exportPdf')}
          </Button>
          <Button onClick={() => void exportFile('csv')} disabled={busy} data-testid="audit-export-csv">
            {t('audit.exportCsv')}
          </Button>
        </div>
      </form>
      <ErrorNotice error={error} />
      <OkNotice text={exported} />
      {rows.length === 0 && !busy ? <p>{t('audit.empty')}</p> : null}
      {rows.length > 0 ? (
        <table data-testid="audit-table">
          <thead>
            <tr>
              <th scope="col">{t('audit.seq')}</th>
              <th scope="col">{t('audit.time')}</th>
              <th scope="col">{t('audit.who')}</th>
              <th scope="col">{t('audit.what')}</th>
              <th scope="col">{t('audit.batchCol')}</th>
              <th scope="col">{t('audit.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <AuditRow key={r.seq} record={r} time={formatDateTime(r.time, i18n.language, tz)} />
            ))}
          </tbody>
        </table>
      ) : null}
      <div className="row">
        <Button onClick={() => void load()} disabled={busy || afterSeq === undefined}>
          {t('common.previous')}
        </Button>
        <Button onClick={() => void load(rows.at(-1)?.seq)} disabled={busy || rows.length < PAGE} data-testid="audit-next">
          {t('common.next')}
        </Button>
      </div>
    </main>
  );
}
