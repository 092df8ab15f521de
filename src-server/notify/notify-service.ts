/**
 * Notifications at the hub (issue 13 item 6). Three steps, each safe to repeat and to run in
 * two hub processes at once:
 *  1. raise: read the hub audit trail after the cursor; each entry that is an event
 *     (notify-events.ts) becomes one delivery per channel whose rule names that event — the
 *     message rendered in the channel's language — in the same transaction that moves the
 *     cursor (unique per audit entry and channel: never twice, never lost across a restart);
 *  2. deliver: claim due deliveries (FOR UPDATE SKIP LOCKED, leased), send, record the outcome;
 *  3. retry with backoff; after the last attempt the delivery is "failed" and the failure is an
 *     audited event itself.
 */
import { and, asc, desc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import { openField, sealField } from '../../src-core/crypto/sealed-field.ts';
import { audit } from '../admin/hub-audit.ts';
import type { HubPrincipal } from '../admin/admin-auth.ts';
import { hubAudit } from '../db/schema.ts';
import type { HubContext } from '../hub-context.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';
import type { ChannelView, DeliveryView, NewChannel, NewRule, NotifyEvent, NotifyLang, RuleView } from '../../src-shared/notify/notify-contract.ts';
import { renderNotice, type RenderedNotice } from '../../src-shared/notify/notify-text.ts';
import { noticeOf, type AuditRow } from './notify-events.ts';
import { sweepOverdue } from './overdue-sweep.ts';
import { IpqcProjector } from '../quality/ipqc/ipqc-projector.ts';
import { sweepIpqcOverdue } from '../quality/ipqc/ipqc-overdue-sweep.ts';
import { sweepConcurrentSessions } from '../quality/session-use.ts';
import { HubAlarmService } from '../alarm/alarm-service.ts';
import { maskedTarget, sendNotice, type ChannelConfig, type SmtpConfig } from './notify-senders.ts';
import { notifyChannels, notifyCursor, notifyDeliveries, notifyRules } from './notify-schema.ts';

export interface NotifyOptions {
  smtp: SmtpConfig | null;
  /** Attempts before a delivery is given up as failed (default 8). */
  maxAttempts?: number;
  /** First retry after this many ms, doubling up to an hour (default 10 s). */
  retryBaseMs?: number;
  timeoutMs?: number;
}

const LEASE_MS = 60_000;
const CHANNEL_SEAL = 'notify-channel';

/** What notify_channels.config holds: the target for lists, masked; url, token, secret and addresses sealed. */
type StoredChannelConfig = { target: string; sealed: string };
const BATCH = 500;

export class NotifyService {
  constructor(
    private readonly ctx: HubContext,
    private readonly options: NotifyOptions,
  ) {}

  // ---- configuration (administrators; audited) ----

  async addChannel(actor: HubPrincipal, input: NewChannel): Promise<ChannelView> {
    const now = this.ctx.clock.now();
    const config: ChannelConfig = input.kind === 'dingtalk' ? { kind: 'dingtalk', url: input.url, secret: input.secret } : input.kind === 'wecom' ? { kind: 'wecom', url: input.url } : { kind: 'email', to: input.to };
    const target = maskedTarget(config);
    return this.ctx.db.transaction(async (tx) => {
      // The row's id binds the sealed value to it, so it is sealed right after the insert, in the same transaction.
      const [inserted] = await tx.insert(notifyChannels).values({ kind: input.kind, name: input.name, lang: input.lang, config: { target }, createdBy: actor.username, createdAt: now }).returning();
      const [row] = await tx.update(notifyChannels).set({ config: this.sealed(inserted!.id, config) }).where(eq(notifyChannels.id, inserted!.id)).returning();
      await audit(tx, now, { actor: actor.username, action: 'notify.channel_added', subject: String(row!.id), details: { kind: input.kind, name: input.name, lang: input.lang, target } });
      return channelView(row!);
    });
  }

  /** Stored form of a channel's configuration: the masked target in clear, the rest sealed under the hub secret. */
  private sealed(id: number, config: ChannelConfig): StoredChannelConfig {
    return { target: maskedTarget(config), sealed: sealField(this.ctx.sealing(CHANNEL_SEAL), JSON.stringify(config), String(id)) };
  }

  private opened(row: typeof notifyChannels.$inferSelect): Result<ChannelConfig> {
    const stored = row.config as StoredChannelConfig | ChannelConfig;
    if (!('sealed' in stored)) return ok(stored as ChannelConfig);
    const opened = openField(this.ctx.sealing(CHANNEL_SEAL), stored.sealed, String(row.id));
    return opened.ok ? ok(JSON.parse(opened.value.value) as ChannelConfig) : opened;
  }

  /** Channels stored in clear by an earlier version are sealed once (each pass looks; normally none). */
  private async sealLegacyChannels(): Promise<void> {
    const legacy = await this.ctx.db.select().from(notifyChannels).where(sql`${notifyChannels.config} ->> 'sealed' is null`);
    for (const row of legacy) {
      const config = row.config as ChannelConfig;
      await this.ctx.db.update(notifyChannels).set({ config: this.sealed(row.id, config) }).where(and(eq(notifyChannels.id, row.id), sql`${notifyChannels.config} ->> 'sealed' is null`));
    }
  }

  async channels(): Promise<ChannelView[]> {
    return (await this.ctx.db.select().from(notifyChannels).orderBy(asc(notifyChannels.id))).map(channelView);
  }

  async addRule(actor: HubPrincipal, input: NewRule): Promise<Result<RuleView>> {
    const now = this.ctx.clock.now();
    return this.ctx.db.transaction(async (tx): Promise<Result<RuleView>> => {
      const [channel] = await tx.select({ id: notifyChannels.id }).from(notifyChannels).where(eq(notifyChannels.id, input.channelId));
      if (!channel) return err('NOTIFY_CHANNEL_UNKNOWN', `no notification channel ${input.channelId}`);
      const [row] = await tx.insert(notifyRules).values({ ...input, createdBy: actor.username, createdAt: now }).onConflictDoNothing().returning();
      if (!row) return err('CONFLICT', `${input.role} already hears of ${input.event} on channel ${input.channelId}`);
      await audit(tx, now, { actor: actor.username, action: 'notify.rule_added', subject: String(row.id), details: { event: input.event, role: input.role, channelId: input.channelId } });
      return ok(ruleView(row));
    });
  }

  async rules(): Promise<RuleView[]> {
    return (await this.ctx.db.select().from(notifyRules).orderBy(asc(notifyRules.id))).map(ruleView);
  }

  async deliveries(filter: { subject?: string | undefined; status?: 'pending' | 'sent' | 'failed' | undefined } = {}): Promise<DeliveryView[]> {
    const where = and(filter.subject ? eq(notifyDeliveries.subject, filter.subject) : undefined, filter.status ? eq(notifyDeliveries.status, filter.status) : undefined);
    return (await this.ctx.db.select().from(notifyDeliveries).where(where).orderBy(desc(notifyDeliveries.id)).limit(500)).map(deliveryView);
  }

  /** A test message to one channel, delivered like any other (and recorded). */
  async test(actor: HubPrincipal, channelId: number): Promise<Result<DeliveryView>> {
    const [channel] = await this.ctx.db.select().from(notifyChannels).where(eq(notifyChannels.id, channelId));
    if (!channel) return err('NOTIFY_CHANNEL_UNKNOWN', `no notification channel ${channelId}`);
    const now = this.ctx.clock.now();
    const notice = renderNotice({ event: 'alarm', subject: `test ${channel.name}`, actor: actor.username, at: this.at(now), facts: [['summary', channel.lang === 'zh-CN' ? '测试消息' : 'test message']] }, channel.lang);
    const [row] = await this.ctx.db
      .insert(notifyDeliveries)
      .values({ event: 'alarm', auditId: null, subject: `test ${channel.name}`, channelId, role: actor.roles[0] ?? 'admin', lang: channel.lang, title: notice.title, body: notice, status: 'pending', nextAt: now, createdAt: now })
      .returning();
    await this.deliverDue([row!.id]);
    const [after] = await this.ctx.db.select().from(notifyDeliveries).where(eq(notifyDeliveries.id, row!.id));
    return ok(deliveryView(after!));
  }

  // ---- the loop ----

  /** One pass: raise from the audit trail, then deliver what is due. Returns what it did. */
  async runOnce(): Promise<{ raised: number; sent: number; failed: number; retrying: number }> {
    await this.sealLegacyChannels();
    // IPQC alerts and late results synced from stations reach the audit trail as they are projected;
    // checks with no result past their grace, by the sweep.
    await new IpqcProjector(this.ctx).catchUp();
    await sweepIpqcOverdue(this.ctx);
    await sweepConcurrentSessions(this.ctx);
    await sweepOverdue(this.ctx);
    await new HubAlarmService(this.ctx).sweepEscalations();
    const raised = await this.raise();
    const r = await this.deliverDue();
    return { raised, ...r };
  }

  private async raise(): Promise<number> {
    return this.ctx.db.transaction(async (tx) => {
      const [cursor] = await tx.select().from(notifyCursor).where(eq(notifyCursor.name, 'audit')).for('update');
      const from = cursor?.lastAuditId ?? 0;
      const rows = (await tx.select().from(hubAudit).where(gt(hubAudit.id, from)).orderBy(asc(hubAudit.id)).limit(BATCH)) as AuditRow[];
      if (rows.length === 0) return 0;
      const rules = await tx.select().from(notifyRules).innerJoin(notifyChannels, eq(notifyChannels.id, notifyRules.channelId)).where(eq(notifyChannels.enabled, true));
      let raised = 0;
      for (const row of rows) {
        const notice = noticeOf(row);
        if (!notice) continue;
        const seen = new Set<number>();
        for (const { notify_rules: rule, notify_channels: channel } of rules) {
          if (rule.event !== notice.event || seen.has(channel.id) || (notice.roles && !notice.roles.includes(rule.role))) continue;
          seen.add(channel.id);
          const text = renderNotice({ event: notice.event, subject: row.subject, actor: row.actor, at: this.at(row.at), facts: notice.facts }, channel.lang);
          const inserted = await tx
            .insert(notifyDeliveries)
            .values({ event: notice.event, auditId: row.id, subject: row.subject, channelId: channel.id, role: rule.role, lang: channel.lang, title: text.title, body: text, status: 'pending', nextAt: row.at, createdAt: this.ctx.clock.now(), eventKey: notice.key ?? null })
            // Once per audit entry and channel, and once per event and channel (notice.key).
            .onConflictDoNothing()
            .returning({ id: notifyDeliveries.id });
          raised += inserted.length;
        }
      }
      const last = rows[rows.length - 1]!.id;
      await tx.insert(notifyCursor).values({ name: 'audit', lastAuditId: last }).onConflictDoUpdate({ target: notifyCursor.name, set: { lastAuditId: last } });
      return raised;
    });
  }

  private async deliverDue(only?: number[]): Promise<{ sent: number; failed: number; retrying: number }> {
    const now = this.ctx.clock.now();
    // Claim: due rows, skipping those another hub process holds; the lease keeps them ours while we send.
    const claimed = await this.ctx.db.transaction(async (tx) => {
      const due = await tx
        .select()
        .from(notifyDeliveries)
        .where(and(eq(notifyDeliveries.status, 'pending'), lte(notifyDeliveries.nextAt, now), only ? inArray(notifyDeliveries.id, only) : undefined))
        .orderBy(asc(notifyDeliveries.nextAt))
        .limit(20)
        .for('update', { skipLocked: true });
      if (due.length > 0) await tx.update(notifyDeliveries).set({ nextAt: new Date(now.getTime() + LEASE_MS) }).where(inArray(notifyDeliveries.id, due.map((d) => d.id)));
      return due;
    });
    const counts = { sent: 0, failed: 0, retrying: 0 };
    if (claimed.length === 0) return counts;
    const channels = new Map((await this.ctx.db.select().from(notifyChannels).where(inArray(notifyChannels.id, [...new Set(claimed.map((d) => d.channelId))]))).map((c) => [c.id, c]));
    for (const d of claimed) {
      const config = this.opened(channels.get(d.channelId)!);
      const sent = !config.ok ? config : await sendNotice(config.value, d.body as RenderedNotice, { now: this.ctx.clock.now(), smtp: this.options.smtp, ...(this.options.timeoutMs !== undefined && { timeoutMs: this.options.timeoutMs }) });
      const attempts = d.attempts + 1;
      const at = this.ctx.clock.now();
      if (sent.ok) {
        await this.ctx.db.update(notifyDeliveries).set({ status: 'sent', attempts, sentAt: at, lastError: null }).where(eq(notifyDeliveries.id, d.id));
        counts.sent++;
        continue;
      }
      const giveUp = attempts >= (this.options.maxAttempts ?? 8);
      const wait = Math.min((this.options.retryBaseMs ?? 10_000) * 2 ** (attempts - 1), 3_600_000);
      await this.ctx.db.transaction(async (tx) => {
        await tx.update(notifyDeliveries).set({ status: giveUp ? 'failed' : 'pending', attempts, lastError: sent.error.message.slice(0, 500), nextAt: new Date(at.getTime() + wait) }).where(eq(notifyDeliveries.id, d.id));
        if (giveUp) await audit(tx, at, { actor: 'hub', action: 'notify.failed', subject: d.subject, ok: false, details: { deliveryId: d.id, event: d.event, channelId: d.channelId, attempts, code: sent.error.code, message: sent.error.message.slice(0, 500) } });
      });
      if (giveUp) counts.failed++;
      else counts.retrying++;
    }
    return counts;
  }

  /** The hub's local time with its offset, as signatures show it: "2026-12-05 21:30:00 +08:00". */
  private at(d: Date): string {
    const offset = this.ctx.clock.tzOffset(d);
    return `${new Date(d.getTime() + offsetMs(offset)).toISOString().slice(0, 19).replace('T', ' ')} ${offset}`;
  }
}

function offsetMs(offset: string): number {
  const m = /^([+-])(\d\d):(\d\d)$/.exec(offset);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000 : 0;
}

function channelView(r: typeof notifyChannels.$inferSelect): ChannelView {
  const stored = r.config as StoredChannelConfig | ChannelConfig;
  return { id: r.id, kind: r.kind, name: r.name, lang: r.lang as NotifyLang, target: 'sealed' in stored ? stored.target : maskedTarget(stored), createdBy: r.createdBy, createdAt: r.createdAt.toISOString() };
}

function ruleView(r: typeof notifyRules.$inferSelect): RuleView {
  return { id: r.id, event: r.event as NotifyEvent, role: r.role as RuleView['role'], channelId: r.channelId, createdBy: r.createdBy, createdAt: r.createdAt.toISOString() };
}

function deliveryView(r: typeof notifyDeliveries.$inferSelect): DeliveryView {
  return {
    id: r.id,
    event: r.event as NotifyEvent,
    auditId: r.auditId,
    subject: r.subject,
    channelId: r.channelId,
    role: r.role,
    lang: r.lang,
    title: r.title,
    status: r.status,
    attempts: r.attempts,
    lastError: r.lastError,
    createdAt: r.createdAt.toISOString(),
    sentAt: r.sentAt?.toISOString() ?? null,
  };
}

