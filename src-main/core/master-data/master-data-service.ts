/**
 * Station-side master data: the ONE entry point through which the hub's sync (and the demo
 * seed, and a file import) change materials, lots, containers, balances, booths, training and
 * recipes at a station.
 *
 *   applyMasterData(changes: MasterDataChange[], source: MasterDataSource): Result<MasterDataApplied>
 *
 * Stable contract (the sync client calls exactly this):
 * - the whole batch is validated first (envelope, each kind's schema, key = the object's own
 *   key, no key twice) and then applied in ONE ledger append — entry `masterdata.applied`
 *   listing kind/key/version/content hash (and content) of every change — whose projection
 *   updates the SQLite tables in the same transaction: all or nothing;
 * - versions only grow: a lower version than the station holds, or the same version with other
 *   content, refuses the whole batch (MASTER_DATA_CONFLICT); the same version and content again
 *   is listed as `unchanged` and not re-applied, so a resent page is harmless;
 * - `data: null` withdraws the object; the station keeps the version it was withdrawn with, so a
 *   lower version is refused after a withdrawal too (FR-123);
 * - an empty batch is still recorded: it proves the station was in contact at `servedAt`,
 *   which is what the master-data age limit counts from;
 * - contentHash = SHA-256 of the RFC 8785 canonical JSON of the object as the kind's schema
 *   parsed it (defaults filled in), hex;
 * - a recipe of a schema version this station does not understand (issue 14) is not applied
 *   and not misread: it is listed as `refused` (RECIPE_SCHEMA_UNSUPPORTED) in the same entry,
 *   the rest of the batch is applied, and starting or importing an order of it names why.
 */
import { createHash } from 'node:crypto';
import type { ZodType } from 'zod';
import {
  MASTER_DATA_DEFINITIONS,
  MasterDataChangeSchema,
  MasterDataSourceSchema,
  type MasterDataChange,
  type MasterDataKind,
  type MasterDataSource,
} from '../../../src-shared/master-data/master-data-change.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import { SUPPORTED_RECIPE_SCHEMA_VERSIONS, recipeSchemaVersionOf } from '../../../src-shared/recipe/recipe.ts';
import { canonicalJson } from '../../../src-core/ledger/canonical-json.ts';
import type { Ledger } from '../../../src-core/ledger/ledger-ports.ts';
import type { MasterDataReader } from './master-data-reader.ts';

export interface AppliedChange {
  kind: MasterDataKind;
  key: string;
  version: number;
  contentHash: string | null;
  data: Record<string, unknown> | null;
}

export interface RefusedChange {
  kind: MasterDataKind;
  key: string;
  version: number;
  code: 'RECIPE_SCHEMA_UNSUPPORTED';
  schemaVersion: number;
  message: string;
}

export interface MasterDataApplied {
  seq: number;
  applied: number;
  unchanged: number;
  /** Changes not applied, with why (the rest of the batch was). */
  refused: RefusedChange[];
}

export function contentHash(data: unknown): string {
  return createHash('sha256').update(canonicalJson(data)).digest('hex');
}

export class MasterDataService {
  private readonly supported: readonly number[];

  constructor(
    /** `supportedRecipeSchemaVersions`: what this software reads (default: SUPPORTED_RECIPE_SCHEMA_VERSIONS; tests play an older station). */
    private readonly deps: { ledger: Ledger; reader: MasterDataReader; supportedRecipeSchemaVersions?: readonly number[] },
  ) {
    this.supported = deps.supportedRecipeSchemaVersions ?? SUPPORTED_RECIPE_SCHEMA_VERSIONS;
  }

  /**
   * Recipes this station refused for their schema version and would understand now (the station
   * was upgraded since): the sync asks the hub for them again by key, because its cursor moved
   * past them when they were refused (issue 14 item 5).
   */
  retryableRefusals(): string[] {
    return (this.deps.reader.refusedRecipes?.() ?? []).filter((r) => this.supported.includes(r.schemaVersion)).map((r) => r.key);
  }

  get reader(): MasterDataReader {
    return this.deps.reader;
  }

  /** Where the last batch from the hub ended and when it was served (the sync's resume point). */
  position(): { cursor: string | null; servedAt: string } | null {
    const s = this.deps.reader.syncState();
    return s ? { cursor: s.cursor, servedAt: s.servedAt } : null;
  }

  /** applyMasterData under the name the sync's MasterDataSink uses (src-main/sync/master-data-puller.ts). */
  apply(changes: MasterDataChange[], source: MasterDataSource): Result<MasterDataApplied> {
    return this.applyMasterData(changes, source);
  }

