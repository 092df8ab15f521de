/**
 * Notifications for IT (issue 13 item 6): the channels messages go to (webhook tokens masked by
 * the hub), who hears of which event on which channel, and the recent deliveries with their
 * outcome. Read-only here: channels and rules are set over /api/v1/notify (audited).
 */
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ChannelViewSchema, DeliveryViewSchema, NOTIFY_PREFIX, RuleViewSchema } from '../../src-shared/notify/notify-contract.ts';
import { Button } from '../../src-renderer/components/controls.tsx';
import { useConsole } from '../console-context.ts';
import { useLoad } from '../components/use-load.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { formatTime } from '../components/format.ts';

const STATUS_BADGE = { sent: 'badge-ok', pending: 'badge-warn', failed: 'badge-bad' } as const;

export function NotifyScreen() {
  const { t, i18n } = useTranslation();
  const { api } = useConsole();
  const channels = useLoad(() => api.get(`${NOTIFY_PREFIX}/channels`, z.array(ChannelViewSchema)), 'notify-channels');
  const rules = useLoad(() => api.get(`${NOTIFY_PREFIX}/rules`, z.array(RuleViewSchema)), 'notify-rules');
  const deliveries = useLoad(() => api.get(`${NOTIFY_PREFIX}/deliveries`, z.array(DeliveryViewSchema)), 'notify-deliveries');
  const channelName = (id: number) => channels.data?.find((c) => c.id === id)?.name ?? `#${id}`;
  const reload = () => {
    channels.reload();
    rules.reload();
    deliveries.reload();
  };
  return (
    <>
      <h1>{t('notifyScreen.title')}</h1>
      <Button onClick={reload}>{t('common.refresh')}</Button>
      <ErrorNotice error={channels.error ?? rules.error ?? deliveries.error} />
      <h2>{t('notifyScreen.channels')}</h2>
      {channels.data && channels.data.length === 0 ? <p>{t('notifyScreen.noChannels')}</p> : null}
      {channels.data && channels.data.length > 0 ? (
        <table data-testid="notify-channels">
          <thead>
            <tr>
              <th>{t('notifyScreen.name')}</th>
              <th>{t('notifyScreen.kind')}</th>
              <th>{t('notifyScreen.lang')}</th>
              <th>{t('notifyScreen.target')}</th>
              <th>{t('notifyScreen.added')}</th>
            </tr>
          </thead>
          <tbody>
            {channels.data.map((c) => (
              <tr key={c.id} data-testid={`notify-channel-${c.id}`}>
                <td translate="no">{c.name}</td>
                <td>{t(`notifyScreen.kinds.${c.kind}`)}</td>
                <td>{t(`notifyScreen.langs.${c.lang}`)}</td>
                <td translate="no">{c.target}</td>
                <td>
                  {formatTime(c.createdAt, i18n.language)} <span translate="no">{c.createdBy}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h2>{t('notifyScreen.rules')}</h2>
      {rules.data && rules.data.length === 0 ? <p>{t('notifyScreen.noRules')}</p> : null}
      {rules.data && rules.data.length > 0 ? (
        <table data-testid="notify-rules">
          <thead>
            <tr>
              <th>{t('notifyScreen.event')}</th>
              <th>{t('notifyScreen.role')}</th>
              <th>{t('notifyScreen.channel')}</th>
            </tr>
          </thead>
          <tbody>
            {rules.data.map((r) => (
              <tr key={r.id}>
                <td>{t(`notifyScreen.events.${r.event}`)}</td>
                <td>{t(`roles.${r.role}`, { defaultValue: r.role })}</td>
                <td translate="no">{channelName(r.channelId)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h2>{t('notifyScreen.deliveries')}</h2>
      {deliveries.data && deliveries.data.length === 0 ? <p>{t('notifyScreen.noDeliveries')}</p> : null}
      {deliveries.data && deliveries.data.length > 0 ? (
        <table data-testid="notify-deliveries">
          <thead>
            <tr>
              <th>{t('notifyScreen.created')}</th>
              <th>{t('notifyScreen.event')}</th>
              <th>{t('notifyScreen.subject')}</th>
              <th>{t('notifyScreen.channel')}</th>
              <th>{t('notifyScreen.status')}</th>
              <th>{t('notifyScreen.attempts')}</th>
              <th>{t('notifyScreen.outcome')}</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.data.map((d) => (
              <tr key={d.id} data-testid={`notify-delivery-${d.id}`}>
                <td>{formatTime(d.createdAt, i18n.language)}</td>
                <td>{t(`notifyScreen.events.${d.event}`)}</td>
                <td translate="no">{d.subject}</td>
                <td translate="no">{channelName(d.channelId)}</td>
                <td>
                  <span className={`badge ${STATUS_BADGE[d.status]}`} data-status={d.status}>
                    {t(`notifyScreen.statuses.${d.status}`)}
                  </span>
                </td>
                <td>{d.attempts}</td>
                <td>
                  {d.sentAt ? t('notifyScreen.sentAt', { at: formatTime(d.sentAt, i18n.language) }) : null}
                  {d.lastError ? (
                    <div className="hint" translate="no">
                      {d.lastError}
                    </div>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
