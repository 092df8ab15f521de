/** Log in with user name and password (21 CFR 11.300: two distinct identification components). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, TextField } from '../components/controls.tsx';
import { ErrorNotice } from '../components/notices.tsx';
import { useAction } from '../hooks/use-action.ts';
import { client, useApp } from '../state/app-store.ts';
import { TData } from '../components/plant-data.tsx';

export function LoginScreen() {
  const { t } = useTranslation();
  const info = useApp((s) => s.info);
  const loggedIn = useApp((s) => s.loggedIn);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { run, busy, error } = useAction();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const session = await run(() => client().call('auth.login', { username, password }));
    setPassword('');
    if (session) loggedIn(session);
  };
  return (
    <main id="main" className="center-card card" data-testid="login-screen">
      <h1>{t('login.title')}</h1>
      {info ? (
        <p>
          <TData k="login.station" values={{ id: info.stationId, name: info.name }} data={['name']} />
        </p>
      ) : null}
      <form onSubmit={(e) => void submit(e)}>
        <TextField label={t('login.username')} value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" autoCapitalize="none" spellCheck={false} name="username" required data-testid="login-username" />
        <TextField label={t('login.password')} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" name="password" required data-testid="login-password" />
        <ErrorNotice error={error} />
        <Button type="submit" variant="primary" big disabled={busy || !username || !password} data-testid="login-submit">
          {t('login.submit')}
        </Button>
      </form>
      {info ? (
        <details className="about" data-testid="about">
          <summary>{t('login.about.title')}</summary>
          <dl>
            <dt>{t('login.about.appVersion')}</dt>
            <dd data-testid="about-app-version">{info.softwareVersion}</dd>
            <dt>{t('login.about.docsVersion')}</dt>
            <dd data-testid="about-docs-version">{info.release?.docsVersion ?? t('login.about.unknown')}</dd>
            <dt>{t('login.about.docsHash')}</dt>
            <dd data-testid="about-docs-hash" title={info.release?.docsSha256 ?? undefined}>
              {info.release?.docsSha256 ? info.release.docsSha256.slice(0, 16) : t('login.about.unknown')}
            </dd>
            <dt>{t('login.about.schemaVersion')}</dt>
            <dd data-testid="about-schema-version">{info.release?.schemaVersion ?? t('login.about.unknown')}</dd>
          </dl>
        </details>
      ) : null}
    </main>
  );
}
