/**
 * The IT commands as IT runs them: `batchline parse-balance` in process, and `batchline
 * balance …` as a child process against the simulator on a socat pty pair.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../fakes/cli-runner.ts';
import { killAll, makePtyDir, removeDir, runBundledCli, startSimulator, startSocat, type PtyPair, type SimulatorProcess } from './socat-harness.ts';

const cli = (args: string[]) => runCli(args);

describe('batchline parse-balance', () => {
  it('A11-08 prints the typed reading as JSON and exits 0', async () => {
    const r = await cli(['parse-balance', '--protocol', 'mt-sics', 'S D     129.07 g', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.outLines[0]!)).toMatchObject({ ok: true, message: { kind: 'weight', stable: false, mass: { amount: '129.07', unit: 'g' } } });
  });

  it('A11-08 prints overload as a status, and a bad line as a typed error with exit 1', async () => {
    const over = await cli(['parse-balance', '--protocol', 'and', 'OL,+9999999E+19', '--json']);
    expect(JSON.parse(over.outLines[0]!)).toMatchObject({ ok: true, message: { kind: 'status', status: 'overload' } });
    const bad = await cli(['parse-balance', '--protocol', 'sbi', '+   12x.50 g  ', '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.outLines[0]!)).toMatchObject({ ok: false, error: { code: 'BALANCE_NUMBER_INVALID' } });
    const ack = await cli(['parse-balance', '--protocol', 'and', '--escapes', '\\x06', '--json']);
    expect(JSON.parse(ack.outLines[0]!)).toMatchObject({ ok: true, message: { kind: 'ack' } });
  });

  it('refuses an unknown protocol as a usage error (exit 2)', async () => {
    expect((await cli(['parse-balance', '--protocol', 'ohaus', 'x'])).code).toBe(2);
  });
});

describe('batchline balance … over a socat pty', () => {
  let pair: PtyPair;
  let sim: SimulatorProcess;
  let socat: ChildProcess;
  const port = () => ['--port', pair.stationEnd, '--protocol', 'mt-sics', '--handshake', 'none', '--json'];

  beforeAll(async () => {
    pair = makePtyDir();
    socat = await startSocat(pair);
    sim = await startSimulator('mt-sics', pair.balanceEnd);
  });
  afterAll(async () => {
    await killAll();
    removeDir(pair);
    expect(socat.exitCode !== null || socat.signalCode !== null).toBe(true);
  });

  it('P11-11 identify prints the serial number as JSON', async () => {
    const r = await runBundledCli(['balance', 'identify', ...port()]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, value: { serialNumber: 'B123456789', model: 'SIM-XS205' } });
  });

  it('stable, tare and stream --count print one JSON object per reading', async () => {
    await sim.control('place 12.5 g');
    const stable = await runBundledCli(['balance', 'stable', ...port()]);
    expect(JSON.parse(stable.stdout)).toMatchObject({ ok: true, reading: { stable: true, mass: { amount: '12.5000', unit: 'g' } } });
    const tare = await runBundledCli(['balance', 'tare', ...port()]);
    expect(JSON.parse(tare.stdout)).toMatchObject({ ok: true, value: { tare: { amount: '12.5000', unit: 'g' } } });
    const stream = await runBundledCli(['balance', 'stream', ...port(), '--count', '4']);
    const lines = stream.stdout.trim().split('\n').map((l) => JSON.parse(l) as { reading: { mass: { amount: string } } });
    expect(stream.code).toBe(0);
    expect(lines).toHaveLength(4);
    expect(lines.every((l) => l.reading.mass.amount === '0.0000')).toBe(true);
    const zero = await runBundledCli(['balance', 'zero', ...port()]);
    expect(zero.code).toBe(1); // 12.5 g on the pan is outside the ±2 % zero range
    expect(JSON.parse(zero.stdout)).toMatchObject({ ok: false, error: { code: 'BALANCE_RANGE_EXCEEDED' } });
    await sim.control('reset');
  });

  it('DI-05 an unsettled balance gives READING_NOT_STABLE and exit 1', async () => {
    await sim.control('unstable on');
    const r = await runBundledCli(['balance', 'stable', ...port(), '--timeout', '1200']);
    await sim.control('unstable off');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { code: 'READING_NOT_STABLE' } });
  });

  it('D25-05 a pulled cable gives DEVICE_TIMEOUT and exit 1; a missing port exits 2', async () => {
    await sim.control('unplug');
    const r = await runBundledCli(['balance', 'read', ...port(), '--timeout', '500']);
    await sim.control('plug');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { code: 'DEVICE_TIMEOUT' } });
    const missing = await runBundledCli(['balance', 'read', '--port', `${pair.dir}/nope`, '--protocol', 'mt-sics', '--json']);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout)).toMatchObject({ ok: false, error: { code: 'DEVICE_PORT_OPEN_FAILED' } });
  });
});
