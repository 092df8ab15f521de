/**
 * An OQC result out of specification opens an OOS record (issue 12 items 4 and 5; FDA guidance
 * "Investigating OOS Test Results", 2022: every OOS result is investigated, phase I in the
 * laboratory first). The record is opened by the hub in the transaction that stores the result —
 * like a station deviation its engine raises — so it exists whoever sent the result (a LIMS has
 * no one to sign); every later step is signed by QA (deviation-service.ts). It names the batch,
 * so the QP's release is refused while it is open (open-records.ts), and the result, so the same
 * result never opens a second one (unique index, migration 0032). Audited as `deviation.opened`,
 * which the notifier pushes as an OOS.
 */
import { eq } from 'drizzle-orm';
import type { HubTx } from '../../db/open-hub-db.ts';
import { audit } from '../../admin/hub-audit.ts';
import { qualityDeviations } from '../db/deviation-schema.ts';
import { GENESIS_HASH } from '../signing/record-step.ts';
import { lockNumbering, nextDeviationId } from './deviation-service.ts';

export interface OosResult {
  resultId: string;
  lotId: string;
  batchNumber: string;
  testCode: string;
  testName: string;
  value: number | string;
  unit: string | null;
  specification: string;
  coaReference: string;
  enteredBy: string;
}

/** Opens the record, or returns the one this result opened already. */
export async function openOosForResult(tx: HubTx, now: Date, r: OosResult): Promise<{ id: string; opened: boolean }> {
  await lockNumbering(tx);
  const [known] = await tx.select({ id: qualityDeviations.id }).from(qualityDeviations).where(eq(qualityDeviations.sourceResultId, r.resultId));
  if (known) return { id: known.id, opened: false };
  const id = await nextDeviationId(tx, now);
  const shown = `${String(r.value)}${r.unit ? ` ${r.unit}` : ''}`;
  const title = `OOS: ${r.lotId} ${r.testCode} = ${shown} (batch ${r.batchNumber})`.slice(0, 200);
  const description = `Finished-product result ${r.resultId} of lot ${r.lotId} (batch ${r.batchNumber}): ${r.testName} = ${shown}, specification ${r.specification}; CoA ${r.coaReference}, entered by ${r.enteredBy}.`.slice(0, 4000);
  await tx.insert(qualityDeviations).values({
    id,
    kind: 'oos',
    title,
    description,
    // FR-102: the same facts as a code and values, worded in each reader's language by the console.
    systemText: { key: 'result-oos', params: { result: r.resultId, lot: r.lotId, batch: r.batchNumber, test: r.testCode, testName: r.testName, value: shown, specification: String(r.specification), coa: String(r.coaReference), enteredBy: r.enteredBy } },
    batchNumber: r.batchNumber,
    sourceResultId: r.resultId,
    lots: [r.lotId],
    impactedBatches: [r.batchNumber],
    state: 'raised',
    raisedBy: 'hub',
    raisedAt: now,
    lastHash: GENESIS_HASH,
    updatedAt: now,
  });
  await audit(tx, now, { actor: 'hub', action: 'deviation.opened', subject: id, details: { data: { kind: 'oos', title, batchNumber: r.batchNumber, lots: [r.lotId] }, resultId: r.resultId, lotId: r.lotId, testCode: r.testCode } });
  return { id, opened: true };
}
