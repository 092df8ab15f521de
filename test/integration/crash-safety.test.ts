/**
 * Crash safety (issue #2; COMPLIANCE A11-12, P11-06): a child appends signed entries and is
 * killed with SIGKILL at random moments, 100 times. After every kill the database opens,
 * `verify` passes and every entry whose append had returned before the kill is present with
 * the same hash. The child is bundled once with esbuild, so a start costs a bundle's load rather
 * than a TypeScript transform of the code base, and started through crash-child-loader.cjs with
 * V8's code cache of that bundle, so a start does not compile it again either.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import Database from 'better-sqlite3';
import { makeTestStation, TEST_SECRET, DEMO_PASSWORD, type TestStation } from '../fakes/test-station.ts';
import { verifyLedger } from '../../src-core/ledger/ledger-verifier.ts';
import { reopen } from '../fakes/test-station.ts';

const KILLS = 100;
let t: TestStation;
let childJs: string;
let codeCache: string;
const loader = new URL('./crash-child-loader.cjs', import.meta.url).pathname;
const childEnv = () => ({ ...process.env, BATCHLINE_KEY_POOL: join(process.cwd(), 'test/fixtures/keys/rsa-2048-pool.json') });

beforeAll(async () => {
  t = makeTestStation();
  t.close();
  // inside the project so the bundle resolves better-sqlite3 from node_modules
  const cacheDir = join(process.cwd(), 'node_modules', '.cache', 'batchline-test');
  childJs = join(cacheDir, `crash-child-${process.pid}.cjs`);
  codeCache = join(cacheDir, `crash-child-${process.pid}.v8cache`);
  await build({
    entryPoints: [new URL('./crash-child.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'node',
    // CommonJS, so that crash-child-loader.cjs can compile it with V8's code cache (an ES module
    // cannot take one on Node 20); import.meta.url is the bundle's own URL, as it was as ESM.
    format: 'cjs',
    target: 'node20',
    outfile: childJs,
    define: { 'import.meta.url': '__bundleUrl' },
    banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    // bwip-js (1.6 MB, label and QR drawing, loaded by a dynamic import the child never reaches)
    // stays outside and whitespace goes: each of the 100 starts parses a third of the bundle,
    // ~19% less CPU per start (~0.55 s instead of ~0.67 s). Names are kept for stack traces.
    external: ['better-sqlite3', 'bwip-js'],
    // serialport's native binding was loaded at every start (~0.05 s of CPU) for device drivers
    // the child never opens: here they get a SerialPort that throws if anything constructs one.
    plugins: [noSerialPorts],
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'silent',
  });
  // One run on a copy of the database writes the code cache (it exits by itself after its first
  // confirmed entry); the 100 killed children below start from it.
  const scratch = join(t.dir, 'code-cache-run.db');
  copyFileSync(t.dbPath, scratch);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [loader, '--write-cache', childJs, codeCache, scratch, TEST_SECRET, DEMO_PASSWORD, join(process.cwd(), 'migrations')], { env: childEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`code-cache run exited ${code}: ${stderr}`))));
  });
}, 60_000);
afterAll(() => {
  t.cleanup();
  rmSync(childJs, { force: true });
  rmSync(codeCache, { force: true });
});

const noSerialPorts: Plugin = {
  name: 'no-serial-ports',
  setup(b) {
    b.onResolve({ filter: /^(serialport|@serialport\/parser-readline)$/ }, (a) => ({ path: a.path, namespace: 'no-serial-ports' }));
    b.onLoad({ filter: /.*/, namespace: 'no-serial-ports' }, () => ({
      loader: 'js',
      contents: "const no = () => { throw new Error('no serial ports in the crash-safety child'); };" +
        ' export class SerialPort { constructor() { no(); } static list() { return Promise.reject(new Error("no serial ports")); } }' +
        ' export class ReadlineParser { constructor() { no(); } }',
    }));
  },
};

/**
 * Kills the child `delayMs` after it has confirmed `afterConfirmed` entries, so every kill
 * lands while it is writing, whatever the machine's load.
 */
function runAndKill(afterConfirmed: number, delayMs: number): Promise<Map<number, string>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [loader, childJs, codeCache, t.dbPath, TEST_SECRET, DEMO_PASSWORD, join(process.cwd(), 'migrations')], {
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: process.cwd(),
    });
    const confirmed = new Map<number, string>();
    let buffer = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const m = /^ok (\d+) ([0-9a-f]{64})$/.exec(line);
        if (m) {
          confirmed.set(Number(m[1]), m[2]!);
          if (confirmed.size === afterConfirmed) setTimeout(() => child.kill('SIGKILL'), delayMs);
        }
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(confirmed);
      else reject(new Error(`child exited ${code} before the kill: ${stderr.split("\n").filter((l) => l.includes("Violation")).join(" | ")}`));
    });
  });
}

it(`A11-12 DI-08 survives ${KILLS} SIGKILLs mid-append: opens, verifies, keeps every confirmed entry`, async () => {
  let totalConfirmed = 0;
  for (let i = 0; i < KILLS; i++) {
    const confirmed = await runAndKill(1 + Math.floor(Math.random() * 6), Math.random() * 8);
    totalConfirmed += confirmed.size;
    const raw = new Database(t.dbPath);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
    const station = reopen(t);
    try {
      const result = verifyLedger({ entries: station.ledger.iterate(), checkpoints: station.ledger.checkpoints() });
      if (!result.ok) throw new Error(`after kill ${i + 1}: ${JSON.stringify(result.error)}`);
      for (const [seq, hash] of confirmed) expect(station.ledger.bySeq(seq)?.hash).toBe(hash);
    } finally {
      station.close();
    }
  }
  // the children really were writing when killed
  expect(totalConfirmed).toBeGreaterThanOrEqual(KILLS);
}, 300_000);
