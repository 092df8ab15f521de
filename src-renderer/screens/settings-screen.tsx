/**
 * Station settings under change control (A11-17). An admin proposes a change of one section with
 * a reason (settings.proposed); it takes effect only when QA or a supervisor, a different person,
 * approves it with their electronic signature (settings.changed names proposal, approval and the
 * new configuration version). Admins see the editors; approvers see the changes waiting for them.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsKey, StationSettings } from '../../src-shared/settings/station-settings.ts';
import type { SettingsProposalView } from '../../src-shared/api/settings.contract.ts';
import { Button, Card, TextField } from '../components/controls.tsx';
import { ErrorNotice, OkNotice } from '../components/notices.tsx';
import { useAction } from '../hooks/use-action.ts';
import { client, useApp } from '../state/app-store.ts';
import { formatDateTime } from '../i18n/format.ts';
import { BalancesEditor } from './settings-balances.tsx';
import { AccountsEditor, DisplayEditor, LimitsEditor, PrintersEditor, ScannersEditor, SigningEditor } from './settings-other.tsx';

interface Status {
  configVersion: string;
  pending: SettingsProposalView[];
}

export function SettingsScreen() {
  const { t } = useTranslation();
  const roles = useApp((s) => s.session?.user.roles ?? []);
  const [settings, setSettings] = useState<StationSettings | null>(null);
  const [status, setStatus] = useState<Status | null>(null);
  const { run, error } = useAction();
  const reload = useCallback(() => {
    void run(() => client().call('settings.get', {})).then((s) => s && setSettings(s));
    void run(() => client().call('settings.status', {})).then((s) => s && setStatus(s));
  }, [run]);
  useEffect(reload, [reload]);
  if (!settings || !status) return <main id="main">{error ? <ErrorNotice error={error} /> : t('app.loading')}</main>;
  const admin = roles.includes('admin');
  const approver = roles.includes('qa') || roles.includes('supervisor');
  const section = <K extends SettingsKey>(key: K, editor: (value: StationSettings[K], set: (v: StationSettings[K]) => void) => ReactNode) => (
    <Section key={key} settingsKey={key} initial={settings[key]} onProposed={reload} editor={editor} />
  );
  return (
    <main id="main" data-testid="settings-screen">
      <h1>{t('settings.title')}</h1>
      <p>{t('settings.explain')}</p>
      <p data-testid="config-version">{t('settings.version', { version: status.configVersion })}</p>
      <Pending pending={status.pending} canApprove={approver} onApproved={reload} />
      {admin ? (
        <>
          {section('balances', (v, set) => <BalancesEditor value={v} onChange={set} />)}
          {section('scanners', (v, set) => <ScannersEditor value={v} onChange={set} />)}
          {section('printers', (v, set) => <PrintersEditor value={v} onChange={set} />)}
          {section('limits', (v, set) => <LimitsEditor value={v} onChange={set} />)}
          {section('display', (v, set) => <DisplayEditor value={v} onChange={set} />)}
          {section('signing', (v, set) => <SigningEditor value={v} onChange={set} />)}
          {section('accounts', (v, set) => <AccountsEditor value={v} onChange={set} />)}
        </>
      ) : null}
    </main>
  );
}

/** A value as the person reads it: plain words and numbers, one "name: value" per line. */
function ValueText({ value }: { value: unknown }) {
  const lines: string[] = [];
  const walk = (v: unknown, prefix: string) => {
    if (Array.isArray(v)) {
      if (v.length === 0) lines.push(`${prefix}—`);
      v.forEach((x, i) => walk(x, `${prefix}${i + 1}. `));
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (x && typeof x === 'object') walk(x, `${prefix}${k} › `);
        else lines.push(`${prefix}${k}: ${String(x)}`);
      }
    } else lines.push(`${prefix}${String(v)}`);
  };
  walk(value, '');
  return (
    <ul className="plain">
      {lines.map((l, i) => (
        <li key={i}>{l}</li>
      ))}
    </ul>
  );
}

