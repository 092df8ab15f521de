/**
 * Change control (issue 12 item 6): the list, the request form (what the change names: recipe,
 * specification, setting or master-data versions), and one change with its approvals, tasks,
 * signed steps and the form for its next step. Every step is signed with the password at the
 * moment of signing; the hub checks role, order and independence again.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ChangeViewSchema, type ChangeView } from '../../src-shared/quality/change-contract.ts';
import type { BatchlineError } from '../../src-shared/result.ts';
import { Button, Checkbox, SelectField, TextArea, TextField } from '../../src-renderer/components/controls.tsx';
import { hasRole } from '../state/session-store.ts';
import { useConsole } from '../console-context.ts';
import { useLoad } from '../components/use-load.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { formatTime } from '../components/format.ts';
import { ListTable } from '../components/list-table.tsx';
import { OtpField } from '../components/otp-field.tsx';

const Summary = z.array(z.object({ id: z.string(), title: z.string(), state: z.string(), requestedAt: z.string() }));
const ROLES = ['qa', 'qp', 'master-data'] as const;

export function ChangesScreen() {
  const { t, i18n } = useTranslation();
  const { api, navigate } = useConsole();
  const list = useLoad(() => api.get('/api/v1/quality/changes', Summary), 'changes');
  const [requesting, setRequesting] = useState(false);
  return (
    <>
      <h1>{t('cc.title')}</h1>
      <Button variant="primary" onClick={() => setRequesting(true)} data-testid="change-request">
        {t('cc.request')}
      </Button>
      {requesting ? <RequestForm onDone={(id) => (id ? navigate(`changes/${id}`) : setRequesting(false))} /> : null}
      <ListTable
        list={list}
        empty={t('cc.empty')}
        className="table"
        testId="changes-table"
        rowKey={(c) => c.id}
        onOpen={(c) => navigate(`changes/${c.id}`)}
        openTestId={(c) => `open-${c.id}`}
        columns={[
          { header: t('dev.id'), opens: true, cell: (c) => c.id },
          { header: t('dev.titleField'), cell: (c) => c.title },
          { header: t('dev.state'), cell: (c) => t(`ccState.${c.state}`) },
          { header: t('cc.requestedAt'), cell: (c) => formatTime(c.requestedAt, i18n.language) },
        ]}
      />
    </>
  );
}

function Signer({ meaning }: { meaning: string }) {
  const { t } = useTranslation();
  const { me } = useConsole();
  return (
    <p>
      <strong>{t('sign.meaning', { meaning: t(`meaning.${meaning}`) })}</strong>
      <br />
      {t('sign.signer', { name: me.printedName, username: me.username })}
    </p>
  );
}

function RequestForm({ onDone }: { onDone: (id: string | null) => void }) {
  const { t } = useTranslation();
  const { api } = useConsole();
  const [title, setTitle] = useState('');
  const [reason, setReason] = useState('');
  const [kind, setKind] = useState('recipe');
  const [ref, setRef] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<BatchlineError | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const version = (v: string) => (v.trim() === '' ? null : Number(v));
    const r = await api.post('/api/v1/quality/changes', { title, reason, links: [{ kind, ref, fromVersion: version(from), toVersion: version(to) }], password }, ChangeViewSchema);
    setPassword('');
    if (r.ok) onDone(r.value.id);
    else setError(r.error);
  };
  return (
    <form className="card" onSubmit={submit} aria-label={t('cc.request')} data-testid="change-form">
      <h2>{t('cc.request')}</h2>
      <TextField label={t('dev.titleField')} value={title} onChange={(e) => setTitle(e.target.value)} required minLength={5} data-testid="change-title" />
      <TextArea label={t('cc.reason')} value={reason} onChange={(e) => setReason(e.target.value)} required minLength={5} data-testid="change-reason" />
      <SelectField label={t('cc.linkKind')} value={kind} onChange={(e) => setKind(e.target.value)} options={(['recipe', 'specification', 'setting', 'master-data', 'report-template'] as const).map((k) => ({ value: k, label: t(`ccLink.${k}`) }))} data-testid="change-link-kind" />
      <TextField label={t('cc.linkRef')} value={ref} onChange={(e) => setRef(e.target.value)} required data-testid="change-link-ref" />
      <TextField label={t('cc.fromVersion')} type="number" min={0} value={from} onChange={(e) => setFrom(e.target.value)} data-testid="change-from" />
      <TextField label={t('cc.toVersion')} type="number" min={1} value={to} onChange={(e) => setTo(e.target.value)} data-testid="change-to" />
      <Signer meaning="performed" />
      <TextField label={t('sign.password')} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required data-testid="change-password" />
      <OtpField testId="otp-1" />
      <ErrorNotice error={error} />
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={password === ''} data-testid="change-submit">
          {t('dev.sign')}
        </button>
        <Button onClick={() => onDone(null)}>{t('common.cancel')}</Button>
      </div>
    </form>
  );
}

export function ChangeScreen({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const { api, navigate } = useConsole();
  const view = useLoad(() => api.get(`/api/v1/quality/changes/${encodeURIComponent(id)}`, ChangeViewSchema), id);
  const c = view.data;
  return (
    <>
      <Button onClick={() => navigate('changes')}>← {t('common.back')}</Button>
      <h1>{t('cc.recordTitle', { id })}</h1>
      <ErrorNotice error={view.error} />
      {c ? (
        <>
          <section className="card" aria-label={t('dev.state')}>
            <span className="badge" data-testid="change-state" data-state={c.state}>
              {t(`ccState.${c.state}`)}
            </span>
            <h2>{c.title}</h2>
            <p style={{ whiteSpace: 'pre-wrap' }}>{c.reason}</p>
            <ul data-testid="change-links">
              {c.links.map((l, i) => (
                <li key={i}>
                  {t(`ccLink.${l.kind}`)} {l.ref}: {l.fromVersion ?? '—'} → {l.toVersion ?? '—'}
                </li>
              ))}
            </ul>
            <p data-testid="change-approvals">
              {t('cc.approvers')}: {c.approverRoles.map((r) => t(`roles.${r}`)).join(', ') || '—'}
              <br />
              {t('cc.approvals')}: {c.approvals.map((a) => `${t(`roles.${a.role}`)} — ${a.username} (${formatTime(a.signedAt, i18n.language)})`).join('; ') || '—'}
            </p>
          </section>
          <section className="card">
            <h2>{t('cc.tasks')}</h2>
            {c.tasks.length === 0 ? <p>{t('common.none')}</p> : null}
            <ul className="exceptions">
              {c.tasks.map((k) => (
                <li key={k.id} data-testid={`task-${k.id}`} data-done={k.doneAt !== null}>
                  {k.description} · {t('dev.owner')}: {k.owner} · {t('dev.due', { at: formatTime(k.dueAt, i18n.language) })} {k.overdue ? <span className="badge badge-bad">{t('dev.overdue')}</span> : null}
                  {k.doneAt ? <div className="hint">✓ {t('dev.doneBy', { name: k.doneBy, at: formatTime(k.doneAt, i18n.language), note: k.note })}</div> : null}
                </li>
              ))}
            </ul>
          </section>
          <section className="card">
            <h2>{t('dev.nextTitle')}</h2>
            {c.state === 'closed' ? <p>{t('cc.closedNote')}</p> : <ChangeStepForm key={`${c.state}-${c.steps.length}`} change={c} onDone={view.reload} />}
          </section>
          <section className="card">
            <h2>{t('dev.historyTitle')}</h2>
            <table className="table" data-testid="change-steps">
              <thead>
                <tr>
                  <th scope="col">{t('dev.state')}</th>
                  <th scope="col">{t('batch.signedBy')}</th>
                  <th scope="col">{t('batch.time')}</th>
                  <th scope="col">{t('batch.valid')}</th>
                </tr>
              </thead>
              <tbody>
                {c.steps.map((s) => (
                  <tr key={s.signatureId}>
                    <td>{s.state.startsWith('approved-') ? `${t('cc.approvedAs')} ${t(`roles.${s.state.slice(9)}`)}` : s.state.startsWith('task-done-') ? t('cc.taskDone') : t(`ccState.${s.state}`)}</td>
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

function ChangeStepForm({ change, onDone }: { change: ChangeView; onDone: () => void }) {
  const { t } = useTranslation();
  const { api, me } = useConsole();
  const [password, setPassword] = useState('');
  const [text, setText] = useState('');
  const [roles, setRoles] = useState<string[]>(['qa']);
  const open = change.approverRoles.filter((r) => !change.approvals.some((a) => a.role === r) && hasRole(me, r));
  const [role, setRole] = useState<string>(open[0] ?? '');
  const [task, setTask] = useState({ description: '', owner: '', dueDate: '' });
  const openTasks = change.tasks.filter((k) => k.doneAt === null);
  const [taskId, setTaskId] = useState(openTasks[0]?.id ?? 0);
  const [error, setError] = useState<BatchlineError | null>(null);
  const steps: Record<string, { step: string; meaning: string; body: () => Record<string, unknown>; fields: ReactNode } | null> = {
    requested: {
      step: 'assess-impact',
      meaning: 'reviewed',
      body: () => ({ assessment: text, approverRoles: roles }),
      fields: (
        <>
          <TextArea label={t('dev.assessment')} value={text} onChange={(e) => setText(e.target.value)} required data-testid="cc-text" />
          {ROLES.map((r) => (
            <Checkbox key={r} label={t(`roles.${r}`)} checked={roles.includes(r)} onChange={(e) => setRoles((all) => (e.target.checked ? [...all, r] : all.filter((x) => x !== r)))} data-testid={`cc-role-${r}`} />
          ))}
        </>
      ),
    },
    'impact-assessed': open.length
      ? {
          step: 'approve',
          meaning: 'approved',
          body: () => ({ role }),
          fields: <SelectField label={t('cc.approveAs')} value={role} onChange={(e) => setRole(e.target.value)} options={open.map((r) => ({ value: r, label: t(`roles.${r}`) }))} data-testid="cc-approve-role" />,
        }
      : null,
    approved: {
      step: 'plan-implementation',
      meaning: 'approved',
      body: () => ({ tasks: [task] }),
      fields: (
        <>
          <TextField label={t('cc.task')} value={task.description} onChange={(e) => setTask({ ...task, description: e.target.value })} required data-testid="cc-task-description" />
          <TextField label={t('dev.owner')} value={task.owner} onChange={(e) => setTask({ ...task, owner: e.target.value })} required data-testid="cc-task-owner" />
          <TextField label={t('dev.dueAt')} type="date" value={task.dueDate} onChange={(e) => setTask({ ...task, dueDate: e.target.value })} required data-testid="cc-task-due" />
        </>
      ),
    },
    'implementation-planned': openTasks.length
      ? {
          step: 'complete-task',
          meaning: 'performed',
          body: () => ({ taskId, note: text }),
          fields: (
            <>
              <SelectField label={t('cc.task')} value={String(taskId)} onChange={(e) => setTaskId(Number(e.target.value))} options={openTasks.map((k) => ({ value: String(k.id), label: `${k.description} (${k.owner})` }))} data-testid="cc-task" />
              <TextArea label={t('dev.note')} value={text} onChange={(e) => setText(e.target.value)} required data-testid="cc-text" />
            </>
          ),
        }
      : null,
    implemented: { step: 'check-effectiveness', meaning: 'reviewed', body: () => ({ evidence: text }), fields: <TextArea label={t('dev.evidence')} value={text} onChange={(e) => setText(e.target.value)} required data-testid="cc-text" /> },
    'effectiveness-checked': { step: 'close', meaning: 'approved', body: () => ({ conclusion: text }), fields: <TextArea label={t('dev.conclusion')} value={text} onChange={(e) => setText(e.target.value)} required data-testid="cc-text" /> },
  };
  const plan = steps[change.state] ?? null;
  if (!plan) return <p>{t('cc.waiting')}</p>;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await api.post(`/api/v1/quality/changes/${encodeURIComponent(change.id)}/steps`, { step: plan.step, password, ...plan.body() }, ChangeViewSchema);
    setPassword('');
    if (r.ok) onDone();
    else setError(r.error);
  };
  return (
    <form onSubmit={submit} aria-label={t(`ccStep.${plan.step}`)} data-testid={`cc-form-${plan.step}`}>
      <h3>{t(`ccStep.${plan.step}`)}</h3>
      {plan.fields}
      <Signer meaning={plan.meaning} />
      <TextField label={t('sign.password')} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required data-testid="cc-password" />
      <OtpField testId="otp-2" />
      <ErrorNotice error={error} />
      <button type="submit" className="btn btn-primary" disabled={password === ''} data-testid="cc-submit">
        {t('dev.sign')}
      </button>
    </form>
  );
}
