/**
 * Rooms and excursions in the console (issue 13): every room of the master data with its alert
 * and action limits per quantity and its state now (level, last value, open excursion), and the
 * excursions, open ones or all, newest first, each with its room, quantity, level, start, end,
 * peak, the limit it crossed and who acknowledged it when with what comment. The signed-in person
 * (QA, QP, operator: what the hub's environment API allows) acknowledges one with a comment; the
 * hub records who and when and audits it. QA or a master-data steward changes a room's limits
 * here with an e-signature and a reason (room-limits-editor.tsx, FR-110).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ExcursionSchema, RoomOverviewSchema, type ExcursionView, type RoomOverview } from '../../src-shared/environment/environment-contract.ts';
import type { QuantityLimits } from '../../src-shared/master-data/room.ts';
import { QUANTITY_UNITS, type Quantity } from '../../src-shared/environment/environment-reading.ts';
import { Button, TextField } from '../../src-renderer/components/controls.tsx';
import { useConsole } from '../console-context.ts';
import { useLoad } from '../components/use-load.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { formatTime } from '../components/format.ts';
import { crossedLimit, ExcursionsTable, useQuantityName } from '../components/excursions-table.tsx';
import { bandText } from './room-bands.ts';
import { TData } from '../components/plant-data.tsx';
import { RoomLimitsEditor, roomHistory } from './room-limits-editor.tsx';
import { SIGNED_SETTING_SIGNERS, SignedHistoryCard, signedSettingAccess } from '../components/signed-setting-editor.tsx';

export { bandText, crossedLimit, ExcursionsTable };
import { hasRole } from '../state/session-store.ts';
import type { BatchlineError } from '../../src-shared/result.ts';

const LEVEL_BADGE = { normal: 'badge-ok', alert: 'badge-warn', action: 'badge-bad' } as const;


/** The rooms with their limits and state per quantity (presentational: no hub calls). */
/** `edit` offers a change of a room's limits to who may sign one, `history` its versions read-only to who may not (FR-128). */
export function RoomsTable({ rooms, edit, history }: { rooms: RoomOverview[]; edit?: (room: RoomOverview) => void; history?: (room: RoomOverview) => void }) {
  const { t, i18n } = useTranslation();
  const quantity = useQuantityName();
  const open = edit ?? history;
  const editButton = (r: RoomOverview) =>
    edit ? (
      <Button onClick={() => edit(r)} data-testid={`room-edit-${r.roomId}`}>
        {t('rooms.edit.open')}
      </Button>
    ) : (
      <Button onClick={() => history?.(r)} data-testid={`room-history-${r.roomId}`}>
        {t('rooms.edit.showHistory')}
      </Button>
    );
  if (rooms.length === 0) return <p data-testid="rooms-none">{t('rooms.noRooms')}</p>;
  return (
    <table className="table" data-testid="rooms">
      <thead>
        <tr>
          <th scope="col">{t('envReview.room')}</th>
          <th scope="col">{t('envReview.quantity')}</th>
          <th scope="col">{t('rooms.alertLimits')}</th>
          <th scope="col">{t('rooms.actionLimits')}</th>
          <th scope="col">{t('rooms.state')}</th>
          <th scope="col">{t('rooms.lastValue')}</th>
          {open ? <th scope="col">{t('rooms.edit.column')}</th> : null}
        </tr>
      </thead>
      <tbody>
        {rooms.flatMap((r) => {
          const quantities: { q: Quantity; limits: QuantityLimits | null }[] = r.limits.map((l) => ({ q: l.quantity, limits: l }));
          for (const s of r.states) if (!quantities.some((x) => x.q === s.quantity)) quantities.push({ q: s.quantity, limits: null });
          if (quantities.length === 0)
            return [
              <tr key={r.roomId} data-testid={`room-${r.roomId}`}>
                <td translate="no">{`${r.name} (${r.roomId})`}</td>
                <td colSpan={5}>{t('rooms.noLimits')}</td>
                {open ? <td>{editButton(r)}</td> : null}
              </tr>,
            ];
          return quantities.map(({ q, limits }, i) => {
            const s = r.states.find((x) => x.quantity === q);
            // A reading's unit is fixed by its quantity (readings in another unit are refused at ingest).
            const unit = QUANTITY_UNITS[q];
            return (
              <tr key={`${r.roomId}/${q}`} data-testid={`room-${r.roomId}-${q}`}>
                <td translate="no">{i === 0 ? `${r.name} (${r.roomId})` : ''}</td>
                <td>{quantity(q)}</td>
                <td translate="no" className="nowrap" data-testid="room-alert">{limits ? bandText(limits.alert) : '—'}</td>
                <td translate="no" className="nowrap" data-testid="room-action">{limits ? bandText(limits.action) : '—'}</td>
                <td>
                  {s ? (
                    <span className={`badge nowrap ${LEVEL_BADGE[s.level]}`} data-testid="room-level">
                      {t(`rooms.levels.${s.level}`)}
                    </span>
                  ) : (
                    <span data-testid="room-level">{t('rooms.noReading')}</span>
                  )}
                </td>
                <td translate="no" data-testid="room-last">{s && s.lastValue !== null ? `${s.lastValue} ${unit}${s.lastTime ? ` · ${formatTime(s.lastTime, i18n.language)}` : ''}` : '—'}</td>
                {open ? <td>{i === 0 ? editButton(r) : null}</td> : null}
              </tr>
            );
          });
        })}
      </tbody>
    </table>
  );
}

