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
import { formatTime } from './format.ts';
import { TData } from './plant-data.tsx';
import type { ListColumn } from './list-table.tsx';
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

/** Who signs a change of a signed setting: the roles the hub's signing routes take (equipment-routes.ts, environment-routes.ts). */
export const SIGNED_SETTING_SIGNERS = ['qa', 'master-data'] as const;

/**
 * A signed setting's list (FR-121 equipment plans, FR-123 balance check plans): the records with
 * their setting and version as QA reads them, which one is open (its editor or history card keyed
 * by record and version, so a signed change starts it afresh), what the person may do with it
 * (`access`, signedSettingAccess), and `edit` for those who may sign (QA, a master-data steward),
 * null for a reader, `history` for a reader (a QP, the inspector: the signed changes read-only,
 * FR-128), null for a signer.
 */
export function useSignedSettingRows<Row extends { version: number }>(load: () => Promise<ApiResult<Row[]>>, loadKey: string, keyOf: (r: Row) => string, signers: readonly string[] = SIGNED_SETTING_SIGNERS) {
  const { me } = useConsole();
  const [editing, setEditing] = useState<string | null>(null);
  const list = useLoad(load, loadKey);
  const row = list.data?.find((r) => keyOf(r) === editing) ?? null;
  const access = signedSettingAccess(me, signers);
  return {
    list,
    row,
    editorKey: row ? `${keyOf(row)}@${row.version}` : '',
    access,
    edit: access === 'sign' ? setEditing : null,
    history: access === 'read' ? setEditing : null,
    close: () => setEditing(null),
  };
}

/**
 * A row's action in a signed setting's list (presentational), in the screen's words: `edit` (change
 * the setting) for who may sign, `showHistory` (its signed changes, read-only) for who may not (FR-128).
 */
export function SignedSettingAction({ access, words, open, testId }: { access: 'sign' | 'read'; words: string; open: () => void; testId: string }) {
  const { t } = useTranslation();
  return (
    <Button onClick={open} data-testid={testId}>
      {t(access === 'sign' ? `${words}.edit` : `${words}.showHistory`)}
    </Button>
  );
}

/**
 * The action column of a signed setting's list, in the screen's words (`action`, `edit`,
 * `showHistory`): a change per record when `edit` is given, else the record's signed changes
 * read-only when `history.open` is (FR-128); none when neither is.
 */
export function editColumn<Row>(
  t: (k: string) => string,
  words: string,
  edit: ((key: string) => void) | null,
  keyOf: (r: Row) => string,
  testId: (key: string) => string,
  history?: { open: ((key: string) => void) | null; testId: (key: string) => string },
): ListColumn<Row>[] {
  const action = edit ? { access: 'sign' as const, open: edit, testId } : history?.open ? { access: 'read' as const, open: history.open, testId: history.testId } : null;
  if (!action) return [];
  return [
    {
      header: t(`${words}.action`),
      cell: (r: Row) => <SignedSettingAction access={action.access} words={words} open={() => action.open(keyOf(r))} testId={action.testId(keyOf(r))} />,
    },
  ];
}

/**
 * A signed setting's history (the contract's signed changes, newest first; presentational): a
 * line while there is none, else the table with the screen's words (`version`, `signedBy`,
 * `signedByText`, `reasonColumn`, `changesColumn`, `noChanges`) and its own cell of what changed.
 */
export function SignedSettingHistory<C extends { version: number; reason: string; changedAt: string; changedBy: string; printedName: string | null }>({
  changes,
  locale,
  words,
  testId,
  noneTestId,
  rowTestId,
  changed,
}: {
  changes: C[];
  locale: string;
  words: string;
  testId: string;
  noneTestId: string;
  rowTestId: (c: C) => string;
  changed: (c: C) => ReactNode;
}) {
  const { t } = useTranslation();
  if (changes.length === 0) return <p data-testid={noneTestId}>{t(`${words}.noChanges`)}</p>;
  return (
    <SignedChangesTable
      changes={changes}
      testId={testId}
      rowTestId={rowTestId}
      headers={{ version: t(`${words}.version`), signer: t(`${words}.signedBy`), reason: t(`${words}.reasonColumn`), changed: t(`${words}.changesColumn`) }}
      signer={(c) => <TData k={`${words}.signedByText`} values={{ name: c.printedName ?? c.changedBy, at: formatTime(c.changedAt, locale) }} data={['name']} />}
      changed={{ cell: changed }}
    />
  );
}
