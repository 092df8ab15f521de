/**
 * By volume (issue 17 item 3): the booth's volumetric devices with the portion's volume window
 * at each one's resolution (the engine's own arithmetic, from the order view); the operator types
 * what the chosen device shows. A balance can weigh the liquid instead (the balance choice stays).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, TextField } from '../components/controls.tsx';
import { Data } from '../components/plant-data.tsx';
import type { StepProps } from './step-panels.tsx';

export function VolumePanel({ cur, busy, exec }: StepProps) {
  const { t } = useTranslation();
  const [deviceId, setDeviceId] = useState<string | null>(null);
  const [volume, setVolume] = useState('');
  const v = cur.weigh?.volume;
  if (!v || !cur.allowed.includes('record-volume') || v.devices.length === 0) return null;
  const chosen = v.devices.find((d) => d.deviceId === deviceId) ?? null;
  return (
    <div data-testid="volume-panel">
      <h3>{t('volume.title')}</h3>
      <p>{v.densityGPerMl ? t('volume.density', { density: v.densityGPerMl }) : t('volume.noDensity')}</p>
      <div className="row">
        {v.devices.map((d) => (
          <Button key={d.deviceId} big variant={d.deviceId === deviceId ? 'primary' : 'secondary'} disabled={busy || !d.window} onClick={() => setDeviceId(d.deviceId)} data-testid={`volume-device-${d.deviceId}`}>
            <Data>{t('volume.device', { name: d.name, id: d.deviceId, resolution: d.resolutionMl, capacity: d.capacityMl })}</Data>
            <div className="hint">{d.window ? t('volume.window', d.window) : t('volume.cannot')}</div>
          </Button>
        ))}
      </div>
      {chosen ? (
        <div className="row">
          <TextField label={t('volume.value')} inputMode="decimal" value={volume} onChange={(e) => setVolume(e.target.value)} autoComplete="off" data-testid="volume-value" />
          <Button variant="primary" big disabled={busy || volume.trim() === ''} onClick={() => void exec({ type: 'record-volume', stepId: cur.stepId, deviceId: chosen.deviceId, volumeMl: volume.trim() })} data-testid="volume-record">
            {t('volume.record')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
