/**
 * P11-13 (21 CFR 11.100(c), 11.10(j)): before anything else, a user who has not yet done so signs,
 * with their password, that their electronic signature is the legally binding equivalent of their
 * handwritten signature. The statement is shown in both languages; the station records it as a
 * signed ledger entry with the date and time.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, TextField } from '../components/controls.tsx';
import { ErrorNotice } from '../components/notices.tsx';
import { useAction } from '../hooks/use-action.ts';
import { client, useApp } from '../state/app-store.ts';

export function EsigAckScreen() {
  const { t } = useTranslation();
  const { loggedOut } = useApp();
  const [statement, setStatement] = useState<{ en: string; zh: string } | null>(null);
  const [password, setPassword] = useState('');
  const { run, busy, error } = useAction();
  useEffect(() => {
    void run(() => client().call('auth.esigStatement', {})).then((s) => s && setStatement(s));
  }, [run]);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const r = await run(() => client().call('auth.acknowledgeEsig', { password }));
    setPassword('');
    if (r) useApp.setState({ esigAcknowledged: true });
  };
  return (
    <main id="main" className="center-card card" data-testid="esig-ack-screen">
      <h1>{t('esig.title')}</h1>
      <p>{t('esig.explain')}</p>
      {statement ? (
        <blockquote data-testid="esig-statement">
          <p lang="en">{statement.en}</p>
          <p lang="zh-CN">{statement.zh}</p>
        </blockquote>
      ) : null}
      <form onSubmit={(e) => void submit(e)}>
        <TextField label={t('esig.password')} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" required />
        <ErrorNotice error={error} />
        <div className="row">
          <Button type="submit" variant="primary" big disabled={busy || !password || !statement} data-testid="esig-submit">
            {t('esig.submit')}
          </Button>
          <Button onClick={() => void client().call('auth.logout', {}).then(() => loggedOut())}>{t('app.logout')}</Button>
        </div>
      </form>
    </main>
  );
}