function AcknowledgeCell({ excursion: x, onDone }: { excursion: ExcursionView; onDone: () => void }) {
  const { t } = useTranslation();
  const { api } = useConsole();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<BatchlineError | null>(null);
  const submit = async () => {
    setBusy(true);
    const r = await api.post('/api/v1/environment/excursions/acknowledge', { excursionId: x.excursionId, comment }, ExcursionSchema);
    setBusy(false);
    if (r.ok) onDone();
    else setError(r.error);
  };
  return (
    <>
      <TextField label={t('rooms.comment')} value={comment} maxLength={2000} onChange={(e) => setComment(e.target.value)} data-testid={`excursion-comment-${x.excursionId}`} />
      {/* The hub wants at least three characters (AcknowledgeExcursionSchema). */}
      <Button disabled={busy || comment.trim().length < 3} onClick={() => void submit()} data-testid={`excursion-ack-${x.excursionId}`}>
        {t('rooms.acknowledge')}
      </Button>
      <ErrorNotice error={error} />
    </>
  );
}

export function RoomsScreen() {
  const { t, i18n } = useTranslation();
  const { api, me } = useConsole();
  const [openOnly, setOpenOnly] = useState(false);
  const rooms = useLoad(() => api.get('/api/v1/environment/rooms', z.array(RoomOverviewSchema)), 'rooms');
  const list = useLoad(() => api.get(`/api/v1/environment/excursions${openOnly ? '?open=true' : ''}`, z.array(ExcursionSchema)), String(openOnly));
  const canAck = hasRole(me, 'qa', 'qp', 'operator');
  // The hub lets QA and master-data stewards change limits (environment-routes.ts); the others read the versions (FR-128).
  const access = signedSettingAccess(me, SIGNED_SETTING_SIGNERS);
  const [editing, setEditing] = useState<string | null>(null);
  const editRoom = rooms.data?.find((r) => r.roomId === editing) ?? null;
  const reload = () => {
    list.reload();
    rooms.reload();
  };
  return (
    <>
      <h1>{t('rooms.title')}</h1>
      <p className="hint">{t('rooms.hint')}</p>
      <section className="card">
        <h2>{t('rooms.roomsTitle')}</h2>
        <ErrorNotice error={rooms.error} />
        {rooms.data ? <RoomsTable rooms={rooms.data} {...(access === 'sign' ? { edit: (r: RoomOverview) => setEditing(r.roomId) } : { history: (r: RoomOverview) => setEditing(r.roomId) })} /> : null}
      </section>
      {editRoom && access === 'sign' ? <RoomLimitsEditor key={`${editRoom.roomId}@${editRoom.version}`} room={editRoom} onChanged={() => rooms.reload()} onClose={() => setEditing(null)} /> : null}
      {editRoom && access === 'read' ? (
        <SignedHistoryCard
          key={`${editRoom.roomId}@${editRoom.version}`}
          testId="room-history-card"
          title={<TData k="rooms.edit.historyTitle" values={{ room: `${editRoom.name} (${editRoom.roomId})` }} data={['room']} />}
          words="rooms.edit"
          history={roomHistory(api, editRoom.roomId, i18n.language)}
          onClose={() => setEditing(null)}
        />
      ) : null}
      <section className="card">
        <h2>{t('rooms.excursionsTitle')}</h2>
        <Button aria-pressed={openOnly} onClick={() => setOpenOnly((o) => !o)} data-testid="excursions-open-only">
          {t('rooms.openOnly')}
        </Button>
        <ErrorNotice error={list.error} />
        {list.data ? <ExcursionsTable excursions={list.data} {...(canAck ? { acknowledge: (x: ExcursionView) => <AcknowledgeCell excursion={x} onDone={reload} /> } : {})} /> : null}
      </section>
    </>
  );
}
