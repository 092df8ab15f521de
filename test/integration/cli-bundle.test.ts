/**
 * The `batchline` bin runs the esbuild bundle (issue 16, item 2), and the bundle is always
 * the code of the sources: built when missing, rebuilt when a bundled source is newer, and
 * when it cannot be built the sources run through tsx with a one-line note. Run in a copy of
 * the repository so the real dist-cli/ that other tests use is left alone.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let copy: string;

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'batchline-bundle-'));
  for (const dir of ['bin', 'scripts', 'migrations', 'src-cli', 'src-core', 'src-main', 'src-server', 'src-shared']) cpSync(join(ROOT, dir), join(copy, dir), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(copy, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

const SCAN = ']d2010950110153000317250600101ABC';
const run = () => spawnSync(process.execPath, [join(copy, 'bin/batchline.mjs'), 'parse-barcode', SCAN, '--json'], { cwd: copy, encoding: 'utf8', env: { ...process.env, BATCHLINE_NO_BUNDLE: '' } });
const currentBuild = () => (JSON.parse(readFileSync(join(copy, 'dist-cli/current.json'), 'utf8')) as { dir: string }).dir;

it('builds the bundle when there is none, then runs from it', () => {
  const r = run();
  expect(r.status).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, barcode: { gtin: '09501101530003' } });
  expect(r.stderr).toBe('');
  expect(existsSync(join(copy, 'dist-cli', currentBuild(), 'main.mjs'))).toBe(true);
});

it('a station starts without the MQTT and serial-port libraries: they load with the first broker feed or serial port', () => {
  // What `batchline station` loads before it listens: main.mjs, the station command's chunk and
  // everything they import statically (a dynamic import() is loaded only when it runs). Before
  // the lazy imports, mqtt.js and serialport were in there, about a tenth of a start.
  const packages = staticPackages('station');
  // The walk sees the station's real dependencies (so an empty result cannot pass by accident).
  expect([...packages]).toEqual(expect.arrayContaining(['fastify', 'better-sqlite3']));
  expect([...packages].filter((p) => /^(mqtt|serialport|@serialport\/)/.test(p))).toEqual([]);
});

it('rebuilds when a bundled source changed after the build', () => {
  const before = currentBuild();
  appendFileSync(join(copy, 'src-shared/gs1/parse-barcode.ts'), '\n// edited after the build\n');
  const r = run();
  expect(r.status).toBe(0);
  expect(currentBuild()).not.toBe(before);
});

it('FR-138 the hub, enrol and sync commands start without node-opcua: it loads with the first PLC subscription', () => {
  // node-opcua printed two warning lines on stderr at every `batchline hub …`, `enrol`, `sync` and
  // `--help` (it was imported statically by the hub command's module).
  const packages = staticPackages('hub');
  expect([...packages]).toEqual(expect.arrayContaining(['fastify']));
  expect([...packages].filter((p) => p.startsWith('node-opcua'))).toEqual([]);
});

it('FR-138 run from another folder, the bin rebuilds a stale bundle and runs from it (no tsx fallback)', () => {
  // esbuild wrote its input paths relative to the working directory: from /tmp they read
  // "../../…/src-cli/cli-io.ts", the bin found none of them and fell back to tsx every time.
  const outside = mkdtempSync(join(tmpdir(), 'batchline-cwd-'));
  // Deeper than the copy, so the paths relative to it do not happen to resolve from the root.
  const elsewhere = join(outside, 'a', 'b', 'c');
  mkdirSync(elsewhere, { recursive: true });
  try {
    appendFileSync(join(copy, 'src-shared/gs1/parse-barcode.ts'), '\n// edited from elsewhere\n');
    const before = currentBuild();
    const go = () => spawnSync(process.execPath, [join(copy, 'bin/batchline.mjs'), 'parse-barcode', SCAN, '--json'], { cwd: elsewhere, encoding: 'utf8', env: { ...process.env, BATCHLINE_NO_BUNDLE: '' } });
    const first = go();
    expect(first.status).toBe(0);
    expect(first.stderr).toBe('');
    const rebuilt = currentBuild();
    expect(rebuilt).not.toBe(before);
    // The next run uses that bundle as it is.
    const second = go();
    expect(second.stderr).toBe('');
    expect(currentBuild()).toBe(rebuilt);
  } finally {
    rmSync(outside, { recursive: true, force: true });
  }
});

it('runs the sources through tsx, with a one-line note, when the bundle is stale and cannot be rebuilt', () => {
  rmSync(join(copy, 'scripts/build-cli.mjs'));
  appendFileSync(join(copy, 'src-shared/gs1/parse-barcode.ts'), '\n// edited again\n');
  const r = run();
  expect(r.status).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ ok: true });
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/src-shared\/gs1\/parse-barcode\.ts changed after the bundle was built .* through tsx/);
});

/**
 * The packages a command loads before it runs: main.mjs, the command's chunk and everything they
 * import statically (a dynamic import() is loaded only when it runs).
 */
function staticPackages(command: string): Set<string> {
  const dir = join(copy, 'dist-cli', currentBuild());
  const read = (file: string) => readFileSync(join(dir, file), 'utf8');
  const chunk = new RegExp(`import\\("\\./(${command}-[\\w-]+\\.mjs)"\\)`).exec(read('main.mjs'))?.[1];
  expect(chunk).toBeDefined();
  const loaded = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (loaded.has(file)) return;
    loaded.add(file);
    for (const [, spec] of read(file).matchAll(/^import\s+(?:[^;]*?\s+from\s+)?"([^"]+)";/gm)) {
      if (spec!.startsWith('./')) visit(spec!.slice(2));
      else packages.add(spec!);
    }
  };
  visit('main.mjs');
  visit(chunk!);
  return packages;
}
