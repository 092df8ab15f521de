/**
 * An electronic signature (21 CFR 11.50, 11.100, 11.200): the dialog says what is signed and
 * what the signature means. The signer's components, as 11.200(a)(1) asks:
 * - the first signing in a continuous session: user name and password, both typed;
 * - later signings by the session's user: the password only (11.200(a)(1)(i));
 * - a second person (co-signature): their own user name and password, typed — the field starts
 *   empty so they sign as themselves, and the engine refuses the performer as verifier.
 * When the same record also waits for a co-signature, the co-signer's two fields sit in the
 * same dialog under the operator's password: one submit, two signatures (issue 18 item 17:
 * a co-signature adds the co-signer's user name and password and nothing else).
 * When the station requires a second factor at signing (D25-03, `signing.mfa`), every signer
 * also types the 6-digit code of their authenticator app.
 */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignatureMeaning } from '../../src-shared/signature-meaning.ts';
import { Button, TextField } from '../components/controls.tsx';
import { Dialog } from '../components/dialog.tsx';
import { ErrorNotice } from '../components/notices.tsx';
import type { BatchlineError } from '../../src-shared/result.ts';
import { useApp } from '../state/app-store.ts';

export interface SignRequest {
  meaning: SignatureMeaning;
  /** What is signed, in words (step name, deviation, statement), the plant's data marked. */
  what: ReactNode;
  /**
   * Whose signature: 'own-first' (the session's user, first signing: name and password),
   * 'own' (the session's user again: password only), 'second' (another person: name and password).
   */
  signer: 'own-first' | 'own' | 'second';
  /** A co-signature the same record waits for, signed by a second person from this dialog. */
  coSign?: SignatureMeaning;
}

export interface SignInput {
  /** null: the session's user signs with the password only. */
  username: string | null;
  password: string;
  /** D25-03: the signer's one-time code, when the station requires a second factor. */
  otp?: string;
  coSigner?: { username: string; password: string; otp?: string };
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
  onSign: (input: SignInput) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [coUser, setCoUser] = useState('');
  const [coPassword, setCoPassword] = useState('');
  const [otp, setOtp] = useState('');
  const [coOtp, setCoOtp] = useState('');
  const mfa = useApp((st) => st.signingMfa);
  const codeOk = (c: string) => !mfa || /^\d{6}$/.test(c.trim());
  const meaning = t(`meanings.${request.meaning}`);
  const second = request.signer === 'second';
  const needsName = request.signer !== 'own';
  const ready = !!password && (!needsName || !!username.trim()) && codeOk(otp) && (!request.coSign || (!!coUser.trim() && !!coPassword && codeOk(coOtp)));
  return (
    <Dialog title={t(second ? 'sign.coSignTitle' : 'sign.title', { meaning })} onClose={onCancel} testId="sign-dialog">
      <p>{request.what}</p>
      <p className="notice notice-warn">{t('sign.meaningNotice', { meaning })}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!ready) return;
          onSign({
            username: needsName ? username.trim() : null,
            password,
            ...(mfa ? { otp: otp.trim() } : {}),
            ...(request.coSign ? { coSigner: { username: coUser.trim(), password: coPassword, ...(mfa ? { otp: coOtp.trim() } : {}) } } : {}),
          });
          setPassword('');
          setCoPassword('');
          setOtp('');
          setCoOtp('');
        }}
      >
        {needsName ? (
          <TextField label={t('sign.username')} value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" autoCapitalize="none" spellCheck={false} required autoFocus data-testid="sign-username" />
        ) : null}
        <TextField label={t('sign.password')} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" required autoFocus={!needsName} data-testid="sign-password" />
        {mfa ? (
          <TextField label={t('sign.otp')} hint={t('sign.otpHint')} inputMode="numeric" pattern="\d{6}" maxLength={6} value={otp} onChange={(e) => setOtp(e.target.value)} autoComplete="off" required data-testid="sign-otp" />
        ) : null}
        {request.coSign ? (
          <fieldset className="co-sign" data-testid="co-sign-fields">
            <legend>{t('sign.coSignTitle', { meaning: t(`meanings.${request.coSign}`) })}</legend>
            <TextField label={t('sign.coUsername')} value={coUser} onChange={(e) => setCoUser(e.target.value)} autoComplete="off" autoCapitalize="none" spellCheck={false} required data-testid="co-sign-username" />
            <TextField label={t('sign.coPassword')} type="password" value={coPassword} onChange={(e) => setCoPassword(e.target.value)} autoComplete="off" required data-testid="co-sign-password" />
            {mfa ? (
              <TextField label={t('sign.otp')} hint={t('sign.otpHint')} inputMode="numeric" pattern="\d{6}" maxLength={6} value={coOtp} onChange={(e) => setCoOtp(e.target.value)} autoComplete="off" required data-testid="co-sign-otp" />
            ) : null}
          </fieldset>
        ) : null}
        <ErrorNotice error={error} />
        <div className="row">
          <Button type="submit" variant="primary" big disabled={busy || !ready} data-testid="sign-submit">
            {t('sign.submit')}
          </Button>
          <Button onClick={onCancel}>{t('common.cancel')}</Button>
        </div>
      </form>
    </Dialog>
  );
}
