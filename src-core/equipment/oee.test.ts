import { describe, expect, it } from 'vitest';
import { computeOee, type EquipmentInput, type OeeWindow } from './oee.ts';
import { counterDelta } from './counter-delta.ts';
import { computeBatchOee, type BatchCounts, type DowntimeEntry } from './oee-batch.ts';
import { currentOrLastShift, shiftWindow } from './shift-calendar.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-12-05T06:00:00.000Z');
const at = (minutes: number) => T0 + minutes * MIN;

/** The early shift 06:00–14:00 with a planned break 10:00–10:30. */
const SHIFT: OeeWindow = { startMs: at(0), endMs: at(480), breaks: [{ startMs: at(240), endMs: at(270) }] };

const BLISTER: EquipmentInput = {
  equipmentId: 'BLISTER-01',
  idealRatePerHour: '6000',
  intervals: [
    { state: 'idle', reason: null, startMs: at(0), endMs: at(20) }, // 06:00–06:20
    { state: 'running', reason: null, startMs: at(20), endMs: at(120) }, // 06:20–08:00
    { state: 'down', reason: 'JAM', startMs: at(120), endMs: at(165) }, // 08:00–08:45
    { state: 'running', reason: null, startMs: at(165), endMs: at(240) }, // 08:45–10:00
    { state: 'idle', reason: null, startMs: at(240), endMs: at(270) }, // the break: not planned
    { state: 'running', reason: null, startMs: at(270), endMs: at(360) }, // 10:30–12:00
    { state: 'down', reason: 'CHANGEOVER', startMs: at(360), endMs: at(375) }, // 12:00–12:15
    { state: 'running', reason: null, startMs: at(375), endMs: at(470) }, // 12:15–13:50
    { state: 'idle', reason: null, startMs: at(470), endMs: null }, // 13:50– (open)
  ],
  counts: [
    { atMs: at(120), total: 10_000, reject: 200 },
    { atMs: at(240), total: 7_500, reject: 150 },
    { atMs: at(360), total: 9_000, reject: 180 },
    { atMs: at(470), total: 5_900, reject: 118 },
    // After the shift: belongs to the next one.
    { atMs: at(490), total: 700, reject: 0 },
  ],
};

