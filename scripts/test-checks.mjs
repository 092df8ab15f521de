#!/usr/bin/env node
// What `npm test` runs before vitest: the typecheck, the lint and the CLI bundle (`npm run
// typecheck`, `lint`, `build:cli`, each as package.json defines it), started together instead
// of one after the other. None reads what another writes (the lint ignores dist-cli/, the
// typecheck emits nothing). On two cores the lint runs one thread (`--concurrency auto` is half
// the cores) and the typecheck little more, so one after the other left a core idle for most of
// the ~60 s they took. Each step's output is printed whole when it ends, in the order they end;
// the exit code is 1 if any step failed (all of them run to the end, so every failure shows).
import { spawn } from 'node:child_process';

// Other package.json scripts may be named on the command line instead (the same, run together).
const STEPS = process.argv.length > 2 ? process.argv.slice(2) : ['typecheck', 'lint', 'build:cli'];

// Under npm, npm_execpath is npm's own CLI script: run through this node, no shell needed.
const npm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : [process.platform === 'win32' ? 'npm.cmd' : 'npm', []];

function run(step) {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(npm[0], [...npm[1], 'run', '--silent', step], { stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' && !process.env.npm_execpath });
    const out = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => out.push(c));
    let ended = false;
    const done = (code) => {
      if (ended) return;
      ended = true;
      const text = Buffer.concat(out).toString('utf8');
      process.stdout.write(`\n> ${step}: ${code === 0 ? 'ok' : `failed (${code})`} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n${text}${text && !text.endsWith('\n') ? '\n' : ''}`);
      resolve(code === 0);
    };
    child.on('error', (e) => {
      out.push(Buffer.from(String(e)));
      done(-1);
    });
    child.on('close', (code) => done(code ?? -1));
  });
}

const results = await Promise.all(STEPS.map(run));
process.exitCode = results.every(Boolean) ? 0 : 1;
