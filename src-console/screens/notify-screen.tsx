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
import { ListTable } from '../components/list-table.tsx';

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
      <ListTable
        list={{ data: channels.data, loading: channels.loading }}
        empty={t('notifyScreen.noChannels')}
        testId="notify-channels"
        rowKey={(c) => c.id}
        rowProps={(c) => ({ 'data-testid': `notify-channel-${c.id}` })}
        columns={[
          { header: t('notifyScreen.name'), noTranslate: true, cell: (c) => c.name },
          { header: t('notifyScreen.kind'), cell: (c) => t(`notifyScreen.kinds.${c.kind}`) },
          { header: t('notifyScreen.lang'), cell: (c) => t(`notifyScreen.langs.${c.lang}`) },
          { header: t('notifyScreen.target'), noTranslate: true, cell: (c) => c.target },
          {
            header: t('notifyScreen.added'),
            cell: (c) => (
              <>
                {formatTime(c.createdAt, i18n.language)} <span translate="no">{c.createdBy}</span>
              </>
            ),
          },
        ]}
      />
      <h2>{t('notifyScreen.rules')}</h2>
      <ListTable
        list={{ data: rules.data, loading: rules.loading }}
        empty={t('notifyScreen.noRules')}
        testId="notify-rules"
        rowKey={(r) => r.id}
        columns={[
          { header: t('notifyScreen.event'), cell: (r) => t(`notifyScreen.events.${r.event}`) },
          { header: t('notifyScreen.role'), cell: (r) => t(`roles.${r.role}`, { defaultValue: r.role }) },
          { header: t('notifyScreen.channel'), noTranslate: true, cell: (r) => channelName(r.channelId) },
        ]}
      />
      <h2>{t('notifyScreen.deliveries')}</h2>
      <ListTable
        list={{ data: deliveries.data, loading: deliveries.loading }}
        empty={t('notifyScreen.noDeliveries')}
        testId="notify-deliveries"
        rowKey={(d) => d.id}
        rowProps={(d) => ({ 'data-testid': `notify-delivery-${d.id}` })}
        columns={[
          { header: t('notifyScreen.created'), cell: (d) => formatTime(d.createdAt, i18n.language) },
          { header: t('notifyScreen.event'), cell: (d) => t(`notifyScreen.events.${d.event}`) },
          { header: t('notifyScreen.subject'), noTranslate: true, cell: (d) => d.subject },
          { header: t('notifyScreen.channel'), noTranslate: true, cell: (d) => channelName(d.channelId) },
          {
            header: t('notifyScreen.status'),
            cell: (d) => (
              <span className={`badge ${STATUS_BADGE[d.status]}`} data-status={d.status}>
                {t(`notifyScreen.statuses.${d.status}`)}
              </span>
            ),
          },
          { header: t('notifyScreen.attempts'), cell: (d) => d.attempts },
          {
            header: t('notifyScreen.outcome'),
            cell: (d) => (
              <>
                {d.sentAt ? t('notifyScreen.sentAt', { at: formatTime(d.sentAt, i18n.language) }) : null}
                {d.lastError ? (
                  <div className="hint" translate="no">
                    {d.lastError}
                  </div>
                ) : null}
              </>
            ),
          },
        ]}
      />
    </>
  );
}
