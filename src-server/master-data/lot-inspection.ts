/**
 * A lot's incoming inspection and what may change around it (FR-153; EU GMP Ch. 5.30-5.32,
 * 21 CFR 211.84: each lot is sampled, tested and released or rejected by QC, and the record of
 * that inspection is complete). Checked in the master-data write every writer of a lot or
 * container goes through (master-data-service.ts › putIn): the steward's put, the LIMS's
 * qc-status, the IQC disposition and retest, the goods receipt, the sample.
 *
 * - While a lot's sampling task at the hub is not disposed (open: samples being taken; sampled:
 *   tests running), the lot is released only by that task's signed disposition. The LIMS is QC's
 *   system and may still quarantine, hold or reject the lot (the stricter direction), but a
 *   release by it would leave the hub's inspection record without its disposition (samples and
 *   results with no decision, the task open forever) and could come before the sampling was done.
 *   We refuse it rather than close the task with the LIMS's word: the LIMS account cannot sign
 *   (it has no password at the signing moment, 21 CFR 11.200), and a disposition that is not the
 *   signed evaluation of the results against the specification would not be the same record.
 *   The LIMS sends its results (POST /quality/results) and QC signs the disposition they imply.
 * - The containers of a lot QC inspected are those it knew: a container registered later under a
 *   lot that is or ever was released, or that has a sampling task (whose sample plan was drawn
 *   over the receipt's containers), is new material without inspection, and so is a container's
 *   quantity grown there (a hub version resets the stations' stock to it). Both are refused; the
 *   material comes in with a goods receipt of its own (a new lot, sampled and tested). Lowering a
 *   quantity (a sample taken, a count corrected down) stays the steward's. A container's lot and
 *   material are fixed anyway (signed-fields.ts › CONTAINER_IDENTITY).
 * - A new container names a lot with a current record (LOT_UNKNOWN otherwise): registered ahead of
 *   its lot it would join that lot's goods receipt without being in its sample plan, and a goods
 *   receipt is refused for a lot some container already names (receipt-service.ts).
 * Hub seeding code (writer `seed`) is not held to these rules, as elsewhere.
 */
import { and, eq, sql } from 'drizzle-orm';
import { compareMass } from '../../src-shared/mass.ts';
import type { Container } from '../../src-shared/master-data/container.ts';
import type { ErrorCode } from '../../src-shared/errors.ts';
import { API_PREFIX } from '../../src-shared/sync/sync-protocol.ts';
import { masterData, masterDataChanges } from '../db/schema.ts';
import type { HubTx } from '../db/open-hub-db.ts';
import { iqcTasks } from '../quality/iqc/iqc-schema.ts';
import { rowsOf } from '../quality/db/sql-rows.ts';
import type { OwnedFieldRefusal, OwnedFieldWriter } from './signed-fields.ts';

function refusal(code: ErrorCode, kind: string, key: string, fields: string[], route: string, message: string): OwnedFieldRefusal {
  return { code, message, details: { kind, key, fields, route } };
}

/** Why lot `key` may not become `after` while its inspection is open; null when it may. */
export async function lotInspectionRefusal(tx: HubTx, key: string, after: { qcStatus: string }, writer: OwnedFieldWriter | undefined): Promise<OwnedFieldRefusal | null> {
  if (writer === 'seed' || writer === 'qc-disposition' || after.qcStatus !== 'released') return null;
  const [task] = await tx.select({ id: iqcTasks.id, state: iqcTasks.state }).from(iqcTasks).where(eq(iqcTasks.lotId, key));
  if (!task || task.state === 'disposed') return null;
  const route = `POST ${API_PREFIX}/quality/iqc/tasks/${task.id}/disposition (signed by QC once sampled and tested; the LIMS sends its results to POST ${API_PREFIX}/quality/results)`;
  return refusal('IQC_INSPECTION_OPEN', 'lot', key, ['qcStatus'], route, `lot ${key} is under incoming inspection at the hub (${task.id}, ${task.state === 'open' ? 'samples being taken' : 'sampled, results and disposition pending'}): it is released only by that task's signed disposition (${route})`);
}

