/**
 * A hub signature keeps its subject's id in the signature table's batch column: a batch number
 * for a review or a release, but an equipment id for an equipment-plan change (FR-121), a room
 * for room limits, an ERP message id for a requeue. The archive leaves those kinds out of a
 * batch's evidence packet (NON_BATCH_SUBJECT_KINDS, hub-signature-bytes.ts): where an equipment
 * is named like a batch, its plan signature would otherwise join the batch's packet, which then
 * fails its own schema (the packet carries only signatures about a batch) and no packet is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { unzipSync } from 'fflate';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from '../quality/support/quality-hub.ts';
import { recordBatch } from '../quality/support/station-batch.ts';
import { granulator } from '../fixtures/equipment/equipment-fixtures.ts';
import { planOf, type EquipmentPlanChange } from '../../src-shared/equipment/equipment-plan-contract.ts';
import type { Equipment } from '../../src-shared/master-data/process-equipment.ts';
import { qualitySignatures } from '../../src-server/quality/db/quality-schema.ts';
import { verifyEvidencePacket } from '../../src-core/archive/verify-packet.ts';
import { unwrap } from '../../src-shared/result.ts';

/** One id for both: the equipment and the batch. */
const ID = 'B-EQ-0121';
const STEWARD = { userId: 'u-md', username: 'md.steward', roles: ['master-data' as const] };

let q: QualityHub;

beforeAll(async () => {
  q = await startQualityHub('pglite');
  unwrap(await q.hub.hub.services.masterData.put(STEWARD, 'equipment', ID, { data: granulator(q.station.clock.now(), { equipmentId: ID }) as Record<string, unknown>, reason: 'register', via: 'seed' }));
  recordBatch(q.station, { batchNumber: ID, apiLot: 'API-LOT-E1', excipientLot: 'MCC-LOT-E' });
  q.station.ledger.checkpointNow();
  await q.sync();
  // QA reviews the batch, and signs a plan change of the equipment of the same id.
  expect((await q.hub.api('POST', `/api/v1/quality/batches/${ID}/review`, { password: HUB_PASSWORD }, await q.token('qa.hub'))).status).toBe(201);
  const equipment = unwrap(await q.hub.hub.services.masterData.get('equipment', ID));
  const plan = planOf(equipment.data as Equipment);
  const body = { plan: { ...plan, calibration: { ...plan.calibration, intervalDays: 365 } }, expectedVersion: equipment.version, reason: 'calibration interval extended per CAL-REP-2026-07', password: HUB_PASSWORD };
  const signed = await q.hub.api<EquipmentPlanChange>('POST', `/api/v1/equipment/${ID}/plan`, body, await q.token('qa.hub'));
  expect(signed.status, JSON.stringify(signed.body)).toBe(200);
}, 180_000);

afterAll(async () => {
  await q?.close();
});

describe('the archive and hub signatures about something other than a batch', () => {
  it('P11-07 an equipment-plan signature on an equipment named like a batch stays out of that batch\'s evidence packet; the packet is written and verifies', async () => {
    const kinds = await q.hub.hub.services.ctx.db.select({ kind: qualitySignatures.subjectKind }).from(qualitySignatures).where(eq(qualitySignatures.batchNumber, ID));
    expect(kinds.map((k) => k.kind).sort()).toEqual(['batch', 'equipment-plan']);

    const res = await fetch(`${q.hub.url}/api/v1/archive/batches/${ID}/packet`, { headers: { authorization: `Bearer ${await q.token('qa.hub')}` } });
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(res.status, new TextDecoder().decode(bytes).slice(0, 400)).toBe(200);
    const report = verifyEvidencePacket(bytes);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.hubSignatures).toEqual([expect.objectContaining({ meaning: 'reviewed', username: 'qa.hub', valid: true, coversRecord: true })]);
    const carried = JSON.parse(new TextDecoder().decode(unzipSync(bytes)['hub/signatures.json'])) as { fields: { subjectKind: string } }[];
    expect(carried.map((s) => s.fields.subjectKind)).toEqual(['batch']);
    // Nor is the plan signature lost: it stays with the equipment.
    const plan = await q.hub.hub.services.ctx.db.select().from(qualitySignatures).where(and(eq(qualitySignatures.batchNumber, ID), eq(qualitySignatures.subjectKind, 'equipment-plan')));
    expect(plan).toHaveLength(1);
  });
});
