/**
 * The console's signed change of one master-data record's settings (FR-110 room limits, FR-121
 * equipment plans, FR-123 balance check plans; the hub's changeSignedMasterData behind all): the screen's own form, a notice
 * while its entries are not valid, a Sign button that opens the e-signature dialog (meaning
 * "approved", a reason required) for the next version, and below it the record's signed changes,
 * loaded again after each signature, as a table of version, signer, reason and what changed
 * (old → new). Each screen keeps its own words, fields and test ids; this holds the sequence.
 * Whoever reaches the screen and cannot sign a change (a QP, an operator) opens the same history
 * read-only (SignedHistoryCard, FR-128): no form, no sign button.
 */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { ApiResult } from '../api/console-client.ts';
import { Button } from '../../src-renderer/components/controls.tsx';
import { useConsole } from '../console-context.ts';
import { useLoad } from './use-load.ts';
import { ErrorNotice } from './error-notice.tsx';
import { SignDialog } from './sign-dialog.tsx';
import { hasRole } from '../state/session-store.ts';
import type { HubUserView } from '../../src-shared/quality/hub-admin-contract.ts';

export interface SignedSettingEditorProps<C, R> {
  testId: string;
  /** The heading; the record's name in it is plant data (TData). */
  title: ReactNode;
  hint?: string;
  /** The screen's form. */
  children: ReactNode;
  /**
   * The notice while the entries are not a setting to sign (signing is then disabled), or null when
   * they are. `quiet`: nothing is wrong, there is only nothing to sign yet (the setting in force),
   * so it is a plain hint, not an alert.
   */
  invalid: { testId: string; text: string; quiet?: boolean } | null;
  /**
   * The screen's words (i18n prefix): `sign` (the button), `signTitle` and `statement` (the
   * dialog, with `subject` and the next version), `reason` (the reason's label), `history`.
   */
  words: string;
  /** What is changed, as the words name it ({ equipment: id }, { room: id }). */
  subject: Record<string, string>;
  /** The record's version now: the change is signed for the next one, and refused when another came first. */
  version: number;
  /** The signed change: `body` is posted with the version, the reason and the password; the hub's refusal shows in the dialog. */
  sign: { testId: string; path: string; body: Record<string, unknown>; response: z.ZodType<R> };
  history: {
    /** Which record's changes (the history loads again when it changes, and after each signature). */
    key: string;
    load(): Promise<ApiResult<C[]>>;
    render(changes: C[]): ReactNode;
  };
  onChanged: () => void;
  onClose: () => void;
}

/**
 * What a person may do with a signed setting (FR-128): sign a change when they hold one of the
 * roles the hub's signing route takes, otherwise read its signed history (the hub serves every
 * history to QA, QPs and the inspector, HISTORY_READERS in route-helpers.ts).
 */
export function signedSettingAccess(me: HubUserView | null, signers: readonly string[]): 'sign' | 'read' {
  return hasRole(me, ...signers) ? 'sign' : 'read';
}

/** A record's signed changes for a reader who cannot sign one (FR-128): heading, history, close; nothing to edit or sign. */
export function SignedHistoryCard<C>({ testId, title, words, history, onClose }: Pick<SignedSettingEditorProps<C, unknown>, 'testId' | 'title' | 'words' | 'history' | 'onClose'>) {
  const { t } = useTranslation();
  const changes = useLoad(history.load, history.key);
  return (
    <section className="card" data-testid={testId}>
      <h2>{title}</h2>
      <h3>{t(`${words}.history`)}</h3>
      <ErrorNotice error={changes.error} />
      {changes.data ? history.render(changes.data) : null}
      <div className="row">
        <Button onClick={onClose} data-testid={`${testId}-close`}>
          {t('common.close')}
        </Button>
      </div>
    </section>
  );
}

export function SignedSettingEditor<C, R>({ testId, title, hint, children, invalid, words, subject, version, sign, history, onChanged, onClose }: SignedSettingEditorProps<C, R>) {
  const { t } = useTranslation();
  const { api, me } = useConsole();
  const [signing, setSigning] = useState(false);
  const [signed, setSigned] = useState(0);
  const changes = useLoad(history.load, `${history.key}/${signed}`);
  return (
    <section className="card" data-testid={testId}>
      <h2>{title}</h2>
      {hint !== undefined ? <p className="hint">{hint}</p> : null}
      {children}
      {invalid ? (
        <p className={invalid.quiet ? 'hint' : 'notice notice-bad'} role={invalid.quiet ? 'status' : 'alert'} data-testid={invalid.testId}>
          {invalid.text}
        </p>
      ) : null}
      <div className="row">
        <Button variant="primary" disabled={invalid !== null} onClick={() => setSigning(true)} data-testid={sign.testId}>
          {t(`${words}.sign`)}
        </Button>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
      </div>
      {signing && invalid === null ? (
        <SignDialog
          me={me}
          request={{
            title: t(`${words}.signTitle`, subject),
            statement: t(`${words}.statement`, { ...subject, version: version + 1 }),
            meaning: t('meaning.approved'),
            textLabel: t(`${words}.reason`),
            textRequired: true,
            submit: async (password, reason) => {
              const r = await api.post(sign.path, { ...sign.body, expectedVersion: version, reason, password }, sign.response);
              return r.ok ? null : r.error;
            },
          }}
          onClose={() => setSigning(false)}
          onSigned={() => {
            setSigning(false);
            setSigned((n) => n + 1);
            onChanged();
          }}
        />
      ) : null}
      <h3>{t(`${words}.history`)}</h3>
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
  /** Who signed when; the person's name is plant data (TData). */
  signer: (c: C) => ReactNode;
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
