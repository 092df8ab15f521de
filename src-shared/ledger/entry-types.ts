/**
 * The registry of ledger entry types and their payload schemas. An entry whose type is not
 * here, or whose payload does not parse, is refused before it reaches the ledger
 * (ENTRY_TYPE_UNKNOWN / ENTRY_PAYLOAD_INVALID). Each area keeps its types in its own file.
 *
 * Once a version has shipped, a schema may only gain OPTIONAL fields: a ledger written years
 * ago must still verify with today's code (ALCOA+ enduring; Annex 11 §17 archive readability).
 * A changed meaning is a new entry type, never an edit of an old one.
 */
import type { z } from 'zod';
import { stationEntryTypes } from './entry-types/station.ts';
import { userEntryTypes } from './entry-types/users.ts';
import { recordEntryTypes } from './entry-types/record.ts';
import { masterDataEntryTypes } from './entry-types/master-data.ts';
import { dispensingEntryTypes } from './entry-types/dispensing.ts';
import { syncEntryTypes } from './entry-types/sync.ts';
import { dispensaryEntryTypes } from './entry-types/dispensary.ts';
import { kitEntryTypes } from './entry-types/kit.ts';
import { reconciliationEntryTypes } from './entry-types/reconciliation.ts';
import { ipqcEntryTypes } from './entry-types/ipqc.ts';
import { labelEntryTypes } from './entry-types/labels.ts';
import { containmentEntryTypes } from './entry-types/containment.ts';
import { volumeEntryTypes } from './entry-types/volume.ts';
import { environmentEntryTypes } from './entry-types/environment.ts';
import { alarmEntryTypes } from './entry-types/alarm.ts';
import { equipmentEntryTypes } from './entry-types/equipment.ts';

export const entryPayloadSchemas: Record<string, z.ZodType<Record<string, unknown>>> = {
  ...stationEntryTypes,
  ...userEntryTypes,
  ...recordEntryTypes,
  ...syncEntryTypes,
  ...masterDataEntryTypes,
  ...dispensingEntryTypes,
  ...dispensaryEntryTypes,
  ...kitEntryTypes,
  ...reconciliationEntryTypes,
  ...ipqcEntryTypes,
  ...labelEntryTypes,
  ...containmentEntryTypes,
  ...volumeEntryTypes,
  ...environmentEntryTypes,
  ...alarmEntryTypes,
  ...equipmentEntryTypes,
};

export function isKnownEntryType(type: string): boolean {
  return Object.hasOwn(entryPayloadSchemas, type);
}

/**
 * The payload schema of an entry type, or undefined for a type that is not one: an own key only,
 * so a type named like a property every object has (`constructor`, `toString`, `__proto__`) is
 * unknown, not a function taken for a schema.
 */
export function payloadSchemaOf(type: string): z.ZodType<Record<string, unknown>> | undefined {
  return Object.hasOwn(entryPayloadSchemas, type) ? entryPayloadSchemas[type] : undefined;
}
