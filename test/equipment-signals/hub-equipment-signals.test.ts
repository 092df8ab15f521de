/**
 * Equipment signals over OPC UA at the hub, through a real node-opcua server on loopback and a
 * TCP proxy that cuts the connection (issue 13 items 3 and 4): state changes become intervals
 * and automatic logbook entries, counters become increments across a reset, bad values are
 * refused and counted, a change made while the hub was cut off arrives dated when it happened,
 * and the OEE API and the dashboard figure give the shift computed by hand below.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatusCodes } from 'node-opcua';
import { fixedClock } from '../../src-core/clock.ts';
import { ledgerEntries } from '../../src-server/db/schema.ts';
import type { OeeCalendar, OeeLineReport, StateLogbookEntry } from '../../src-shared/equipment/oee-contract.ts';
import type { Oee } from '../../src-shared/quality/dashboard-contract.ts';
import { EquipmentSignalService } from '../../src-server/equipment-signals/signals-service.ts';
import { openEquipmentOpcuaIngest, startEquipmentOpcuaIngest, type EquipmentOpcuaIngest } from '../../src-server/equipment-signals/equipment-opcua-ingest.ts';
import { parseEquipmentSignalsConfig } from '../../src-server/equipment-signals/equipment-signals-config.ts';
import { startTestHub, type TestHub } from '../hub/support/test-hub.ts';
import { startCutProxy, until, type CutProxy } from '../hub/support/tcp-cut-proxy.ts';
import { startOpcuaEquipmentServer, type EquipmentVariable, type OpcuaEquipmentServer } from './opcua-equipment-server.ts';

const EQ = 'BLISTER-01';
const MIN = 60_000;
const T0 = Date.parse('2026-12-05T06:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * MIN);
/** One short shift 06:00–07:00 (UTC) with a break 06:30–06:40; ideal 3000 units/h (1.2 s a unit). */
const CALENDAR: OeeCalendar = {
  utcOffsetMinutes: 0,
  shifts: [{ shiftId: 'test', start: '06:00', end: '07:00', breaks: [{ start: '06:30', end: '06:40' }] }],
  lines: [{ line: 'L1', equipment: [{ equipmentId: EQ, idealRatePerHour: '3000', counter: 'total' }], unitMass: { amount: '0.5', unit: 'g' } }],
};

let hub: TestHub;
let server: OpcuaEquipmentServer;
let proxy: CutProxy;
let ingest: EquipmentOpcuaIngest;
let signals: EquipmentSignalService;

beforeAll(async () => {
  [hub, server] = await Promise.all([startTestHub({ backend: 'pglite', clock: fixedClock(new Date('2026-12-05T07:30:00.000Z'), 0), oeeCalendar: CALENDAR }), startOpcuaEquipmentServer([EQ])]);
  proxy = await startCutProxy({ host: '127.0.0.1', port: server.port }, 'opc.tcp');
  signals = new EquipmentSignalService(hub.hub.services.ctx);
  ingest = await startEquipmentOpcuaIngest(signals, {
    endpointUrl: `${proxy.url}${server.resourcePath}`,
    points: [{ equipmentId: EQ, stateNodeId: server.nodeId(EQ, 'state'), countNodeId: server.nodeId(EQ, 'count'), rejectNodeId: server.nodeId(EQ, 'reject'), counterModulus: 4_294_967_296 }],
  });
}, 90_000);
afterAll(async () => {
  await ingest?.close();
  await proxy?.close();
  await server?.close();
  await hub?.close();
});

const outcomes = () => ingest.counters.applied + Object.values(ingest.counters.refused).reduce((a, b) => a + b, 0);

/**
 * Writes a value and waits until the ingest has applied or refused it (each change must be
 * sampled on its own; a repeat re-delivered after the reconnect does not count as its outcome).
 */
async function send(v: EquipmentVariable, value: string | number, minutes: number, status = StatusCodes.Good): Promise<void> {
  const before = outcomes();
  server.write(EQ, v, value, at(minutes), status);
  await until(() => outcomes() > before, `${v} ${value} at +${minutes} min`);
}