describe('OEE of a shift', () => {
  it('FR-72 OEE against a hand-computed shift: availability, performance, quality and the losses in minutes', () => {
    // By hand:
    //   planned time     = 480 min − 30 min break                          = 450 min
    //   run time         = 100 + 75 + 90 + 95                              = 360 min
    //   down             = JAM 45 + CHANGEOVER 15                          =  60 min
    //   idle             = 20 + 10 (the 30 in the break is not planned)    =  30 min
    //   availability     = 360 / 450                                       = 0.8
    //   ideal cycle      = 3600 s / 6000                                   = 0.6 s
    //   total count      = 10000 + 7500 + 9000 + 5900                      = 32400 (700 after 14:00 not counted)
    //   rejects          = 200 + 150 + 180 + 118                           = 648
    //   performance      = 0.6 s × 32400 / 360 min = 19440 s / 21600 s     = 0.9
    //   quality          = (32400 − 648) / 32400 = 31752 / 32400           = 0.98
    //   OEE              = 0.8 × 0.9 × 0.98                                = 0.7056
    //   speed loss       = 360 min − 324 min                               =  36 min
    //   reject loss      = 648 × 0.6 s = 388.8 s                           =   6.48 min
    //   fully productive = 31752 × 0.6 s = 19051.2 s                       = 317.52 min
    //   check: 317.52 + 60 + 30 + 36 + 6.48                                = 450 min
    const r = computeOee(SHIFT, [BLISTER]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      plannedMs: 450 * MIN,
      runMs: 360 * MIN,
      totalCount: 32_400,
      goodCount: 31_752,
      rejectCount: 648,
      availability: 0.8,
      performance: 0.9,
      quality: 0.98,
      oee: 0.7056,
      fullyProductiveMs: 19_051_200,
      losses: { downtimeMs: { CHANGEOVER: 15 * MIN, JAM: 45 * MIN }, idleMs: 30 * MIN, noSignalMs: 0, speedLossMs: 36 * MIN, rejectLossMs: 388_800 },
    });
    const l = r.value.losses;
    expect(r.value.fullyProductiveMs + l.downtimeMs.JAM! + l.downtimeMs.CHANGEOVER! + l.idleMs + l.noSignalMs + l.speedLossMs + l.rejectLossMs).toBe(r.value.plannedMs);
    expect(r.value.equipment).toHaveLength(1);
    expect(r.value.equipment[0]).toMatchObject({ equipmentId: 'BLISTER-01', oee: 0.7056 });
  });

  it('FR-72 a line is the sum of its equipment; time without a signal is a loss of its own; ratios are decimal, not binary floats', () => {
    // A second machine signalling only from 12:00: 06:00–12:00 minus the break (330 min) has no
    // signal; it runs 12:00–14:00 (120 min) at 7.5 units/h ideal
    // (cycle 480 s) and counts 14 of which 1 is rejected.
    const late: EquipmentInput = { equipmentId: 'LABELLER-02', idealRatePerHour: '7.5', intervals: [{ state: 'running', reason: null, startMs: at(360), endMs: at(480) }], counts: [{ atMs: at(400), total: 14, reject: 1 }] };
    const r = computeOee(SHIFT, [BLISTER, late]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [, l2] = r.value.equipment;
    // availability 120/450 = 0.2667; performance 14 × 480 s / 7200 s = 0.9333; quality 13/14 = 0.9286
    // OEE = 13 × 480 s / 27000 s = 6240 / 27000 = 0.2311
    expect(l2).toMatchObject({ availability: 0.2667, performance: 0.9333, quality: 0.9286, oee: 0.2311, losses: { noSignalMs: 330 * MIN, speedLossMs: 8 * MIN, rejectLossMs: 8 * MIN } });
    // Line: planned 900 min, run 480 min; ideal total 324 + 112 = 436 min; good 31765 of 32414.
    expect(r.value).toMatchObject({ plannedMs: 900 * MIN, runMs: 480 * MIN, availability: 0.5333, performance: 0.9083, totalCount: 32_414, goodCount: 31_765 });
    // OEE = (317.52 + 104) min / 900 min = 421.52 / 900 = 0.46835… → 0.4684
    expect(r.value.oee).toBe(0.4684);
    expect(r.value.losses.noSignalMs).toBe(330 * MIN);
  });

  it('FR-72 impossible inputs are typed refusals: no planned time, counts going backwards, rejects above the total, overlapping intervals, a bad ideal rate', () => {
    const code = (x: ReturnType<typeof computeOee>) => (x.ok ? 'ok' : x.error.code);
    expect(code(computeOee({ startMs: at(0), endMs: at(0), breaks: [] }, [BLISTER]))).toBe('OEE_NO_PLANNED_TIME');
    expect(code(computeOee({ startMs: at(0), endMs: at(30), breaks: [{ startMs: at(0), endMs: at(30) }] }, [BLISTER]))).toBe('OEE_NO_PLANNED_TIME');
    expect(code(computeOee(SHIFT, [{ ...BLISTER, counts: [{ atMs: at(10), total: -5, reject: 0 }] }]))).toBe('OEE_COUNTS_BACKWARDS');
    expect(code(computeOee(SHIFT, [{ ...BLISTER, counts: [{ atMs: at(10), total: 5, reject: 6 }] }]))).toBe('OEE_COUNTS_BACKWARDS');
    expect(code(computeOee(SHIFT, [{ ...BLISTER, intervals: [{ state: 'running', reason: null, startMs: at(0), endMs: at(60) }, { state: 'down', reason: null, startMs: at(30), endMs: at(90) }] }]))).toBe('OEE_INPUT_INVALID');
    expect(code(computeOee(SHIFT, [{ ...BLISTER, intervals: [{ state: 'running', reason: null, startMs: at(60), endMs: at(30) }] }]))).toBe('OEE_INPUT_INVALID');
    for (const rate of ['0', '-1', 'fast', 'Infinity']) expect(code(computeOee(SHIFT, [{ ...BLISTER, idealRatePerHour: rate }]))).toBe('OEE_INPUT_INVALID');
    expect(code(computeOee(SHIFT, []))).toBe('OEE_INPUT_INVALID');
  });

  it('FR-72 no run time and no count: performance and quality are absent, not zero or a division by zero', () => {
    const r = computeOee(SHIFT, [{ equipmentId: 'X', idealRatePerHour: '100', intervals: [{ state: 'down', reason: 'NO_MATERIAL', startMs: at(0), endMs: null }], counts: [] }]);
    expect(r.ok && r.value).toMatchObject({ availability: 0, performance: null, quality: null, oee: 0, losses: { downtimeMs: { NO_MATERIAL: 450 * MIN } } });
  });
});

