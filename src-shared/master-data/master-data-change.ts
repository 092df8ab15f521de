/**
 * The envelope in which the hub sends master data down to stations (ARCHITECTURE.md, "Sync":
 * down = master-data changes after a cursor, applied in one transaction and recorded as a
 * ledger entry). One change = one versioned object of one kind; `data: null` withdraws it.
 *
 * Contract shared by the hub's sync and the station's applyMasterData (src-main/core/master-data):
 * - `key` names the object within its kind and must equal the key field inside `data`
 *   (materialCode, lotId, containerId, balanceId, boothId, `<username>/<recipeCode>`,
 *   `<recipeCode>@<version>`);
 * - `version` grows by at least 1 with every change of that object at the hub; a station
 *   refuses a lower version, and treats a repeat of the same version and content as a no-op.
 */
import { z } from 'zod';
import { MaterialSchema, type Material } from './material.ts';
import { LotSchema, type Lot } from './lot.ts';
import { ContainerSchema, type Container } from './container.ts';
import { BalanceSchema, BoothSchema, type Balance, type Booth } from './equipment.ts';
import { RoomSchema, type Room } from './room.ts';
import { EquipmentSchema, type Equipment } from './process-equipment.ts';
import { TrainingSchema, trainingKey, type Training } from './training.ts';
import { RecipeSchema, recipeKey, type Recipe } from '../recipe/recipe.ts';
import { LabelTemplateMasterSchema, type LabelTemplateMaster } from '../reports/report-template.ts';

export const MASTER_DATA_KINDS = ['material', 'lot', 'container', 'balance', 'booth', 'training', 'recipe', 'room', 'equipment', 'label-template'] as const;
export const MasterDataKind = z.enum(MASTER_DATA_KINDS);
export type MasterDataKind = z.infer<typeof MasterDataKind>;

export interface MasterDataTypes {
  material: Material;
  lot: Lot;
  container: Container;
  balance: Balance;
  booth: Booth;
  training: Training;
  recipe: Recipe;
  room: Room;
  equipment: Equipment;
  'label-template': LabelTemplateMaster;
}

/** Per kind: its schema and how an object names its own key. */
export const MASTER_DATA_DEFINITIONS: { [K in MasterDataKind]: { schema: z.ZodType<MasterDataTypes[K]>; keyOf: (d: MasterDataTypes[K]) => string } } = {
  material: { schema: MaterialSchema, keyOf: (d) => d.materialCode },
  lot: { schema: LotSchema, keyOf: (d) => d.lotId },
  container: { schema: ContainerSchema, keyOf: (d) => d.containerId },
  balance: { schema: BalanceSchema, keyOf: (d) => d.balanceId },
  booth: { schema: BoothSchema, keyOf: (d) => d.boothId },
  training: { schema: TrainingSchema, keyOf: trainingKey },
  recipe: { schema: RecipeSchema as z.ZodType<Recipe>, keyOf: recipeKey },
  room: { schema: RoomSchema as z.ZodType<Room>, keyOf: (d) => d.roomId },
  equipment: { schema: EquipmentSchema as z.ZodType<Equipment>, keyOf: (d) => d.equipmentId },
  /** The effective container-label template (issue 14 item 6), published only by its approval flow. */
  'label-template': { schema: LabelTemplateMasterSchema, keyOf: (d) => d.templateCode },
};

export const MasterDataChangeSchema = z.object({
  kind: MasterDataKind,
  key: z.string().min(1).max(200),
  version: z.number().int().positive(),
  data: z.unknown().nullable(),
});
export type MasterDataChange = z.infer<typeof MasterDataChangeSchema>;

/** Where a batch of changes came from, recorded with it in the ledger. */
export const MasterDataSourceSchema = z.object({
  origin: z.enum(['hub', 'seed', 'file']),
  /** The hub's cursor after this batch (resume point of the next pull); null for seed/file. */
  cursor: z.string().max(200).nullable(),
  /** When the hub served the batch (UTC); the station's master-data age counts from it. */
  servedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
  /** Who applied it at the station (user id), null for the background sync. */
  actorId: z.string().min(1).nullable(),
});
export type MasterDataSource = z.infer<typeof MasterDataSourceSchema>;