function Pending({ pending, canApprove, onApproved }: { pending: SettingsProposalView[]; canApprove: boolean; onApproved: () => void }) {
  const { t, i18n } = useTranslation();
  const tz = useApp((s) => s.info?.timeZone ?? 'UTC');
  return (
    <Card title={t('settings.pendingTitle')}>
      {pending.length === 0 ? <p>{t('settings.pendingNone')}</p> : null}
      <ul className="plain" data-testid="settings-pending">
        {pending.map((p) => (
          <li key={p.seq} data-seq={p.seq}>
            <p>{t('settings.pendingItem', { section: t(`settings.${p.key}`), time: formatDateTime(p.proposedAt, i18n.language, tz), by: p.proposedBy, reason: p.reason })}</p>
            <div className="row">
              <div>
                <strong>{t('settings.oldValue')}</strong>
                <ValueText value={p.oldValue} />
              </div>
              <div>
                <strong>{t('settings.newValue')}</strong>
                <ValueText value={p.newValue} />
              </div>
            </div>
            {!p.current ? <p className="notice notice-warn">{t('settings.outdated')}</p> : canApprove ? <Approve proposal={p} onApproved={onApproved} /> : null}
          </li>
        ))}
      </ul>
    </Card>
  );
}

function Approve({ proposal, onApproved }: { proposal: SettingsProposalView; onApproved: () => void }) {
  const { t } = useTranslation();
  const me = useApp((s) => s.session?.user.username ?? '');
  const mfa = useApp((s) => s.signingMfa);
  const [username, setUsername] = useState(me);
  const [password, setPassword] = useState('');
  const [otp, setOtp] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { run, busy, error } = useAction();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const r = await run(() => client().call('settings.approve', { proposalSeq: proposal.seq, username: username.trim(), password, ...(mfa ? { otp: otp.trim() } : {}) }));
    setPassword('');
    setOtp('');
    if (r) {
      setDone(t('settings.approved', { seq: r.seq, version: r.configVersion }));
      onApproved();
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} data-testid={`approve-${proposal.seq}`}>
      <p className="notice notice-warn">{t('sign.meaningNotice', { meaning: t('meanings.approved') })}</p>
      <TextField label={t('sign.username')} value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" autoCapitalize="none" spellCheck={false} required />
      <TextField label={t('sign.password')} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" required />
      {mfa ? <TextField label={t('sign.otp')} inputMode="numeric" maxLength={6} value={otp} onChange={(e) => setOtp(e.target.value)} autoComplete="off" required /> : null}
      <ErrorNotice error={error} />
      <OkNotice text={done} />
      <Button type="submit" variant="primary" big disabled={busy || !username.trim() || !password || (mfa && otp.trim().length !== 6)}>
        {t('settings.approve')}
      </Button>
    </form>
  );
}

function Section<K extends SettingsKey>(props: {
  settingsKey: K;
  initial: StationSettings[K];
  onProposed: () => void;
  editor: (value: StationSettings[K], set: (v: StationSettings[K]) => void) => ReactNode;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(props.initial);
  const [reason, setReason] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const { run, busy, error } = useAction();
  const title = t(`settings.${props.settingsKey}`);
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setSaved(null);
    const r = await run(() => client().call('settings.propose', { key: props.settingsKey, value: draft, reason }));
    if (r) {
      setSaved(t('settings.proposed', { seq: r.seq }));
      setReason('');
      props.onProposed();
    }
  };
  return (
    <Card title={title}>
      <form onSubmit={(e) => void save(e)} data-testid={`settings-${props.settingsKey}`}>
        {props.editor(draft, setDraft)}
        <TextField label={t('common.reason')} hint={t('common.reasonHint')} value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} />
        <ErrorNotice error={error} />
        <OkNotice text={saved} />
        <Button type="submit" variant="primary" disabled={busy || reason.trim().length < 3}>
          {t('settings.proposeKey', { section: title })}
        </Button>
      </form>
    </Card>
  );
}
