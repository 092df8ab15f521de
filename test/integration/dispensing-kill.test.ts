/**
 * A real crash (issue 4, item 4; COMPLIANCE A11-12): `batchline run-order` runs an order in a
 * child process and is killed with SIGKILL in the middle; the database opens, the ledger
 * verifies, the order is still in progress exactly where its last durable entry left it, and a
 * second run-order finishes it.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createStation } from '../../src-main/compose.ts';
import { verifyLedger } from '../../src-core/ledger/ledger-verifier.ts';
import { replayOrder } from '../../src-core/order/evolve-order.ts';
import { systemClock } from '../../src-core/clock.ts';
import { unwrap } from '../../src-shared/result.ts';
import { DEMO_PASSWORD, makeDispensingStation, SECRET, type DispensingStation } from '../fakes/dispensing-station.ts';

const B = 'B-KILL-1';
let d: DispensingStation;
let dbPath: string;

beforeAll(async () => {
  d = await makeDispensingStation({ start: new Date() });
  d.importOrder(B);
  dbPath = d.dbPath;
  d.station.close();
}, 60_000);
afterAll(() => d.close());

/** Runs `batchline run-order`; kills it with SIGKILL once it has printed `killAfter` progress lines. */
function runOrderChild(killAfter: number | null): Promise<{ lines: string[]; code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(process.cwd(), 'bin/batchline.mjs'), 'run-order', '--db', dbPath, '--batch', B, '--progress'], {
      env: { ...process.env, BATCHLINE_STATION_SECRET: SECRET, BATCHLINE_PASSWORD: DEMO_PASSWORD },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    let buffer = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        lines.push(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
        if (killAfter !== null && lines.length === killAfter) child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ lines, code, signal, stderr }));
  });
}

function open() {
  return unwrap(createStation({ dbPath, stationSecret: SECRET, clock: systemClock() }));
}

test('SIGKILL in the middle of an order, then resume to the end', async () => {
  const killed = await runOrderChild(30);
  expect(killed.signal).toBe('SIGKILL');
  expect(killed.lines.length).toBeGreaterThanOrEqual(30);

  const station = open();
  try {
    expect(verifyLedger({ entries: station.ledger.iterate(), checkpoints: station.ledger.checkpoints() }).ok).toBe(true);
    const state = replayOrder(B, station.ledger.query({ batchRef: B }));
    expect(state.status).toBe('in-progress');
    expect(state.stepIndex).toBeGreaterThan(0);
    expect(station.engine.view(B).status).toBe('in-progress');
  } finally {
    station.close();
  }

  const resumed = await runOrderChild(null);
  expect(resumed.code, resumed.stderr).toBe(0);
  expect(resumed.lines.at(-1)).toMatch(new RegExp(`^${B}: complete`));
  const after = open();
  try {
    expect(verifyLedger({ entries: after.ledger.iterate(), checkpoints: after.ledger.checkpoints() }).ok).toBe(true);
    expect(after.engine.view(B).status).toBe('complete');
  } finally {
    after.close();
  }
}, 120_000);
