/**
 * Goods receipt and sampling (issue 12 item 1; EU GMP Ch. 5.27-5.30): a receipt, from the ERP
 * (B2MML, receipt-b2mml.ts) or entered at the hub, puts every lot and container into master data
 * with QC status `quarantine` and opens one sampling task per lot, with the sample plan of its
 * supplier's status (src-shared/quality/sample-plan.ts) and the specification version in force.
 * Recording a sample is the sampler's e-signature, meaning "performed" (21 CFR 11.50; like every
 * other QC decision here), and lowers that container's quantity by what was taken — a new
 * container version, fed to the stations, which then count down from it.
 *
 * A receipt is written all or nothing (all-or-nothing.ts), with its master data, in one
 * transaction; the same receipt sent again is answered with what the first made, a different
 * document under the same receipt id is refused.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import { canonicalJson } from '../../../src-core/ledger/canonical-json.ts';
import { compareMass, subtractMass } from '../../../src-shared/mass.ts';
import type { Container } from '../../../src-shared/master-data/container.ts';
import type { Lot } from '../../../src-shared/master-data/lot.ts';
import { samplePlan } from '../../../src-shared/quality/sample-plan.ts';
import type { GoodsReceipt, ReceiptView, RecordSample } from '../../../src-shared/quality/iqc-contract.ts';
import { masterData } from '../../db/schema.ts';
import type { HubQuery, HubTx } from '../../db/open-hub-db.ts';
import type { HubContext } from '../../hub-context.ts';
import type { HubPrincipal } from '../../admin/admin-auth.ts';
import { audit } from '../../admin/hub-audit.ts';
import { MasterDataService } from '../../master-data/master-data-service.ts';
import type { BatchlineError } from '../../../src-shared/result.ts';
import { GENESIS_HASH, signRecordStep } from '../signing/record-step.ts';
import { allOrNothing, SIGNATURE_REFUSALS } from './all-or-nothing.ts';
import { currentObject } from './current-object.ts';
import { iqcReceipts, iqcSamples, iqcTasks } from './iqc-schema.ts';
import type { SpecService } from './spec-service.ts';

/** The domain of a sample's signed step (record-step.ts): never the same hash as another record's step. */
export const SAMPLE_PURPOSE = 'batchline.iqc-sample.v1';

/** A refusal found after the signature was written: rolls the whole sample back. */
class Undo extends Error {
  constructor(readonly refusal: BatchlineError) {
    super(refusal.message);
  }
}

export function taskIdOf(lotId: string): string {
  return `IQC-${lotId}`;
}

export class ReceiptService {
  private readonly md: MasterDataService;

  constructor(
    private readonly ctx: HubContext,
    private readonly specs: SpecService,
  ) {
    this.md = new MasterDataService(ctx);
  }

  async list(): Promise<ReceiptView[]> {
    const rows = await this.ctx.db.select().from(iqcReceipts).orderBy(desc(iqcReceipts.receivedAt)).limit(500);
    return Promise.all(rows.map((r) => this.view(this.ctx.db, r)));
  }

  async receive(actor: HubPrincipal, receipt: GoodsReceipt, source: 'b2mml' | 'entry'): Promise<Result<ReceiptView>> {
    const r = await this.receiveIn(actor, receipt, source);
    if (!r.ok) await audit(this.ctx.db, this.ctx.clock.now(), { actor: actor.username, action: 'iqc.refused', subject: receipt.receiptId, ok: false, details: { step: 'receive', code: r.error.code, message: r.error.message } });
    return r;
  }

