/**
 * A room's environmental limits changed in the console (FR-110; EU GMP Annex 1 §9.27–9.30,
 * 21 CFR 11.50/11.200): the same way the hub changes equipment master data from its logbook —
 * the person signs the change ("approved", password and second factor at the moment of signing,
 * chained over the room's previous signed change), and in the same transaction the room gets a
 * new master-data version with the person's reason, which every station pulls like any master
 * data (stations judge their own broker's readings by it, room-environment.ts). Signature,
 * master-data change and refusals are in the hub audit trail; a refusal changes nothing.
 *
 * No change control is asked for: master-data changes at the hub (lots, containers, equipment)
 * are signed or reasoned versions, and only versioned documents under an approval flow (recipes,
 * report templates) need an approved change to supersede an effective version.
 *
 * The change counts from its time on (environment-service.ts `limitsAt`): a reading is judged by
 * the limits in force at the reading's time, and excursions already judged keep the limits they
 * were judged by (each excursion carries its own alert and action limit).
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { ChangeRoomLimits, RoomChange } from '../../src-shared/environment/environment-contract.ts';
import { QuantityLimitsSchema, RoomSchema, type Room } from '../../src-shared/master-data/room.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';
import type { HubPrincipal } from '../admin/admin-auth.ts';
import { masterDataChanges } from '../db/schema.ts';
import type { HubContext } from '../hub-context.ts';
import type { MasterDataService } from '../master-data/master-data-service.ts';
import { qualitySignatures } from '../quality/db/quality-schema.ts';
import { changeSignedMasterData } from '../master-data/signed-master-data-change.ts';

const PURPOSE = 'batchline/room-limits/v1';

export class RoomLimitsService {
  constructor(
    private readonly ctx: HubContext,
    private readonly masterData: MasterDataService,
  ) {}

  async change(signer: HubPrincipal, roomId: string, input: ChangeRoomLimits): Promise<Result<RoomChange>> {
    const quantities = input.limits.map((l) => l.quantity);
    const twice = quantities.find((q, i) => quantities.indexOf(q) !== i);
    if (twice) return err('INPUT_INVALID', `${twice} is limited twice; one set of limits per quantity`, { field: 'limits', quantity: twice });
    const done = await changeSignedMasterData<Room>(this.ctx, this.masterData, signer, {
      kind: 'room',
      key: roomId,
      schema: RoomSchema,
      unknown: () => err('ENV_ROOM_UNKNOWN', `room ${roomId} is not in the master data`, { room: roomId }),
      expectedVersion: input.expectedVersion,
      password: input.password,
      reason: input.reason,
      subjectKind: 'room-limits',
      purpose: PURPOSE,
      action: 'environment.limits_changed',
      via: 'room-limits',
      next: (current, { from, to }) => {
        const record: Room = { ...current, limits: input.limits.map((l) => QuantityLimitsSchema.parse(l)) };
        return ok({ record, signed: { roomId, fromVersion: from, toVersion: to, before: current.limits, limits: record.limits, reason: input.reason } });
      },
    });
    if (!done.ok) return done;
    const { record, version, changedAt, printedName, signatureId } = done.value;
    return ok({ version, changedAt, changedBy: signer.username, printedName, reason: input.reason, limits: record.limits, signatureId });
  }

  /** Every version of a room's master data, newest first, with the signature of the signed ones. */
  async history(roomId: string): Promise<Result<RoomChange[]>> {
    const rows = await this.ctx.db
      .select()
      .from(masterDataChanges)
      .where(and(eq(masterDataChanges.kind, 'room'), eq(masterDataChanges.key, roomId)))
      .orderBy(desc(masterDataChanges.version))
      .limit(200);
    if (rows.length === 0) return err('ENV_ROOM_UNKNOWN', `room ${roomId} is not in the master data`, { room: roomId });
    const sigs = await this.ctx.db
      .select({ id: qualitySignatures.id, subjectKey: qualitySignatures.subjectKey, printedName: qualitySignatures.printedName })
      .from(qualitySignatures)
      .where(and(eq(qualitySignatures.subjectKind, 'room-limits'), inArray(qualitySignatures.subjectKey, rows.map((r) => `${roomId}/v${r.version}`))));
    return ok(
      rows.map((r) => {
        const sig = sigs.find((s) => s.subjectKey === `${roomId}/v${r.version}`);
        const room = r.data === null ? null : RoomSchema.safeParse(r.data);
        return { version: r.version, changedAt: r.changedAt.toISOString(), changedBy: r.changedBy, printedName: sig?.printedName ?? null, reason: r.reason, limits: room?.success ? room.data.limits : [], signatureId: sig?.id ?? null };
      }),
    );
  }
}
