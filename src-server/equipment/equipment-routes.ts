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
import { ChangeEquipmentPlanSchema, EquipmentPlanChangeListSchema, EquipmentPlanChangeSchema, EquipmentPlanRowListSchema } from '../../src-shared/equipment/equipment-plan-contract.ts';
import { EquipmentLogbookService } from './equipment-logbook-service.ts';
import { EQUIPMENT_PLAN } from './equipment-plan-service.ts';
import { BalanceCheckPlanChangeListSchema, BalanceCheckPlanChangeSchema, BalanceCheckPlanRowListSchema, ChangeBalanceCheckPlanSchema } from '../../src-shared/equipment/balance-check-plan-contract.ts';
import { BALANCE_CHECK_PLAN } from './balance-check-plan-service.ts';
import { SignedSettingService, type SignedSetting } from '../master-data/signed-setting-service.ts';
import type { SignedSettingInput } from '../../src-shared/master-data/signed-setting-contract.ts';

const Params = z.object({ equipmentId: Code });
const BalanceParams = z.object({ balanceId: Code });

const LogbookEntryListSchema = z.array(LogbookEntrySchema);

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
  const planners = roleGuard(s, 'qa', 'master-data');
  const signedSetting = <R, S, Row, Id extends string, Name extends string>(setting: SignedSetting<R, S, Row, Id, Name>, r: SignedSettingRoutes) => {
    const service = new SignedSettingService(s.ctx, s.masterData, setting);
    const key = (params: unknown) => (params as Record<Id, string>)[setting.id];
    app.get(r.list, { ...route({ tags: ['equipment'], summary: r.summaries.list, response: r.schemas.rows, security: 'bearer' }), preHandler: readers }, async (_req, reply) => reply.send(await service.list()));
    app.post(r.path, { ...route({ tags: ['equipment'], summary: r.summaries.change, params: r.schemas.params, body: r.schemas.change, response: r.schemas.changed, security: 'bearer' }), preHandler: planners }, async (req, reply) =>
      sendResult(reply, await service.change(req.principal!, key(req.params), req.body as SignedSettingInput<S, Name>)),
    );
    app.get(`${r.path}/changes`, { ...route({ tags: ['equipment'], summary: r.summaries.history, params: r.schemas.params, response: r.schemas.changes, security: 'bearer' }), preHandler: readers }, async (req, reply) =>
      sendResult(reply, await service.history(key(req.params))),
    );
  };
  signedSetting(EQUIPMENT_PLAN, {
    list: `${API_PREFIX}/equipment`,
    path: `${API_PREFIX}/equipment/:equipmentId/plan`,
    schemas: { params: Params, rows: EquipmentPlanRowListSchema, change: ChangeEquipmentPlanSchema, changed: EquipmentPlanChangeSchema, changes: EquipmentPlanChangeListSchema },
    summaries: {
      list: 'Every equipment of the master data with its plan settings now and its version (the console plan screen)',
      change: "Change an equipment's plan settings (calibration and maintenance plans, due dates, hold times, changeover rules): a signed (approved) new version of its master data with a reason (audited, served to stations)",
      history: "An equipment's signed plan changes, newest first: each setting's old and new value, who, when, why, the signature",
    },
  });
  signedSetting(BALANCE_CHECK_PLAN, {
    list: `${API_PREFIX}/balances`,
    path: `${API_PREFIX}/balances/:balanceId/check-plan`,
    schemas: { params: BalanceParams, rows: BalanceCheckPlanRowListSchema, change: ChangeBalanceCheckPlanSchema, changed: BalanceCheckPlanChangeSchema, changes: BalanceCheckPlanChangeListSchema },
    summaries: {
      list: 'Every balance of the master data with its periodic check plan now and its version (what a signed check-plan change names)',
      change: "Change a balance's periodic check plan (check weights, nominal masses, acceptance, validity): a signed (approved) new version of its master data with a reason (audited, served to stations)",
      history: "A balance's signed check-plan changes, newest first: each setting's old and new value, who, when, why, the signature",
    },
  });
}

/** A signed setting's three routes (signed-setting-service.ts): QA's list, the signed change, its history. */
interface SignedSettingRoutes {
  readonly list: string;
  /** The record's setting (`…/:equipmentId/plan`); its history at `…/changes`. */
  readonly path: string;
  readonly schemas: { readonly params: z.ZodType; readonly rows: z.ZodType; readonly change: z.ZodType; readonly changed: z.ZodType; readonly changes: z.ZodType };
  readonly summaries: { readonly list: string; readonly change: string; readonly history: string };
}
