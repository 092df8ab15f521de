/**
 * The equipment logbook at the station (FR-111; issue 13 item 4): the entries made here, newest
 * first, and a form for a new one — a cleaning (level, agent, start; ends now), a maintenance or a
 * breakdown — signed "performed" by the signed-in person with their password at the moment of
 * signing (21 CFR 11.200), a cleaning optionally verified by a second person with theirs. The
 * station API (`equipment.recordLogbook`) checks and records it; nothing is kept on refusal.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { StationLogbookViewSchema } from '../../src-shared/api/equipment.contract.ts';
import { CLEANING_LEVELS, type CleaningLevel } from '../../src-shared/master-data/process-equipment.ts';
import { STATION_LOGBOOK_KINDS, type RecordStationLogbook, type StationLogbookKind } from '../../src-shared/equipment/station-logbook-contract.ts';
import { Button, Card, SelectField, TextField } from '../components/controls.tsx';
import { ErrorNotice } from '../components/notices.tsx';
import { useAction } from '../hooks/use-action.ts';
import { client, useApp } from '../state/app-store.ts';
import { formatDateTime } from '../i18n/format.ts';

type Entry = z.infer<typeof StationLogbookViewSchema>;

/** A datetime-local value (the station's own clock and zone) as the UTC time the contract wants. */
function utcOf(local: string): string {
  return new Date(local).toISOString();
}

export function EquipmentLogbook() {
  const { t, i18n } = useTranslation();
  const tz = useApp((s) => s.info)?.timeZone ?? 'UTC';
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [recorded, setRecorded] = useState<number | null>(null);
  const list = useAction();
  const add = useAction();
  const [kind, setKind] = useState<StationLogbookKind>('cleaning');
  const [equipmentId, setEquipmentId] = useState('');
  const [level, setLevel] = useState<CleaningLevel>('minor');
  const [agent, setAgent] = useState('');
  const [startedAt, setStartedAt] = useState('');
  const [note, setNote] = useState('');
  const [password, setPassword] = useState('');
  const [verifier, setVerifier] = useState('');
  const [verifierPassword, setVerifierPassword] = useState('');
  const load = async () => {
    const r = await list.run(() => client().call('equipment.logbook', {}));
    if (r) setEntries([...r].sort((a, b) => b.seq - a.seq));
  };
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const submit = async () => {
    const signer = { note, password };
    const request: RecordStationLogbook =
      kind === 'cleaning'
        ? { kind, equipmentId, level, agent, startedAt: utcOf(startedAt), ...signer, ...(verifier.trim() ? { verifier: { username: verifier.trim(), password: verifierPassword } } : {}) }
        : { kind, equipmentId, ...signer };
    setRecorded(null);
    const r = await add.run(() => client().call('equipment.recordLogbook', request));
    setPassword('');
    setVerifierPassword('');
    if (!r) return;
    setRecorded(r.entry.seq);
    setNote('');
    setAgent('');
    setVerifier('');
    await load();
  };
  const ready = equipmentId.trim() !== '' && note.trim() !== '' && password !== '' && (kind !== 'cleaning' || (agent.trim() !== '' && startedAt !== '' && !Number.isNaN(Date.parse(startedAt))));
  return (
    <Card title={t('logbook.title')}>
      <p className="hint">{t('logbook.hint')}</p>
      <ErrorNotice error={list.error} />
      {entries && entries.length === 0 ? <p>{t('logbook.none')}</p> : null}
      {entries && entries.length > 0 ? (
        <table className="table" data-testid="logbook">
          <thead>
            <tr>
              <th scope="col">{t('logbook.at')}</th>
              <th scope="col">{t('logbook.equipment')}</th>
              <th scope="col">{t('logbook.kind')}</th>
              <th scope="col">{t('logbook.by')}</th>
              <th scope="col">{t('logbook.verifiedBy')}</th>
              <th scope="col">{t('logbook.details')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.seq} data-testid={`logbook-${e.seq}`}>
                <td className="nowrap">{formatDateTime(e.at, i18n.language, tz)}</td>
                <td translate="no">{e.equipmentId}</td>
                <td>{t(`logbook.kinds.${e.kind}`)}</td>
                <td translate="no">{e.by ?? '—'}</td>
                <td translate="no">{e.verifiedBy ?? '—'}</td>
                <td translate="no">{e.payload.kind === 'cleaning' ? t('logbook.cleaningLine', { level: t(`logbook.levels.${e.payload.level}`), agent: e.payload.agent, note: e.payload.note }) : e.payload.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h3>{t('logbook.add')}</h3>
      <div className="row">
        <SelectField label={t('logbook.kind')} value={kind} onChange={(e) => setKind(e.target.value as StationLogbookKind)} options={STATION_LOGBOOK_KINDS.map((k) => ({ value: k, label: t(`logbook.kinds.${k}`) }))} data-testid="logbook-kind" />
        <TextField label={t('logbook.equipment')} value={equipmentId} onChange={(e) => setEquipmentId(e.target.value)} maxLength={64} data-testid="logbook-equipment" />
      </div>
      {kind === 'cleaning' ? (
        <div className="row">
          <SelectField label={t('logbook.level')} value={level} onChange={(e) => setLevel(e.target.value as CleaningLevel)} options={CLEANING_LEVELS.map((l) => ({ value: l, label: t(`logbook.levels.${l}`) }))} data-testid="logbook-level" />
          <TextField label={t('logbook.agent')} value={agent} onChange={(e) => setAgent(e.target.value)} maxLength={200} data-testid="logbook-agent" />
          <TextField label={t('logbook.startedAt')} type="datetime-local" value={startedAt} onChange={(e) => setStartedAt(e.target.value)} data-testid="logbook-started" />
        </div>
      ) : null}
      <TextField label={t('logbook.note')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} data-testid="logbook-note" />
      <TextField label={t('logbook.password')} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="logbook-password" />
      {kind === 'cleaning' ? (
        <div className="row">
          <TextField label={t('logbook.verifier')} value={verifier} onChange={(e) => setVerifier(e.target.value)} maxLength={64} data-testid="logbook-verifier" />
          <TextField label={t('logbook.verifierPassword')} type="password" autoComplete="off" value={verifierPassword} onChange={(e) => setVerifierPassword(e.target.value)} data-testid="logbook-verifier-password" />
        </div>
      ) : null}
      <ErrorNotice error={add.error} />
      {recorded !== null ? (
        <p className="notice notice-ok" role="status" data-testid="logbook-recorded">
          {t('logbook.recorded', { seq: recorded })}
        </p>
      ) : null}
      <Button variant="primary" disabled={!ready || add.busy} onClick={() => void submit()} data-testid="logbook-sign">
        {t('logbook.sign')}
      </Button>
    </Card>
  );
}
