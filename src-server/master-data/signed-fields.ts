/**
 * Master data a signed route owns (FR-114; 21 CFR 11.50/11.200, EU GMP Annex 11 §14): fields
 * of a master-data kind that only a signed change may set, so the generic steward route
 * (PUT/DELETE /api/v1/master-data/:kind/:key) cannot change them without the signature the
 * owning route demands. One table for every such kind; a kind whose whole object is owned by an
 * approval flow (recipe, label-template) is refused outright in master-data-service.ts.
 *
 * - room: its environmental limits belong to the signed room-limits change (FR-110,
 *   room-limits-service.ts). A new room comes with no limits; its first limits are signed.
 *   A room with limits is not withdrawn by a plain delete (its monitoring would end unsigned):
 *   its limits are cleared by a signed change first.
 * - equipment: the state its logbook records (qualification, calibration and maintenance done
 *   and due, cleaning, service) belongs to the signed logbook entry (equipment-logbook-service.ts,
 *   and the station's signed entries and uses the projector brings in). New equipment is
 *   registered unestablished: IQ/OQ/PQ, calibration, maintenance and cleaning not yet done, in
 *   service; the plan (intervals, hold times, changeover rules) and the first due dates of its
 *   plans are the steward's.
 *
 * Everything else of these kinds (a room's name, an equipment's name, class, location, plans)
 * stays the steward's through the generic route.
 */
import { isDeepStrictEqual } from 'node:util';
import type { ErrorCode } from '../../src-shared/errors.ts';
import type { Equipment } from '../../src-shared/master-data/process-equipment.ts';
import type { Room } from '../../src-shared/master-data/room.ts';
import type { MasterDataKind } from '../../src-shared/master-data/master-data-change.ts';
import { API_PREFIX } from '../../src-shared/sync/sync-protocol.ts';

/** Who may set owned fields: the owning signed service, or hub seeding code (tests, bench, demo), which the audit trail names. */
export type OwnedFieldWriter = 'room-limits' | 'equipment-logbook' | 'seed';

interface OwnedFields<T> {
  owner: Exclude<OwnedFieldWriter, 'seed'>;
  code: ErrorCode;
  /** The signed route that changes them. */
  route: (key: string) => string;
  /** The owned fields, by name. */
  fields: (d: T) => Record<string, unknown>;
  /** Owned fields a new object may not bring (it starts unestablished). */
  unestablished: (d: T) => string[];
  /** Why the object may not be withdrawn by a plain delete; null when it may. */
  withdrawal: (d: T) => string | null;
}

const ROOM: OwnedFields<Room> = {
  owner: 'room-limits',
  code: 'ROOM_LIMITS_NEED_SIGNATURE',
  route: (key) => `POST ${API_PREFIX}/environment/rooms/${key}/limits`,
  fields: (d) => ({ limits: d.limits }),
  unestablished: (d) => (d.limits.length > 0 ? ['limits'] : []),
  withdrawal: (d) => (d.limits.length > 0 ? 'limits' : null),
};

const EQUIPMENT: OwnedFields<Equipment> = {
  owner: 'equipment-logbook',
  code: 'EQUIPMENT_STATE_NEEDS_SIGNATURE',
  route: (key) => `POST ${API_PREFIX}/equipment/${key}/logbook`,
  fields: (d) => ({
    inService: d.inService,
    serviceChangedAt: d.serviceChangedAt,
    qualification: d.qualification,
    'calibration.lastAt': d.calibration.lastAt,
    'calibration.nextDueAt': d.calibration.nextDueAt,
    'maintenance.lastAt': d.maintenance.lastAt,
    'maintenance.nextDueAt': d.maintenance.nextDueAt,
    'cleaning.status': d.cleaning.status,
    'cleaning.level': d.cleaning.level,
    'cleaning.lastProduct': d.cleaning.lastProduct,
    'cleaning.usedUntil': d.cleaning.usedUntil,
    'cleaning.cleanedAt': d.cleaning.cleanedAt,
  }),
  unestablished: (d) => {
    const q = d.qualification;
    const brought: [string, boolean][] = [
      ['inService', !d.inService],
      ['serviceChangedAt', d.serviceChangedAt !== null],
      ['qualification.iq', q.iq !== null],
      ['qualification.oq', q.oq !== null],
      ['qualification.pq', q.pq !== null],
      ['qualification.requalificationDueAt', q.requalificationDueAt !== null],
      ['calibration.lastAt', d.calibration.lastAt !== null],
      ['maintenance.lastAt', d.maintenance.lastAt !== null],
      ['cleaning.status', d.cleaning.status !== 'dirty'],
      ['cleaning.level', d.cleaning.level !== null],
      ['cleaning.lastProduct', d.cleaning.lastProduct !== null],
      ['cleaning.usedUntil', d.cleaning.usedUntil !== null],
      ['cleaning.cleanedAt', d.cleaning.cleanedAt !== null],
    ];
    return brought.filter(([, b]) => b).map(([f]) => f);
  },
  withdrawal: () => null,
};

const OWNED: Partial<Record<MasterDataKind, OwnedFields<never>>> = {
  room: ROOM as OwnedFields<never>,
  equipment: EQUIPMENT as OwnedFields<never>,
};

export interface OwnedFieldRefusal {
  code: ErrorCode;
  message: string;
  details: { kind: string; key: string; fields: string[]; route: string };
}

/**
 * Why a change of `kind`/`key` from `current` (parsed data; null = none or withdrawn) to `next`
 * (parsed data; null = withdraw) touches fields only a signed route may set; null when it does
 * not, or when `writer` is the owning service (or seeding code).
 */
export function ownedFieldRefusal(kind: MasterDataKind, key: string, current: unknown, next: unknown, writer: OwnedFieldWriter | undefined): OwnedFieldRefusal | null {
  const rule = OWNED[kind] as OwnedFields<unknown> | undefined;
  if (!rule || writer === rule.owner || writer === 'seed') return null;
  const route = rule.route(key);
  const refuse = (fields: string[], why: string): OwnedFieldRefusal => ({ code: rule.code, message: `${kind} ${key}: ${why}; ${fields.join(', ')} change only by a signed change (${route})`, details: { kind, key, fields, route } });
  if (next === null) {
    const held = current === null ? null : rule.withdrawal(current);
    return held ? refuse([held], 'withdrawing it would end what a signature set') : null;
  }
  if (current === null) {
    const brought = rule.unestablished(next);
    return brought.length > 0 ? refuse(brought, `a new ${kind} starts without what only a signature sets`) : null;
  }
  const before = rule.fields(current);
  const after = rule.fields(next);
  const changed = Object.keys(after).filter((f) => !isDeepStrictEqual(before[f], after[f]));
  return changed.length > 0 ? refuse(changed, 'a plain master-data change may not set them') : null;
}
