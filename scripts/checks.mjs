#!/usr/bin/env node
// The checks `npm test` runs before the tests: the typecheck, the lint and the CLI bundle, at
// the same time instead of one after another (tsc and eslint are each single-threaded, so on
// two cores they finish together in about tsc's time alone). Each one's output is printed as a
// whole when it ends, so the logs do not interleave; the script fails if any of them failed.
// Run the scripts one at a time (`npm run typecheck`, `npm run lint`, `npm run build:cli`) to
// see one's output as it comes.
import { spawn } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const checks = ['typecheck', 'lint', 'build:cli'];

const results = await Promise.all(
  checks.map(
    (name) =>
      new Promise((resolve) => {
        const started = Date.now();
        const child = spawn(npm, ['run', '--silent', name], { stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
        let out = '';
        child.stdout.on('data', (c) => (out += c));
        child.stderr.on('data', (c) => (out += c));
        child.on('error', (e) => resolve({ name, code: 1, out: String(e) }));
        child.on('close', (code, signal) => {
          const result = { name, code: code ?? 1, out, seconds: (Date.now() - started) / 1000, signal };
          process.stdout.write(`${result.code === 0 ? 'ok' : 'FAILED'}: npm run ${name} (${result.seconds.toFixed(1)} s)\n${out}`);
          resolve(result);
        });
      }),
  ),
);
const failed = results.filter((r) => r.code !== 0);
if (failed.length > 0) {
  process.stderr.write(`failed: ${failed.map((r) => r.name).join(', ')}\n`);
  process.exit(1);
}