describe('OEE from the batch records (issue 13 item 4)', () => {
  // The same shift and blister line; its two batches' records, and its logbook.
  const BATCHES: BatchCounts[] = [
    { batchNumber: 'B-2612-01', product: 'FG-PARA500', plannedUnits: 16_000, totalUnits: 17_400, rejectUnits: 350 },
    { batchNumber: 'B-2612-02', product: 'FG-PARA500', plannedUnits: 16_000, totalUnits: 15_100, rejectUnits: 310 },
  ];
  const LOGBOOK: DowntimeEntry[] = [
    { equipmentId: 'BLISTER-01', kind: 'cleaning', startMs: at(0), endMs: at(15) }, // in the first idle 20 min
    { equipmentId: 'BLISTER-01', kind: 'breakdown', startMs: at(120), endMs: at(165) }, // the JAM
    { equipmentId: 'BLISTER-01', kind: 'changeover', startMs: at(360), endMs: at(375) },
    { equipmentId: 'OTHER-9', kind: 'maintenance', startMs: at(0), endMs: at(480) }, // another machine: not this line's loss
  ];

  it('FR-85 OEE against a hand-computed shift from the batch records, the signal counts beside them with the difference, and the losses by logbook cause', () => {
    // By hand (availability from the signals, as above: 360 / 450 = 0.8):
    //   batch total        = 17400 + 15100                       = 32500  (signal 32400: +100)
    //   batch rejects      = 350 + 310                           =   660  (signal   648:  +12)
    //   batch good         = 32500 − 660                         = 31840  (signal 31752:  +88)
    //   performance        = 0.6 s × 32500 / 21600 s = 19500/21600 = 0.902777… → 0.9028
    //   quality            = 31840 / 32500                       = 0.979692… → 0.9797
    //   OEE                = 0.6 s × 31840 / 27000 s = 19104/27000 = 0.707555… → 0.7076
    //   attainment         = 32500 / 32000                       = 1.015625 → 1.0156
    //   speed loss         = 21600 s − 19500 s                   = 2100 s = 35 min
    //   reject loss        = 660 × 0.6 s                         = 396 s  = 6.6 min
    //   fully productive   = 19104 s                             = 318.4 min
    //   availability loss  = breakdown 45 + changeover 15 + cleaning 15 + idle 15 (30 − 15) = 90 min
    //   check: 318.4 + 35 + 6.6 + 90                             = 450 min
    const r = computeBatchOee(SHIFT, [BLISTER], BATCHES, LOGBOOK);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      plannedMs: 450 * MIN,
      runMs: 360 * MIN,
      availability: 0.8,
      performance: 0.9028,
      quality: 0.9797,
      oee: 0.7076,
      attainment: 1.0156,
      batch: { planned: 32_000, total: 32_500, good: 31_840, rejects: 660, batches: ['B-2612-01', 'B-2612-02'] },
      signal: { total: 32_400, good: 31_752, rejects: 648 },
      difference: { total: 100, good: 88, rejects: 12 },
      fullyProductiveMs: 19_104_000,
      losses: { availability: { breakdown: 45 * MIN, changeover: 15 * MIN, cleaning: 15 * MIN, maintenance: 0, downtimeMs: {}, idleMs: 15 * MIN, noSignalMs: 0 }, speedLossMs: 35 * MIN, rejectLossMs: 396_000 },
    });
    const a = r.value.losses.availability;
    expect(r.value.fullyProductiveMs + r.value.losses.speedLossMs + r.value.losses.rejectLossMs + a.breakdown + a.changeover + a.cleaning + a.maintenance + a.idleMs + a.noSignalMs).toBe(r.value.plannedMs);
  });

  it('FR-85 down time no logbook entry explains stays under its signal reason; bad batch counts and logbook entries are typed refusals', () => {
    const r = computeBatchOee(SHIFT, [BLISTER], BATCHES, []);
    expect(r.ok && r.value.losses.availability).toMatchObject({ breakdown: 0, changeover: 0, cleaning: 0, downtimeMs: { JAM: 45 * MIN, CHANGEOVER: 15 * MIN }, idleMs: 30 * MIN });
    const code = (x: ReturnType<typeof computeBatchOee>) => (x.ok ? 'ok' : x.error.code);
    expect(code(computeBatchOee(SHIFT, [BLISTER], [{ ...BATCHES[0]!, rejectUnits: 20_000 }], []))).toBe('OEE_COUNTS_BACKWARDS');
    expect(code(computeBatchOee(SHIFT, [BLISTER], [{ ...BATCHES[0]!, totalUnits: 1.5 }], []))).toBe('OEE_COUNTS_BACKWARDS');
    expect(code(computeBatchOee(SHIFT, [BLISTER], BATCHES, [{ equipmentId: 'BLISTER-01', kind: 'cleaning', startMs: at(10), endMs: at(5) }]))).toBe('OEE_INPUT_INVALID');
    expect(computeBatchOee(SHIFT, [BLISTER], [], []).ok && computeBatchOee(SHIFT, [BLISTER], [], [])).toMatchObject({ value: { quality: null, oee: 0, attainment: null } });
  });
});

