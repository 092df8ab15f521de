/** Scanners, label printers, limits and display settings. */
import { useTranslation } from 'react-i18next';
import type { LimitSettings, PrinterSetting, ScannerSetting, StationSettings } from '../../src-shared/settings/station-settings.ts';
import { Button, SelectField, TextField } from '../components/controls.tsx';

export function ScannersEditor({ value, onChange }: { value: ScannerSetting[]; onChange: (v: ScannerSetting[]) => void }) {
  const { t } = useTranslation();
  const kinds = (['keyboard-wedge', 'serial'] as const).map((k) => ({ value: k, label: t(`settings.kinds.${k}`) }));
  const update = (i: number, patch: Partial<ScannerSetting>) => onChange(value.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  return (
    <div>
      {value.map((s, i) => (
        <div key={i} className="row">
          <TextField label={t('settings.id')} value={s.id} onChange={(e) => update(i, { id: e.target.value.toUpperCase() })} />
          <SelectField label={t('settings.kind')} value={s.kind} options={kinds} onChange={(e) => update(i, { kind: e.target.value as ScannerSetting['kind'] })} />
          {s.kind === 'serial' ? <TextField label={t('settings.port')} value={s.port ?? ''} onChange={(e) => update(i, { port: e.target.value })} /> : null}
          {s.kind === 'serial' ? <UsbIdentityFields value={s.usb} onChange={(usb) => update(i, { usb })} /> : null}
          <Button variant="danger" onClick={() => onChange(value.filter((_, j) => j !== i))}>
            {t('common.remove')} {s.id}
          </Button>
        </div>
      ))}
      <Button onClick={() => onChange([...value, { id: `SCAN-${String(value.length + 1).padStart(2, '0')}`, kind: 'keyboard-wedge' }])}>{t('settings.addScanner')}</Button>
    </div>
  );
}

/**
 * The USB identity a serial scanner is enrolled with (DI-14): input from another device on the
 * port is ignored and recorded. All three fields empty: enrolled by its port alone.
 */
function UsbIdentityFields({ value, onChange }: { value: ScannerSetting['usb']; onChange: (v: ScannerSetting['usb']) => void }) {
  const { t } = useTranslation();
  const current = { vendorId: value?.vendorId ?? '', productId: value?.productId ?? '', serialNumber: value?.serialNumber ?? '' };
  const set = (patch: Partial<typeof current>) => {
    const next = { ...current, ...patch };
    if (!next.vendorId && !next.productId && !next.serialNumber) return onChange(undefined);
    onChange({ vendorId: next.vendorId, productId: next.productId, ...(next.serialNumber ? { serialNumber: next.serialNumber } : {}) });
  };
  return (
    <>
      <TextField label={t('settings.usbVendorId')} value={current.vendorId} onChange={(e) => set({ vendorId: e.target.value.trim() })} data-testid="scanner-usb-vendor" />
      <TextField label={t('settings.usbProductId')} value={current.productId} onChange={(e) => set({ productId: e.target.value.trim() })} data-testid="scanner-usb-product" />
      <TextField label={t('settings.usbSerial')} value={current.serialNumber} onChange={(e) => set({ serialNumber: e.target.value.trim() })} data-testid="scanner-usb-serial" />
    </>
  );
}

export function PrintersEditor({ value, onChange }: { value: PrinterSetting[]; onChange: (v: PrinterSetting[]) => void }) {
  const { t } = useTranslation();
  const kinds = (['zpl-tcp', 'zpl-serial'] as const).map((k) => ({ value: k, label: t(`settings.kinds.${k}`) }));
  // FR-145: whether the printer is asked for its host status after a job.
  const statusChecks = (['host-status', 'none'] as const).map((k) => ({ value: k, label: t(`settings.statusChecks.${k}`) }));
  const update = (i: number, patch: Partial<PrinterSetting>) => onChange(value.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  return (
    <div>
      {value.map((p, i) => (
        <div key={i} className="row">
          <TextField label={t('settings.id')} value={p.id} onChange={(e) => update(i, { id: e.target.value.toUpperCase() })} />
          <SelectField label={t('settings.kind')} value={p.kind} options={kinds} onChange={(e) => update(i, { kind: e.target.value as PrinterSetting['kind'] })} />
          <TextField label={t('settings.address')} value={p.address} onChange={(e) => update(i, { address: e.target.value })} />
          <TextField label={t('settings.labelWidthMm')} type="number" value={p.labelWidthMm} onChange={(e) => update(i, { labelWidthMm: Number(e.target.value) })} />
          <TextField label={t('settings.labelHeightMm')} type="number" value={p.labelHeightMm} onChange={(e) => update(i, { labelHeightMm: Number(e.target.value) })} />
          <SelectField label={t('settings.statusCheck')} value={p.statusCheck ?? 'host-status'} options={statusChecks} onChange={(e) => update(i, { statusCheck: e.target.value as NonNullable<PrinterSetting['statusCheck']> })} data-testid={`printer-status-check-${i}`} />
          <Button variant="danger" onClick={() => onChange(value.filter((_, j) => j !== i))}>
            {t('common.remove')} {p.id}
          </Button>
        </div>
      ))}
      <Button onClick={() => onChange([...value, { id: `PRN-${String(value.length + 1).padStart(2, '0')}`, kind: 'zpl-tcp', address: '192.0.2.10:9100', labelWidthMm: 100, labelHeightMm: 60 }])}>
        {t('settings.addPrinter')}
      </Button>
    </div>
  );
}

export function LimitsEditor({ value, onChange }: { value: LimitSettings; onChange: (v: LimitSettings) => void }) {
  const { t } = useTranslation();
  const field = (k: keyof LimitSettings) => (
    <TextField key={k} label={t(`settings.${k}`)} type="number" inputMode="numeric" value={value[k]} onChange={(e) => onChange({ ...value, [k]: Number(e.target.value) })} data-testid={`limit-${k}`} />
  );
  return (
    <div>
      <div className="row">{(['idleLockMinutes', 'masterDataMaxAgeHours', 'stableTimeoutSeconds'] as const).map(field)}</div>
      <p className="hint">{t('settings.limitsHint')}</p>
    </div>
  );
}

export function DisplayEditor({ value, onChange }: { value: StationSettings['display']; onChange: (v: StationSettings['display']) => void }) {
  const { t } = useTranslation();
  return (
    <SelectField
      label={t('settings.defaultLocale')}
      value={value.defaultLocale}
      options={(['en', 'zh-CN'] as const).map((lng) => ({ value: lng, label: t('app.languageName', { lng }) }))}
      onChange={(e) => onChange({ defaultLocale: e.target.value as 'en' | 'zh-CN' })}
    />
  );
}

/** D25-03: the second factor at signing (a change of it is itself approved by a second person). */
export function SigningEditor({ value, onChange }: { value: StationSettings['signing']; onChange: (v: StationSettings['signing']) => void }) {
  const { t } = useTranslation();
  return (
    <SelectField
      label={t('settings.mfa')}
      value={value.mfa}
      options={(['off', 'totp'] as const).map((m) => ({ value: m, label: t(`settings.mfaOptions.${m}`) }))}
      onChange={(e) => onChange({ mfa: e.target.value as 'off' | 'totp' })}
      data-testid="settings-mfa"
    />
  );
}

/** DI-11: days without a login after which the station disables an account. */
export function AccountsEditor({ value, onChange }: { value: StationSettings['accounts']; onChange: (v: StationSettings['accounts']) => void }) {
  const { t } = useTranslation();
  return <TextField label={t('settings.dormantDays')} type="number" min={7} max={3650} value={value.dormantDays} onChange={(e) => onChange({ dormantDays: Number(e.target.value) })} />;
}
