/**
 * Kit and charge steps (issue 17 item 4). The kit screen lists every dispensed container the
 * kit must hold; each label scan goes to the engine (kit-scan), which refuses a container of
 * another order, one scanned twice or one not dispensed; once complete the kit is staged at a
 * location (scanned or typed) and handed over with the giver's signature. The charge screen
 * takes each container again at the point of use: the operator's password, typed once on the
 * screen, signs each charge, so a wrong container is refused the moment it is scanned, in big
 * letters in the operator's language (the engine records the attempt).
 */
import { EquipmentPicker, pickedEquipment, stepClasses } from './equipment-picker.tsx';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContainerScan } from '../../src-shared/orders/engine-command.ts';
import type { KitView } from '../../src-shared/orders/order-view.ts';
import type { BatchlineError } from '../../src-shared/result.ts';
import { Button, TextField } from '../components/controls.tsx';
import { ErrorNotice } from '../components/notices.tsx';
import { Data } from '../components/plant-data.tsx';
import { formatMass } from '../i18n/format.ts';
import { containerScanOf } from '../scanner/container-scan.ts';
import { useScanHandler } from '../scanner/scan-store.ts';
import { useApp } from '../state/app-store.ts';
import type { StepProps } from './step-panels.tsx';

function KitTable({ kit, doneWord, waitingWord }: { kit: KitView; doneWord: string; waitingWord: string }) {
  const { t, i18n } = useTranslation();
  return (
    <table data-testid="kit-containers">
      <thead>
        <tr>
          <th>{t('kit.container')}</th>
          <th>{t('kit.material')}</th>
          <th>{t('kit.lot')}</th>
          <th>{t('kit.net')}</th>
          <th>{t('kit.holdUntil')}</th>
          <th>{t('kit.status')}</th>
        </tr>
      </thead>
      <tbody>
        {kit.containers.map((c) => (
          <tr key={c.containerId} data-testid={`kit-row-${c.containerId}`} data-done={c.done ? 'yes' : 'no'}>
            <td className="mono nowrap">
              <Data>{c.containerId}</Data>
            </td>
            <td>
              <Data>{`${c.materialCode} ${c.materialName}`}</Data>
            </td>
            <td>
              <Data>{c.lotId}</Data>
            </td>
            <td>{formatMass(c.net, i18n.language, t)}</td>
            <td>{c.holdUntil ? new Date(c.holdUntil).toLocaleString(i18n.language) : '—'}</td>
            <td>{c.done ? `✔ ${doneWord}` : waitingWord}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A scan from the wedge, or an id typed into the field: both become a ContainerScan. */
function useKitScan(onScan: (scan: ContainerScan) => void, busy: boolean) {
  const [scanError, setScanError] = useState<BatchlineError | null>(null);
  const take = (data: string) => {
    const scan = containerScanOf(data.trim());
    if (!scan.ok) return setScanError(scan.error);
    setScanError(null);
    onScan(scan.value);
  };
  useScanHandler((data) => {
    if (!busy) take(data);
  });
  return { scanError, take };
}

function ScanField({ busy, take, testId }: { busy: boolean; take: (data: string) => void; testId: string }) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        if (typed.trim()) take(typed);
        setTyped('');
      }}
    >
      <TextField label={t('kit.scanField')} value={typed} onChange={(e) => setTyped(e.target.value)} data-testid={testId} autoComplete="off" />
      <Button type="submit" disabled={busy || !typed.trim()}>
        {t('kit.submitScan')}
      </Button>
    </form>
  );
}

export function KitPanel({ cur, busy, exec, sign, error }: StepProps) {
  const { t } = useTranslation();
  const kit = cur.kit;
  const [location, setLocation] = useState('');
  const { scanError, take } = useKitScan((scan) => void exec({ type: 'kit-scan', stepId: cur.stepId, scan }), busy);
  if (!kit) return null;
  const complete = kit.containers.length > 0 && kit.containers.every((c) => c.done) && kit.linesNotDispensed.length === 0;
  const shown = scanError ?? error;
  return (
    <div data-testid="kit-panel">
      <p className="big">{t('kit.progress', { done: kit.containers.filter((c) => c.done).length, total: kit.containers.length })}</p>
      <div className="refusal-big">
        <ErrorNotice error={shown} testId="kit-refusal" />
      </div>
      <KitTable kit={kit} doneWord={t('kit.scanned')} waitingWord={t('kit.waiting')} />
      {kit.staged ? (
        <>
          <p data-testid="kit-staged">{t('kit.stagedAt', { location: kit.staged.location })}</p>
          <Button
            variant="primary"
            big
            disabled={busy}
            data-testid="kit-hand-over"
            onClick={() => sign('performed', null, <Data>{`${cur.name} → ${kit.staged!.location}`}</Data>, { command: (c) => ({ type: 'hand-over-kit', stepId: cur.stepId, ...c }) })}
          >
            {t('kit.handOver')}
          </Button>
        </>
      ) : (
        <>
          <p>{t('kit.scanPrompt')}</p>
          <ScanField busy={busy} take={take} testId="kit-scan-input" />
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              void exec({ type: 'stage-kit', stepId: cur.stepId, location: location.trim() });
            }}
          >
            <TextField label={t('kit.location')} hint={t('kit.locationHint')} value={location} onChange={(e) => setLocation(e.target.value)} data-testid="kit-location" />
            <Button type="submit" variant="primary" disabled={busy || !complete || !location.trim()} data-testid="kit-stage">
              {t('kit.stage')}
            </Button>
          </form>
        </>
      )}
    </div>
  );
}

export function ChargePanel({ cur, busy, exec, error }: StepProps) {
  const { t } = useTranslation();
  const kit = cur.kit;
  const username = useApp((s) => s.session?.user.username ?? null);
  const [password, setPassword] = useState('');
  const [needPassword, setNeedPassword] = useState(false);
  const classes = stepClasses(cur);
  const [equipment, setEquipment] = useState<Record<string, string>>({});
  const { scanError, take } = useKitScan((scan) => {
    if (!password) return setNeedPassword(true);
    setNeedPassword(false);
    void exec({ type: 'charge-container', stepId: cur.stepId, scan, username, password });
  }, busy);
  if (!kit) return null;
  const shown = scanError ?? error;
  const allCharged = kit.containers.every((c) => c.done) && kit.linesNotDispensed.length === 0;
  return (
    <div data-testid="charge-panel">
      <p className="big">{t('kit.chargeProgress', { done: kit.containers.filter((c) => c.done).length, total: kit.containers.length })}</p>
      <div className="refusal-big">
        <ErrorNotice error={shown} testId="charge-refusal" />
        {needPassword ? <p className="notice notice-bad">{t('kit.passwordFirst')}</p> : null}
      </div>
      <TextField label={t('kit.password')} hint={t('kit.passwordHint')} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="charge-password" />
      <p>{t('kit.chargePrompt')}</p>
      <ScanField busy={busy} take={take} testId="charge-scan-input" />
      <KitTable kit={kit} doneWord={t('kit.charged')} waitingWord={t('kit.toCharge')} />
      <EquipmentPicker cur={cur} classes={classes} value={equipment} onChange={setEquipment} />
      <Button variant="primary" big disabled={busy} data-testid="charge-complete" onClick={() => void exec({ type: 'complete-charge', stepId: cur.stepId, ...(classes.length > 0 ? { equipment: pickedEquipment(classes, equipment) } : {}) })}>
        {allCharged ? t('kit.complete') : t('kit.completeCheck')}
      </Button>
    </div>
  );
}
