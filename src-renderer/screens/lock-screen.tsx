/**
 * The inactivity lock (21 CFR 11.10(d), P11-23): the session stays, the screen hides everything
 * until the same user types the password again; anybody else can only end the session.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, TextField } from '../components/controls.tsx';
import { ErrorNotice } from '../components/notices.tsx';
import { useAction } from '../hooks/use-action.ts';
import { client, useApp } from '../state/app-store.ts';
import { TData } from '../components/plant-data.tsx';

export function LockScreen() {
  const { t } = useTranslation();
  const { session, info, setLocked, loggedOut } = useApp();
  const [password, setPassword] = useState('');
  const { run, busy, error } = useAction();
  const unlock = async (e: React.FormEvent) => {
    e.preventDefault();
    const r = await run(() => client().call('auth.unlock', { password }));
    setPassword('');
    if (r !== undefined) setLocked(false);
  };
  const logout = async () => {
    await client().call('auth.logout', {});
    loggedOut();
  };
  return (
    <main id="main" className="center-card card" data-testid="lock-screen">
      <h1>{t('lock.title')}</h1>
      <p>
        <TData k="lock.lockedFor" values={{ name: session?.user.printedName ?? '' }} data={['name']} />
      </p>
      <p className="hint">{t('lock.explain', { minutes: info?.idleLockMinutes ?? 10 })}</p>
      <form onSubmit={(e) => void unlock(e)}>
        <TextField label={t('lock.password')} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required />
        <ErrorNotice error={error} />
        <div className="row">
          <Button type="submit" variant="primary" big disabled={busy || !password} data-testid="unlock-submit">
            {t('lock.unlock')}
          </Button>
          <Button onClick={() => void logout()} data-testid="lock-logout">
            {t('lock.otherUser')}
          </Button>
        </div>
      </form>
    </main>
  );
}
