/**
 * The three ways out (issue 13 item 6), each checked against its documented request format:
 * - DingTalk custom robot with "加签" (sign): the webhook gets `timestamp` (ms) and `sign`, the
 *   Base64 of HMAC-SHA256 over "timestamp\nsecret" keyed with the secret, URL-encoded; the
 *   robot answers {"errcode":0,"errmsg":"ok"}.
 * - WeCom (企业微信) group robot: POST JSON {msgtype:"markdown", markdown:{content}} to the
 *   webhook (…/cgi-bin/webhook/send?key=…); content at most 4096 bytes; answers errcode 0.
 * - E-mail over SMTP with nodemailer.
 * Each send has a time limit and returns a typed failure; the dispatcher retries.
 */
import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { RenderedNotice } from '../../src-shared/notify/notify-text.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';

export type ChannelConfig = { kind: 'dingtalk'; url: string; secret: string } | { kind: 'wecom'; url: string } | { kind: 'email'; to: string[] };

export interface SmtpConfig {
  /** smtp://user:pass@host:port or smtps://… */
  url: string;
  from: string;
}

export interface SendOptions {
  now: Date;
  smtp: SmtpConfig | null;
  timeoutMs?: number;
}

export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

/** The signed webhook URL and body DingTalk expects for one message. */
export function dingtalkRequest(url: string, secret: string, notice: RenderedNotice, now: Date): { url: string; body: unknown } {
  const u = new URL(url);
  const timestamp = now.getTime();
  u.searchParams.set('timestamp', String(timestamp));
  u.searchParams.set('sign', dingtalkSign(secret, timestamp));
  return { url: u.toString(), body: { msgtype: 'markdown', markdown: { title: notice.title, text: notice.markdown } } };
}

const WECOM_MAX_BYTES = 4096;

export function wecomRequest(url: string, notice: RenderedNotice): { url: string; body: unknown } {
  return { url, body: { msgtype: 'markdown', markdown: { content: truncateBytes(notice.markdown, WECOM_MAX_BYTES) } } };
}

function truncateBytes(s: string, max: number): string {
  const b = Buffer.from(s, 'utf8');
  if (b.length <= max) return s;
  let cut = b.subarray(0, max - 3).toString('utf8');
  if (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1);
  return `${cut}…`;
}

async function postRobot(req: { url: string; body: unknown }, timeoutMs: number): Promise<Result<void>> {
  let res: Response;
  try {
    res = await fetch(req.url, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(req.body), signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    return err('NOTIFY_DELIVERY_FAILED', `cannot reach ${new URL(req.url).host}: ${(e as Error).message}`);
  }
  const text = await res.text().catch(() => '');
  if (!res.ok) return err('NOTIFY_DELIVERY_FAILED', `HTTP ${res.status} from ${new URL(req.url).host}: ${text.slice(0, 200)}`);
  let answer: { errcode?: unknown; errmsg?: unknown };
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    return err('NOTIFY_DELIVERY_FAILED', `not a robot answer from ${new URL(req.url).host}: ${text.slice(0, 200)}`);
  }
  if (answer.errcode !== 0) return err('NOTIFY_DELIVERY_FAILED', `the robot refused: errcode ${String(answer.errcode)} ${String(answer.errmsg ?? '')}`.trim());
  return ok(undefined);
}

export async function sendNotice(channel: ChannelConfig, notice: RenderedNotice, o: SendOptions): Promise<Result<void>> {
  const timeoutMs = o.timeoutMs ?? 10_000;
  switch (channel.kind) {
    case 'dingtalk':
      return postRobot(dingtalkRequest(channel.url, channel.secret, notice, o.now), timeoutMs);
    case 'wecom':
      return postRobot(wecomRequest(channel.url, notice), timeoutMs);
    case 'email': {
      if (!o.smtp) return err('NOTIFY_DELIVERY_FAILED', 'no SMTP server is configured (BATCHLINE_SMTP_URL, BATCHLINE_SMTP_FROM)');
      const u = new URL(o.smtp.url);
      const secure = u.protocol === 'smtps:';
      const transport = nodemailer.createTransport({
        host: u.hostname,
        port: u.port ? Number(u.port) : secure ? 465 : 587,
        secure,
        ...(u.username && { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } }),
        connectionTimeout: timeoutMs,
        greetingTimeout: timeoutMs,
        socketTimeout: timeoutMs,
      });
      try {
        await transport.sendMail({ from: o.smtp.from, to: channel.to, subject: notice.title, text: notice.text });
        return ok(undefined);
      } catch (e) {
        return err('NOTIFY_DELIVERY_FAILED', `SMTP: ${(e as Error).message}`);
      } finally {
        transport.close();
      }
    }
  }
}

/** A webhook as the hub shows it: the host and path, never the access token or key. */
export function maskedTarget(channel: ChannelConfig): string {
  if (channel.kind === 'email') return channel.to.join(', ');
  const u = new URL(channel.url);
  return `${u.protocol}//${u.host}${u.pathname}${u.search ? '?…' : ''}`;
}
