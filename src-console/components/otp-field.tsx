/**
 * The one-time code field of every signing form at the hub (D25-03, FR-101): six digits from the
 * person's authenticator app, needed when they enrolled one or the site policy asks it of their
 * role. What is typed goes with the form's signing request (api/signing-code.ts).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../src-renderer/components/controls.tsx';
import { setSigningCode } from '../api/signing-code.ts';

export function OtpField({ testId = 'sign-otp' }: { testId?: string }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  useEffect(() => () => setSigningCode(''), []);
  return (
    <TextField
      label={t('sign.otp')}
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9]{6}"
      maxLength={6}
      value={code}
      onChange={(e) => {
        setCode(e.target.value);
        setSigningCode(e.target.value);
      }}
      data-testid={testId}
    />
  );
}
