/**
 * One signed setting of a master-data record (FR-121 an equipment's plan, FR-123 a balance's
 * check plan; the hub's changeSignedMasterData and signedChangesOf behind both): the wire of its
 * change, built once here and named by each setting's own contract. A change sends the whole new
 * setting, the version it replaces (a stale screen is refused, not merged), the person's reason
 * and password (and one-time code in the header) at the moment of signing ("approved"); the hub
 * answers and lists each signed change with the old and new value of each changed setting, who,
 * when, why; QA lists the records with their setting and version before signing.
 */
import { z } from 'zod';

/** One changed setting of a signed change: its dotted name (`calibration.intervalDays`, `checkPlan.id`), its old and new value. */
export const SettingChangeSchema = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });
export type SettingChange = z.infer<typeof SettingChangeSchema>;

export interface SignedSettingSpec<Id extends string, Name extends string, S extends z.ZodType, L extends z.ZodType, D extends z.ZodRawShape> {
  /** The record's key as the wire names it (`equipmentId`, `balanceId`). */
  readonly id: Id;
  /** The setting's name in a change and a row (`plan`, `checkPlan`). */
  readonly name: Name;
  /** The setting as a change must send it. */
  readonly setting: S;
  /** The setting as a row lists it. */
  readonly listed: L;
  /** What a row says of the record between its key and its version. */
  readonly describe: D;
  /** The setting by dotted name, in the order a change lists its changed settings. */
  readonly flat: (s: z.infer<S>) => Record<string, unknown>;
}

const keyed = <K extends string, V>(k: K, v: V) => ({ [k]: v }) as { [P in K]: V };

export function signedSettingContract<const Id extends string, const Name extends string, S extends z.ZodType, L extends z.ZodType, D extends z.ZodRawShape>(spec: SignedSettingSpec<Id, Name, S, L, D>) {
  /** A signed change as the console sends it. */
  const change = z.object({
    ...keyed(spec.name, spec.setting),
    expectedVersion: z.number().int().positive(),
    reason: z.string().trim().min(10).max(2000),
    password: z.string().min(1).max(200),
  });
  /** One signed change as the hub answers and lists it. */
  const changed = z.object({
    ...keyed(spec.id, z.string()),
    version: z.number().int(),
    changedAt: z.string(),
    changedBy: z.string(),
    printedName: z.string().nullable(),
    reason: z.string(),
    changes: z.array(SettingChangeSchema),
    signatureId: z.number().int(),
  });
  /** One record as QA lists it before signing a change: what it is, its master-data version, its setting now. */
  const row = z.object({ ...keyed(spec.id, z.string()), ...spec.describe, version: z.number().int(), ...keyed(spec.name, spec.listed) });
  return {
    change,
    changed,
    row,
    /** The route's lists, built once (test/hub/route-schemas.test.ts). */
    changedList: z.array(changed),
    rowList: z.array(row),
    /** Each setting that differs between two values of the setting, by its dotted name, with its old and new value. */
    changes(before: z.infer<S>, after: z.infer<S>): SettingChange[] {
      const a = spec.flat(before);
      const b = spec.flat(after);
      return Object.keys(b)
        .filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f]))
        .map((field) => ({ field, before: a[field], after: b[field] }));
    },
  };
}
