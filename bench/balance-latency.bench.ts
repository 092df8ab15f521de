/**
 * Balance line latency and parser throughput (issue 3, "Benchmark").
 *
 * 1. Serial line -> parsed-reading event, through a socat pty pair, at 9600 and 115200 baud:
 *    a line written on one end, the driver's `reading` event on the other (framer + MT-SICS
 *    codec + driver). Baseline in the same run, same pty, same bytes: a bare SerialPort piped
 *    into @serialport/parser-readline (framing only, no codec, no driver).
 *    A pty carries bytes at memory speed whatever baud is set (termios is applied but nothing
 *    paces it), so the table also gives the time the line itself needs on a real cable at that
 *    baud (10 bits per byte for 8N1), which a real station adds to the measured figure.
 * 2. Codec throughput in lines/s per protocol, beside JSON.parse of an equivalent JSON line and
 *    ReadlineParser framing the same bytes.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort, ReadlineParser } from 'serialport';
import { percentile, type BenchOptions, type BenchTable } from './bench-table.ts';
import { createMtSicsCodec } from '../src-main/devices/balance/mt-sics.codec.ts';
import { createSbiCodec } from '../src-main/devices/balance/sartorius-sbi.codec.ts';
import { createAndCodec } from '../src-main/devices/balance/and-standard.codec.ts';
import { createGenericPrintCodec } from '../src-main/devices/balance/generic-print.codec.ts';
import { LineFramer } from '../src-main/devices/balance/line-framer.ts';
import { createSerialBalanceDriver } from '../src-main/devices/balance/create-balance-driver.ts';
import { resolveSerialSettings } from '../src-main/devices/balance/serial-settings.ts';
import type { BalanceCodec } from '../src-main/devices/balance/balance-codec.ts';
import { unwrap } from '../src-shared/result.ts';

const LINE = 'S S      12.3450 g\r\n';

export default async function balanceLatency(opts: BenchOptions): Promise<BenchTable[]> {
  const samples = opts.quick ? 100 : 1000;
  const rows: (string | number)[][] = [];
  for (const baud of [9600, 115200]) {
    const ours = await measure(baud, samples, 'driver');
    const base = await measure(baud, samples, 'readline');
    const wireMs = (LINE.length * 10 * 1000) / baud;
    rows.push([baud, samples, ours.p50, ours.p99, base.p50, base.p99, ours.p50 / base.p50, wireMs]);
  }
  return [
    {
      title: 'Balance line -> parsed reading event over a socat pty (ms)',
      columns: ['baud', 'lines', 'driver p50', 'driver p99', 'readline p50 (baseline)', 'readline p99 (baseline)', 'p50 ratio', 'line on a real cable'],
      rows,
      notes: [
        `Line "${LINE.trim()}" (${LINE.length} bytes). Driver = LineFramer + MT-SICS codec + ProtocolBalanceDriver 'reading' event;`,
        'baseline = SerialPort + @serialport/parser-readline "data" event on the same pty. A pty does not pace bytes by baud;',
        'the last column is the transmission time of the line at that baud (8N1), which a real cable adds to both.',
      ],
    },
    codecThroughput(opts.quick ? 20_000 : 200_000),
  ];
}

async function measure(baud: number, samples: number, mode: 'driver' | 'readline'): Promise<{ p50: number; p99: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'batchline-bench-'));
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  const socat = spawn('/usr/bin/socat', [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: 'ignore' });
  try {
    const t0 = Date.now();
    while (!(existsSync(a) && existsSync(b))) {
      if (Date.now() - t0 > 5000) throw new Error('socat did not start');
      await sleep(10);
    }
    const writer = new SerialPort({ path: a, baudRate: baud, autoOpen: false });
    await new Promise<void>((res, rej) => writer.open((e) => (e ? rej(e) : res())));
    let onEvent: () => void = () => undefined;
    let close: () => Promise<void>;
    if (mode === 'driver') {
      const settings = unwrap(resolveSerialSettings('mt-sics', { baudRate: baud, handshake: 'none' }));
      const driver = unwrap(createSerialBalanceDriver({ protocol: 'mt-sics', path: b, settings, driver: { reconnect: false } }));
      unwrap(await driver.connect());
      driver.on((e) => {
        if (e.type === 'reading') onEvent();
      });
      close = () => driver.disconnect();
    } else {
      const reader = new SerialPort({ path: b, baudRate: baud, autoOpen: false });
      await new Promise<void>((res, rej) => reader.open((e) => (e ? rej(e) : res())));
      reader.pipe(new ReadlineParser({ delimiter: '\r\n' })).on('data', () => onEvent());
      close = () => new Promise((res) => reader.close(() => res()));
    }
    const latencies: number[] = [];
    for (let i = 0; i < samples + 20; i++) {
      const got = new Promise<number>((res) => (onEvent = () => res(performance.now())));
      const sent = performance.now();
      writer.write(LINE);
      const at = await Promise.race([got, sleep(2000).then(() => NaN)]);
      if (i >= 20) latencies.push(at - sent); // the first lines warm up JIT and buffers
    }
    await close();
    await new Promise<void>((res) => writer.close(() => res()));
    const valid = latencies.filter((x) => !Number.isNaN(x));
    if (valid.length < samples) throw new Error(`${samples - valid.length} lines never arrived (${mode} at ${baud})`);
    return { p50: percentile(valid, 50), p99: percentile(valid, 99) };
  } finally {
    socat.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

function codecThroughput(n: number): BenchTable {
  const generic = unwrap(
    createGenericPrintCodec({ pattern: '^(?<status>ST|US)\\s+(?<amount>[-+]?[0-9.]+)\\s*(?<unit>mg|g|kg)$', stableStatus: ['ST'] }),
  );
  const inputs: [string, BalanceCodec, string][] = [
    ['MT-SICS', createMtSicsCodec(), 'S S      12.3450 g'],
    ['Sartorius SBI', createSbiCodec({ autoPrint: true }), '+  12.3450 g  '],
    ['A&D standard', createAndCodec(), 'ST,+012.3450  g'],
    ['generic print', generic, 'ST   12.3450 g'],
  ];
  const json = '{"stable":true,"amount":"12.3450","unit":"g"}';
  const baseline = rate(n, () => JSON.parse(json));
  const rows: (string | number)[][] = [['JSON.parse of the same reading (baseline)', baseline, 1]];
  for (const [name, codec, line] of inputs) {
    if (!codec.parseLine(line).ok) throw new Error(`${name} bench line does not parse`);
    const r = rate(n, () => codec.parseLine(line));
    rows.push([`${name} codec parseLine`, r, r / baseline]);
  }
  const bytes = Buffer.from(`${inputs[0]![2]}\r\n`.repeat(1000));
  let count = 0;
  const framer = new LineFramer('CRLF', () => count++, () => undefined);
  const framed = rate(n / 1000, () => framer.push(bytes)) * 1000;
  const rl = new ReadlineParser({ delimiter: '\r\n' });
  rl.on('data', () => count++);
  const readline = rate(n / 1000, () => rl.write(bytes)) * 1000;
  rows.push(['LineFramer (bytes -> lines)', framed, framed / baseline]);
  rows.push(['@serialport/parser-readline (bytes -> lines)', readline, readline / baseline]);
  return {
    title: 'Balance parser throughput (lines/s, one core)',
    columns: ['parser', 'lines/s', 'vs JSON.parse'],
    rows,
    notes: [`${n.toLocaleString('en-US')} lines each, measured in this run; codecs validate and build exact-decimal masses.`],
  };
}

function rate(n: number, fn: () => unknown): number {
  for (let i = 0; i < Math.min(n, 2000); i++) fn();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn();
  return n / ((performance.now() - t0) / 1000);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
