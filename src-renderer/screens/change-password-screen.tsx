/** The forced password change (first login with a one-time password, or an expired one; 11.300(b)). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, TextField } from '../components/controls.tsx';
import { ErrorNotice } from '../components/notices.tsx';
import { useAction } from '../hooks/use-action.ts';
import { client, useApp } from '../state/app-store.ts';

export function ChangePasswordScreen() {
  const { t } = useTranslation();
  const { session, info, loggedIn, loggedOut } = useApp();
  const [oldPassword, setOld] = useState('');
  const [newPassword, setNew] = useState('');
  const [repeat, setRepeat] = useState('');
  const { run, busy, error, setError } = useAction();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (newPassword !== repeat) {
      setError({ code: 'INPUT_INVALID', message: t('password.mismatch') });
      return;
    }
    const r = await run(() => client().call('auth.changePassword', { oldPassword, newPassword }));
    if (r !== undefined && session) loggedIn({ ...session, passwordChangeRequired: false });
  };
  return (
    <main id="main" className="center-card card" data-testid="password-screen">
      <h1>{t('password.title')}</h1>
      <p className="notice notice-warn">{t('password.required')}</p>
      <form onSubmit={(e) => void submit(e)}>
        <TextField label={t('password.old')} type="password" value={oldPassword} onChange={(e) => setOld(e.target.value)} autoComplete="current-password" required />
        <TextField label={t('password.new')} type="password" value={newPassword} onChange={(e) => setNew(e.target.value)} autoComplete="new-password" hint={t('password.rules', { min: info?.passwordMinLength ?? 10 })} required />
        <TextField label={t('password.repeat')} type="password" value={repeat} onChange={(e) => setRepeat(e.target.value)} autoComplete="new-password" required />
        <ErrorNotice error={error} />
        <div className="row">
          <Button type="submit" variant="primary" big disabled={busy || !oldPassword || !newPassword || !repeat} data-testid="password-submit">
            {t('password.submit')}
          </Button>
          <Button onClick={() => void client().call('auth.logout', {}).then(() => loggedOut())}>{t('app.logout')}</Button>
        </div>
      </form>
    </main>
  );
}
