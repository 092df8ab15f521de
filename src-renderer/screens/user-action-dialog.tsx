/** One administrative change to one user, with its reason (or the temporary password). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserSummary } from '../../src-shared/api/users.contract.ts';
import { Button, Checkbox, TextField } from '../components/controls.tsx';
import { Dialog } from '../components/dialog.tsx';
import { ErrorNotice } from '../components/notices.tsx';
import { useAction } from '../hooks/use-action.ts';
import { client } from '../state/app-store.ts';

export type UserAction = 'verifyIdentity' | 'setRoles' | 'disable' | 'enable' | 'unlock' | 'resetPassword' | 'requestReissue' | 'approveReissue';
const ROLES: UserSummary['roles'] = ['operator', 'supervisor', 'qa', 'qp', 'admin'];

export function RoleChecks({ roles, onChange }: { roles: UserSummary['roles']; onChange: (r: UserSummary['roles']) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset className="row">
      <legend>{t('users.roles')}</legend>
      {ROLES.map((r) => (
        <Checkbox key={r} label={t(`roles.${r}`)} checked={roles.includes(r)} onChange={(e) => onChange(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))} />
      ))}
    </fieldset>
  );
}

export function UserActionDialog({ user, action, onClose }: { user: UserSummary; action: UserAction; onClose: (changed: boolean) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState(user.roles);
  const [newPassword, setNewPassword] = useState('');
  const [again, setAgain] = useState('');
  // A pending account whose password an administrator set (new or reset) is completed by the
  // holder choosing their own in front of the verifier (P11-26): never a plain verification.
  const holderSets = action === 'verifyIdentity' && user.mustChangePassword;
  const { run, busy, error } = useAction();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const c = client();
    const userId = user.userId;
    const r = await run<unknown>(() => {
      switch (action) {
        case 'verifyIdentity':
          return holderSets
            ? c.call('users.completePasswordReset', { userId, temporaryPassword: password, newPassword, method: reason })
            : c.call('users.verifyIdentity', { userId, method: reason });
        case 'setRoles':
          return c.call('users.setRoles', { userId, roles, reason });
        case 'disable':
          return c.call('users.disable', { userId, reason });
        case 'enable':
          return c.call('users.enable', { userId, reason });
        case 'unlock':
          return c.call('users.unlock', { userId, reason });
        case 'resetPassword':
          return c.call('users.resetPassword', { userId, temporaryPassword: password });
        case 'requestReissue':
          return c.call('users.requestCertificateReissue', { userId, reason });
        case 'approveReissue':
          // QA approves with the holder present, who types their own password (issue 10 item 7).
          return c.call('users.approveCertificateReissue', { requestSeq: user.reissueRequestSeq ?? 0, holderPassword: password, method: reason });
      }
    });
    if (r !== undefined) onClose(true);
  };
  const title = t('users.actionFor', { action: t(`users.${action}`), name: `${user.printedName} (${user.username})` });
  return (
    <Dialog title={title} onClose={() => onClose(false)}>
      <form onSubmit={(e) => void submit(e)}>
        {action === 'setRoles' ? <RoleChecks roles={roles} onChange={setRoles} /> : null}
        {action === 'resetPassword' ? (
          <TextField label={t('users.temporaryPassword')} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" required />
        ) : (
          <TextField label={action === 'verifyIdentity' || action === 'approveReissue' ? t('users.identityMethod') : t('common.reason')} hint={t('common.reasonHint')} value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} />
        )}
        {holderSets ? (
          <fieldset>
            <p className="hint">{t('users.holderSetsPassword')}</p>
            <TextField label={t('users.holderOneTime')} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" required />
            <TextField label={t('users.holderNewPassword')} type="password" value={newPassword} onChange={(e) => setNewPassword(e.target.value)} autoComplete="new-password" required />
            <TextField label={t('users.holderNewPasswordAgain')} type="password" value={again} onChange={(e) => setAgain(e.target.value)} autoComplete="new-password" required />
            {again && again !== newPassword ? <p className="hint" role="alert">{t('users.passwordsDiffer')}</p> : null}
          </fieldset>
        ) : null}
        {action === 'approveReissue' ? (
          <>
            <p className="hint">{t('users.approveReissueHint')}</p>
            <TextField label={t('users.holderPassword')} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" required />
          </>
        ) : null}
        <ErrorNotice error={error} />
        <div className="row">
          <Button
            type="submit"
            variant="primary"
            disabled={busy || (action === 'resetPassword' ? !password : reason.trim().length < 3 || (action === 'approveReissue' && !password)) || (holderSets && (!password || !newPassword || newPassword !== again))}
          >
            {t('common.confirm')}
          </Button>
          <Button onClick={() => onClose(false)}>{t('common.cancel')}</Button>
        </div>
      </form>
    </Dialog>
  );
}
