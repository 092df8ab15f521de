/**
 * The equipment logbook API (issue 13 item 2): read a piece of equipment's logbook (uses from the
 * stations, entries made at the hub), and record a cleaning, maintenance, calibration,
 * qualification, breakdown or repair, signed by the person who did it. Change the equipment's plan
 * settings (calibration and maintenance plans, due dates, hold times, changeover rules) signed
 * "approved" by QA or a master-data steward (FR-121, equipment-plan-service.ts), and list them;
 * likewise a balance's periodic check plan (FR-123, balance-check-plan-service.ts).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { LogbookEntrySchema, NewLogbookEntrySchema, type NewLogbookEntry } from '../../src-shared/equipment/equipment-logbook-contract.ts';
import { Code } from '../../src-shared/master-data/common.ts';
import { API_PREFIX } from '../../src-shared/sync/sync-protocol.ts';
import type { HubServices } from '../http/hub-services.ts';
import { historyReaders, roleGuard, sendResult } from '../http/route-helpers.ts';
import { route } from '../http/zod-schema.ts';
import { ChangeEquipmentPlanSchema, EquipmentPlanChangeSchema, EquipmentPlanRowSchema, type ChangeEquipmentPlan } from '../../src-shared/equipment/equipment-plan-contract.ts';
import { EquipmentLogbookService } from './equipment-logbook-service.ts';
import { EquipmentPlanService } from './equipment-plan-service.ts';
import { BalanceCheckPlanChangeSchema, BalanceCheckPlanRowSchema, ChangeBalanceCheckPlanSchema, type ChangeBalanceCheckPlan } from '../../src-shared/equipment/balance-check-plan-contract.ts';
import { BalanceCheckPlanService } from './balance-check-plan-service.ts';

const Params = z.object({ equipmentId: Code });
const BalanceParams = z.object({ balanceId: Code });

const LogbookEntryListSchema = z.array(LogbookEntrySchema);
const EquipmentPlanRowListSchema = z.array(EquipmentPlanRowSchema);
const EquipmentPlanChangeListSchema = z.array(EquipmentPlanChangeSchema);
const BalanceCheckPlanRowListSchema = z.array(BalanceCheckPlanRowSchema);
const BalanceCheckPlanChangeListSchema = z.array(BalanceCheckPlanChangeSchema);

export function registerEquipmentRoutes(app: FastifyInstance, s: HubServices, logbook = new EquipmentLogbookService(s.ctx, s.masterData)): void {
  // FR-128: the plans' and check plans' signed changes are read by QA, QPs and the inspector, never only by their signers.
  const readers = historyReaders(s, 'operator', 'master-data');
  const recorders = roleGuard(s, 'qa', 'operator', 'master-data');
  const base = `${API_PREFIX}/equipment/:equipmentId/logbook`;
  app.get(base, { ...route({ tags: ['equipment'], summary: "A piece of equipment's logbook, oldest first: uses from the stations, entries made at the hub", params: Params, response: LogbookEntryListSchema, security: 'bearer' }), preHandler: readers }, async (req, reply) =>
    sendResult(reply, await logbook.list((req.params as z.infer<typeof Params>).equipmentId)),
  );
  app.post(base, { ...route({ tags: ['equipment'], summary: 'Record a cleaning, maintenance, calibration, qualification, breakdown or repair, signed by its performer; writes the equipment master data', params: Params, body: NewLogbookEntrySchema, response: LogbookEntrySchema, security: 'bearer' }), preHandler: recorders }, async (req, reply) =>
    sendResult(reply, await logbook.record(req.principal!, (req.params as z.infer<typeof Params>).equipmentId, req.body as NewLogbookEntry), 201),
  );
  const plans = new EquipmentPlanService(s.ctx, s.masterData);
  const planners = roleGuard(s, 'qa', 'master-data');
  const plan = `${API_PREFIX}/equipment/:equipmentId/plan`;
  app.get(`${API_PREFIX}/equipment`, { ...route({ tags: ['equipment'], summary: 'Every equipment of the master data with its plan settings now and its version (the console plan screen)', response: EquipmentPlanRowListSchema, security: 'bearer' }), preHandler: readers }, async (_req, reply) => reply.send(await plans.list()));
  app.post(plan, { ...route({ tags: ['equipment'], summary: "Change an equipment's plan settings (calibration and maintenance plans, due dates, hold times, changeover rules): a signed (approved) new version of its master data with a reason (audited, served to stations)", params: Params, body: ChangeEquipmentPlanSchema, response: EquipmentPlanChangeSchema, security: 'bearer' }), preHandler: planners }, async (req, reply) =>
    sendResult(reply, await plans.change(req.principal!, (req.params as z.infer<typeof Params>).equipmentId, req.body as ChangeEquipmentPlan)),
  );
  app.get(`${plan}/changes`, { ...route({ tags: ['equipment'], summary: "An equipment's signed plan changes, newest first: each setting's old and new value, who, when, why, the signature", params: Params, response: EquipmentPlanChangeListSchema, security: 'bearer' }), preHandler: readers }, async (req, reply) =>
    sendResult(reply, await plans.history((req.params as z.infer<typeof Params>).equipmentId)),
  );
  const checkPlans = new BalanceCheckPlanService(s.ctx, s.masterData);
  const checkPlan = `${API_PREFIX}/balances/:balanceId/check-plan`;
  app.get(`${API_PREFIX}/balances`, { ...route({ tags: ['equipment'], summary: 'Every balance of the master data with its periodic check plan now and its version (what a signed check-plan change names)', response: BalanceCheckPlanRowListSchema, security: 'bearer' }), preHandler: readers }, async (_req, reply) => reply.send(await checkPlans.list()));
  app.post(checkPlan, { ...route({ tags: ['equipment'], summary: "Change a balance's periodic check plan (check weights, nominal masses, acceptance, validity): a signed (approved) new version of its master data with a reason (audited, served to stations)", params: BalanceParams, body: ChangeBalanceCheckPlanSchema, response: BalanceCheckPlanChangeSchema, security: 'bearer' }), preHandler: planners }, async (req, reply) =>
    sendResult(reply, await checkPlans.change(req.principal!, (req.params as z.infer<typeof BalanceParams>).balanceId, req.body as ChangeBalanceCheckPlan)),
  );
  app.get(`${checkPlan}/changes`, { ...route({ tags: ['equipment'], summary: "A balance's signed check-plan changes, newest first: each setting's old and new value, who, when, why, the signature", params: BalanceParams, response: BalanceCheckPlanChangeListSchema, security: 'bearer' }), preHandler: readers }, async (req, reply) =>
    sendResult(reply, await checkPlans.history((req.params as z.infer<typeof BalanceParams>).balanceId)),
  );
}