describe('cumulative counters', () => {
  it('FR-71 a baseline, increments, a reset to zero and a rollover at the counter width', () => {
    expect(counterDelta(null, 1200)).toEqual({ increment: 0, step: 'baseline' });
    expect(counterDelta(1200, 1250)).toEqual({ increment: 50, step: 'increment' });
    expect(counterDelta(1250, 3, 65_536)).toEqual({ increment: 3, step: 'reset' });
    expect(counterDelta(65_530, 4, 65_536)).toEqual({ increment: 10, step: 'rollover' });
    expect(counterDelta(65_530, 4)).toEqual({ increment: 4, step: 'reset' });
  });
});

describe('the shift calendar', () => {
  const cal = {
    utcOffsetMinutes: 480,
    shifts: [
      { shiftId: 'early', start: '06:00', end: '14:00', breaks: [{ start: '10:00', end: '10:30' }] },
      { shiftId: 'night', start: '22:00', end: '06:00', breaks: [{ start: '02:00', end: '02:30' }] },
    ],
    lines: [],
  };
  it('FR-73 local shift times at the plant offset, a night shift across midnight, and which shift runs now', () => {
    // 06:00 in UTC+8 is 22:00 UTC the day before.
    expect(shiftWindow(cal, 'early', '2026-12-05')).toEqual({ ok: true, value: { startMs: Date.parse('2026-12-04T22:00:00Z'), endMs: Date.parse('2026-12-05T06:00:00Z'), breaks: [{ startMs: Date.parse('2026-12-05T02:00:00Z'), endMs: Date.parse('2026-12-05T02:30:00Z') }] } });
    expect(shiftWindow(cal, 'night', '2026-12-05')).toEqual({ ok: true, value: { startMs: Date.parse('2026-12-05T14:00:00Z'), endMs: Date.parse('2026-12-05T22:00:00Z'), breaks: [{ startMs: Date.parse('2026-12-05T18:00:00Z'), endMs: Date.parse('2026-12-05T18:30:00Z') }] } });
    expect(currentOrLastShift(cal, Date.parse('2026-12-05T03:00:00Z'))).toEqual({ shiftId: 'early', date: '2026-12-05', inProgress: true });
    // 23:30 local on the 5th: the night shift of the 5th runs.
    expect(currentOrLastShift(cal, Date.parse('2026-12-05T15:30:00Z'))).toEqual({ shiftId: 'night', date: '2026-12-05', inProgress: true });
    // 15:00 local: between shifts, the early shift was the last.
    expect(currentOrLastShift(cal, Date.parse('2026-12-05T07:00:00Z'))).toEqual({ shiftId: 'early', date: '2026-12-05', inProgress: false });
    expect(shiftWindow(cal, 'late', '2026-12-05').ok).toBe(false);
    expect(shiftWindow(cal, 'early', '2026-02-30')).toMatchObject({ ok: false, error: { code: 'OEE_SHIFT_UNKNOWN' } });
  });
});
