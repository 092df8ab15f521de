/**
 * The console's signed change of one master-data record's settings (FR-110 room limits, FR-121
 * equipment plans; the hub's changeSignedMasterData behind both): the screen's own form, a notice
 * while its entries are not valid, a Sign button that opens the e-signature dialog (meaning
 * "approved", a reason required) for the next version, and below it the record's signed changes,
 * loaded again after each signature, as a table of version, signer, reason and what changed
 * (old → new). Each screen keeps its own words, fields and test ids; this holds the sequence.
 */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BatchlineError } from '../../src-shared/result.ts';
import type { ApiResult } from '../api/console-client.ts';
import { Button } from '../../src-renderer/components/controls.tsx';
import { useConsole } from '../console-context.ts';
import { useLoad } from './use-load.ts';
import { ErrorNotice } from './error-notice.tsx';
import { SignDialog } from './sign-dialog.tsx';

export interface SignedSettingEditorProps<C> {
  testId: string;
  title: string;
  hint?: string;
  /** The screen's form. */
  children: ReactNode;
  /** The notice while the entries are not a valid setting (signing is then disabled), or null when they are. */
  invalid: { testId: string; text: string } | null;
  sign: {
    label: string;
    testId: string;
    dialogTitle: string;
    statement: string;
    reasonLabel: string;
    /** The signed change to the hub: null when done, the hub's refusal otherwise (shown in the dialog). */
    submit(password: string, reason: string): Promise<BatchlineError | null>;
  };
  history: {
    title: string;
    /** Which record's changes (the history loads again when it changes, and after each signature). */
    key: string;
    load(): Promise<ApiResult<C[]>>;
    render(changes: C[]): ReactNode;
  };
  onChanged: () => void;
  onClose: () => void;
}

export function SignedSettingEditor<C>({ testId, title, hint, children, invalid, sign, history, onChanged, onClose }: SignedSettingEditorProps<C>) {
  const { t } = useTranslation();
  const { me } = useConsole();
  const [signing, setSigning] = useState(false);
  const [signed, setSigned] = useState(0);
  const changes = useLoad(history.load, `${history.key}/${signed}`);
  return (
    <section className="card" data-testid={testId}>
      <h2>{title}</h2>
      {hint !== undefined ? <p className="hint">{hint}</p> : null}
      {children}
      {invalid ? (
        <p className="notice notice-bad" role="alert" data-testid={invalid.testId}>
          {invalid.text}
        </p>
      ) : null}
      <div className="row">
        <Button variant="primary" disabled={invalid !== null} onClick={() => setSigning(true)} data-testid={sign.testId}>
          {sign.label}
        </Button>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
      </div>
      {signing && invalid === null ? (
        <SignDialog
          me={me}
          request={{ title: sign.dialogTitle, statement: sign.statement, meaning: t('meaning.approved'), textLabel: sign.reasonLabel, textRequired: true, submit: sign.submit }}
          onClose={() => setSigning(false)}
          onSigned={() => {
            setSigning(false);
            setSigned((n) => n + 1);
            onChanged();
          }}
        />
      ) : null}
      <h3>{history.title}</h3>
      <ErrorNotice error={changes.error} />
      {changes.data ? history.render(changes.data) : null}
    </section>
  );
}

/** A record's signed changes, newest first (presentational): version, who signed when, the reason (as typed), what changed. */
export function SignedChangesTable<C extends { version: number; reason: string }>({
  changes,
  testId,
  rowTestId,
  headers,
  signer,
  changed,
}: {
  changes: C[];
  testId: string;
  rowTestId: (c: C) => string;
  headers: { version: string; signer: string; reason: string; changed: string };
  signer: (c: C) => string;
  /** The changed settings; `noTranslate` when the cell is plant data throughout. */
  changed: { cell: (c: C) => ReactNode; noTranslate?: boolean };
}) {
  return (
    <table className="table" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{headers.version}</th>
          <th scope="col">{headers.signer}</th>
          <th scope="col">{headers.reason}</th>
          <th scope="col">{headers.changed}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.version} data-testid={rowTestId(c)}>
            <td>{c.version}</td>
            <td>{signer(c)}</td>
            <td translate="no">{c.reason}</td>
            <td {...(changed.noTranslate ? { translate: 'no' as const } : {})}>{changed.cell(c)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
