/**
 * Master data at the hub (issue #6 item 4): the current version of each object, maintained
 * through the API by master-data stewards (and by a LIMS/ERP for a lot's QC status), and the
 * append-only change feed stations pull after a cursor. Generic over the envelope of
 * src-shared/master-data/master-data-change.ts: each kind's schema and key come from
 * MASTER_DATA_DEFINITIONS, so a new kind needs no change here.
 *
 * The cursor is the change's bigserial number. A sequence number is assigned at insert but
 * becomes visible at commit, and two writers can commit out of order — a reader could then
 * see change 11, advance its cursor past it, and never see 10 when it commits. Every
 * write therefore takes one transaction-scoped advisory lock before inserting, which makes
 * commit order equal cursor order across all hub processes. Master data changes are rare
 * (people and a LIMS), so the serialisation costs nothing that matters.
 */
import { and, asc, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { err, ok, type Result } from '../../src-shared/result.ts';
import { MASTER_DATA_DEFINITIONS, MasterDataKind } from '../../src-shared/master-data/master-data-change.ts';
import type { Lot } from '../../src-shared/master-data/lot.ts';
import { ContainerSchema, type Container } from '../../src-shared/master-data/container.ts';
import type { MasterDataFeed, QcStatusBody } from '../../src-shared/sync/sync-protocol.ts';
import { isLimsAccount } from '../../src-shared/quality/quality-roles.ts';
import { masterData, masterDataChanges } from '../db/schema.ts';
import type { HubContext } from '../hub-context.ts';
import type { HubTx } from '../db/open-hub-db.ts';
import type { HubPrincipal } from '../admin/admin-auth.ts';
import { audit } from '../admin/hub-audit.ts';
import { recipeVersions } from '../recipes/recipe-schema.ts';
import { containerStockRefusal, lotInspectionRefusal } from './lot-inspection.ts';
import { checksOwnedFields, lotFieldsOf, lotStatusRefusal, ownedFieldRefusal, Unreadable, type OwnedFieldRefusal, type OwnedFieldWriter } from './signed-fields.ts';
import type { MasterDataReasonKey, MasterDataReasonParams } from '../../src-shared/master-data/master-data-reasons.ts';

const FEED_LOCK = 0x62_6c_6d_64_66; // "blmdf"

export interface MasterDataObject {
  kind: string;
  key: string;
  version: number;
  data: unknown;
  cursor: string;
  updatedAt: string;
  updatedBy: string;
}

export interface ChangeRequest {
  /** null withdraws the object. */
  data: Record<string, unknown> | null;
  expectedVersion?: number | undefined;
  reason: string;
  /** A reason the hub wrote itself, as a code and values (FR-112): worded in the reader's language; `reason` keeps the English. */
  reasonKey?: MasterDataReasonKey;
  reasonParams?: MasterDataReasonParams;
  /** Set by the recipe version store only: a recipe it keeps changes through its approval flow, never by a plain put. */
  byRecipeFlow?: boolean;
  /** Set by the report-template store only: the label template stations print by changes through its approval flow. */
  byTemplateFlow?: boolean;
  /**
   * Set only by the signed service that owns fields of this kind (room limits, an equipment's
   * logbook state; signed-fields.ts), or by hub seeding code ('seed', recorded in the audit
   * trail). The generic route never sets it: there those fields are refused (FR-114).
   */
  via?: OwnedFieldWriter;
}

export class MasterDataService {
  constructor(private readonly ctx: HubContext) {}

  async put(actor: HubPrincipal, kindInput: string, key: string, change: ChangeRequest): Promise<Result<MasterDataObject>> {
    return this.ctx.db.transaction((tx) => this.putIn(tx, actor, kindInput, key, change));
  }

  /**
   * The same change inside the caller's transaction (a goods receipt writes its lots and
   * containers with its own rows, all or nothing). The feed lock is then held to the caller's commit.
   */
  async putIn(tx: HubTx, actor: HubPrincipal, kindInput: string, key: string, change: ChangeRequest): Promise<Result<MasterDataObject>> {
    const kind = MasterDataKind.safeParse(kindInput);
    if (!kind.success) return err('NOT_FOUND', `no master-data kind "${kindInput}" (known: ${MasterDataKind.options.join(', ')})`);
    let data: unknown = null;
    if (change.data !== null) {
      const def = MASTER_DATA_DEFINITIONS[kind.data] as { schema: z.ZodType<unknown>; keyOf: (d: never) => string };
      const parsed = def.schema.safeParse(change.data);
      if (!parsed.success) {
        return err('INPUT_INVALID', `invalid ${kind.data}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`);
      }
      const ownKey = def.keyOf(parsed.data as never);
      if (ownKey !== key) return err('INPUT_INVALID', `the ${kind.data} names itself "${ownKey}", the request "${key}"`);
      data = parsed.data;
    }
    if (kind.data === 'recipe' && change.byRecipeFlow !== true) {
      const recipeCode = key.slice(0, key.lastIndexOf('@'));
      const [kept] = await tx.select({ version: recipeVersions.version }).from(recipeVersions).where(eq(recipeVersions.recipeCode, recipeCode)).limit(1);
      if (kept) return err('RECIPE_VERSION_IMMUTABLE', `recipe ${recipeCode} is kept as versions under its approval flow: save a new version (POST /api/v1/recipes/${recipeCode}/versions), not a master-data put`, { recipeCode });
    }
    if (kind.data === 'label-template' && change.byTemplateFlow !== true) {
      return err('TEMPLATE_VERSION_IMMUTABLE', `the label template is published by its approval flow: save a new version (POST /api/v1/report-templates/${key}/versions), not a master-data put`, { templateCode: key });
    }
    await tx.execute(sql`select pg_advisory_xact_lock(${FEED_LOCK})`);
    const [current] = await tx.select().from(masterData).where(and(eq(masterData.kind, kind.data), eq(masterData.key, key)));
    if (change.expectedVersion !== undefined && (current?.version ?? 0) !== change.expectedVersion) {
      return err('MASTER_DATA_VERSION_CONFLICT', `${kind.data} ${key} is at version ${current?.version ?? 0}, not ${change.expectedVersion}: reload and retry`, {
        version: current?.version ?? 0,
      });
    }
    if (data === null && (!current || current.data === null)) return err('NOT_FOUND', `${kind.data} ${key} does not exist`);
    const def = MASTER_DATA_DEFINITIONS[kind.data] as { schema: z.ZodType<unknown> };
    // Where a rule of a signed route other than the writer's looks at it (checksOwnedFields: room,
    // equipment, balance by the generic route; never seeding), the record compared is
    // the key's last record, withdrawn or not: a key is registered once, so withdrawing and
    // putting it again (re-registration, delete + put) brings back what a signature set, never a
    // fresh plan (FR-123). A last record today's schema refuses is read for its owned parts alone.
    const last = current === undefined || !checksOwnedFields(kind.data, change.via) ? null : await lastRecord(tx, kind.data, key, current.data);
    const before = last === null ? null : def.schema.safeParse(last);
    let refusal: OwnedFieldRefusal | null = ownedFieldRefusal(kind.data, key, before === null ? null : before.success ? before.data : new Unreadable(last), data, change.via);
    if (!refusal && kind.data === 'lot' && data !== null) {
      // FR-143: compared with the key's last record, withdrawn or not, so withdrawing a rejected
      // lot and registering it again does not release it either.
      const previous = current === undefined ? await lastRecord(tx, 'lot', key, null) : await lastRecord(tx, 'lot', key, current.data);
      // A last record today's schema does not read is read leniently for its status and dates
      // (lotFieldsOf): rejected with no expiry only when those are not there.
      refusal = lotStatusRefusal(key, previous === null ? null : lotFieldsOf(previous), data as Lot, change.via);
      // FR-153: a lot under incoming inspection is released by its signed disposition alone.
      refusal ??= await lotInspectionRefusal(tx, key, data as Lot, change.via);
    }
    if (!refusal && kind.data === 'container' && data !== null) {
      // FR-153: no material QC did not inspect under an inspected lot (compared with the last record, withdrawn or not).
      // No row at all: never registered (a withdrawal keeps the row, with no data), no history to read.
      const previous = current === undefined ? null : await lastRecord(tx, 'container', key, current.data);
      const parsed = previous === null ? null : ContainerSchema.safeParse(previous);
      refusal = await containerStockRefusal(tx, key, parsed === null ? null : parsed.success ? parsed.data : null, data as Container, change.via);
    }
    if (refusal) {
      await audit(tx, this.ctx.clock.now(), { actor: actor.username, action: 'masterdata.refused', subject: `${kind.data}/${key}`, ok: false, details: { code: refusal.code, message: refusal.message, fields: refusal.details.fields } });
      return err(refusal.code, refusal.message, refusal.details);
    }
    const version = (current?.version ?? 0) + 1;
    const now = this.ctx.clock.now();
    const [row] = await tx
      .insert(masterDataChanges)
      .values({ kind: kind.data, key, version, data, changedAt: now, changedBy: actor.username, reason: change.reason, reasonKey: change.reasonKey ?? null, reasonParams: change.reasonKey ? (change.reasonParams ?? {}) : null })
      .returning({ cursor: masterDataChanges.cursor });
    const values = { kind: kind.data, key, version, data, changeCursor: row!.cursor, updatedAt: now, updatedBy: actor.username };
    await tx
      .insert(masterData)
      .values(values)
      .onConflictDoUpdate({ target: [masterData.kind, masterData.key], set: { version, data, changeCursor: row!.cursor, updatedAt: now, updatedBy: actor.username } });
    await audit(tx, now, { actor: actor.username, action: data === null ? 'masterdata.withdrawn' : 'masterdata.changed', subject: `${kind.data}/${key}`, details: { version, reason: change.reason, ...(change.via ? { setBy: change.via } : {}), ...(change.reasonKey ? { reasonKey: change.reasonKey, reasonParams: change.reasonParams ?? {} } : {}) } });
    return ok(toObject(values));
  }

  async get(kind: string, key: string): Promise<Result<MasterDataObject>> {
    const [row] = await this.ctx.db.select().from(masterData).where(and(eq(masterData.kind, kind), eq(masterData.key, key)));
    return row ? ok(toObject(row)) : err('NOT_FOUND', `${kind} ${key} does not exist`);
  }

  async list(kind: string, limit = 500): Promise<MasterDataObject[]> {
    const rows = await this.ctx.db.select().from(masterData).where(eq(masterData.kind, kind)).orderBy(asc(masterData.key)).limit(limit);
    return rows.map(toObject);
  }

  /** Changes after `after`, oldest first. */
  async feed(after: string | null, limit: number): Promise<MasterDataFeed> {
    const from = after === null ? 0 : Number(after);
    const rows = await this.ctx.db
      .select()
      .from(masterDataChanges)
      .where(gt(masterDataChanges.cursor, from))
      .orderBy(asc(masterDataChanges.cursor))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      changes: page.map((r) => ({ cursor: String(r.cursor), kind: r.kind as MasterDataKind, key: r.key, version: r.version, data: r.data })),
      cursor: last ? String(last.cursor) : after,
      more: rows.length > limit,
      servedAt: this.ctx.clock.now().toISOString(),
    };
  }

  /**
   * The current version of named objects, as feed changes (each with the cursor of its change), for
   * a station that asks again for what it refused (a recipe of a schema version it now understands).
   */
  async objects(kind: string, keys: readonly string[]): Promise<MasterDataFeed> {
    const rows = keys.length === 0 ? [] : await this.ctx.db.select().from(masterData).where(and(eq(masterData.kind, kind), inArray(masterData.key, [...keys]))).orderBy(asc(masterData.key));
    return {
      changes: rows.map((r) => ({ cursor: String(r.changeCursor), kind: r.kind as MasterDataKind, key: r.key, version: r.version, data: r.data })),
      cursor: null,
      more: false,
      servedAt: this.ctx.clock.now().toISOString(),
    };
  }

  /**
   * A LIMS or ERP decision on a lot (EU GMP Ch. 5.30–5.34): a new version of the lot with the
   * new status (and, after a retest, the new expiry or retest date QC decided), through the same
   * versioned feed, so every station applies it in order.
   */
  async setQcStatus(actor: HubPrincipal, lotId: string, body: QcStatusBody): Promise<Result<MasterDataObject>> {
    const { status, reason, reference } = body;
    const current = await this.get('lot', lotId);
    if (!current.ok) return current;
    if (current.value.data === null) return err('NOT_FOUND', `lot ${lotId} was withdrawn`);
    const dates = { ...(body.expiryDate !== undefined ? { expiryDate: body.expiryDate } : {}), ...(body.retestDate !== undefined ? { retestDate: body.retestDate } : {}) };
    const data = { ...(current.value.data as Record<string, unknown>), qcStatus: status, ...dates };
    const dated = Object.entries(dates).map(([k, v]) => `${k} ${v ?? 'none'}`).join(', ');
    const why = `QC status ${status}${dated ? ` (${dated})` : ''}: ${reason}${reference ? ` (ref ${reference})` : ''}`;
    // The LIMS relays QC's decision (FR-143): an account holding the lims role and no other (a
    // person who is also a steward is a steward here; lims is refused beside another role at creation).
    const via = isLimsAccount(actor.roles) ? ('lims' as const) : undefined;
    // With new dates the reason names the dates the lot has then (worded in the reader's language).
    const params = { status, reason, ...(reference ? { reference } : {}), ...(dated ? { expiryDate: String(data.expiryDate), retestDate: typeof data.retestDate === 'string' ? data.retestDate : 'none' } : {}) };
    return this.put(actor, 'lot', lotId, { data, expectedVersion: current.value.version, reason: why, reasonKey: dated ? 'qc-status-dates' : 'qc-status', reasonParams: params, ...(via ? { via } : {}) });
  }
}

/** The last record a key had (its current data, or before a withdrawal the data it was withdrawn with); null when it never had one. */
async function lastRecord(tx: HubTx, kind: MasterDataKind, key: string, currentData: unknown): Promise<unknown> {
  if (currentData !== null) return currentData;
  const [row] = await tx
    .select({ data: masterDataChanges.data })
    .from(masterDataChanges)
    .where(and(eq(masterDataChanges.kind, kind), eq(masterDataChanges.key, key), sql`jsonb_typeof(${masterDataChanges.data}) = 'object'`))
    .orderBy(desc(masterDataChanges.version))
    .limit(1);
  return row?.data ?? null;
}

function toObject(r: { kind: string; key: string; version: number; data: unknown; changeCursor: number; updatedAt: Date; updatedBy: string }): MasterDataObject {
  return { kind: r.kind, key: r.key, version: r.version, data: r.data, cursor: String(r.changeCursor), updatedAt: r.updatedAt.toISOString(), updatedBy: r.updatedBy };
}
