/**
 * The notifications API (issue 13 item 6): administrators set channels and who hears of what;
 * administrators and QA read the delivery log; "run" delivers now (the hub also runs a pass
 * every BATCHLINE_NOTIFY_INTERVAL_MS, default 5 s; 0 turns the timer off).
 */
import { repeatPass } from '../http/background-pass.ts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { queryInteger } from '../../src-shared/api/query-number.ts';
import { ChannelViewSchema, DeliveryStatus, DeliveryViewSchema, NewChannelSchema, NewRuleSchema, NOTIFY_PREFIX, RuleViewSchema } from '../../src-shared/notify/notify-contract.ts';
import type { HubServices } from '../http/hub-services.ts';
import { roleGuard, sendResult } from '../http/route-helpers.ts';
import { route } from '../http/zod-schema.ts';
import { NotifyService } from './notify-service.ts';

const IdParams = z.object({ id: queryInteger(1) });
const DeliveriesQuery = z.object({ subject: z.string().min(1).max(200).optional(), status: DeliveryStatus.optional() });
const RunResult = z.object({ raised: z.number().int(), sent: z.number().int(), failed: z.number().int(), retrying: z.number().int() });

const ChannelViewListSchema = z.array(ChannelViewSchema);
const RuleViewListSchema = z.array(RuleViewSchema);
const DeliveryViewListSchema = z.array(DeliveryViewSchema);

export function registerNotifyRoutes(app: FastifyInstance, s: HubServices, env: NodeJS.ProcessEnv = process.env): NotifyService {
  const smtp = env.BATCHLINE_SMTP_URL ? { url: env.BATCHLINE_SMTP_URL, from: env.BATCHLINE_SMTP_FROM ?? 'batchline@localhost' } : null;
  const notify = new NotifyService(s.ctx, { smtp });
  const admin = roleGuard(s, 'admin');
  const readers = roleGuard(s, 'admin', 'qa');
  const p = NOTIFY_PREFIX;

  app.get(`${p}/channels`, { ...route({ tags: ['notify'], summary: 'Notification channels (secrets and webhook tokens masked)', response: ChannelViewListSchema, security: 'bearer' }), preHandler: admin }, async (_req, reply) => reply.send(await notify.channels()));
  app.post(`${p}/channels`, { ...route({ tags: ['notify'], summary: 'Add a DingTalk or WeCom group robot, or an e-mail list, with its readers\' language', body: NewChannelSchema, response: ChannelViewSchema, security: 'bearer' }), preHandler: admin }, async (req, reply) =>
    reply.code(201).send(await notify.addChannel(req.principal!, req.body as z.infer<typeof NewChannelSchema>)),
  );
  app.post(`${p}/channels/:id/test`, { ...route({ tags: ['notify'], summary: 'Send a test message to a channel now (recorded like any delivery)', params: IdParams, response: DeliveryViewSchema, security: 'bearer' }), preHandler: admin }, async (req, reply) =>
    sendResult(reply, await notify.test(req.principal!, (req.params as z.infer<typeof IdParams>).id)),
  );
  app.get(`${p}/rules`, { ...route({ tags: ['notify'], summary: 'Who hears of which event, on which channel', response: RuleViewListSchema, security: 'bearer' }), preHandler: admin }, async (_req, reply) => reply.send(await notify.rules()));
  app.post(`${p}/rules`, { ...route({ tags: ['notify'], summary: 'Route an event for a role to a channel', body: NewRuleSchema, response: RuleViewSchema, security: 'bearer' }), preHandler: admin }, async (req, reply) =>
    sendResult(reply, await notify.addRule(req.principal!, req.body as z.infer<typeof NewRuleSchema>), 201),
  );
  app.get(`${p}/deliveries`, { ...route({ tags: ['notify'], summary: 'The delivery log: each message, its attempts and outcome', querystring: DeliveriesQuery, response: DeliveryViewListSchema, security: 'bearer' }), preHandler: readers }, async (req, reply) =>
    reply.send(await notify.deliveries(req.query as z.infer<typeof DeliveriesQuery>)),
  );
  app.post(`${p}/run`, { ...route({ tags: ['notify'], summary: 'Raise and deliver now (one pass)', response: RunResult, security: 'bearer' }), preHandler: admin }, async (_req, reply) => reply.send(await notify.runOnce()));

  repeatPass(app, Number(env.BATCHLINE_NOTIFY_INTERVAL_MS ?? 5000), () => notify.runOnce(), 'notification pass');
  return notify;
}
