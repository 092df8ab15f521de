/**
 * Station settings for admins: balances (protocol, port, serial settings), scanners, printers,
 * limits and display. Each section is saved on its own, with a reason, as one recorded change
 * (settings.changed: old value, new value, reason, who, when).
 */
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsKey, StationSettings } from '../../src-shared/settings/station-settings.ts';
import { Button, Card, TextField } from '../components/controls.tsx';
import { ErrorNotice, OkNotice } from '../components/notices.tsx';
import { useAction } from '../hooks/use-action.ts';
import { client } from '../state/app-store.ts';
import { BalancesEditor } from './settings-balances.tsx';
import { DisplayEditor, LimitsEditor, PrintersEditor, ScannersEditor } from './settings-other.tsx';

export function SettingsScreen() {
  const { t } = useTranslation();
  const [settings, setSettings] = useState<StationSettings | null>(null);
  const { run, error } = useAction();
  useEffect(() => {
    void run(() => client().call('settings.get', {})).then((s) => s && setSettings(s));
  }, [run]);
  if (!settings) return <main id="main">{error ? <ErrorNotice error={error} /> : t('app.loading')}</main>;
  const section = <K extends SettingsKey>(key: K, editor: (value: StationSettings[K], set: (v: StationSettings[K]) => void) => ReactNode) => (
    <Section key={key} settingsKey={key} initial={settings[key]} onSaved={setSettings} editor={editor} />
  );
  return (
    <main id="main" data-testid="settings-screen">
      <h1>{t('settings.title')}</h1>
      <p>{t('settings.explain')}</p>
      {section('balances', (v, set) => <BalancesEditor value={v} onChange={set} />)}
      {section('scanners', (v, set) => <ScannersEditor value={v} onChange={set} />)}
      {section('printers', (v, set) => <PrintersEditor value={v} onChange={set} />)}
      {section('limits', (v, set) => <LimitsEditor value={v} onChange={set} />)}
      {section('display', (v, set) => <DisplayEditor value={v} onChange={set} />)}
    </main>
  );
}

function Section<K extends SettingsKey>(props: {
  settingsKey: K;
  initial: StationSettings[K];
  onSaved: (s: StationSettings) => void;
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
          {t('settings.saveKey', { section: title })}
        </Button>
      </form>
    </Card>
  );
}
