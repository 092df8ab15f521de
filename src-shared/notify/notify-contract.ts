/**
 * Notifications (issue 13 item 6): an alarm, an OOS, an excursion or an approval waiting is
 * pushed to the people on call — DingTalk and WeCom group robots, e-mail — chosen per event and
 * role, in the channel's language; every delivery is retried and its outcome recorded.
 */
import { z } from 'zod';
import { HubRole } from '../sync/sync-protocol.ts';

export const NOTIFY_PREFIX = '/api/v1/notify';

/** What the plant is told about. Each comes from a hub audit action (notify-events.ts at the hub). */
export const NOTIFY_EVENTS = ['deviation-raised', 'oos', 'excursion', 'alarm', 'approval-waiting', 'overdue'] as const;
export const NotifyEvent = z.enum(NOTIFY_EVENTS);
export type NotifyEvent = z.infer<typeof NotifyEvent>;

export const NOTIFY_CHANNEL_KINDS = ['dingtalk', 'wecom', 'email'] as const;
export const ChannelKind = z.enum(NOTIFY_CHANNEL_KINDS);
export type ChannelKind = z.infer<typeof ChannelKind>;
export const NotifyLang = z.enum(['en', 'zh-CN']);
export type NotifyLang = z.infer<typeof NotifyLang>;

const Email = z.string().trim().email().max(254);

/** A place messages go: a group robot's webhook, or a list of e-mail addresses, and the language its readers read. */
export const NewChannelSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('dingtalk'),
    name: z.string().trim().min(1).max(100),
    lang: NotifyLang,
    /** The robot's webhook (https://oapi.dingtalk.com/robot/send?access_token=…). */
    url: z.string().url().max(1000),
    /** The robot's signing secret ("加签", SEC…): every request carries timestamp and HMAC-SHA256 sign. */
    secret: z.string().min(8).max(200),
  }),
  z.object({ kind: z.literal('wecom'), name: z.string().trim().min(1).max(100), lang: NotifyLang, url: z.string().url().max(1000) }),
  z.object({ kind: z.literal('email'), name: z.string().trim().min(1).max(100), lang: NotifyLang, to: z.array(Email).min(1).max(50) }),
]);
export type NewChannel = z.infer<typeof NewChannelSchema>;

/** A channel as the hub shows it: never the secret, and the webhook's token masked. */
export const ChannelViewSchema = z.object({
  id: z.number().int(),
  kind: ChannelKind,
  name: z.string(),
  lang: NotifyLang,
  target: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type ChannelView = z.infer<typeof ChannelViewSchema>;

/** Who hears of what: an event, the role on call for it, and the channel that reaches them. */
export const NewRuleSchema = z.object({ event: NotifyEvent, role: HubRole, channelId: z.number().int().positive() });
export type NewRule = z.infer<typeof NewRuleSchema>;
export const RuleViewSchema = NewRuleSchema.extend({ id: z.number().int(), createdBy: z.string(), createdAt: z.string() });
export type RuleView = z.infer<typeof RuleViewSchema>;

export const DeliveryStatus = z.enum(['pending', 'sent', 'failed']);
export const DeliveryViewSchema = z.object({
  id: z.number().int(),
  event: NotifyEvent,
  /** The hub audit entry that raised it (or null for a test message). */
  auditId: z.number().int().nullable(),
  subject: z.string(),
  channelId: z.number().int(),
  role: z.string(),
  lang: NotifyLang,
  title: z.string(),
  status: DeliveryStatus,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type DeliveryView = z.infer<typeof DeliveryViewSchema>;
