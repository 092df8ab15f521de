/**
 * My account at the hub: the second factor at signing (D25-03, FR-101). The hub makes a TOTP
 * secret and shows it once (QR code and text); the person proves their authenticator app holds
 * it with a current code and their password (and, replacing an enrolled one, a code of the
 * current factor). From then on every e-signature at the hub asks for a code too.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { HubMfaStartSchema, HubMfaStatusSchema } from '../../src-shared/quality/hub-admin-contract.ts';
import type { BatchlineError } from '../../src-shared/result.ts';
import { Button, TextField } from '../../src-renderer/components/controls.tsx';
import { useConsole } from '../console-context.ts';
import { useLoad } from '../components/use-load.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { OtpField } from '../components/otp-field.tsx';

type Pending = z.infer<typeof HubMfaStartSchema>;

export function AccountScreen() {
  const { t } = useTranslation();
  const { api } = useConsole();
  const status = useLoad(() => api.get('/api/v1/me/mfa', HubMfaStatusSchema), 'me-mfa');
  const [pending, setPending] = useState<Pending | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<BatchlineError | null>(null);
  const start = async () => {
    setError(null);
    const r = await api.post('/api/v1/me/mfa/start', undefined, HubMfaStartSchema);
    if (r.ok) setPending(r.value);
    else setError(r.error);
  };
  const confirm = async (e: FormEvent) => {
    e.preventDefault();
    if (!pending) return;
    setBusy(true);
    const r = await api.post('/api/v1/me/mfa/confirm', { secret: pending.secret, code, password }, HubMfaStatusSchema);
    setBusy(false);
    setPassword('');
    if (!r.ok) return setError(r.error);
    setPending(null);
    setCode('');
    setError(null);
    status.reload();
  };
  const s = status.data;
  return (
    <div data-testid="account-screen">
      <h1>{t('account.title')}</h1>
      <section className="card">
        <h2>{t('account.mfaTitle')}</h2>
        <p>{t('account.mfaExplain')}</p>
        <ErrorNotice error={status.error} />
        {s ? <p data-testid="mfa-state">{s.enrolled ? t('account.enrolled', { at: s.enrolledAt ?? '' }) : s.required ? t('account.requiredNotEnrolled') : t('account.notEnrolled')}</p> : null}
        {pending ? (
          <form onSubmit={(e) => void confirm(e)} data-testid="mfa-enrol">
            <p>{t('account.scan')}</p>
            {/* The SVG is drawn by the hub (bwip-js) from the otpauth URI; no user input reaches it. */}
            <div className="qr" aria-hidden="true" dangerouslySetInnerHTML={{ __html: pending.qrSvg }} style={{ width: 220 }} />
            <p>
              {t('account.secret')}: <code data-testid="mfa-secret">{pending.secret}</code>
            </p>
            <TextField label={t('account.code')} inputMode="numeric" pattern="[0-9]{6}" maxLength={6} value={code} onChange={(e) => setCode(e.target.value)} autoComplete="one-time-code" required data-testid="mfa-code" />
            <TextField label={t('account.password')} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required data-testid="mfa-password" />
            {s?.enrolled ? <OtpField testId="mfa-current-code" /> : null}
            <ErrorNotice error={error} />
            <button type="submit" className="btn btn-primary" disabled={busy || code.length !== 6 || password === ''} data-testid="mfa-confirm">
              {t('account.confirm')}
            </button>
          </form>
        ) : (
          <>
            <ErrorNotice error={error} />
            <Button variant="primary" onClick={() => void start()} data-testid="mfa-start">
              {s?.enrolled ? t('account.replace') : t('account.start')}
            </Button>
          </>
        )}
      </section>
    </div>
  );
}
