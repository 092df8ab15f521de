/**
 * Changing a room's environmental limits in the console (FR-110): per quantity the alert and
 * action limits on either side (empty = no limit on that side), the hysteresis and the debounce;
 * a quantity can be added or taken out. The change is signed ("approved") with a reason in the
 * console's e-signature dialog; the hub checks the limits again (alert inside action), makes a new
 * version of the room's master data (served to stations), audits it, and judges readings by it
 * from then on. Below the form, the room's versions: who changed it when and why.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { RoomChangeSchema, type RoomChange, type RoomOverview } from '../../src-shared/environment/environment-contract.ts';
import { QUANTITIES, QUANTITY_UNITS, type Quantity } from '../../src-shared/environment/environment-reading.ts';
import { QuantityLimitsSchema, type QuantityLimits } from '../../src-shared/master-data/room.ts';
import { Button, SelectField, TextField } from '../../src-renderer/components/controls.tsx';
import { useConsole } from '../console-context.ts';
import { useLoad } from '../components/use-load.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { formatTime } from '../components/format.ts';
import { SignDialog } from '../components/sign-dialog.tsx';
import { useQuantityName } from '../components/excursions-table.tsx';
import { bandText } from './room-bands.ts';

const FIELDS = ['alertLow', 'alertHigh', 'actionLow', 'actionHigh', 'hysteresis', 'debounceReadings'] as const;
type Field = (typeof FIELDS)[number];
export type LimitsDraft = { quantity: Quantity } & Record<Field, string>;

const text = (n: number | null): string => (n === null ? '' : String(n));

export function draftOf(l: QuantityLimits): LimitsDraft {
  return { quantity: l.quantity, alertLow: text(l.alert.low), alertHigh: text(l.alert.high), actionLow: text(l.action.low), actionHigh: text(l.action.high), hysteresis: String(l.hysteresis), debounceReadings: String(l.debounceReadings) };
}

/** The draft as limits, or the first quantity whose entries are not limits (not numbers, or alert outside action). */
export function limitsOf(drafts: LimitsDraft[]): { ok: true; limits: QuantityLimits[] } | { ok: false; quantity: Quantity } {
  const limits: QuantityLimits[] = [];
  for (const d of drafts) {
    const num = (s: string) => (s.trim() === '' ? null : Number(s.trim()));
    const parsed = QuantityLimitsSchema.safeParse({
      quantity: d.quantity,
      alert: { low: num(d.alertLow), high: num(d.alertHigh) },
      action: { low: num(d.actionLow), high: num(d.actionHigh) },
      hysteresis: num(d.hysteresis) ?? 0,
      debounceReadings: num(d.debounceReadings) ?? 1,
    });
    if (!parsed.success) return { ok: false, quantity: d.quantity };
    limits.push(parsed.data);
  }
  return { ok: true, limits };
}

