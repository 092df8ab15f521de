/**
 * Crash safety (issue #2; COMPLIANCE A11-12, P11-06): a child appends signed entries and is
 * killed with SIGKILL at random moments, 100 times. After every kill the database opens,
 * `verify` passes and every entry whose append had returned before the kill is present with
 * the same hash. The child is bundled once with esbuild, and the bundle is loaded once into a
 * V8 startup snapshot (node --build-snapshot): each of the 100 children starts from that
 * snapshot, with every module already evaluated, instead of parsing and running the 1.9 MB
 * bundle's top level (~27% less CPU per start than the CommonJS bundle from V8's code cache
 * that it replaces: ~0.20 s instead of ~0.27 s to the first confirmed entry, measured in turns).
 * What the snapshot holds is only module state (schemas, tables, the key pool fixture); the
 * database is opened, the station composed, the operator logged in and every entry appended
 * in the child, after it starts, by the same code as before.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import Database from 'better-sqlite3';
import { makeTestStation, TEST_SECRET, DEMO_PASSWORD, type TestStation } from '../fakes/test-station.ts';
import { verifyLedger } from '../../src-core/ledger/ledger-verifier.ts';
import { reopen } from '../fakes/test-station.ts';
import { LOOP_SCRYPT_PARAMS } from '../fakes/test-scrypt-params.ts';

const KILLS = 100;
let t: TestStation;
let childJs: string;
let snapshot: string;
const childEnv = () => ({ ...process.env, BATCHLINE_KEY_POOL: join(process.cwd(), 'test/fixtures/keys/rsa-2048-pool.json') });

beforeAll(async () => {
  // The operator's password hash and wrapped signing key at the loop cost (each carries its own
  // parameters): each child logs in and signs every second entry, two derivations a signature.
  t = makeTestStation({ config: { scrypt: LOOP_SCRYPT_PARAMS } });
  t.close();
  // inside the project so the bundle resolves better-sqlite3 from node_modules
  const cacheDir = join(process.cwd(), 'node_modules', '.cache', 'batchline-test');
  childJs = join(cacheDir, `crash-child-${process.pid}.cjs`);
  snapshot = join(cacheDir, `crash-child-${process.pid}.blob`);
  await build({
    entryPoints: [new URL('./crash-child.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'node',
    // One CommonJS script: a startup snapshot takes a single script that requires only Node's
    // own modules. import.meta.url is the bundle's own URL, as it was as ESM.
    format: 'cjs',
    target: 'node20',
    outfile: childJs,
    define: { 'import.meta.url': '__bundleUrl' },
    banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    // bwip-js (1.6 MB, label and QR drawing, loaded by a dynamic import the child never reaches)
    // stays outside and whitespace goes. Names are kept for stack traces.
    external: ['bwip-js'],
    // serialport's native binding is not loaded for device drivers the child never opens: here
    // they get a SerialPort that throws if anything constructs one. better-sqlite3's native
    // binding cannot be in a snapshot: it is loaded when the child first opens a database.
    plugins: [noSerialPorts, nativeSqliteAtFirstUse],
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'silent',
  });
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--snapshot-blob', snapshot, '--build-snapshot', childJs], { env: childEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`building the child's snapshot exited ${code}: ${stderr}`))));
  });
}, 60_000);
afterAll(() => {
  t.cleanup();
  rmSync(childJs, { force: true });
  rmSync(snapshot, { force: true });
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
 * `better-sqlite3` as a stand-in that requires the real module (from node_modules, beside the
 * bundle) the first time it is constructed or read, i.e. in the started child, not while the
 * snapshot is built. Every use goes to the real class: `new Database(…)` makes a real one,
 * `instanceof` and static members are the real class's.
 */
const nativeSqliteAtFirstUse: Plugin = {
  name: 'native-sqlite-at-first-use',
  setup(b) {
    b.onResolve({ filter: /^better-sqlite3$/ }, (a) => ({ path: a.path, namespace: 'native-sqlite-at-first-use' }));
    b.onLoad({ filter: /.*/, namespace: 'native-sqlite-at-first-use' }, () => ({
      loader: 'js',
      contents: "let real; const load = () => (real ??= require('node:module').createRequire(__filename)('better-sqlite3'));" +
        ' module.exports = new Proxy(function Database() {}, { construct: (_t, args) => new (load())(...args), apply: (_t, self, args) => load().apply(self, args), get: (_t, key) => load()[key] });',
    }));
  },
};

/**
 * Kills the child `delayMs` after it has confirmed `afterConfirmed` entries, so every kill
 * lands while it is writing, whatever the machine's load.
 */
function runAndKill(afterConfirmed: number, delayMs: number): Promise<Map<number, string>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--snapshot-blob', snapshot, t.dbPath, TEST_SECRET, DEMO_PASSWORD, join(process.cwd(), 'migrations')], {
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
