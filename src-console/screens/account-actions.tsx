/**
 * Hub account administration in the console (issue 10 item 5): a second person verifies a
 * pending account's holder, who types the one-time password and chooses their own there; an
 * administrator resets (a one-time password shown once), disables, enables and unlocks, each
 * with a reason. The hub decides and refuses (the maker verifying their own account, the last
 * administrator, one's own account…); its refusal is shown in the reader's language.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AccountViewSchema, PasswordResetResultSchema, type HubUserView } from '../../src-shared/quality/hub-admin-contract.ts';
import type { BatchlineError } from '../../src-shared/result.ts';
import { Button, TextField } from '../../src-renderer/components/controls.tsx';
import { Dialog } from '../../src-renderer/components/dialog.tsx';
import { useConsole } from '../console-context.ts';
import { ErrorNotice } from '../components/error-notice.tsx';

export type AccountAction = 'verify' | 'reset' | 'disable' | 'enable' | 'unlock';

/** What the signed-in person may try on this account (the hub checks again). */
export function accountActions(user: HubUserView, myRoles: readonly string[]): AccountAction[] {
  const admin = myRoles.includes('admin');
  const out: AccountAction[] = [];
  if (user.status === 'pending' && (admin || myRoles.includes('qa'))) out.push('verify');
  if (!admin) return out;
  if (user.status === 'locked') out.push('unlock');
  if (user.status === 'disabled') out.push('enable');
  else out.push('reset', 'disable');
  return out;
}

export function AccountActionButtons({ user, onDone }: { user: HubUserView; onDone: () => void }) {
  const { t } = useTranslation();
  const { me } = useConsole();
  const [open, setOpen] = useState<AccountAction | null>(null);
  return (
    <div className="row">
      {accountActions(user, me.roles).map((a) => (
        <Button key={a} variant={a === 'disable' || a === 'reset' ? 'danger' : 'secondary'} onClick={() => setOpen(a)} data-testid={`account-${a}-${user.username}`} aria-label={`${t(`accounts.${a}`)}: ${user.username}`}>
          {t(`accounts.${a}`)}
        </Button>
      ))}
      {open ? (
        <AccountActionDialog
          user={user}
          action={open}
          onClose={(changed) => {
            setOpen(null);
            if (changed) onDone();
          }}
        />
      ) : null}
    </div>
  );
}

function AccountActionDialog({ user, action, onClose }: { user: HubUserView; action: AccountAction; onClose: (changed: boolean) => void }) {
  const { t } = useTranslation();
  const { api } = useConsole();
  const [reason, setReason] = useState('');
  const [oneTime, setOneTime] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<BatchlineError | null>(null);
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<string | null>(null);
  const base = `/api/v1/admin/users/${encodeURIComponent(user.userId)}`;
  const submit = async () => {
    setBusy(true);
    setError(null);
    if (action === 'reset') {
      const r = await api.post(`${base}/reset-password`, { reason }, PasswordResetResultSchema);
      setBusy(false);
      if (!r.ok) return setError(r.error);
      return setIssued(r.value.oneTimePassword);
    }
    const r =
      action === 'verify'
        ? await api.post(`${base}/verify-identity`, { method: reason, oneTimePassword: oneTime, newPassword: password }, AccountViewSchema)
        : await api.post(`${base}/${action}`, { reason }, AccountViewSchema);
    setBusy(false);
    if (!r.ok) return setError(r.error);
    onClose(true);
  };
  const ready = reason.trim().length >= 3 && (action !== 'verify' || (oneTime.length > 0 && password.length > 0 && password === again));
  return (
    <Dialog title={t('accounts.title', { action: t(`accounts.${action}`), name: `${user.printedName} (${user.username})` })} onClose={() => onClose(issued !== null)}>
      {issued ? (
        <>
          <p className="notice" data-testid="one-time-password">
            {t('accounts.oneTimeIssued', { password: issued })}
          </p>
          <Button variant="primary" onClick={() => onClose(true)}>
            {t('common.close')}
          </Button>
        </>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          {action === 'verify' ? <p className="hint">{t('accounts.holderSets')}</p> : null}
          <TextField label={action === 'verify' ? t('accounts.method') : t('users.reason')} value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} />
          {action === 'verify' ? (
            <>
              <TextField label={t('accounts.oneTime')} type="password" autoComplete="off" value={oneTime} onChange={(e) => setOneTime(e.target.value)} required />
              <TextField label={t('accounts.newPassword')} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
              <TextField label={t('accounts.newPasswordAgain')} type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} required />
              {again && again !== password ? <p className="hint" role="alert">{t('accounts.differ')}</p> : null}
            </>
          ) : null}
          <ErrorNotice error={error} />
          <div className="row">
            <Button type="submit" variant={action === 'verify' || action === 'enable' || action === 'unlock' ? 'primary' : 'danger'} disabled={busy || !ready} data-testid="account-confirm">
              {t(`accounts.${action}`)}
            </Button>
            <Button onClick={() => onClose(false)}>{t('common.cancel')}</Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
