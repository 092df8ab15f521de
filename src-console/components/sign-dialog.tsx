/**
 * An electronic signature at the hub (21 CFR 11.50, 11.200(a)): the dialog states what is being
 * signed, the meaning, and who signs, and asks for the password (and the one-time code, when the
 * person enrolled one or the site policy asks it) at the moment of signing. The
 * hub checks everything again; this dialog only collects intent and the password.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, TextArea, TextField } from '../../src-renderer/components/controls.tsx';
import { Dialog } from '../../src-renderer/components/dialog.tsx';
import type { BatchlineError } from '../../src-shared/result.ts';
import type { HubUserView } from '../../src-shared/quality/hub-admin-contract.ts';
import { ErrorNotice } from './error-notice.tsx';
import { OtpField } from './otp-field.tsx';
import { TData } from './plant-data.tsx';

export interface SignRequest {
  title: string;
  statement: string;
  meaning: string;
  /** Label of the text field, and whether it must be filled (min 10 characters). */
  textLabel: string;
  textRequired: boolean;
  submit(password: string, text: string): Promise<BatchlineError | null>;
}

export function SignDialog({ request, me, onClose, onSigned }: { request: SignRequest; me: HubUserView; onClose: () => void; onSigned: () => void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<BatchlineError | null>(null);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const refused = await request.submit(password, text.trim());
    setBusy(false);
    setPassword('');
    if (refused) setError(refused);
    else onSigned();
  };
  const tooShort = request.textRequired && text.trim().length < 10;
  return (
    <Dialog title={request.title} onClose={onClose} testId="sign-dialog">
      <form onSubmit={onSubmit}>
        <p className="statement">{request.statement}</p>
        <p>
          <strong>{t('sign.meaning', { meaning: request.meaning })}</strong>
          <br />
          <TData k="sign.signer" values={{ name: me.printedName, username: me.username }} data={['name', 'username']} />
        </p>
        <TextArea label={request.textLabel} value={text} onChange={(e) => setText(e.target.value)} required={request.textRequired} data-testid="sign-text" />
        <TextField label={t('sign.password')} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required data-testid="sign-password" />
        <OtpField />
        <ErrorNotice error={error} />
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={busy || password === '' || tooShort} data-testid="sign-submit">
            {t('sign.submit')}
          </button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
        </div>
      </form>
    </Dialog>
  );
}
