import { sql } from 'drizzle-orm';
/** Notification channels, rules, the delivery outbox and its audit cursor (migration 0026_notifications.sql). */
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const notifyChannels = pgTable('notify_channels', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  kind: text('kind', { enum: ['dingtalk', 'wecom', 'email'] }).notNull(),
  name: text('name').notNull(),
  lang: text('lang', { enum: ['en', 'zh-CN'] }).notNull(),
  /** url + secret (DingTalk), url (WeCom), to[] (e-mail). Never sent back whole. */
  config: jsonb('config').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  createdBy: text('created_by').notNull(),
  createdAt: at('created_at').notNull(),
});

export const notifyRules = pgTable(
  'notify_rules',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    event: text('event').notNull(),
    role: text('role').notNull(),
    channelId: bigint('channel_id', { mode: 'number' }).notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [uniqueIndex('notify_rules_unique').on(t.event, t.role, t.channelId)],
);

export const notifyDeliveries = pgTable(
  'notify_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    event: text('event').notNull(),
    auditId: bigint('audit_id', { mode: 'number' }),
    subject: text('subject').notNull(),
    channelId: bigint('channel_id', { mode: 'number' }).notNull(),
    role: text('role').notNull(),
    lang: text('lang', { enum: ['en', 'zh-CN'] }).notNull(),
    title: text('title').notNull(),
    body: jsonb('body').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    nextAt: at('next_at').notNull(),
    createdAt: at('created_at').notNull(),
    sentAt: at('sent_at'),
    /** The event the notice is about when several audit entries tell it (a station deviation): one notice per channel (migration 0037). */
    eventKey: text('event_key'),
  },
  (t) => [
    uniqueIndex('notify_deliveries_once').on(t.auditId, t.channelId),
    uniqueIndex('notify_deliveries_event_once').on(t.channelId, t.eventKey).where(sql`${t.eventKey} is not null`),
    index('notify_deliveries_due').on(t.status, t.nextAt),
  ],
);

export const notifyCursor = pgTable('notify_cursor', {
  name: text('name').primaryKey(),
  lastAuditId: bigint('last_audit_id', { mode: 'number' }).notNull(),
});
