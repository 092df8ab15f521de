/**
 * My account: enrolment of the second factor for signing (D25-03). The station makes a TOTP
 * secret and shows it once, as a QR code and as text; the user proves the authenticator app has
 * it by typing the code it shows, with their password. Only then is it stored and the enrolment
 * recorded.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Card, TextField } from '../components/controls.tsx';
import { ErrorNotice, OkNotice } from '../components/notices.tsx';
import { useAction } from '../hooks/use-action.ts';
import { client, useApp } from '../state/app-store.ts';

export function AccountScreen() {
  const { t } = useTranslation();
  const required = useApp((s) => s.signingMfa);
  const [enrolled, setEnrolled] = useState<boolean | null>(null);
  const [pending, setPending] = useState<{ secret: string; uri: string; qrSvg: string } | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { run, busy, error } = useAction();
  useEffect(() => {
    void run(() => client().call('auth.session', {})).then((s) => s && setEnrolled(s.mfaEnrolled ?? false));
  }, [run]);
  const start = async () => {
    setDone(null);
    const r = await run(() => client().call('auth.mfaStart', {}));
    if (r) setPending(r);
  };
  const confirm = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!pending) return;
    const r = await run(() => client().call('auth.mfaConfirm', { secret: pending.secret, code, password }));
    setPassword('');
    if (r) {
      setPending(null);
      setCode('');
      setEnrolled(true);
      setDone(t('account.done', { seq: r.seq }));
    }
  };
  return (
    <main id="main" data-testid="account-screen">
      <h1>{t('account.title')}</h1>
      <Card title={t('account.mfaTitle')}>
        <p>{t('account.mfaExplain')}</p>
        {required ? <p className="notice notice-warn">{t('account.required')}</p> : null}
        <p data-testid="mfa-state">{enrolled ? t('account.enrolled') : t('account.notEnrolled')}</p>
        <OkNotice text={done} />
        {pending ? (
          <form onSubmit={(e) => void confirm(e)} data-testid="mfa-enrol">
            <p>{t('account.scan')}</p>
            {/* The SVG is drawn by the station (bwip-js) from the otpauth URI; no user input reaches it. */}
            <div className="qr" aria-hidden="true" dangerouslySetInnerHTML={{ __html: pending.qrSvg }} style={{ width: 220 }} />
            <p>
              {t('account.secret')}: <code data-testid="mfa-secret">{pending.secret}</code>
            </p>
            <TextField label={t('account.code')} inputMode="numeric" pattern="\d{6}" maxLength={6} value={code} onChange={(e) => setCode(e.target.value)} autoComplete="one-time-code" required />
            <TextField label={t('account.password')} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" required />
            <ErrorNotice error={error} />
            <Button type="submit" variant="primary" big disabled={busy || code.length !== 6 || !password} data-testid="mfa-confirm">
              {t('account.confirm')}
            </Button>
          </form>
        ) : (
          <>
            <ErrorNotice error={error} />
            <Button variant="primary" big disabled={busy} onClick={() => void start()} data-testid="mfa-start">
              {t('account.start')}
            </Button>
          </>
        )}
      </Card>
    </main>
  );
}
