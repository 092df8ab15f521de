/**
 * User administration (21 CFR 11.10(g), 11.300): create with a one-time password, change roles,
 * disable/enable, unlock, reset the password; re-issue a signing certificate the hub revoked
 * (an administrator asks, QA approves with the holder present). Every change asks for a reason
 * and is recorded.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserSummary } from '../../src-shared/api/users.contract.ts';
import { Button, Card, TextField } from '../components/controls.tsx';
import { ErrorNotice, OkNotice } from '../components/notices.tsx';
import { useAction } from '../hooks/use-action.ts';
import { client, useApp } from '../state/app-store.ts';
import { formatDateTime } from '../i18n/format.ts';
import { RoleChecks, UserActionDialog, type UserAction } from './user-action-dialog.tsx';

export function UsersScreen() {
  const { t } = useTranslation();
  const [users, setUsers] = useState<UserSummary[]>([]);
  const [action, setAction] = useState<{ user: UserSummary; action: UserAction } | null>(null);
  const isAdmin = useApp((s) => s.session?.user.roles.includes('admin') ?? false);
  const isQa = useApp((s) => s.session?.user.roles.includes('qa') ?? false);
  const info = useApp((s) => s.info);
  const { i18n } = useTranslation();
  const { run, error } = useAction();
  const load = async () => {
    const r = await run(() => client().call('users.list', {}));
    if (r) setUsers(r);
  };
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <main id="main" data-testid="users-screen">
      <h1>{t('users.title')}</h1>
      <ErrorNotice error={error} />
      {isAdmin ? <CreateUser onCreated={() => void load()} /> : null}
      <table data-testid="users-table">
        <thead>
          <tr>
            <th scope="col">{t('users.username')}</th>
            <th scope="col">{t('users.printedName')}</th>
            <th scope="col">{t('users.roles')}</th>
            <th scope="col">{t('users.status')}</th>
            <th scope="col">{t('common.edit')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.userId} data-username={u.username}>
              <td translate="no">{u.username}</td>
              <td translate="no">{u.printedName}</td>
              <td>{u.roles.map((r) => t(`roles.${r}`)).join(', ')}</td>
              <td>
                {t(`users.statuses.${u.status}`)}
                {u.certificateRevokedAt ? (
                  <span className="badge badge-bad" data-testid="certificate-revoked">
                    {' '}
                    {t('users.certificateRevoked', { time: info ? formatDateTime(u.certificateRevokedAt, i18n.language, info.timeZone) : u.certificateRevokedAt })}
                    {u.reissueRequestSeq ? ` · ${t('users.reissueRequested')}` : ''}
                  </span>
                ) : null}
              </td>
              <td>
                <div className="row">
                  {actionsFor(u, isAdmin, isQa).map((a) => (
                    <Button key={a} onClick={() => setAction({ user: u, action: a })} aria-label={t('users.actionFor', { action: t(`users.${a}`), name: u.username })}>
                      {t(`users.${a}`)}
                    </Button>
                  ))}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {action ? (
        <UserActionDialog
          user={action.user}
          action={action.action}
          onClose={(changed) => {
            setAction(null);
            if (changed) void load();
          }}
        />
      ) : null}
    </main>
  );
}

function actionsFor(u: UserSummary, isAdmin: boolean, isQa: boolean): UserAction[] {
  const out: UserAction[] = u.status === 'pending' ? ['verifyIdentity'] : [];
  if (isQa && u.reissueRequestSeq) out.push('approveReissue');
  if (!isAdmin) return out;
  if (u.certificateRevokedAt && !u.reissueRequestSeq) out.push('requestReissue');
  out.push('setRoles', u.status === 'disabled' ? 'enable' : 'disable');
  if (u.status === 'locked') out.push('unlock');
  out.push('resetPassword');
  return out;
}

function CreateUser({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [printedName, setName] = useState('');
  const [roles, setRoles] = useState<UserSummary['roles']>(['operator']);
  const [initialPassword, setPassword] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { run, busy, error } = useAction();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setDone(null);
    const r = await run(() => client().call('users.create', { username, printedName, roles, initialPassword }));
    if (r) {
      setDone(t('users.created', { username: r.username }));
      setUsername('');
      setName('');
      setPassword('');
      onCreated();
    }
  };
  return (
    <Card title={t('users.create')}>
      <form onSubmit={(e) => void submit(e)}>
        <div className="row">
          <TextField label={t('users.username')} value={username} onChange={(e) => setUsername(e.target.value)} autoCapitalize="none" required />
          <TextField label={t('users.printedName')} value={printedName} onChange={(e) => setName(e.target.value)} required />
          <TextField label={t('users.initialPassword')} type="password" value={initialPassword} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" required />
        </div>
        <RoleChecks roles={roles} onChange={setRoles} />
        <p className="hint">{t('users.segregation')}</p>
        <ErrorNotice error={error} />
        <OkNotice text={done} />
        <Button type="submit" variant="primary" disabled={busy || !username || !printedName || !initialPassword || roles.length === 0}>
          {t('users.create')}
        </Button>
      </form>
    </Card>
  );
}
