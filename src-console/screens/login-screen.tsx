/** Sign in to the hub (every login, good or bad, lands in the hub audit trail). */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LoginResultSchema } from '../../src-shared/sync/sync-protocol.ts';
import { HubUserViewSchema } from '../../src-shared/quality/hub-admin-contract.ts';
import type { BatchlineError } from '../../src-shared/result.ts';
import { TextField } from '../../src-renderer/components/controls.tsx';
import { consoleApi } from '../api/console-client.ts';
import { useSession } from '../state/session-store.ts';
import { ErrorNotice } from '../components/error-notice.tsx';

export function LoginScreen() {
  const { t } = useTranslation();
  const { signIn, expired } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<BatchlineError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const login = await consoleApi(null, () => undefined).post('/api/v1/auth/login', { username, password }, LoginResultSchema);
    setPassword('');
    if (!login.ok) {
      setBusy(false);
      return setError(login.error);
    }
    const me = await consoleApi(login.value.token, () => undefined).get('/api/v1/quality/me', HubUserViewSchema);
    setBusy(false);
    if (!me.ok) return setError(me.error);
    signIn(login.value.token, me.value);
  };
  return (
    <section className="card center-card">
      <h1>{t('login.title')}</h1>
      {expired ? <p className="notice notice-warn">{t('login.expired')}</p> : null}
      <form onSubmit={submit}>
        <TextField label={t('login.username')} autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required data-testid="login-username" />
        <TextField label={t('login.password')} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required data-testid="login-password" />
        <ErrorNotice error={error} />
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="login-submit">
          {t('login.submit')}
        </button>
      </form>
    </section>
  );
}
