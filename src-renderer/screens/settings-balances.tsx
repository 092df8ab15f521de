/** Balances: id, name, protocol, port and the serial settings that must match the balance's menu. */
import { useTranslation } from 'react-i18next';
import { BALANCE_PROTOCOL_NAMES, SERIAL_BAUD_RATES, type BalanceSetting } from '../../src-shared/settings/station-settings.ts';
import { Button, SelectField, TextField } from '../components/controls.tsx';

const opts = (values: readonly (string | number)[]) => values.map((v) => ({ value: String(v), label: String(v) }));
const NEW_BALANCE: BalanceSetting = {
  id: 'BAL-01',
  label: 'Balance',
  protocol: 'mt-sics',
  port: '/dev/ttyUSB0',
  serial: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1, handshake: 'xon-xoff', lineEnding: 'CRLF' },
};

export function BalancesEditor({ value, onChange }: { value: BalanceSetting[]; onChange: (v: BalanceSetting[]) => void }) {
  const { t } = useTranslation();
  const update = (i: number, patch: Partial<BalanceSetting>, serial?: Partial<BalanceSetting['serial']>) =>
    onChange(value.map((b, j) => (j === i ? { ...b, ...patch, serial: { ...b.serial, ...serial } } : b)));
  return (
    <div>
      {value.map((b, i) => (
        <fieldset key={i} className="card">
          <legend>{b.id}</legend>
          <div className="row">
            <TextField label={t('settings.id')} value={b.id} onChange={(e) => update(i, { id: e.target.value.toUpperCase() })} />
            <TextField label={t('settings.label')} value={b.label} onChange={(e) => update(i, { label: e.target.value })} />
            <SelectField label={t('settings.protocol')} value={b.protocol} options={opts(BALANCE_PROTOCOL_NAMES)} onChange={(e) => update(i, { protocol: e.target.value as BalanceSetting['protocol'] })} />
            <TextField label={t('settings.port')} value={b.port} onChange={(e) => update(i, { port: e.target.value })} />
          </div>
          <div className="row">
            <SelectField label={t('settings.baudRate')} value={String(b.serial.baudRate)} options={opts(SERIAL_BAUD_RATES)} onChange={(e) => update(i, {}, { baudRate: Number(e.target.value) })} />
            <SelectField label={t('settings.dataBits')} value={String(b.serial.dataBits)} options={opts([7, 8])} onChange={(e) => update(i, {}, { dataBits: Number(e.target.value) as 7 | 8 })} />
            <SelectField label={t('settings.parity')} value={b.serial.parity} options={opts(['none', 'even', 'odd', 'mark', 'space'])} onChange={(e) => update(i, {}, { parity: e.target.value as BalanceSetting['serial']['parity'] })} />
            <SelectField label={t('settings.stopBits')} value={String(b.serial.stopBits)} options={opts([1, 1.5, 2])} onChange={(e) => update(i, {}, { stopBits: Number(e.target.value) as 1 | 2 })} />
            <SelectField label={t('settings.handshake')} value={b.serial.handshake} options={opts(['none', 'rts-cts', 'xon-xoff'])} onChange={(e) => update(i, {}, { handshake: e.target.value as BalanceSetting['serial']['handshake'] })} />
            <SelectField label={t('settings.lineEnding')} value={b.serial.lineEnding} options={opts(['CRLF', 'CR', 'LF'])} onChange={(e) => update(i, {}, { lineEnding: e.target.value as BalanceSetting['serial']['lineEnding'] })} />
          </div>
          <Button variant="danger" onClick={() => onChange(value.filter((_, j) => j !== i))}>
            {t('common.remove')} {b.id}
          </Button>
        </fieldset>
      ))}
      <Button onClick={() => onChange([...value, { ...NEW_BALANCE, id: `BAL-${String(value.length + 1).padStart(2, '0')}` }])} data-testid="add-balance">
        {t('settings.addBalance')}
      </Button>
    </div>
  );
}