export function RoomLimitsEditor({ room, onChanged, onClose }: { room: RoomOverview; onChanged: () => void; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { api, me } = useConsole();
  const quantity = useQuantityName();
  const [drafts, setDrafts] = useState<LimitsDraft[]>(() => room.limits.map(draftOf));
  const [signing, setSigning] = useState(false);
  const [done, setDone] = useState(0);
  const history = useLoad(() => api.get(`/api/v1/environment/rooms/${encodeURIComponent(room.roomId)}/changes`, z.array(RoomChangeSchema)), `${room.roomId}/${done}`);
  const checked = limitsOf(drafts);
  const missing = QUANTITIES.filter((q) => !drafts.some((d) => d.quantity === q));
  const set = (i: number, f: Field, v: string) => setDrafts((ds) => ds.map((d, k) => (k === i ? { ...d, [f]: v } : d)));
  return (
    <section className="card" data-testid="room-limits-editor">
      <h2>{t('rooms.edit.title', { room: `${room.name} (${room.roomId})` })}</h2>
      <p className="hint">{t('rooms.edit.hint')}</p>
      {drafts.map((d, i) => (
        <fieldset key={d.quantity} data-testid={`limits-${d.quantity}`}>
          <legend>{`${quantity(d.quantity)} (${QUANTITY_UNITS[d.quantity]})`}</legend>
          <div className="row">
            {FIELDS.map((f) => (
              <TextField key={f} label={t(`rooms.edit.${f}`)} inputMode="decimal" value={d[f]} onChange={(e) => set(i, f, e.target.value)} data-testid={`limit-${d.quantity}-${f}`} />
            ))}
            <Button onClick={() => setDrafts((ds) => ds.filter((_, k) => k !== i))} data-testid={`limit-remove-${d.quantity}`}>
              {t('rooms.edit.remove')}
            </Button>
          </div>
        </fieldset>
      ))}
      {missing.length > 0 ? (
        <SelectField
          label={t('rooms.edit.add')}
          value=""
          options={[{ value: '', label: '—' }, ...missing.map((q) => ({ value: q, label: quantity(q) }))]}
          onChange={(e) => {
            const q = e.target.value as Quantity;
            if (q) setDrafts((ds) => [...ds, { quantity: q, alertLow: '', alertHigh: '', actionLow: '', actionHigh: '', hysteresis: '0', debounceReadings: '1' }]);
          }}
          data-testid="limit-add"
        />
      ) : null}
      {!checked.ok ? (
        <p className="notice notice-bad" role="alert" data-testid="limits-invalid">
          {t('rooms.edit.invalid', { quantity: quantity(checked.quantity) })}
        </p>
      ) : null}
      <div className="row">
        <Button variant="primary" disabled={!checked.ok} onClick={() => setSigning(true)} data-testid="limits-sign">
          {t('rooms.edit.sign')}
        </Button>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
      </div>
      {signing && checked.ok ? (
        <SignDialog
          me={me}
          request={{
            title: t('rooms.edit.signTitle', { room: room.roomId }),
            statement: t('rooms.edit.statement', { room: room.roomId, version: room.version + 1 }),
            meaning: t('meaning.approved'),
            textLabel: t('rooms.edit.reason'),
            textRequired: true,
            submit: async (password, reason) => {
              const r = await api.post(`/api/v1/environment/rooms/${encodeURIComponent(room.roomId)}/limits`, { limits: checked.limits, expectedVersion: room.version, reason, password }, RoomChangeSchema);
              return r.ok ? null : r.error;
            },
          }}
          onClose={() => setSigning(false)}
          onSigned={() => {
            setSigning(false);
            setDone((n) => n + 1);
            onChanged();
          }}
        />
      ) : null}
      <h3>{t('rooms.edit.history')}</h3>
      <ErrorNotice error={history.error} />
      {history.data ? <RoomHistory changes={history.data} locale={i18n.language} /> : null}
    </section>
  );
}

/** A room's versions, newest first (presentational). */
export function RoomHistory({ changes, locale }: { changes: RoomChange[]; locale: string }) {
  const { t } = useTranslation();
  const quantity = useQuantityName();
  return (
    <table className="table" data-testid="room-history">
      <thead>
        <tr>
          <th scope="col">{t('rooms.edit.version')}</th>
          <th scope="col">{t('rooms.edit.changed')}</th>
          <th scope="col">{t('rooms.edit.reasonColumn')}</th>
          <th scope="col">{t('rooms.edit.limitsColumn')}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.version} data-testid={`room-version-${c.version}`}>
            <td>{c.version}</td>
            <td>
              {t(c.signatureId === null ? 'rooms.edit.changedBy' : 'rooms.edit.signedBy', { name: c.printedName ?? c.changedBy, at: formatTime(c.changedAt, locale) })}
            </td>
            <td translate="no">{c.reason}</td>
            <td translate="no">
              {c.limits.map((l) => (
                <div key={l.quantity}>{`${quantity(l.quantity)}: ${t('rooms.alertLimits')} ${bandText(l.alert)}; ${t('rooms.actionLimits')} ${bandText(l.action)}`}</div>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