  applyMasterData(changes: readonly MasterDataChange[], source: MasterDataSource): Result<MasterDataApplied> {
    const src = MasterDataSourceSchema.safeParse(source);
    if (!src.success) return err('MASTER_DATA_INVALID', `master data source invalid: ${src.error.issues[0]?.message}`);
    const applied: AppliedChange[] = [];
    const unchanged: { kind: MasterDataKind; key: string; version: number }[] = [];
    const refused: RefusedChange[] = [];
    const seen = new Set<string>();
    for (const [i, raw] of changes.entries()) {
      const checked = this.checkChange(raw, i, seen);
      if (!checked.ok) return checked;
      if (checked.value === 'unchanged') {
        const c = raw as MasterDataChange;
        unchanged.push({ kind: c.kind, key: c.key, version: c.version });
      } else if ('code' in checked.value) refused.push(checked.value);
      else applied.push(checked.value);
    }
    const appended = this.deps.ledger.append([
      { type: 'masterdata.applied', actor: src.data.actorId, payload: { ...src.data, changes: applied, unchanged, ...(refused.length > 0 ? { refused } : {}) } },
    ]);
    if (!appended.ok) return appended;
    return ok({ seq: appended.value[0]!.seq, applied: applied.length, unchanged: unchanged.length, refused });
  }

  private checkChange(raw: unknown, index: number, seen: Set<string>): Result<AppliedChange | RefusedChange | 'unchanged'> {
    const envelope = MasterDataChangeSchema.safeParse(raw);
    if (!envelope.success) return err('MASTER_DATA_INVALID', `change #${index + 1}: ${envelope.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`, { index });
    const c = envelope.data;
    const id = `${c.kind}:${c.key}`;
    if (seen.has(id)) return err('MASTER_DATA_INVALID', `change #${index + 1}: ${id} appears twice in one batch`, { index, kind: c.kind, key: c.key });
    seen.add(id);
    let data: Record<string, unknown> | null = null;
    let hash: string | null = null;
    if (c.data !== null && c.kind === 'recipe') {
      const schemaVersion = recipeSchemaVersionOf(c.data);
      if (schemaVersion !== null && !this.supported.includes(schemaVersion)) {
        const message = `recipe ${c.key} has schema version ${schemaVersion}; this station understands ${this.supported.join(', ') || 'none'}: update the station software to run it`;
        return ok({ kind: c.kind, key: c.key, version: c.version, code: 'RECIPE_SCHEMA_UNSUPPORTED', schemaVersion, message });
      }
    }
    if (c.data !== null) {
      const def = MASTER_DATA_DEFINITIONS[c.kind] as unknown as { schema: ZodType; keyOf(d: unknown): string };
      const parsed = def.schema.safeParse(c.data);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((x) => `${x.path.map(String).join('.') || '(root)'} ${x.message}`).join('; ');
        return err('MASTER_DATA_INVALID', `change #${index + 1} (${id}): ${issues}`, { index, kind: c.kind, key: c.key });
      }
      if (def.keyOf(parsed.data) !== c.key) return err('MASTER_DATA_INVALID', `change #${index + 1}: key "${c.key}" does not match the ${c.kind}'s own key "${def.keyOf(parsed.data)}"`, { index });
      data = parsed.data as Record<string, unknown>;
      hash = contentHash(data);
    }
    // A withdrawn object is held at the version it was withdrawn with (FR-123): a lower version is
    // as old after a withdrawal as before it, and the same version again is the same withdrawal.
    const withdrawnAt = this.deps.reader.get(c.kind, c.key) ? undefined : this.deps.reader.withdrawnVersion?.(c.kind, c.key);
    const current = this.deps.reader.get(c.kind, c.key) ?? (withdrawnAt === undefined ? undefined : { version: withdrawnAt, contentHash: null });
    if (current) {
      if (c.version < current.version) {
        return err('MASTER_DATA_CONFLICT', `${id} version ${c.version} is older than the station's ${current.version}`, { kind: c.kind, key: c.key, version: c.version, stationVersion: current.version });
      }
      if (c.version === current.version) {
        if (hash === current.contentHash) return ok('unchanged');
        return err('MASTER_DATA_CONFLICT', `${id} version ${c.version} arrived with different content than the station holds`, { kind: c.kind, key: c.key, version: c.version });
      }
    }
    return ok({ kind: c.kind, key: c.key, version: c.version, contentHash: hash, data });
  }
}
