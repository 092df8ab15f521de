/**
 * The hub's equipment-signal configuration file (`batchline hub serve --equipment-config FILE`,
 * JSON or YAML; docs/equipment-signals.md): the shift calendar OEE is computed against, and the
 * OPC UA servers and node ids the hub subscribes to. Refused as a whole, with the first problem
 * named, when anything in it does not parse: a half-read calendar would give wrong OEE silently.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { EquipmentId, OeeCalendarSchema, type OeeCalendar } from '../../src-shared/equipment/oee-contract.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';
import type { EquipmentOpcuaOptions } from './equipment-opcua-ingest.ts';

const NodeId = z.string().min(1).max(400);
const PointSchema = z.object({
  equipmentId: EquipmentId,
  stateNodeId: NodeId.optional(),
  countNodeId: NodeId.optional(),
  counter: z.enum(['total', 'good']).optional(),
  rejectNodeId: NodeId.optional(),
  counterModulus: z.number().int().positive().nullable().optional(),
});

export const EquipmentSignalsFileSchema = z.object({
  calendar: OeeCalendarSchema.optional(),
  opcua: z.array(z.object({ endpointUrl: z.string().regex(/^opc\.tcp:\/\/\S+$/, 'opc.tcp://host:port/path'), points: z.array(PointSchema).min(1) })).default([]),
});

export interface EquipmentSignalsConfig {
  calendar: OeeCalendar | null;
  opcua: EquipmentOpcuaOptions[];
}

export function parseEquipmentSignalsConfig(text: string): Result<EquipmentSignalsConfig> {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    return err('INPUT_INVALID', `the equipment configuration is neither JSON nor YAML: ${(e as Error).message}`);
  }
  const parsed = EquipmentSignalsFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return err('INPUT_INVALID', `the equipment configuration is not valid at ${issue.path.join('.') || '(top)'}: ${issue.message}`, { path: issue.path.join('.') });
  }
  const c = parsed.data;
  return ok({ calendar: c.calendar ?? null, opcua: c.opcua.map((o) => ({ endpointUrl: o.endpointUrl, points: o.points.map((p) => ({ ...p })) })) });
}
