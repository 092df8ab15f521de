/**
 * OEE per line and shift at the hub (issue 13 item 4): the shift calendar of the hub's
 * configuration gives the planned window and each machine's ideal rate, the signals tables give
 * the state intervals and count increments, and src-core/equipment/oee.ts computes. A shift
 * that is running is computed up to now (its planned time so far); one that has not started has
 * no planned time yet. Recomputed on each request, like the other dashboard figures.
 */
import { computeOee } from '../../src-core/equipment/oee.ts';
import { currentOrLastShift, shiftWindow } from '../../src-core/equipment/shift-calendar.ts';
import type { OeeCalendar, OeeLineReport } from '../../src-shared/equipment/oee-contract.ts';
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
    const computed = computeOee({ ...w.value, endMs }, l.equipment.map((e) => ({ equipmentId: e.equipmentId, idealRatePerHour: e.idealRatePerHour, ...data.get(e.equipmentId)! })));
    const head = { line, shiftId, date, from: new Date(w.value.startMs).toISOString(), to: new Date(endMs).toISOString(), inProgress: endMs < w.value.endMs };
    if (!computed.ok) return ok({ ...head, figures: null, equipment: [], error: { code: computed.error.code, message: computed.error.message } });
    const { equipment, ...figures } = computed.value;
    return ok({ ...head, figures, equipment, error: null });
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
