/**
 * Operator UI latency (issue 5, "Benchmark"):
 * 1. A balance line written on a socat pseudo-terminal -> the new value painted in Chromium:
 *    web-mode station (driver, live bus, WebSocket) -> the device screen's reading re-rendered
 *    and the next animation frame reached. Baseline in the same run on the same kind of pty:
 *    the line framed by SerialPort + @serialport/parser-readline in this process (the floor
 *    every balance reading pays before the station does anything).
 * 2. Web-mode cold start: `batchline station --web` spawned -> listening -> login screen
 *    visible in the browser, on an existing station database and (full run only) on a new one
 *    seeded with the demo at production password-hash cost.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort, ReadlineParser } from 'serialport';
import type { Page } from '@playwright/test';
import { percentile, type BenchOptions, type BenchTable } from './bench-table.ts';
import { buildUi, startWebStation } from '../test/e2e/harness/web-station.ts';
import { closeSharedChromium, openBrowser } from '../test/e2e/harness/browser.ts';
import { makeDemoDb } from '../test/e2e/harness/demo-db.ts';
import { login } from '../test/e2e/harness/station-page.ts';

const now = () => performance.timeOrigin + performance.now();

export default async function uiLatency(opts: BenchOptions): Promise<BenchTable[]> {
  const uiDir = buildUi();
  const samples = opts.quick ? 50 : 300;
  let painted: Awaited<ReturnType<typeof paintLatency>>;
  let starts: Awaited<ReturnType<typeof coldStarts>>;
  try {
    painted = await paintLatency(uiDir, samples);
    // Quick: one cold start (bench/startup.bench.ts times the same start without a browser).
    starts = await coldStarts(uiDir, opts.quick ? 1 : 5, !opts.quick);
  } finally {
    // The harness keeps one Chromium per process for the test workers; the bench process must
    // close it itself, or `npm run bench` never exits (it had not since 5 Dec: the benches ran
    // to the end and the process waited on the browser).
    await closeSharedChromium();
  }
  const floor = await readlineFloor(samples);
  return [
    {
      title: 'Balance line on a pty -> new value painted in the browser (ms)',
      columns: ['path', 'lines', 'p50', 'p99', 'max'],
      rows: [
        ['pty -> station -> WebSocket -> React -> frame', samples, painted.p50, painted.p99, painted.max],
        ['pty -> readline in-process (baseline)', samples, floor.p50, floor.p99, floor.max],
        ['ratio p50', '', painted.p50 / floor.p50, '', ''],
      ],
      notes: ['MT-SICS "S S" lines written on the balance end of a socat pair; the station reads the other end as BAL-A01.', 'Painted = the DOM text changed (MutationObserver) and the following requestAnimationFrame ran.'],
    },
    {
      title: 'Web-mode cold start to a usable login screen (ms)',
      columns: ['database', 'runs', 'spawn -> listening (median)', 'spawn -> login visible (median)', 'max'],
      rows: starts,
      notes: ['"Existing" is a demo database made beforehand (tests\' hash cost); "new" seeds users, master data and a whole batch at production scrypt cost on first start.'],
    },
  ];
}

async function pty(): Promise<{ dir: string; a: string; b: string; stop(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'batchline-uibench-'));
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  const socat = spawn('/usr/bin/socat', [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: 'ignore' });
  for (let i = 0; i < 500 && !(existsSync(a) && existsSync(b)); i++) await new Promise((r) => setTimeout(r, 10));
  return { dir, a, b, stop: () => (socat.kill('SIGTERM'), rmSync(dir, { recursive: true, force: true })) };
}

async function open(path: string): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
  await new Promise<void>((res, rej) => port.open((e) => (e ? rej(e) : res())));
  return port;
}

function stats(ms: number[]) {
  return { p50: percentile(ms, 50), p99: percentile(ms, 99), max: Math.max(...ms) };
}

async function paintLatency(uiDir: string, samples: number) {
  const p = await pty();
  const balance = await open(p.a);
  balance.on('data', () => undefined); // the station's commands (@, I2, SIR …) are not answered
  const dir = mkdtempSync(join(tmpdir(), 'batchline-uibench-db-'));
  const station = await startWebStation({ uiDir, dbPath: await makeDemoDb(dir), args: ['--balance', `BAL-A01=mt-sics:${p.b}:9600`] });
  const browser = await openBrowser();
  const page: Page = browser.page;
  try {
    await page.goto(station.url);
    await login(page, 'op.li');
    await page.getByTestId('nav-devices').click();
    const reading = page.getByTestId('balance-BAL-A01').getByTestId('balance-reading');
    await reading.waitFor();
    await page.evaluate(() => {
      const w = window as unknown as { __seen: Record<string, number> };
      w.__seen = {};
      const el = document.querySelector('[data-testid="balance-BAL-A01"] [data-testid="balance-reading"]')!;
      new MutationObserver(() => {
        const m = /(\d+\.\d{4})/.exec(el.textContent ?? '');
        if (m && w.__seen[m[1]!] === undefined) requestAnimationFrame(() => (w.__seen[m[1]!] ??= performance.timeOrigin + performance.now()));
      }).observe(el, { childList: true, characterData: true, subtree: true });
    });
    const ms: number[] = [];
    for (let i = 0; i < samples + 5; i++) {
      const value = (10 + (i + 1) / 10_000).toFixed(4);
      const sent = now();
      balance.write(`S S      ${value} g\r\n`);
      await page.waitForFunction((v) => (window as unknown as { __seen: Record<string, number> }).__seen[v] !== undefined, value, { polling: 'raf', timeout: 10_000 });
      const seen = await page.evaluate((v) => (window as unknown as { __seen: Record<string, number> }).__seen[v]!, value);
      if (i >= 5) ms.push(seen - sent); // the first lines warm up the page and the driver
    }
    return stats(ms);
  } finally {
    await browser.close();
    await station.stop();
    await new Promise<void>((r) => balance.close(() => r()));
    p.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function readlineFloor(samples: number) {
  const p = await pty();
  const writer = await open(p.a);
  const reader = await open(p.b);
  const lines = reader.pipe(new ReadlineParser({ delimiter: '\r\n' }));
  const ms: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      const got = new Promise<number>((r) => lines.once('data', () => r(now())));
      const sent = now();
      writer.write(`S S      ${(10 + i / 10_000).toFixed(4)} g\r\n`);
      ms.push((await got) - sent);
    }
    return stats(ms);
  } finally {
    await new Promise<void>((r) => writer.close(() => r()));
    await new Promise<void>((r) => reader.close(() => r()));
    p.stop();
  }
}

async function coldStarts(uiDir: string, runs: number, includeNew: boolean): Promise<(string | number)[][]> {
  const rows: (string | number)[][] = [];
  const dir = mkdtempSync(join(tmpdir(), 'batchline-uibench-start-'));
  try {
    const existing = await makeDemoDb(dir);
    const kinds: [string, () => string, number][] = [['existing demo database', () => existing, runs]];
    if (includeNew) kinds.push(['new database (demo seeded at start)', () => join(mkdtempSync(join(dir, 'new-')), 'station.db'), 1]);
    for (const [label, db, n] of kinds) {
      const listening: number[] = [];
      const usable: number[] = [];
      for (let i = 0; i < n; i++) {
        const t0 = now();
        const station = await startWebStation({ uiDir, dbPath: db(), args: ['--simulated-balance'], timeoutMs: 300_000 });
        const browser = await openBrowser();
        try {
          listening.push(now() - t0);
          await browser.page.goto(station.url);
          await browser.page.getByTestId('login-screen').waitFor();
          usable.push(now() - t0);
        } finally {
          await browser.close();
          await station.stop();
        }
      }
      rows.push([label, n, percentile(listening, 50), percentile(usable, 50), Math.max(...usable)]);
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
