/**
 * One deviation record (issue 12 item 5): what happened, its state and due date, root cause,
 * impacted batches, CAPA actions with owners and due dates, every signed step (verified now),
 * and the form for the next step. Each step is signed with the password at the moment of
 * signing; the hub checks role, order and content again and its refusal is shown here.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DeviationRecordViewSchema, FISHBONE_CATEGORIES, type DeviationRecordView, type DeviationStepName } from '../../src-shared/quality/deviation-contract.ts';
import type { BatchlineError } from '../../src-shared/result.ts';
import { Button, Checkbox, SelectField, TextArea, TextField } from '../../src-renderer/components/controls.tsx';
import { hasRole } from '../state/session-store.ts';
import { useConsole } from '../console-context.ts';
import { useLoad } from '../components/use-load.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { formatTime } from '../components/format.ts';
import { OtpField } from '../components/otp-field.tsx';
import { recordDescription, recordTitle } from '../components/system-text.ts';

const MEANING: Record<DeviationStepName, string> = {
  classify: 'reviewed',
  investigate: 'performed',
  'assess-impact': 'reviewed',
  'plan-capa': 'approved',
  'complete-action': 'performed',
  'check-effectiveness': 'reviewed',
  close: 'approved',
};

export function DeviationScreen({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const { api, me, navigate } = useConsole();
  const view = useLoad(() => api.get(`/api/v1/quality/deviations/${encodeURIComponent(id)}`, DeviationRecordViewSchema), id);
  const v = view.data;
  const isQa = hasRole(me, 'qa');
  const openActions = v?.actions.filter((a) => a.doneAt === null) ?? [];
  const mine = openActions.filter((a) => isQa || a.owner === me.username);
  return (
    <>
      <Button onClick={() => navigate('deviations')}>← {t('common.back')}</Button>
      <h1>{t('dev.recordTitle', { id })}</h1>
      <ErrorNotice error={view.error} />
      {v ? (
        <>
          <section className="card" aria-label={t('dev.state')}>
            <div className="row">
              <span className="badge badge-muted" data-testid="deviation-kind">
                {t(`devKind.${v.kind}`)}
              </span>
              <span className="badge" data-testid="deviation-state" data-state={v.state}>
                {t(`devState.${v.state}`)}
              </span>
              {v.classification ? <span className={`badge ${v.classification === 'minor' ? 'badge-muted' : v.classification === 'major' ? 'badge-warn' : 'badge-bad'}`}>{t(`severity.${v.classification}`)}</span> : null}
              {v.overdue ? (
                <span className="badge badge-bad" data-testid="deviation-overdue">
                  {t('dev.overdue')}
                </span>
              ) : null}
            </div>
            <h2>{recordTitle(t, v)}</h2>
            <p style={{ whiteSpace: 'pre-wrap' }}>{recordDescription(t, v)}</p>
            <p>
              {t('dev.raisedBy', { name: v.raisedBy, at: formatTime(v.raisedAt, i18n.language) })}
              <br />
              {t('dev.dueAt')}: {formatTime(v.dueAt, i18n.language)}
              <br />
              {t('dev.batch')}:{' '}
              {v.batchNumber ? (
                <Button onClick={() => navigate(`batches/${v.batchNumber}`)} data-testid="deviation-batch">
                  {v.batchNumber}
                </Button>
              ) : (
                '—'
              )}
              {v.source ? ` · ${t('dev.source', { station: v.source.stationId, seq: v.source.seq })}` : ''}
            </p>
            <p data-testid="deviation-impact">
              {t('dev.lots')}: {v.lots.join(', ') || '—'} · {t('dev.impacted')}: {v.impactedBatches.join(', ') || '—'}
            </p>
            {v.rootCause ? (
              <div data-testid="deviation-root-cause">
                <h3>{t('dev.rootCause')}</h3>
                {v.rootCause.method === 'five-whys' ? (
                  <ol>
                    {v.rootCause.whys.map((w, i) => (
                      <li key={i}>{w}</li>
                    ))}
                  </ol>
                ) : (
                  <ul>
                    {Object.entries(v.rootCause.causes).map(([k, c]) => (
                      <li key={k}>
                        {t(`fishbone.${k}`)}: {c}
                      </li>
                    ))}
                  </ul>
                )}
                <p>
                  <strong>{v.rootCause.rootCause}</strong>
                </p>
              </div>
            ) : null}
          </section>
          <section className="card">
            <h2>{t('dev.capaTitle')}</h2>
            {v.actions.length === 0 ? <p>{t('common.none')}</p> : null}
            <ul className="exceptions">
              {v.actions.map((a) => (
                <li key={a.id} data-testid={`capa-${a.id}`} data-done={a.doneAt !== null}>
                  <span className="badge badge-muted">{t(`dev.${a.kind}`)}</span> {a.description} · {t('dev.owner')}: {a.owner} · {t('dev.due', { at: formatTime(a.dueAt, i18n.language) })}{' '}
                  {a.overdue ? <span className="badge badge-bad">{t('dev.overdue')}</span> : null}
                  {a.doneAt ? <div className="hint">✓ {t('dev.doneBy', { name: a.doneBy, at: formatTime(a.doneAt, i18n.language), note: a.note })}</div> : null}
                </li>
              ))}
            </ul>
          </section>
          <section className="card">
            <h2>{t('dev.nextTitle')}</h2>
            {v.next === null ? <p data-testid="deviation-closed">{t('dev.closedNote')}</p> : null}
            {v.state === 'capa-planned' && mine.length > 0 ? <StepForm id={id} step="complete-action" actions={mine} onDone={view.reload} /> : null}
            {v.next && isQa ? <StepForm key={`${v.next.step}-${v.phasesDone.length}`} id={id} step={v.next.step as DeviationStepName} actions={[]} onDone={view.reload} defaultLots={v.lots} labPhase={v.kind !== 'deviation' && !v.phasesDone.includes('lab')} /> : null}
            {v.next && !isQa ? <p>{t('dev.needsQa')}</p> : null}
          </section>
          <section className="card">
            <h2>{t('dev.historyTitle')}</h2>
            <table className="table" data-testid="deviation-steps">
              <thead>
                <tr>
                  <th scope="col">{t('dev.state')}</th>
                  <th scope="col">{t('batch.signedBy')}</th>
                  <th scope="col">{t('batch.time')}</th>
                  <th scope="col">{t('batch.valid')}</th>
                </tr>
              </thead>
              <tbody>
                {v.steps.map((s) => (
                  <tr key={s.signatureId} data-testid={`deviation-step-${s.state}`}>
                    <td>{s.state === 'action-done' ? t('dev.actionDone') : t(`devState.${s.state}`)}</td>
                    <td>
                      {t(`meaning.${s.meaning}`)}: {s.printedName} ({s.username})
                    </td>
                    <td>{formatTime(s.signedAt, i18n.language)}</td>
                    <td>{s.valid ? `✓ ${t('batch.valid')}` : <span className="badge badge-bad">{t('batch.invalid')}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      ) : null}
    </>
  );
}

type Action = DeviationRecordView['actions'][number];
interface CapaRow {
  kind: 'corrective' | 'preventive';
  description: string;
  owner: string;
  dueDate: string;
}

function StepForm({ id, step, actions, onDone, defaultLots = [], labPhase = false }: { id: string; step: DeviationStepName; actions: Action[]; onDone: () => void; defaultLots?: string[]; labPhase?: boolean }) {
  const { t } = useTranslation();
  const { api, me } = useConsole();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<BatchlineError | null>(null);
  const [classification, setClassification] = useState('major');
  const [method, setMethod] = useState<'five-whys' | 'fishbone'>('five-whys');
  const [whys, setWhys] = useState(['', '', '']);
  const [causes, setCauses] = useState<Record<string, string>>({});
  const [text, setText] = useState('');
  const [lots, setLots] = useState(defaultLots.join(', '));
  const [capa, setCapa] = useState<CapaRow[]>([{ kind: 'corrective', description: '', owner: '', dueDate: '' }]);
  const [actionId, setActionId] = useState(actions[0]?.id ?? 0);
  const [labError, setLabError] = useState(false);
  const body = (): Record<string, unknown> => {
    switch (step) {
      case 'classify':
        return { classification };
      case 'investigate': {
        const rootCause =
          method === 'five-whys' ? { method, whys: whys.map((w) => w.trim()).filter(Boolean), rootCause: text } : { method, causes: Object.fromEntries(Object.entries(causes).filter(([, c]) => c.trim() !== '')), rootCause: text };
        return labPhase ? { rootCause, phase: 'lab', labErrorConfirmed: labError } : { rootCause };
      }
      case 'assess-impact':
        return { lots: lots.split(/[\s,;]+/).filter(Boolean), assessment: text };
      case 'plan-capa':
        return { actions: capa };
      case 'complete-action':
        return { actionId, note: text };
      case 'check-effectiveness':
        return { evidence: text };
      case 'close':
        return { conclusion: text };
    }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const r = await api.post(`/api/v1/quality/deviations/${encodeURIComponent(id)}/steps`, { step, password, ...body() }, DeviationRecordViewSchema);
    setBusy(false);
    setPassword('');
    if (r.ok) {
      setError(null);
      setText('');
      onDone();
    } else setError(r.error);
  };
  let fields: ReactNode = null;
  const textArea = (label: string) => <TextArea label={label} value={text} onChange={(e) => setText(e.target.value)} required minLength={5} data-testid="step-text" />;
  if (step === 'classify') {
    fields = <SelectField label={t('dev.classification')} value={classification} onChange={(e) => setClassification(e.target.value)} options={(['minor', 'major', 'critical'] as const).map((c) => ({ value: c, label: t(`severity.${c}`) }))} data-testid="step-classification" />;
  } else if (step === 'investigate') {
    fields = (
      <>
        <SelectField label={t('dev.method')} value={method} onChange={(e) => setMethod(e.target.value as 'five-whys' | 'fishbone')} options={[{ value: 'five-whys', label: t('dev.fiveWhys') }, { value: 'fishbone', label: t('dev.fishbone') }]} data-testid="step-method" />
        {method === 'five-whys'
          ? whys.map((w, i) => <TextField key={i} label={t('dev.why', { n: i + 1 })} value={w} onChange={(e) => setWhys((all) => all.map((x, j) => (j === i ? e.target.value : x)))} data-testid={`step-why-${i + 1}`} />)
          : FISHBONE_CATEGORIES.map((c) => <TextField key={c} label={t(`fishbone.${c}`)} value={causes[c] ?? ''} onChange={(e) => setCauses((all) => ({ ...all, [c]: e.target.value }))} data-testid={`step-cause-${c}`} />)}
        {textArea(t('dev.rootCause'))}
        {labPhase ? <Checkbox label={t('dev.labError')} checked={labError} onChange={(e) => setLabError(e.target.checked)} data-testid="step-lab-error" /> : null}
      </>
    );
  } else if (step === 'assess-impact') {
    fields = (
      <>
        <TextField label={t('dev.lots')} hint={t('dev.lotsHint')} value={lots} onChange={(e) => setLots(e.target.value)} data-testid="step-lots" />
        {textArea(t('dev.assessment'))}
      </>
    );
  } else if (step === 'plan-capa') {
    fields = (
      <>
        {capa.map((a, i) => {
          const set = (patch: Partial<CapaRow>) => setCapa((all) => all.map((x, j) => (j === i ? { ...x, ...patch } : x)));
          return (
            <fieldset key={i} className="card">
              <legend>{t('dev.actionN', { n: i + 1 })}</legend>
              <SelectField label={t('dev.kind')} value={a.kind} onChange={(e) => set({ kind: e.target.value as CapaRow['kind'] })} options={[{ value: 'corrective', label: t('dev.corrective') }, { value: 'preventive', label: t('dev.preventive') }]} data-testid={`capa-kind-${i}`} />
              <TextField label={t('dev.actionDescription')} value={a.description} onChange={(e) => set({ description: e.target.value })} required data-testid={`capa-description-${i}`} />
              <TextField label={t('dev.owner')} value={a.owner} onChange={(e) => set({ owner: e.target.value })} required data-testid={`capa-owner-${i}`} />
              <TextField label={t('dev.dueAt')} type="date" value={a.dueDate} onChange={(e) => set({ dueDate: e.target.value })} required data-testid={`capa-due-${i}`} />
            </fieldset>
          );
        })}
        <Button onClick={() => setCapa((all) => [...all, { kind: 'preventive', description: '', owner: '', dueDate: '' }])} data-testid="capa-add">
          {t('dev.addAction')}
        </Button>
      </>
    );
  } else if (step === 'complete-action') {
    fields = (
      <>
        <SelectField label={t('dev.action')} value={String(actionId)} onChange={(e) => setActionId(Number(e.target.value))} options={actions.map((a) => ({ value: String(a.id), label: `${a.description} (${a.owner})` }))} data-testid="step-action" />
        {textArea(t('dev.note'))}
      </>
    );
  } else if (step === 'check-effectiveness') {
    fields = textArea(t('dev.evidence'));
  } else {
    fields = textArea(t('dev.conclusion'));
  }
  return (
    <form onSubmit={submit} data-testid={`step-form-${step}`} aria-label={t(`devStep.${step}`)}>
      <h3>
        {t(`devStep.${step}`)}
        {step === 'investigate' && labPhase ? ` · ${t('dev.phaseLab')}` : ''}
      </h3>
      {fields}
      <p>
        <strong>{t('sign.meaning', { meaning: t(`meaning.${MEANING[step]}`) })}</strong>
        <br />
        {t('sign.signer', { name: me.printedName, username: me.username })}
      </p>
      <TextField label={t('sign.password')} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required data-testid={`step-password-${step}`} />
      <OtpField testId="otp-1" />
      <ErrorNotice error={error} />
      <button type="submit" className="btn btn-primary" disabled={busy || password === ''} data-testid={`step-submit-${step}`}>
        {t('dev.sign')}
      </button>
    </form>
  );
}
