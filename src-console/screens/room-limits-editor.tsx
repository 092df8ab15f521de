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
import { formatTime } from '../components/format.ts';
import { TData } from '../components/plant-data.tsx';
import { SignedChangesTable, SignedSettingEditor, type SignedSettingEditorProps } from '../components/signed-setting-editor.tsx';
import type { ConsoleApi } from '../api/console-client.ts';
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

/** A room's versions, for the editor and for a reader alike (FR-110, FR-128). */
export function roomHistory(api: ConsoleApi, roomId: string, locale: string): SignedSettingEditorProps<RoomChange, unknown>['history'] {
  return {
    key: roomId,
    load: () => api.get(`/api/v1/environment/rooms/${encodeURIComponent(roomId)}/changes`, z.array(RoomChangeSchema)),
    render: (changes) => <RoomHistory changes={changes} locale={locale} />,
  };
}

export function RoomLimitsEditor({ room, onChanged, onClose }: { room: RoomOverview; onChanged: () => void; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { api } = useConsole();
  const quantity = useQuantityName();
  const [drafts, setDrafts] = useState<LimitsDraft[]>(() => room.limits.map(draftOf));
  const checked = limitsOf(drafts);
  const missing = QUANTITIES.filter((q) => !drafts.some((d) => d.quantity === q));
  const set = (i: number, f: Field, v: string) => setDrafts((ds) => ds.map((d, k) => (k === i ? { ...d, [f]: v } : d)));
  const path = `/api/v1/environment/rooms/${encodeURIComponent(room.roomId)}`;
  return (
    <SignedSettingEditor
      testId="room-limits-editor"
      title={<TData k="rooms.edit.title" values={{ room: `${room.name} (${room.roomId})` }} data={['room']} />}
      hint={t('rooms.edit.hint')}
      invalid={checked.ok ? null : { testId: 'limits-invalid', text: t('rooms.edit.invalid', { quantity: quantity(checked.quantity) }) }}
      words="rooms.edit"
      subject={{ room: room.roomId }}
      version={room.version}
      sign={{ testId: 'limits-sign', path: `${path}/limits`, body: checked.ok ? { limits: checked.limits } : {}, response: RoomChangeSchema }}
      history={roomHistory(api, room.roomId, i18n.language)}
      onChanged={onChanged}
      onClose={onClose}
    >
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
    </SignedSettingEditor>
  );
}

/** A room's versions, newest first (presentational). */
export function RoomHistory({ changes, locale }: { changes: RoomChange[]; locale: string }) {
  const { t } = useTranslation();
  const quantity = useQuantityName();
  return (
    <SignedChangesTable
      changes={changes}
      testId="room-history"
      rowTestId={(c) => `room-version-${c.version}`}
      headers={{ version: t('rooms.edit.version'), signer: t('rooms.edit.changed'), reason: t('rooms.edit.reasonColumn'), changed: t('rooms.edit.limitsColumn') }}
      signer={(c) => <TData k={c.signatureId === null ? 'rooms.edit.changedBy' : 'rooms.edit.signedBy'} values={{ name: c.printedName ?? c.changedBy, at: formatTime(c.changedAt, locale) }} data={['name']} />}
      changed={{
        noTranslate: true,
        cell: (c) => c.limits.map((l) => <div key={l.quantity}>{`${quantity(l.quantity)}: ${t('rooms.alertLimits')} ${bandText(l.alert)}; ${t('rooms.actionLimits')} ${bandText(l.action)}`}</div>),
      }}
    />
  );
}
