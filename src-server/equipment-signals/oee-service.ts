/**
 * OEE per line and shift at the hub (issue 13 item 4): the shift calendar of the hub's
 * configuration gives the planned window and each machine's ideal rate, the signals tables give
 * the state intervals and count increments, and src-core/equipment/oee.ts computes. A shift
 * that is running is computed up to now (its planned time so far); one that has not started has
 * no planned time yet. Recomputed on each request, like the other dashboard figures.
 */
import { and, eq, gte, inArray, lt } from 'drizzle-orm';
import { Decimal } from 'decimal.js';
import { computeBatchOee, type BatchCounts, type DowntimeEntry } from '../../src-core/equipment/oee-batch.ts';
import { computeOee, type EquipmentInput, type OeeWindow } from '../../src-core/equipment/oee.ts';
import { convertMass, type Mass } from '../../src-shared/mass.ts';
import { ledgerEntries } from '../db/schema.ts';
import { currentOrLastShift, shiftWindow } from '../../src-core/equipment/shift-calendar.ts';
import type { BatchOeeView, OeeCalendar, OeeLineReport } from '../../src-shared/equipment/oee-contract.ts';
import type { Oee } from '../../src-shared/quality/dashboard-contract.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';
import type { HubContext } from '../hub-context.ts';
import type { EquipmentSignalService } from './signals-service.ts';

export class OeeService {
  constructor(
    private readonly ctx: HubContext,
    private readonly signals: EquipmentSignalService,
    private readonly calendar: OeeCalendar | null,
  ) {}

  async lineShift(line: string, shiftId: string, date: string): Promise<Result<OeeLineReport>> {
    const cal = this.calendar;
    const l = cal?.lines.find((x) => x.line === line);
    if (!cal || !l) return err('OEE_SHIFT_UNKNOWN', `the shift calendar has no line ${line}`, { line });
    const w = shiftWindow(cal, shiftId, date);
    if (!w.ok) return w;
    const now = this.ctx.clock.now().getTime();
    if (w.value.startMs >= now) return err('OEE_NO_PLANNED_TIME', `shift ${shiftId} of ${date} has not started`, { line, shiftId, date });
    const endMs = Math.min(w.value.endMs, now);
    const data = await this.signals.window(this.ctx.db, l.equipment.map((e) => ({ equipmentId: e.equipmentId, goodCounter: e.counter === 'good' })), new Date(w.value.startMs), new Date(endMs));
    const window = { ...w.value, endMs };
    const input: EquipmentInput[] = l.equipment.map((e) => ({ equipmentId: e.equipmentId, idealRatePerHour: e.idealRatePerHour, ...data.get(e.equipmentId)! }));
    const computed = computeOee(window, input);
    const head = { line, shiftId, date, from: new Date(w.value.startMs).toISOString(), to: new Date(endMs).toISOString(), inProgress: endMs < w.value.endMs };
    const fromBatches = await this.fromBatches(window, input, l.unitMass ?? null);
    if (!computed.ok) return ok({ ...head, figures: null, equipment: [], error: { code: computed.error.code, message: computed.error.message }, fromBatches });
    const { equipment, ...figures } = computed.value;
    return ok({ ...head, figures, equipment, error: null, fromBatches });
  }