/** A new container's lot has no current record (never registered, or withdrawn). */
const UNKNOWN = Symbol('lot unknown');

/**
 * What makes a lot's containers closed to new material: its sampling task, or a release (now or in
 * any earlier version). The change history is read only for a lot past its first version that is
 * not released now (master_data_changes has no index by key; a goods receipt's containers, under a
 * lot written in the same transaction, never need it).
 */
async function inspectedBy(tx: HubTx, lotId: string, forNew: boolean): Promise<string | typeof UNKNOWN | null> {
  // One round trip for both (a goods receipt asks this for each of its containers).
  const [row] = await rowsOf<{ task_id: string | null; task_state: string | null; lot_version: number | null; lot_status: string | null; lot_live: boolean | null }>(
    tx,
    sql`select (select t.id from ${iqcTasks} t where t.lot_id = ${lotId}) as task_id, (select t.state from ${iqcTasks} t where t.lot_id = ${lotId}) as task_state,
               (select m.version from ${masterData} m where m.kind = 'lot' and m.key = ${lotId}) as lot_version, (select m.data ->> 'qcStatus' from ${masterData} m where m.kind = 'lot' and m.key = ${lotId}) as lot_status,
               (select m.data is not null from ${masterData} m where m.kind = 'lot' and m.key = ${lotId}) as lot_live`,
  );
  if (forNew && row?.lot_live !== true) return UNKNOWN;
  if (row?.task_id) return `its incoming inspection ${row.task_id} (${row.task_state}) was planned over the containers it knew`;
  const releasedIn = (version: number) => `it was released (version ${version}), which covered the containers QC knew`;
  const version = row?.lot_version === null || row?.lot_version === undefined ? null : Number(row.lot_version);
  if (version !== null && row?.lot_status === 'released') return releasedIn(version);
  if (version === null || version === 1) return null;
  const [released] = await tx
    .select({ version: masterDataChanges.version })
    .from(masterDataChanges)
    .where(and(eq(masterDataChanges.kind, 'lot'), eq(masterDataChanges.key, lotId), sql`${masterDataChanges.data} ->> 'qcStatus' = 'released'`))
    .limit(1);
  return released ? releasedIn(released.version) : null;
}

/**
 * Why container `key` may not go from `before` (its last record, withdrawn or not; null: never
 * registered) to `after`; null when it may. Only new material is looked at: a new container, or a
 * larger quantity than its last record's.
 */
export async function containerStockRefusal(tx: HubTx, key: string, before: Container | null, after: Container, writer: OwnedFieldWriter | undefined): Promise<OwnedFieldRefusal | null> {
  if (writer === 'seed') return null;
  const grown = before !== null && before.lotId === after.lotId && compareMass(after.quantity, before.quantity) > 0;
  if (before !== null && !grown) return null;
  const why = await inspectedBy(tx, after.lotId, before === null);
  if (why === null) return null;
  if (why === UNKNOWN) {
    // FR-153: a container registered ahead of its lot would join the lot's goods receipt unseen
    // (the receipt's sample plan is drawn over the containers it brings): the lot comes first.
    const lotRoute = `POST ${API_PREFIX}/quality/iqc/receipts (the goods receipt brings the lot and its containers)`;
    return refusal('LOT_UNKNOWN', 'container', key, ['lotId'], lotRoute, `container ${key}: lot ${after.lotId} has no current record (never registered, or withdrawn); a container is registered under a lot that exists, or comes with its lot's goods receipt (${lotRoute})`);
  }
  const route = `POST ${API_PREFIX}/quality/iqc/receipts (a goods receipt of a new lot: quarantine, sampled and tested)`;
  const what = before === null ? `a new container under lot ${after.lotId}` : `quantity ${before.quantity.amount} ${before.quantity.unit} → ${after.quantity.amount} ${after.quantity.unit} under lot ${after.lotId}`;
  return refusal('CONTAINER_NOT_INSPECTED', 'container', key, [before === null ? 'lotId' : 'quantity'], route, `container ${key}: ${what} is material QC did not inspect: ${why}; receive it with ${route}`);
}
