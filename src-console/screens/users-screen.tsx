/** Hub accounts with their roles, and the certificates the hub CA issued (IT may revoke signing ones). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { CertificateViewSchema, EnrolmentCodeSchema, HubUserViewSchema, type CertificateView } from '../../src-shared/quality/hub-admin-contract.ts';
import { HubRole } from '../../src-shared/sync/sync-protocol.ts';
import { gmpRoleConflict } from '../../src-shared/quality/quality-roles.ts';
import type { BatchlineError } from '../../src-shared/result.ts';
import { Button, Checkbox, TextField } from '../../src-renderer/components/controls.tsx';
import { Dialog } from '../../src-renderer/components/dialog.tsx';
import { useConsole } from '../console-context.ts';
import { useLoad } from '../components/use-load.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { formatTime } from '../components/format.ts';
import { AccountActionButtons } from './account-actions.tsx';

export function UsersScreen() {
  const { t, i18n } = useTranslation();
  const { api } = useConsole();
  const users = useLoad(() => api.get('/api/v1/quality/users', z.array(HubUserViewSchema)), 'users');
  const certs = useLoad(() => api.get('/api/v1/quality/certificates', z.array(CertificateViewSchema)), 'certs');
  const [revoking, setRevoking] = useState<CertificateView | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<BatchlineError | null>(null);
  const [creating, setCreating] = useState(false);
  const [draft, setDraft] = useState({ username: '', printedName: '', password: '', roles: [] as string[] });
  const create = async () => {
    const r = await api.post('/api/v1/admin/users', draft, z.object({ userId: z.string() }));
    if (!r.ok) return setError(r.error);
    setCreating(false);
    setDraft({ username: '', printedName: '', password: '', roles: [] });
    users.reload();
  };
  // A one-time code for one station's enrolment (issue 10 item 6), shown once: the hub keeps
  // only its hash.
  const [enrolmentCode, setEnrolmentCode] = useState<{ code: string; expiresAt: string } | null>(null);
  const issueCode = async () => {
    const r = await api.post('/api/v1/admin/enrolment-codes', { validHours: 24 }, EnrolmentCodeSchema);
    if (!r.ok) return setError(r.error);
    setEnrolmentCode(r.value);
  };
  const revoke = async () => {
    const r = await api.post(`/api/v1/quality/certificates/${revoking!.fingerprint}/revoke`, { reason }, CertificateViewSchema);
    if (!r.ok) return setError(r.error);
    setRevoking(null);
    certs.reload();
  };
  return (
    <>
      <h1>{t('users.title')}</h1>
      <Button
        onClick={() => {
          setError(null);
          setCreating(true);
        }}
        data-testid="create-user"
      >
        {t('users.create')}
      </Button>
      <Button onClick={() => void issueCode()} data-testid="issue-enrolment-code">
        {t('users.enrolmentCode')}
      </Button>
      {enrolmentCode ? (
        <p className="notice" data-testid="enrolment-code">
          {t('users.enrolmentCodeIssued', { code: enrolmentCode.code, until: formatTime(enrolmentCode.expiresAt, i18n.language) })}
        </p>
      ) : null}
      {!creating && !revoking ? <ErrorNotice error={error} /> : null}
      <ErrorNotice error={users.error} />
      <table data-testid="users">
        <thead>
          <tr>
            <th>{t('users.username')}</th>
            <th>{t('users.name')}</th>
            <th>{t('users.roles')}</th>
            <th>{t('users.status')}</th>
            <th>{t('users.created')}</th>
            <th>{t('accounts.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {(users.data ?? []).map((u) => (
            <tr key={u.userId} data-username={u.username}>
              <td translate="no">{u.username}</td>
              <td translate="no">{u.printedName}</td>
              <td>{u.roles.map((r) => t(`roles.${r}`, { defaultValue: r })).join(', ')}</td>
              <td data-testid={`account-status-${u.username}`} data-status={u.status}>
                {t(`accounts.status.${u.status}`, { defaultValue: u.status })}
              </td>
              <td>{formatTime(u.createdAt, i18n.language)}</td>
              <td>
                <AccountActionButtons user={u} onDone={users.reload} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('users.certsTitle')}</h2>
      <ErrorNotice error={certs.error} />
      <table data-testid="certificates">
        <thead>
          <tr>
            <th>{t('users.kind')}</th>
            <th>{t('users.subject')}</th>
            <th>{t('users.validUntil')}</th>
            <th>{t('users.revoked')}</th>
            <th>{t('users.fingerprint')}</th>
          </tr>
        </thead>
        <tbody>
          {(certs.data ?? []).map((c) => (
            <tr key={c.fingerprint}>
              <td>{t(`users.certKinds.${c.kind}`, { defaultValue: c.kind })}</td>
              <td translate="no">{c.subjectId}</td>
              <td>{formatTime(c.notAfter, i18n.language)}</td>
              <td>
                {c.revokedAt ? <span translate="no">{`${formatTime(c.revokedAt, i18n.language)} · ${c.revocationReason ?? ''}`}</span> : c.kind === 'user-signing' ? <Button variant="danger" onClick={() => setRevoking(c)}>{t('users.revoke')}</Button> : '—'}
              </td>
              <td className="mono">{c.fingerprint.slice(0, 16)}…</td>
            </tr>
          ))}
        </tbody>
      </table>
      {creating ? (
        <Dialog title={t('users.create')} onClose={() => setCreating(false)}>
          <TextField label={t('users.username')} value={draft.username} onChange={(e) => setDraft({ ...draft, username: e.target.value })} />
          <TextField label={t('users.name')} value={draft.printedName} onChange={(e) => setDraft({ ...draft, printedName: e.target.value })} />
          <TextField label={t('users.initialPassword')} type="password" autoComplete="new-password" value={draft.password} onChange={(e) => setDraft({ ...draft, password: e.target.value })} />
          <fieldset>
            <legend>{t('users.roles')}</legend>
            {HubRole.options.map((r) => (
              <Checkbox key={r} label={t(`roles.${r}`)} checked={draft.roles.includes(r)} onChange={(e) => setDraft({ ...draft, roles: e.target.checked ? [...draft.roles, r] : draft.roles.filter((x) => x !== r) })} />
            ))}
          </fieldset>
          {gmpRoleConflict(draft.roles) ? <p className="notice notice-warn">{t('errors.GMP_ROLE_CONFLICT')}</p> : null}
          <ErrorNotice error={error} />
          <div className="row">
            <Button variant="primary" disabled={draft.roles.length === 0 || gmpRoleConflict(draft.roles) !== null} onClick={() => void create()}>
              {t('users.create')}
            </Button>
            <Button onClick={() => setCreating(false)}>{t('common.cancel')}</Button>
          </div>
        </Dialog>
      ) : null}
      {revoking ? (
        <Dialog title={t('users.revokeTitle', { subject: revoking.subjectId })} onClose={() => setRevoking(null)}>
          <TextField label={t('users.reason')} value={reason} onChange={(e) => setReason(e.target.value)} />
          <ErrorNotice error={error} />
          <div className="row">
            <Button variant="danger" disabled={reason.trim().length < 3} onClick={() => void revoke()}>
              {t('users.revoke')}
            </Button>
            <Button onClick={() => setRevoking(null)}>{t('common.cancel')}</Button>
          </div>
        </Dialog>
      ) : null}
    </>
  );
}