  /**
   * The shift from the batch records synced to the hub (FR-85): the batches that took one of the
   * line's machines into use (`equipment.used`) within the window, their batch size
   * (`order.imported`) and yield actual (`reconciliation.recorded`) in units of the line's unit
   * mass, and the machines' cleanings (`equipment.logbook_recorded`, recorded once ended, so at or
   * after the window's start when they overlap it) as availability losses.
   */
  private async fromBatches(window: OeeWindow, input: EquipmentInput[], unitMass: Mass | null): Promise<BatchOeeView> {
    const ids = input.map((e) => e.equipmentId);
    const from = new Date(window.startMs).toISOString();
    const to = new Date(window.endMs).toISOString();
    const db = this.ctx.db;
    const inWindow = (t: string) => Date.parse(t) >= window.startMs && Date.parse(t) < window.endMs;
    const used = (await db.select().from(ledgerEntries).where(and(eq(ledgerEntries.type, 'equipment.used'), gte(ledgerEntries.time, from), lt(ledgerEntries.time, to)))).filter((r) => inWindow(r.time) && ids.includes(String((r.payload as { equipmentId?: unknown }).equipmentId)) && r.batchRef);
    const keys = new Map<string, { stationId: string; batchNumber: string; product: string }>();
    for (const r of used) keys.set(`${r.stationId}\u0000${r.batchRef!}`, { stationId: r.stationId, batchNumber: r.batchRef!, product: String((r.payload as { product?: unknown }).product ?? '') });
    const refs = [...new Set([...keys.values()].map((k) => k.batchNumber))];
    const records = refs.length === 0 ? [] : await db.select().from(ledgerEntries).where(and(inArray(ledgerEntries.batchRef, refs), inArray(ledgerEntries.type, ['order.imported', 'reconciliation.recorded'])));
    const cleanings = (await db.select().from(ledgerEntries).where(and(eq(ledgerEntries.type, 'equipment.logbook_recorded'), gte(ledgerEntries.time, from))))
      .map((r) => r.payload as { equipmentId: string; kind: string; startedAt?: string; endedAt?: string })
      .filter((p) => p.kind === 'cleaning' && ids.includes(p.equipmentId) && p.startedAt && p.endedAt)
      .map((p): DowntimeEntry => ({ equipmentId: p.equipmentId, kind: 'cleaning', startMs: Date.parse(p.startedAt!), endMs: Date.parse(p.endedAt!) }));
    const units = (m: Mass | null): number | null => (m && unitMass ? new Decimal(convertMass(m, unitMass.unit).amount).div(unitMass.amount).floor().toNumber() : null);
    const batches = [...keys.values()]
      .sort((a, b) => a.batchNumber.localeCompare(b.batchNumber) || a.stationId.localeCompare(b.stationId))
      .map((k) => {
        const of = (type: string) => records.filter((r) => r.stationId === k.stationId && r.batchRef === k.batchNumber && r.type === type).sort((a, b) => b.seq - a.seq)[0]?.payload as Record<string, any> | undefined;
        const batchSize = (of('order.imported')?.order?.batchSize as Mass | undefined) ?? null;
        const y = of('reconciliation.recorded')?.yield as { actual: Mass; theoretical: Mass } | null | undefined;
        const yieldActual = y?.actual ?? null;
        return { batchNumber: k.batchNumber, stationId: k.stationId, product: k.product, batchSize, yieldActual, plannedUnits: units(batchSize ?? y?.theoretical ?? null), producedUnits: units(yieldActual) };
      });
    const unknown = batches.filter((b) => b.yieldActual === null).map((b) => b.batchNumber);
    const view = { unitMass, batches, unknown, rejectsRecorded: false };
    if (!unitMass) return { ...view, reason: 'NO_UNIT_MASS', figures: null };
    const counted: BatchCounts[] = batches.filter((b) => b.producedUnits !== null).map((b) => ({ batchNumber: b.batchNumber, product: b.product, plannedUnits: b.plannedUnits ?? 0, totalUnits: b.producedUnits!, rejectUnits: 0 }));
    if (counted.length === 0) return { ...view, reason: 'NO_BATCHES', figures: null };
    const r = computeBatchOee(window, input, counted, cleanings);
    if (!r.ok) return { ...view, reason: r.error.code, figures: null };
    const { plannedMs: _p, runMs: _r, batch, ...rest } = r.value;
    const { batches: _b, ...batchCounts } = batch;
    return { ...view, reason: null, figures: { ...rest, batch: batchCounts } };
  }

  /** Each line's shift now running (else the last one), for the dashboard. */
  async dashboard(): Promise<Oee> {
    const cal = this.calendar;
    if (!cal || cal.lines.length === 0) return { available: false, reason: 'NO_EQUIPMENT_SIGNALS', lines: [] };
    const shift = currentOrLastShift(cal, this.ctx.clock.now().getTime());
    if (!shift) return { available: false, reason: 'NO_EQUIPMENT_SIGNALS', lines: [] };
    const lines: OeeLineReport[] = [];
    for (const l of cal.lines) {
      const r = await this.lineShift(l.line, shift.shiftId, shift.date);
      if (r.ok) lines.push(r.value);
    }
    return { available: true, reason: null, lines };
  }
}
