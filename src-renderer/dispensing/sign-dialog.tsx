/**
 * An electronic signature (21 CFR 11.50, 11.100, 11.200): the signer types their own user name
 * and password at the moment of signing; the dialog says what is signed and what the signature
 * means. For a co-signature the name field starts empty, so the second person signs as
 * themselves; the engine refuses the performer as verifier.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignatureMeaning } from '../../src-shared/signature-meaning.ts';
import { Button, TextField } from '../components/controls.tsx';
import { Dialog } from '../components/dialog.tsx';
import { ErrorNotice } from '../components/notices.tsx';
import type { BatchlineError } from '../../src-shared/result.ts';
import { useApp } from '../state/app-store.ts';

export interface SignRequest {
  meaning: SignatureMeaning;
  /** What is signed, in words (step name, deviation, statement). */
  what: string;
  /** The current user's name for their own signature; empty for a second person's. */
  username: string;
}

export function SignDialog({
  request,
  busy,
  error,
  onSign,
  onCancel,
}: {
  request: SignRequest;
  busy: boolean;
  error: BatchlineError | null;
  /** `otp`: the one-time code when the station requires a second factor (D25-03), else undefined. */
  onSign: (username: string, password: string, otp?: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [username, setUsername] = useState(request.username);
  const [password, setPassword] = useState('');
  const [otp, setOtp] = useState('');
  const mfa = useApp((s) => s.signingMfa);
  const second = request.username === '';
  return (
    <Dialog title={t(second ? 'sign.coSignTitle' : 'sign.title', { meaning: t(`meanings.${request.meaning}`) })} onClose={onCancel} testId="sign-dialog">
      <p>{request.what}</p>
      <p className="notice notice-warn">{t('sign.meaningNotice', { meaning: t(`meanings.${request.meaning}`) })}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSign(username.trim(), password, mfa ? otp.trim() : undefined);
          setPassword('');
          setOtp('');
        }}
      >
        <TextField label={t('sign.username')} value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" autoCapitalize="none" spellCheck={false} required />
        <TextField label={t('sign.password')} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" required />
        {mfa ? (
          <TextField label={t('sign.otp')} hint={t('sign.otpHint')} inputMode="numeric" pattern="\d{6}" maxLength={6} value={otp} onChange={(e) => setOtp(e.target.value)} autoComplete="off" required data-testid="sign-otp" />
        ) : null}
        <ErrorNotice error={error} />
        <div className="row">
          <Button type="submit" variant="primary" big disabled={busy || !username.trim() || !password || (mfa && otp.trim().length !== 6)} data-testid="sign-submit">
            {t('sign.submit')}
          </Button>
          <Button onClick={onCancel}>{t('common.cancel')}</Button>
        </div>
      </form>
    </Dialog>
  );
}