describe('equipment signals over OPC UA through a real node-opcua server on loopback', () => {
  it('FR-71 states become intervals and logbook entries, counters increments across a reset; bad values are refused and counted; a change made while cut off arrives dated when it happened', async () => {
    // The initial values are Uncertain: three refusals (state, count, reject), no signal.
    await until(() => (ingest.counters.refused['EQUIPMENT_SIGNAL_INVALID:bad-status'] ?? 0) === 3, 'the three initial values');
    await send('state', 'running', 0);
    await send('count', 1000, 0); // baseline
    await send('reject', 10, 0); // baseline
    await send('count', 1500, 10);
    await send('reject', 15, 10);
    await send('state', 'down:JAM', 15);
    await send('state', 'running', 20);
    await ingest.drained();

    // The plant network goes away; the machine goes on.
    proxy.cut();
    server.write(EQ, 'state', 'down:STARVED', at(25));
    server.write(EQ, 'count', 2100, at(26));
    await new Promise((r) => setTimeout(r, 300));
    proxy.restore();
    await until(async () => (await signals.logbook(EQ)).some((e) => e.reason === 'STARVED'), 'the state change made while cut off', 30_000);
    // Seven signals applied before the cut; the state and the count made during it are the 8th and 9th.
    await until(() => ingest.counters.applied === 9, () => `the count made while cut off (applied ${ingest.counters.applied})`, 30_000);

    await send('state', 'running', 28);
    await send('count', 50, 29); // the counter was reset to zero: +50
    await send('count', 350, 45);
    await send('reject', 20, 45);
    await send('state', 'idle', 50);
    await send('state', 'running', 55, StatusCodes.BadSensorFailure);
    await send('state', 'exploded', 56);
    await ingest.drained();

    expect(ingest.counters.refused).toEqual({ 'EQUIPMENT_SIGNAL_INVALID:bad-status': 4, 'EQUIPMENT_SIGNAL_INVALID:invalid-field': 1 });
    expect(ingest.counters.failed).toBe(0);
    const refusals = await hub.api<{ code: string; reason: string; count: number }[]>('GET', '/api/v1/equipment-signals/refusals');
    expect(refusals.body.sort((a, b) => a.reason.localeCompare(b.reason))).toEqual([
      { code: 'EQUIPMENT_SIGNAL_INVALID', reason: 'bad-status', count: 4 },
      { code: 'EQUIPMENT_SIGNAL_INVALID', reason: 'invalid-field', count: 1 },
    ]);

    const log = (await hub.api<StateLogbookEntry[]>('GET', `/api/v1/equipment-signals/logbook?equipment=${EQ}`)).body.reverse();
    expect(log.map((e) => [e.at, e.kind, e.fromState, e.toState, e.reason])).toEqual([
      [at(0).toISOString(), 'state', null, 'running', null],
      [at(15).toISOString(), 'state', 'running', 'down', 'JAM'],
      [at(20).toISOString(), 'state', 'down', 'running', null],
      [at(25).toISOString(), 'state', 'running', 'down', 'STARVED'],
      [at(28).toISOString(), 'state', 'down', 'running', null],
      [at(29).toISOString(), 'counter-reset', null, null, null],
      [at(50).toISOString(), 'state', 'running', 'idle', null],
    ]);
    expect(log[5]!.details).toEqual({ counter: 'total', from: 2100, to: 50, increment: 50 });
  }, 120_000);

  it('FR-73 the OEE of the line in the shift, from the API and on the dashboard, equals the shift computed by hand', async () => {
    // By hand (06:00–07:00, break 06:30–06:40):
    //   planned  = 60 − 10                                     = 50 min
    //   running  = 06:00–06:15 (15) + 06:20–06:25 (5) + 06:28–06:50 less the break (12) = 32 min
    //   down     = JAM 06:15–06:20 (5), STARVED 06:25–06:28 (3); idle 06:50–07:00 (10)
    //   counted  = 500 (06:10) + 600 (06:26, made while cut off) + 50 (after the reset) + 300 = 1450
    //   rejects  = 5 + 5                                        = 10
    //   A = 32/50 = 0.64; P = 1450 × 1.2 s / 1920 s = 1740/1920 = 0.90625 → 0.9063
    //   Q = 1440/1450 = 0.99310 → 0.9931; OEE = 1440 × 1.2 s / 3000 s = 0.576
    //   speed loss = 1920 − 1740 = 180 s; reject loss = 10 × 1.2 = 12 s; fully productive 1728 s
    const expected = {
      plannedMs: 50 * MIN,
      runMs: 32 * MIN,
      totalCount: 1450,
      goodCount: 1440,
      rejectCount: 10,
      availability: 0.64,
      performance: 0.9063,
      quality: 0.9931,
      oee: 0.576,
      fullyProductiveMs: 1_728_000,
      losses: { downtimeMs: { JAM: 5 * MIN, STARVED: 3 * MIN }, idleMs: 10 * MIN, noSignalMs: 0, speedLossMs: 180_000, rejectLossMs: 12_000 },
    };
    const r = await hub.api<OeeLineReport>('GET', '/api/v1/equipment-signals/oee?line=L1&shift=test&date=2026-12-05');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ line: 'L1', shiftId: 'test', from: at(0).toISOString(), to: at(60).toISOString(), inProgress: false, error: null, figures: expected });
    expect(r.body.equipment).toEqual([{ equipmentId: EQ, ...expected }]);

    const dash = await hub.api<Oee>('GET', '/api/v1/quality/dashboard/oee');
    expect(dash.body).toMatchObject({ available: true, reason: null, lines: [{ line: 'L1', shiftId: 'test', date: '2026-12-05', figures: expected }] });

    // A line or shift the calendar does not name, and a shift not yet started, are typed refusals.
    expect((await hub.api<{ error: { code: string } }>('GET', '/api/v1/equipment-signals/oee?line=L9&shift=test&date=2026-12-05')).body.error.code).toBe('OEE_SHIFT_UNKNOWN');
    expect((await hub.api<{ error: { code: string } }>('GET', '/api/v1/equipment-signals/oee?line=L1&shift=test&date=2026-12-06')).body.error.code).toBe('OEE_NO_PLANNED_TIME');
  }, 60_000);

  it('FR-85 the OEE API gives the same shift from the synced batch records beside the signals: a batch yield changes performance; a batch without yield is unknown, not zero', async () => {
    // The hub's copy of a station's ledger (as sync leaves it): B-1 used the blister machine at
    // 06:05, batch size 1 kg, yield actual 600 g; B-2 used it at 06:35, no yield recorded yet;
    // B-3 used it at 07:10 (after the shift); a cleaning of it 06:52–06:58.
    let seq = 0;
    const row = (minutes: number, type: string, batchRef: string | null, payload: object) => ({ stationId: 'ST-OEE', seq: ++seq, hash: `h${seq}`, prevHash: `h${seq - 1}`, time: at(minutes).toISOString(), tzOffset: '+00:00', type, actor: 'op', batchRef, payload, receivedAt: at(minutes) });
    const used = () => ({ equipmentId: EQ, equipmentVersion: 1, class: 'blister', stepId: 'S1', stepIndex: 0, product: 'P-1', clearance: {} });
    await hub.hub.services.ctx.db.insert(ledgerEntries).values([
      row(1, 'order.imported', 'B-1', { order: { batchNumber: 'B-1', productCode: 'P-1', recipeCode: 'R', recipeVersion: 1, batchSize: { amount: '1', unit: 'kg' } } }),
      row(5, 'equipment.used', 'B-1', used()),
      row(29, 'reconciliation.recorded', 'B-1', { materials: [], closes: true, yield: { theoretical: { amount: '1000', unit: 'g' }, actual: { amount: '600', unit: 'g' }, percent: '60.0000', limits: null, within: null }, deviationIds: [] }),
      row(35, 'equipment.used', 'B-2', used()),
      row(70, 'equipment.used', 'B-3', used()),
      row(58, 'equipment.logbook_recorded', null, { equipmentId: EQ, kind: 'cleaning', level: 'minor', startedAt: at(52).toISOString(), endedAt: at(58).toISOString(), agent: 'water', note: null }),
    ]);
    // By hand, unit mass 0.5 g: B-1 planned 1 kg = 2000 units, produced 600 g = 1200 units (B-2 unknown).
    //   A = 0.64 (the signals'); P = 1200 × 1.2 s / 1920 s = 0.75 (signals: 0.9063); Q = 1 (no
    //   reject count in the records); OEE = 1440 s / 3000 s = 0.48; attainment 1200/2000 = 0.6;
    //   batch − signal: total 1200 − 1450 = −250, good −240, rejects −10; speed loss 1920 − 1440 = 480 s;
    //   idle 06:50–07:00 less the cleaning (6 min) = 4 min; 5 + 3 + 4 + 6 + 8 (speed) + 24 (productive) = 50 min.
    const r = await hub.api<OeeLineReport>('GET', '/api/v1/equipment-signals/oee?line=L1&shift=test&date=2026-12-05');
    expect(r.body.figures?.performance).toBe(0.9063);
    expect(r.body.fromBatches).toEqual({
      reason: null,
      unitMass: { amount: '0.5', unit: 'g' },
      batches: [
        { batchNumber: 'B-1', stationId: 'ST-OEE', product: 'P-1', batchSize: { amount: '1', unit: 'kg' }, yieldActual: { amount: '600', unit: 'g' }, plannedUnits: 2000, producedUnits: 1200 },
        { batchNumber: 'B-2', stationId: 'ST-OEE', product: 'P-1', batchSize: null, yieldActual: null, plannedUnits: null, producedUnits: null },
      ],
      unknown: ['B-2'],
      rejectsRecorded: false,
      figures: {
        availability: 0.64,
        performance: 0.75,
        quality: 1,
        oee: 0.48,
        attainment: 0.6,
        batch: { planned: 2000, total: 1200, good: 1200, rejects: 0 },
        signal: { total: 1450, good: 1440, rejects: 10 },
        difference: { total: -250, good: -240, rejects: -10 },
        fullyProductiveMs: 1_440_000,
        losses: { availability: { breakdown: 0, changeover: 0, cleaning: 6 * MIN, maintenance: 0, downtimeMs: { JAM: 5 * MIN, STARVED: 3 * MIN }, idleMs: 4 * MIN, noSignalMs: 0 }, speedLossMs: 8 * MIN, rejectLossMs: 0 },
      },
    });
    const dash = await hub.api<Oee>('GET', '/api/v1/quality/dashboard/oee');
    expect(dash.body.lines[0]?.fromBatches?.figures?.oee).toBe(0.48);
  }, 60_000);

  it('FR-71 an ingest whose OPC UA server is down does not hold up the hub: it keeps trying, and closes at once', async () => {
    const down = openEquipmentOpcuaIngest(signals, { endpointUrl: 'opc.tcp://127.0.0.1:1/UA/none', points: [{ equipmentId: 'GHOST-01', stateNodeId: 'ns=1;s=GHOST-01.state' }] });
    let settled = false;
    void down.ready.then(() => (settled = true), () => (settled = true));
    await new Promise((r) => setTimeout(r, 500));
    expect(settled).toBe(false);
    const t = Date.now();
    await down.close();
    expect(Date.now() - t).toBeLessThan(5_000);
    expect(down.counters.received).toBe(0);
  }, 30_000);

  it('FR-73 the equipment configuration file (JSON or YAML) gives the calendar and the OPC UA points; a bad one is refused naming where', () => {
    const yaml = ['calendar:', '  utcOffsetMinutes: 480', '  shifts: [{ shiftId: early, start: "06:00", end: "14:00", breaks: [{ start: "10:00", end: "10:30" }] }]', '  lines: [{ line: PK-1, equipment: [{ equipmentId: BLISTER-01, idealRatePerHour: "6000" }] }]', 'opcua:', '  - endpointUrl: opc.tcp://plc-1:4840/UA', '    points: [{ equipmentId: BLISTER-01, stateNodeId: "ns=2;s=B1.state", countNodeId: "ns=2;s=B1.count", counterModulus: 65536 }]'].join('\n');
    const c = parseEquipmentSignalsConfig(yaml);
    expect(c.ok && c.value).toMatchObject({ calendar: { utcOffsetMinutes: 480, lines: [{ line: 'PK-1', equipment: [{ equipmentId: 'BLISTER-01', idealRatePerHour: '6000', counter: 'total' }] }] }, opcua: [{ endpointUrl: 'opc.tcp://plc-1:4840/UA', points: [{ equipmentId: 'BLISTER-01', counterModulus: 65536 }] }] });
    expect(parseEquipmentSignalsConfig(JSON.stringify({ calendar: CALENDAR }))).toMatchObject({ ok: true, value: { calendar: CALENDAR, opcua: [] } });
    expect(parseEquipmentSignalsConfig(JSON.stringify({ calendar: { ...CALENDAR, shifts: [{ shiftId: 'x', start: '25:00', end: '07:00' }] } }))).toMatchObject({ ok: false, error: { code: 'INPUT_INVALID', details: { path: 'calendar.shifts.0.start' } } });
    expect(parseEquipmentSignalsConfig(JSON.stringify({ opcua: [{ endpointUrl: 'http://plc', points: [{ equipmentId: 'A' }] }] }))).toMatchObject({ ok: false, error: { details: { path: 'opcua.0.endpointUrl' } } });
    expect(parseEquipmentSignalsConfig('calendar: [unclosed').ok).toBe(false);
  });
});