  private async receiveIn(actor: HubPrincipal, receipt: GoodsReceipt, source: 'b2mml' | 'entry'): Promise<Result<ReceiptView>> {
    const [known] = await this.ctx.db.select().from(iqcReceipts).where(eq(iqcReceipts.receiptId, receipt.receiptId));
    if (known) {
      if (canonicalJson(known.document) === canonicalJson(receipt)) return ok(await this.view(this.ctx.db, known));
      return err('CONFLICT', `receipt ${receipt.receiptId} was received already, with other content`, { receiptId: receipt.receiptId });
    }
    const containerIds = receipt.lots.flatMap((l) => l.containers.map((c) => c.containerId));
    const repeated = containerIds.find((c, i) => containerIds.indexOf(c) !== i);
    if (repeated) return err('INPUT_INVALID', `container ${repeated} appears twice in receipt ${receipt.receiptId}`, { containerId: repeated });
    const lotIds = receipt.lots.map((l) => l.lotId);
    if (new Set(lotIds).size !== lotIds.length) return err('INPUT_INVALID', `a lot appears twice in receipt ${receipt.receiptId}`);
    const spec = await this.specs.get(receipt.material);
    if (!spec.ok) return spec;
    const material = await this.md.get('material', receipt.material);
    if (!material.ok || material.value.data === null) return err('NOT_FOUND', `material ${receipt.material} is not in master data`, { material: receipt.material });
    const existing = await this.ctx.db
      .select({ kind: masterData.kind, key: masterData.key })
      .from(masterData)
      .where(inArray(masterData.key, [...lotIds, ...containerIds]));
    const clash = existing.find((e) => (e.kind === 'lot' && lotIds.includes(e.key)) || (e.kind === 'container' && containerIds.includes(e.key)));
    if (clash) return err('CONFLICT', `${clash.kind} ${clash.key} exists already; a receipt brings new lots and containers`, { kind: clash.kind, key: clash.key });
    // FR-153: a container registered ahead of the lot (under any key) would belong to the lot
    // without being in its sample plan, which is drawn over the receipt's containers.
    const [named] = await this.ctx.db
      .select({ key: masterData.key, lotId: sql<string>`${masterData.data} ->> 'lotId'` })
      .from(masterData)
      .where(and(eq(masterData.kind, 'container'), inArray(sql`${masterData.data} ->> 'lotId'`, lotIds)))
      .limit(1);
    if (named) return err('CONFLICT', `container ${named.key} names lot ${named.lotId} already; a receipt brings a new lot with all its containers`, { kind: 'container', key: named.key, lotId: named.lotId });
    const now = this.ctx.clock.now();
    const today = now.toISOString().slice(0, 10);
    const reason = `${receipt.reason} ${receipt.receiptId} (${receipt.supplier.code})`;
    const reasonKey = 'goods-receipt' as const;
    const reasonParams = { note: receipt.reason, receiptId: receipt.receiptId, supplier: receipt.supplier.code };
    return allOrNothing(this.ctx.db, async (tx): Promise<Result<ReceiptView>> => {
      await tx.insert(iqcReceipts).values({ receiptId: receipt.receiptId, material: receipt.material, supplier: receipt.supplier.code, supplierStatus: receipt.supplier.status, source, document: receipt, receivedBy: actor.username, receivedAt: now });
      for (const lot of receipt.lots) {
        const data: Lot = { lotId: lot.lotId, materialCode: receipt.material, lotNumber: lot.lotNumber, qcStatus: 'quarantine', expiryDate: lot.expiryDate, retestDate: lot.retestDate, assayPercent: null, waterPercent: null };
        const put = await this.md.putIn(tx, actor, 'lot', lot.lotId, { data, expectedVersion: 0, reason, reasonKey, reasonParams });
        if (!put.ok) return put;
        for (const c of lot.containers) {
          const container: Container = { containerId: c.containerId, lotId: lot.lotId, materialCode: receipt.material, quantity: c.quantity, tare: c.tare, receivedAt: today };
          const putC = await this.md.putIn(tx, actor, 'container', c.containerId, { data: container, expectedVersion: 0, reason, reasonKey, reasonParams });
          if (!putC.ok) return putC;
        }
        const plan = samplePlan(lot.containers.length, receipt.supplier.status);
        const id = taskIdOf(lot.lotId);
        await tx.insert(iqcTasks).values({
          id,
          receiptId: receipt.receiptId,
          lotId: lot.lotId,
          lotNumber: lot.lotNumber,
          material: receipt.material,
          supplier: receipt.supplier.code,
          supplierStatus: receipt.supplier.status,
          plan: { rule: plan.rule, containers: plan.containers, of: plan.of },
          specVersion: spec.value.version,
          state: 'open',
          createdAt: now,
          updatedAt: now,
        });
        await tx.insert(iqcSamples).values(plan.positions.map((p) => ({ taskId: id, containerId: lot.containers[p]!.containerId, position: p })));
      }
      await audit(tx, now, {
        actor: actor.username,
        action: 'iqc.received',
        subject: receipt.receiptId,
        details: { origin: source, material: receipt.material, supplier: receipt.supplier.code, supplierStatus: receipt.supplier.status, lots: lotIds, containers: containerIds.length, specVersion: spec.value.version },
      });
      const [row] = await tx.select().from(iqcReceipts).where(eq(iqcReceipts.receiptId, receipt.receiptId));
      return ok(await this.view(tx, row!));
    });
  }

