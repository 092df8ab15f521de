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

/** What every signed master-data change sends beside its new setting (room limits too): the version it replaces, the reason, the password. */
export const SIGNED_CHANGE_FIELDS = {
  expectedVersion: z.number().int().positive(),
  reason: z.string().trim().min(10).max(2000),
  password: z.string().min(1).max(200),
};

/** Who made a record's version, when and why, as every signed setting's history lists it (room limits too). */
export const CHANGED_VERSION_FIELDS = {
  version: z.number().int(),
  changedAt: z.string(),
  changedBy: z.string(),
  printedName: z.string().nullable(),
  reason: z.string(),
};

/** A signed change of a setting named `Name`, as the console sends it. */
export type SignedSettingInput<S, Name extends string> = { readonly [P in Name]: S } & z.infer<z.ZodObject<typeof SIGNED_CHANGE_FIELDS>>;

/** What a signed setting's change says beside the record's key: who, when, why, each changed setting, the signature. */
const ChangedSchema = z.object({ ...CHANGED_VERSION_FIELDS, changes: z.array(SettingChangeSchema), signatureId: z.number().int() });
export type SignedChange = z.infer<typeof ChangedSchema>;
/** One signed change of a record keyed `Id` as the hub answers and lists it. */
export type SignedSettingChanged<Id extends string> = { [P in Id]: string } & SignedChange;

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
  const change = z.object({ ...keyed(spec.name, spec.setting), ...SIGNED_CHANGE_FIELDS });
  /** One signed change as the hub answers and lists it. */
  const changed = z.object({ ...keyed(spec.id, z.string()), ...ChangedSchema.shape });
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
