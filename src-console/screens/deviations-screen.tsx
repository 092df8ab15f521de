/**
 * Deviation records (issue 12 item 5): the list, newest first, with state, classification, due
 * date and overdue flags, and the form to raise one (signed "performed" with the password).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { DeviationRecordViewSchema, DeviationSummarySchema } from '../../src-shared/quality/deviation-contract.ts';
import type { BatchlineError } from '../../src-shared/result.ts';
import { Button, SelectField, TextArea, TextField } from '../../src-renderer/components/controls.tsx';
import { useConsole } from '../console-context.ts';
import { useLoad } from '../components/use-load.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { formatTime } from '../components/format.ts';
import { ListTable } from '../components/list-table.tsx';
import { OtpField } from '../components/otp-field.tsx';
import { recordTitle } from '../components/system-text.ts';

export function DeviationsScreen() {
  const { t, i18n } = useTranslation();
  const { api, navigate } = useConsole();
  const [openOnly, setOpenOnly] = useState(true);
  const list = useLoad(() => api.get(`/api/v1/quality/deviations${openOnly ? '?open=true' : ''}`, z.array(DeviationSummarySchema)), String(openOnly));
  const [raising, setRaising] = useState(false);
  return (
    <>
      <h1>{t('dev.title')}</h1>
      <div className="row">
        <Button aria-pressed={openOnly} onClick={() => setOpenOnly((o) => !o)} data-testid="deviations-open-only">
          {t('dev.openOnly')}
        </Button>
        <Button variant="primary" onClick={() => setRaising(true)} data-testid="deviation-raise">
          {t('dev.raise')}
        </Button>
      </div>
      {raising ? <RaiseForm onDone={(id) => (id ? navigate(`deviations/${id}`) : setRaising(false))} /> : null}
      <ListTable
        list={list}
        empty={t('dev.empty')}
        className="table"
        testId="deviations-table"
        rowKey={(d) => d.id}
        rowProps={(d) => ({ 'data-testid': `deviation-row-${d.id}` })}
        onOpen={(d) => navigate(`deviations/${d.id}`)}
        openTestId={(d) => `open-${d.id}`}
        columns={[
          { header: t('dev.id'), opens: true, cell: (d) => d.id },
          {
            header: t('dev.titleField'),
            cell: (d) => (
              <>
                {d.kind !== 'deviation' ? <span className="badge badge-muted">{t(`devKind.${d.kind}`)}</span> : null} {recordTitle(t, d)}
              </>
            ),
          },
          { header: t('dev.state'), cell: (d) => t(`devState.${d.state}`) },
          { header: t('dev.classification'), cell: (d) => (d.classification ? t(`severity.${d.classification}`) : '—') },
          { header: t('dev.batch'), cell: (d) => d.batchNumber ?? '—' },
          {
            header: t('dev.dueAt'),
            cell: (d) => (
              <>
                {formatTime(d.dueAt, i18n.language)} {d.overdue ? <span className="badge badge-bad">{t('dev.overdue')}</span> : null}
              </>
            ),
          },
          {
            header: t('dev.actions'),
            cell: (d) => (
              <>
                {t('dev.openActions', { count: d.openActions })}
                {d.overdueActions > 0 ? <span className="badge badge-bad"> {t('dev.overdueActions', { count: d.overdueActions })}</span> : null}
              </>
            ),
          },
        ]}
      />
    </>
  );
}

/** Raise a record; `source` links it to a station deviation of `batchNumber` (from the batch screen). */
export function RaiseForm({ batchNumber, source, defaultTitle, onDone }: { batchNumber?: string; source?: { stationId: string; seq: number }; defaultTitle?: string; onDone: (id: string | null) => void }) {
  const { t } = useTranslation();
  const { api, me } = useConsole();
  const [kind, setKind] = useState<'deviation' | 'oos' | 'oot'>('deviation');
  const [title, setTitle] = useState(defaultTitle ?? '');
  const [description, setDescription] = useState('');
  const [batch, setBatch] = useState(batchNumber ?? '');
  const [lots, setLots] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<BatchlineError | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const lotList = lots.split(/[\s,;]+/).filter(Boolean);
    const r = await api.post('/api/v1/quality/deviations', { kind, title, description, ...(batch ? { batchNumber: batch } : {}), ...(source ? { source } : {}), ...(lotList.length ? { lots: lotList } : {}), password }, DeviationRecordViewSchema);
    setBusy(false);
    setPassword('');
    if (r.ok) onDone(r.value.id);
    else setError(r.error);
  };
  return (
    <form className="card" onSubmit={submit} data-testid="raise-form" aria-label={t('dev.raise')}>
      <h2>{t('dev.raise')}</h2>
      <SelectField label={t('dev.kindField')} value={kind} onChange={(e) => setKind(e.target.value as typeof kind)} options={(['deviation', 'oos', 'oot'] as const).map((k) => ({ value: k, label: t(`devKind.${k}`) }))} data-testid="raise-kind" />
      <TextField label={t('dev.titleField')} value={title} onChange={(e) => setTitle(e.target.value)} required minLength={5} data-testid="raise-title" />
      <TextArea label={t('dev.description')} value={description} onChange={(e) => setDescription(e.target.value)} required minLength={5} data-testid="raise-description" />
      <TextField label={t('dev.batch')} value={batch} onChange={(e) => setBatch(e.target.value)} disabled={source !== undefined} data-testid="raise-batch" />
      <TextField label={t('dev.lots')} hint={t('dev.lotsHint')} value={lots} onChange={(e) => setLots(e.target.value)} data-testid="raise-lots" />
      <p>
        <strong>{t('sign.meaning', { meaning: t('meaning.performed') })}</strong>
        <br />
        {t('sign.signer', { name: me.printedName, username: me.username })}
      </p>
      <TextField label={t('sign.password')} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required data-testid="raise-password" />
      <OtpField testId="otp-1" />
      <ErrorNotice error={error} />
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={busy || password === '' || title.trim().length < 5 || description.trim().length < 5} data-testid="raise-submit">
          {t('dev.raiseSubmit')}
        </button>
        <Button onClick={() => onDone(null)}>{t('common.cancel')}</Button>
      </div>
    </form>
  );
}