  /**
   * A container of the task's plan sampled: what was taken, signed "performed" by the sampler with
   * their password (the signed step covers task, container, position, quantity and what is left);
   * its stock goes down by that much. Every check comes before any write; a wrong password commits
   * only its count toward the lockout and its audit entry (record-step.ts), nothing of the sample.
   */
  async recordSample(actor: HubPrincipal, taskId: string, input: RecordSample): Promise<Result<{ taskState: string; containerVersion: number; signatureId: number }>> {
    let r: Result<{ taskState: string; containerVersion: number; signatureId: number }>;
    try {
      r = await this.ctx.db.transaction(async (tx) => {
        const [task] = await tx.select().from(iqcTasks).where(eq(iqcTasks.id, taskId)).for('update');
        if (!task) return err('IQC_TASK_UNKNOWN', `no sampling task ${taskId}`, { taskId });
        if (task.state !== 'open') return err('IQC_STATE_INVALID', `${taskId} is ${task.state}; samples are recorded while it is open`, { state: task.state });
        const samples = await tx.select().from(iqcSamples).where(eq(iqcSamples.taskId, taskId)).orderBy(asc(iqcSamples.position));
        const sample = samples.find((s) => s.containerId === input.containerId);
        if (!sample) return err('INPUT_INVALID', `container ${input.containerId} is not in the sample plan of ${taskId} (${samples.map((s) => s.containerId).join(', ')})`, { containerId: input.containerId });
        if (sample.sampledAt) return err('CONFLICT', `container ${input.containerId} was sampled already by ${sample.sampledBy}`);
        const current = await currentObject<Container>(tx, 'container', input.containerId);
        if (!current) return err('NOT_FOUND', `container ${input.containerId} is not in master data`);
        const container = current.data;
        if (compareMass(input.quantity, container.quantity) > 0) return err('INPUT_INVALID', `the sample (${input.quantity.amount} ${input.quantity.unit}) is more than container ${input.containerId} holds (${container.quantity.amount} ${container.quantity.unit})`);
        const now = this.ctx.clock.now();
        const left = subtractMass(container.quantity, input.quantity);
        const data = { lotId: task.lotId, containerId: input.containerId, position: sample.position, quantity: input.quantity, left, note: input.note ?? null, containerVersion: current.version + 1 };
        const signed = await signRecordStep(tx, this.ctx, actor, input.password, { subjectKind: 'iqc-record', purpose: SAMPLE_PURPOSE, recordId: taskId, key: `sampled-${sample.position}`, meaning: 'performed', data, previous: GENESIS_HASH, action: 'iqc.sampled' });
        if (!signed.ok) return signed;
        const put = await this.md.putIn(tx, actor, 'container', input.containerId, { data: { ...container, quantity: left }, expectedVersion: current.version, reason: `IQC sample ${input.quantity.amount} ${input.quantity.unit} taken (${taskId})`, reasonKey: 'iqc-sampled', reasonParams: { amount: input.quantity.amount, unit: input.quantity.unit, taskId } });
        if (!put.ok) throw new Undo(put.error);
        await tx.update(iqcSamples).set({ quantity: input.quantity, sampledBy: actor.username, sampledAt: now, signatureId: signed.value.signatureId, hash: signed.value.hash }).where(eq(iqcSamples.id, sample.id));
        const allDone = samples.every((s) => s.id === sample.id || s.sampledAt !== null);
        if (allDone) await tx.update(iqcTasks).set({ state: 'sampled', updatedAt: now }).where(eq(iqcTasks.id, taskId));
        return ok({ taskState: allDone ? 'sampled' : 'open', containerVersion: put.value.version, signatureId: signed.value.signatureId });
      });
    } catch (e) {
      if (!(e instanceof Undo)) throw e;
      r = { ok: false, error: e.refusal };
    }
    if (!r.ok && !SIGNATURE_REFUSALS.has(r.error.code)) {
      await audit(this.ctx.db, this.ctx.clock.now(), { actor: actor.username, action: 'iqc.refused', subject: taskId, ok: false, details: { step: 'sample', code: r.error.code, message: r.error.message } });
    }
    return r;
  }

  private async view(q: HubQuery | HubTx, r: typeof iqcReceipts.$inferSelect): Promise<ReceiptView> {
    const tasks = await q.select({ id: iqcTasks.id, lotId: iqcTasks.lotId, state: iqcTasks.state }).from(iqcTasks).where(and(eq(iqcTasks.receiptId, r.receiptId))).orderBy(asc(iqcTasks.no));
    return { receiptId: r.receiptId, material: r.material, supplier: r.supplier, supplierStatus: r.supplierStatus, source: r.source, receivedBy: r.receivedBy, receivedAt: r.receivedAt.toISOString(), tasks };
  }
}
