/**
 * Notifications (issue 13 item 6): an event at the hub — here a deviation and an OOS — is pushed to the people on call on DingTalk and WeCom group robots and by
 * e-mail, per event and role, in each channel's language; each delivery is retried and its outcome
 * recorded. The robots and the mail server are local servers that check the documented request
 * format and, for DingTalk, the signature.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from '../quality/support/quality-hub.ts';
import { ADMIN_PASSWORD } from '../hub/support/test-hub.ts';
import type { ChannelView, DeliveryView } from '../../src-shared/notify/notify-contract.ts';
import { dingtalkRequest, dingtalkSign } from '../../src-server/notify/notify-senders.ts';
import { renderNotice } from '../../src-shared/notify/notify-text.ts';
import { NotifyService } from '../../src-server/notify/notify-service.ts';
import { hubAudit } from '../../src-server/db/schema.ts';
import { notifyChannels } from '../../src-server/notify/notify-schema.ts';
import { eq } from 'drizzle-orm';

interface RobotCall {
  path: string;
  query: URLSearchParams;
  body: { msgtype: string; markdown: { title?: string; text?: string; content?: string } };
  signOk?: boolean;
}

/** A robot as documented: checks the request, answers {"errcode":0}; `failNext` answers HTTP 500 that many times. */
function fakeRobot(kind: 'dingtalk' | 'wecom', secret?: string) {
  const calls: RobotCall[] = [];
  const state = { failNext: 0, now: () => Date.now() };
  const server: Server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://robot');
      if (state.failNext > 0) {
        state.failNext--;
        res.writeHead(500).end('busy');
        return;
      }
      const body = JSON.parse(raw) as RobotCall['body'];
      const call: RobotCall = { path: url.pathname, query: url.searchParams, body };
      if (kind === 'dingtalk') {
        // https://open.dingtalk.com/document/robots/customize-robot-security-settings : the string to sign is
        // timestamp + "\n" + secret, HmacSHA256 with the secret as key, then Base64, then URL-encoded.
        const ts = url.searchParams.get('timestamp')!;
        const expected = createHmac('sha256', secret!).update(`${ts}\n${secret}`).digest('base64');
        call.signOk = url.searchParams.get('sign') === expected && Math.abs(Number(ts) - state.now()) < 3_600_000;
        if (!call.signOk) return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errcode: 310000, errmsg: 'sign not match' }));
      } else if (kind === 'wecom' && (url.searchParams.get('key') !== 'wecom-key-1' || Buffer.byteLength(body.markdown.content ?? '') > 4096)) {
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errcode: 93000, errmsg: 'invalid webhook url' }));
      }
      calls.push(call);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
    });
  });
  return {
    calls,
    state,
    async start(): Promise<string> {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const DING_SECRET = 'SECd1n6741k-test-secret-0123456789';

describe('notifications to DingTalk, WeCom and e-mail', () => {
  let q: QualityHub;
  const ding = fakeRobot('dingtalk', DING_SECRET);
  const wecom = fakeRobot('wecom');
  const mails: { to: string[]; raw: string }[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  let channels: Record<'ding' | 'wecom' | 'mail' | 'dead', ChannelView>;
  let dingUrl = '';
  // A fresh login each time: the tests move the shared clock on by hours, past any session.
  const admin = async <T>(method: string, path: string, body?: unknown) => {
    const login = await q.hub.api<{ token: string }>('POST', '/api/v1/auth/login', { username: 'it.admin', password: ADMIN_PASSWORD });
    expect(login.status).toBe(200);
    return q.hub.api<T>(method, path, body, login.body.token);
  };
  const qa = async <T>(method: string, path: string, body?: unknown) => q.hub.api<T>(method, path, body, await q.token('qa.hub'));
  const run = async () => (await admin<{ raised: number; sent: number; failed: number; retrying: number }>('POST', '/api/v1/notify/run')).body;
  const deliveries = async (subject: string) => {
    const r = await admin<DeliveryView[]>('GET', `/api/v1/notify/deliveries?subject=${encodeURIComponent(subject)}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };
  const raise = async (kind: 'deviation' | 'oos', title: string) => {
    const r = await qa<{ id: string }>('POST', '/api/v1/quality/deviations', { kind, title, description: 'Seen during the line walk; details in the logbook.', password: HUB_PASSWORD });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id;
  };

  // The integration project shares worker processes between files (isolate: false): what this
  // file sets in process.env is put back as it was, not deleted (the suite sets the interval).
  const envBefore = { url: process.env.BATCHLINE_SMTP_URL, from: process.env.BATCHLINE_SMTP_FROM, interval: process.env.BATCHLINE_NOTIFY_INTERVAL_MS };
  const restoreEnv = (name: string, value: string | undefined) => {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  };

  beforeAll(async () => {
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    process.env.BATCHLINE_SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
    process.env.BATCHLINE_SMTP_FROM = 'batchline@plant.example';
    process.env.BATCHLINE_NOTIFY_INTERVAL_MS = '0';
    q = await startQualityHub('pglite');
    ding.state.now = () => q.station.clock.now().getTime();
    dingUrl = `${await ding.start()}/robot/send?access_token=tok-123`;
    const wecomUrl = `${await wecom.start()}/cgi-bin/webhook/send?key=wecom-key-1`;
    const add = async (body: unknown) => {
      const r = await admin<ChannelView>('POST', '/api/v1/notify/channels', body);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body;
    };
    channels = {
      ding: await add({ kind: 'dingtalk', name: 'QA on call (DingTalk)', lang: 'zh-CN', url: dingUrl, secret: DING_SECRET }),
      wecom: await add({ kind: 'wecom', name: 'Production QA (WeCom)', lang: 'en', url: wecomUrl }),
      mail: await add({ kind: 'email', name: 'QA mailbox', lang: 'en', to: ['qa@plant.example', 'qp@plant.example'] }),
      dead: await add({ kind: 'wecom', name: 'Old group', lang: 'en', url: 'http://127.0.0.1:9/cgi-bin/webhook/send?key=wecom-key-1' }),
    };
    const rule = async (event: string, role: string, channelId: number) => expect((await admin('POST', '/api/v1/notify/rules', { event, role, channelId })).status).toBe(201);
    await rule('deviation-raised', 'qa', channels.ding.id);
    await rule('deviation-raised', 'qa', channels.mail.id);
    await rule('oos', 'qa', channels.wecom.id);
    await rule('oos', 'qp', channels.wecom.id);
    await rule('oos', 'qa', channels.dead.id);
  }, 120_000);
  afterAll(async () => {
    restoreEnv('BATCHLINE_SMTP_URL', envBefore.url);
    restoreEnv('BATCHLINE_SMTP_FROM', envBefore.from);
    restoreEnv('BATCHLINE_NOTIFY_INTERVAL_MS', envBefore.interval);
    await q?.close();
    await ding.close();
    await wecom.close();
    await new Promise<void>((r) => smtp.close(() => r()));
  });

  it('FR-65 DingTalk: the webhook carries timestamp and sign = Base64(HMAC-SHA256 keyed with the secret over timestamp, newline, secret), URL-encoded, as documented', () => {
    // Worked by hand for a fixed time: the same computation the robot does.
    const ts = 1_700_000_000_000;
    const sign = dingtalkSign(DING_SECRET, ts);
    expect(sign).toBe(createHmac('sha256', DING_SECRET).update(`1700000000000\n${DING_SECRET}`).digest('base64'));
    const req = dingtalkRequest('https://oapi.dingtalk.com/robot/send?access_token=abc', DING_SECRET, renderNotice({ event: 'alarm', subject: 'R-101', actor: 'hub', at: 'now', facts: [] }, 'en'), new Date(ts));
    const u = new URL(req.url);
    expect(u.searchParams.get('access_token')).toBe('abc');
    expect(u.searchParams.get('timestamp')).toBe('1700000000000');
    expect(u.searchParams.get('sign')).toBe(sign);
    // Base64 '+', '/' and '=' travel percent-encoded in the query
    expect(req.url).not.toMatch(/sign=[^&]*[+/=]/);
    expect(req.body).toMatchObject({ msgtype: 'markdown', markdown: { title: '[Batchline] Alarm: R-101' } });
  });

  it('FR-65 channels are shown without their secret or webhook token; bad channels, rules and callers are refused', async () => {
    const list = (await admin<ChannelView[]>('GET', '/api/v1/notify/channels')).body;
    expect(JSON.stringify(list)).not.toContain(DING_SECRET);
    expect(JSON.stringify(list)).not.toContain('tok-123');
    expect(JSON.stringify(list)).not.toContain('wecom-key-1');
    expect(list.find((c) => c.id === channels.mail.id)!.target).toBe('qa@plant.example, qp@plant.example');
    expect((await admin('POST', '/api/v1/notify/channels', { kind: 'email', name: 'x', lang: 'en', to: ['not an address'] })).status).toBe(400);
    expect((await admin('POST', '/api/v1/notify/channels', { kind: 'dingtalk', name: 'x', lang: 'fr', url: 'https://x', secret: 'SEC12345678' })).status).toBe(400);
    const unknown = await admin<{ error: { code: string } }>('POST', '/api/v1/notify/rules', { event: 'oos', role: 'qa', channelId: 999_999 });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'NOTIFY_CHANNEL_UNKNOWN']);
    expect((await admin('POST', '/api/v1/notify/rules', { event: 'oos', role: 'qa', channelId: channels.wecom.id })).status).toBe(409);
    expect((await qa('POST', '/api/v1/notify/channels', { kind: 'wecom', name: 'mine', lang: 'en', url: 'http://127.0.0.1:1/x' })).status).toBe(403);
    expect((await q.hub.api('GET', '/api/v1/notify/deliveries', undefined, 'no-token')).status).toBe(401);
  });

  it('FR-65 a deviation raised at the hub reaches QA on DingTalk in Chinese and by e-mail in English, once', async () => {
    const before = { ding: ding.calls.length, mails: mails.length };
    const id = await raise('deviation', 'Torn glove found in booth 2');
    const r = await run();
    expect(r).toMatchObject({ raised: 2, sent: 2, failed: 0 });
    const call = ding.calls.at(-1)!;
    expect(ding.calls.length).toBe(before.ding + 1);
    expect(call.signOk).toBe(true);
    expect(call.body.msgtype).toBe('markdown');
    expect(call.body.markdown.title).toBe(`[Batchline] 已提出偏差: ${id}`);
    expect(call.body.markdown.text).toContain('**内容**：Torn glove found in booth 2');
    expect(call.body.markdown.text).toContain('**操作人**：qa.hub');
    expect(mails.length).toBe(before.mails + 1);
    expect(mails.at(-1)!.to).toEqual(['qa@plant.example', 'qp@plant.example']);
    expect(mails.at(-1)!.raw).toContain(`Subject: [Batchline] Deviation raised: ${id}`);
    expect(mails.at(-1)!.raw).toContain('What: Torn glove found in booth 2');
    // the same audit entry is never pushed twice, by this pass or by another hub process on the same database
    expect(await run()).toMatchObject({ raised: 0, sent: 0 });
    const other = new NotifyService(q.hub.hub.services.ctx, { smtp: null });
    expect(await other.runOnce()).toMatchObject({ raised: 0, sent: 0 });
    const log = await deliveries(id);
    expect(log.map((d) => [d.channelId, d.lang, d.status, d.attempts]).sort()).toEqual([
      [channels.ding.id, 'zh-CN', 'sent', 1],
      [channels.mail.id, 'en', 'sent', 1],
    ].sort());
  });

  it('FR-65 an OOS goes to WeCom once although two roles on call share the group; a busy robot is retried with backoff and the outcome recorded; an unreachable one is given up and audited', async () => {
    wecom.state.failNext = 2;
    const id = await raise('oos', 'Assay 93.1 % (spec 95.0–105.0 %)');
    const first = await run();
    expect(first).toMatchObject({ raised: 2, sent: 0, retrying: 2 });
    // not due yet: nothing is sent before the backoff has run
    expect(await run()).toMatchObject({ sent: 0, retrying: 0 });
    q.station.clock.advance(10_000);
    expect(await run()).toMatchObject({ sent: 0, retrying: 2 });
    q.station.clock.advance(20_000);
    expect(await run()).toMatchObject({ sent: 1, retrying: 1 });
    const sent = (await deliveries(id)).find((d) => d.channelId === channels.wecom.id)!;
    expect(sent).toMatchObject({ status: 'sent', attempts: 3, lastError: null, lang: 'en', title: `[Batchline] Out of specification: ${id}` });
    expect(wecom.calls.at(-1)!.body.markdown.content).toContain('Assay 93.1 % \\(spec 95.0–105.0 %\\)');
    // the dead channel: retried until the last attempt, then failed, with the reason, in the hub audit trail
    for (let i = 0; i < 8; i++) {
      q.station.clock.advance(3_600_000);
      await run();
    }
    const dead = (await deliveries(id)).find((d) => d.channelId === channels.dead.id)!;
    expect(dead.status).toBe('failed');
    expect(dead.attempts).toBe(8);
    expect(dead.lastError).toMatch(/cannot reach 127\.0\.0\.1:9/);
    const auditRows = await q.hub.hub.db.orm.select().from(hubAudit).where(eq(hubAudit.action, 'notify.failed'));
    expect(auditRows).toEqual([expect.objectContaining({ actor: 'hub', subject: id, ok: false, details: expect.objectContaining({ channelId: channels.dead.id, attempts: 8, code: 'NOTIFY_DELIVERY_FAILED' }) })]);
  }, 120_000);

  it('FR-65 a test message goes out at once and is in the delivery log', async () => {
    const r = await admin<DeliveryView>('POST', `/api/v1/notify/channels/${channels.ding.id}/test`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ status: 'sent', attempts: 1, lang: 'zh-CN' });
    expect(ding.calls.at(-1)!.body.markdown.text).toContain('测试消息');
    expect((await admin('POST', '/api/v1/notify/channels/424242/test')).status).toBe(404);
  });
  it('FR-66 a deviation past its due date is told to QA at the due date and escalated to the QP a week later, once per level', async () => {
    const rule = async (event: string, role: string, channelId: number) => expect((await admin('POST', '/api/v1/notify/rules', { event, role, channelId })).status).toBe(201);
    await rule('overdue', 'qa', channels.wecom.id);
    await rule('overdue', 'qp', channels.ding.id);
    const id = await raise('deviation', 'Label roll mix-up at line 3');
    const classified = await qa<{ dueAt: string }>('POST', `/api/v1/quality/deviations/${id}/steps`, { step: 'classify', classification: 'critical', password: HUB_PASSWORD });
    expect(classified.status, JSON.stringify(classified.body)).toBe(201);
    await run();
    const calls = () => ({ wecom: wecom.calls.filter((c) => c.body.markdown.content?.includes(id)).length, ding: ding.calls.filter((c) => c.body.markdown.text?.includes(id) && c.body.markdown.title?.includes('逾期')).length });
    expect(calls()).toEqual({ wecom: 0, ding: 0 });
    // 15 days for a critical deviation: one day late, QA hears of it (not the QP yet)
    q.station.clock.advance(16 * 86_400_000);
    await run();
    expect(calls()).toEqual({ wecom: 1, ding: 0 });
    expect(wecom.calls.at(-1)!.body.markdown.content).toContain(`Overdue quality record: ${id}`);
    await run();
    expect(calls()).toEqual({ wecom: 1, ding: 0 });
    // a week after the due date: escalated to the QP, in Chinese on DingTalk
    q.station.clock.advance(7 * 86_400_000);
    await run();
    expect(calls()).toEqual({ wecom: 1, ding: 1 });
    expect(ding.calls.at(-1)!.body.markdown.title).toBe(`[Batchline] 质量记录已逾期: ${id}`);
    q.station.clock.advance(30 * 86_400_000);
    await run();
    expect(calls()).toEqual({ wecom: 1, ding: 1 });
    const levels = (await q.hub.hub.db.orm.select().from(hubAudit).where(eq(hubAudit.action, 'deviation.overdue'))).filter((r) => r.subject === id).map((r) => (r.details as { level: number; escalateTo: string[] }));
    expect(levels).toEqual([expect.objectContaining({ level: 1, escalateTo: ['qa'] }), expect.objectContaining({ level: 2, escalateTo: ['qp'] })]);
  }, 120_000);

  it('FR-65 robot secrets and webhook tokens are sealed under the hub secret: the row holds neither, a sealed value copied to another channel does not open, and a channel stored in clear is sealed at the next pass and still delivers', async () => {
    const orm = q.hub.hub.db.orm;
    const row = async (id: number) => (await orm.select().from(notifyChannels).where(eq(notifyChannels.id, id)))[0]!;
    const stored = JSON.stringify((await row(channels.ding.id)).config);
    expect(stored).toMatch(/"sealed":"sealed:v1:/);
    for (const secret of [DING_SECRET, 'tok-123']) expect(stored).not.toContain(secret);
    expect(JSON.stringify((await row(channels.wecom.id)).config)).not.toContain('wecom-key-1');

    // Someone with database access copies the DingTalk robot's sealed configuration onto another channel.
    const other = (await admin<ChannelView>('POST', '/api/v1/notify/channels', { kind: 'dingtalk', name: 'Copy target', lang: 'en', url: 'http://127.0.0.1:9/robot/send?access_token=x', secret: 'SECother-0123456789' })).body;
    await orm.update(notifyChannels).set({ config: (await row(channels.ding.id)).config }).where(eq(notifyChannels.id, other.id));
    const before = ding.calls.length;
    const copied = await admin<DeliveryView>('POST', `/api/v1/notify/channels/${other.id}/test`);
    expect(copied.body).toMatchObject({ status: 'pending', attempts: 1 });
    expect(copied.body.lastError).toMatch(/does not open/);
    expect(ding.calls.length).toBe(before);

    // A channel written in clear by an earlier version: the next pass seals it, and it delivers as before.
    await orm.update(notifyChannels).set({ config: { kind: 'dingtalk', url: dingUrl, secret: DING_SECRET } }).where(eq(notifyChannels.id, other.id));
    await run();
    const resealed = JSON.stringify((await row(other.id)).config);
    expect(resealed).toMatch(/"sealed":"sealed:v1:/);
    expect(resealed).not.toContain(DING_SECRET);
    const sent = await admin<DeliveryView>('POST', `/api/v1/notify/channels/${other.id}/test`);
    expect(sent.body).toMatchObject({ status: 'sent', attempts: 1 });
    expect(ding.calls.length).toBe(before + 1);
    expect((await admin<ChannelView[]>('GET', '/api/v1/notify/channels')).body.find((c) => c.id === other.id)!.target).toBe(new URL(dingUrl).origin + '/robot/send?…');
  });
});
