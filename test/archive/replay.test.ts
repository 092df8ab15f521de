/**
 * Deterministic replay (issue 15 item 3): every demo batch runs through the current engine with
 * no difference, and an engine changed on purpose (an injected decision function) shows one,
 * naming the entry and the decision.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../fakes/cli-runner.ts';
import { tempDir } from '../fakes/test-station.ts';
import { cliDemoDb } from '../fakes/cli-demo-db.ts';
import { openStationDb } from '../../src-main/db/open-station-db.ts';
import { LedgerStore } from '../../src-main/db/ledger-store.ts';
import { systemClock } from '../../src-core/clock.ts';
import { configInForce, currentEngine, replayBatch, type ReplayEngine } from '../../src-main/core/engine/replay.ts';
import { checkTolerance, toleranceWindow } from '../../src-shared/recipe/tolerance-window.ts';
import { subtractMass } from '../../src-shared/mass.ts';
import { Decimal } from 'decimal.js';
import { unwrap } from '../../src-shared/result.ts';
import type { LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';

let dir: string;
let db: string;
const run = (...args: string[]) => runCli(args);
function batchEntries(batch: string): LedgerEntry[] {
  const opened = unwrap(openStationDb(db, { readonly: true }));
  try {
    return new LedgerStore(opened.sqlite, { stationId: '', clock: systemClock(), projectors: new Map() }).query({ batchRef: batch, limit: Number.MAX_SAFE_INTEGER });
  } finally {
    opened.close();
  }
}

beforeAll(async () => {
  dir = tempDir('batchline-replay-');
  db = join(dir, 'demo.db');
  await cliDemoDb(db);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('batchline replay', () => {
  it('every demo batch replays through the current engine with no difference', async () => {
    const r = await run('replay', '--db', db);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^B2026-0042: \d+ entries, \d+ decisions re-taken, no difference$/m);
    const json = JSON.parse((await run('replay', '--db', db, '--json')).out) as { ok: boolean; reports: { batchNumber: string; decisions: number; differences: unknown[] }[] };
    expect(json.ok).toBe(true);
    expect(json.reports.length).toBeGreaterThanOrEqual(2); // the dispensed batch and the one still planned
    const dispensed = json.reports.find((x) => x.batchNumber === 'B2026-0042')!;
    expect(dispensed.decisions).toBeGreaterThan(20);
  });

  it('an engine whose tolerance verdict changed on purpose shows the difference, naming entry and decision', () => {
    const entries = batchEntries('B2026-0042');
    // The changed engine (a bug on purpose) widens every line's tolerance tenfold.
    const widened: ReplayEngine = {
      ...currentEngine,
      weighVerdict: ({ cumulative, lineWindow }) => {
        const half = subtractMass(lineWindow.upper, lineWindow.target);
        const wide = { amount: new Decimal(half.amount).times(10).toString(), unit: half.unit };
        return checkTolerance(cumulative, toleranceWindow(lineWindow.target, { type: 'absolute', plus: wide, minus: wide }));
      },
    };
    const report = replayBatch('B2026-0042', entries, widened);
    expect(report.differences.length).toBeGreaterThan(0);
    const d = report.differences.find((x) => x.decision === 'verdict')!;
    expect(d.type).toBe('dispense.weighed');
    expect(d.recorded).toBe('above');
    expect(d.replayed).toBe('within');
    expect(report.differences).toContainEqual(expect.objectContaining({ seq: d.seq, decision: 'outcome', recorded: 'out-of-tolerance', replayed: 'accepted' }));
    expect(entries.find((e) => e.seq === d.seq)!.type).toBe('dispense.weighed');
    // and the unchanged engine on the same entries agrees with the record
    expect(replayBatch('B2026-0042', entries).differences).toEqual([]);
  });

  it('an engine that no longer asks for the second person\'s verification shows every such signature', () => {
    const entries = batchEntries('B2026-0042');
    const noVerify: ReplayEngine = { ...currentEngine, requiredSignatures: (planned) => currentEngine.requiredSignatures(planned).filter((m) => m !== 'verified') };
    const report = replayBatch('B2026-0042', entries, noVerify);
    const verified = entries.filter((e) => e.type === 'signature.applied' && e.payload.meaning === 'verified');
    expect(verified.length).toBeGreaterThan(0);
    expect(report.differences.filter((x) => x.decision === 'signature').map((x) => x.seq)).toEqual(verified.map((e) => e.seq));
  });

  it('the engine\'s own step decisions are re-run: an IPC whose limits the current engine reads differently shows', () => {
    const entries = batchEntries('B2026-0042');
    const ipc = entries.find((e) => e.type === 'step.recorded' && e.payload.stepType === 'ipc')!;
    expect(ipc).toBeDefined();
    const strict: ReplayEngine = {
      ...currentEngine,
      decideStep: (s, e, config) => {
        const out = currentEngine.decideStep(s, e, config);
        return out && 'withinLimits' in out && (e.payload as { stepType: string }).stepType === 'ipc' ? { ...out, withinLimits: false } : out;
      },
    };
    const report = replayBatch('B2026-0042', entries, strict);
    expect(report.differences).toEqual([expect.objectContaining({ seq: ipc.seq, decision: 'within limits', recorded: 'true', replayed: 'false' })]);
    // the timer stopped and the parameters entered are re-decided too, with no difference
    expect(replayBatch('B2026-0042', entries).decisions).toBeGreaterThan(replayBatch('B2026-0042', entries, { ...currentEngine, decideStep: () => null }).decisions);
  });

  it('a stopped timer is re-decided when the engine read the clock, a moment before the ledger stamped the entry; a stop after its entry still shows', () => {
    const entries = batchEntries('B2026-0042');
    const i = entries.findIndex((e) => e.type === 'step.recorded' && e.payload.stepType === 'timer');
    expect(i).toBeGreaterThan(0);
    const timer = entries[i]!;
    const result = timer.payload.result as { stoppedAt: string };
    const shifted = (ms: number, stoppedAt = result.stoppedAt) => {
      const copy = [...entries];
      copy[i] = { ...timer, time: new Date(Date.parse(result.stoppedAt) + ms).toISOString(), payload: { ...timer.payload, result: { ...result, stoppedAt } } };
      return replayBatch('B2026-0042', copy);
    };
    // the ledger stamped the entry 7 ms after the engine decided: the same decision
    expect(shifted(7).differences).toEqual([]);
    // a recorded stop later than the entry itself is not trusted: re-decided at the entry's time
    const late = new Date(Date.parse(result.stoppedAt) + 5000).toISOString();
    expect(shifted(0, late).differences).toEqual([expect.objectContaining({ seq: timer.seq, decision: 'step result' })]);
    // an engine that now reads the timer's duration differently shows at that entry
    const longer: ReplayEngine = {
      ...currentEngine,
      decideStep: (s, e, config) => {
        const out = currentEngine.decideStep(s, e, config);
        return out && 'result' in out && (e.payload as { stepType: string }).stepType === 'timer' ? { ...out, result: { ...out.result, durationSeconds: 3600 } } : out;
      },
    };
    expect(replayBatch('B2026-0042', entries, longer).differences).toEqual([expect.objectContaining({ seq: timer.seq, decision: 'step result' })]);
  });

  it('an entry moved out of order is reported as one the current engine would refuse', () => {
    const entries = batchEntries('B2026-0042');
    // A weighing of a later step moved to just after the first step's record.
    const i = entries.findIndex((e) => e.type === 'dispense.weighed' && e.payload.stepId !== entries.find((x) => x.type === 'dispense.weighed')!.payload.stepId);
    const first = entries.findIndex((e) => e.type === 'step.recorded');
    const reordered = [...entries.slice(0, first + 1), entries[i]!, ...entries.slice(first + 1, i), ...entries.slice(i + 1)];
    const report = replayBatch('B2026-0042', reordered);
    expect(report.differences.some((x) => x.seq === entries[i]!.seq && x.decision === 'step')).toBe(true);
  });

  it('replay of a batch the ledger does not hold is a typed refusal', async () => {
    const r = await run('replay', '--db', db, '--batch', 'NO-SUCH');
    expect(r.code).toBe(1);
    expect(r.err).toContain('ORDER_UNKNOWN');
  });
  it('A11-17 each entry is replayed under the engine configuration in force when it was written (the settings changes before it), and the report names those versions', () => {
    const entries = batchEntries('B2026-0042');
    const steps = entries.filter((e) => e.type === 'step.recorded');
    expect(steps.length).toBeGreaterThan(1);
    const cut = steps.at(-1)!.seq;
    // The limits changed just before the batch's last recorded step (a change the ledger records).
    const change = { seq: cut - 0.5, type: 'settings.changed', payload: { key: 'limits', oldValue: null, newValue: { idleLockMinutes: 10, masterDataMaxAgeHours: 48, stableTimeoutSeconds: 30 }, reason: 'slower balances' } } as unknown as LedgerEntry;
    const seen = new Map<number, number>();
    const watching: ReplayEngine = {
      ...currentEngine,
      decideStep: (s, e, config) => {
        seen.set(e.seq, config.stableTimeoutMs);
        return currentEngine.decideStep(s, e, config);
      },
    };
    const report = replayBatch('B2026-0042', entries, watching, configInForce([change]));
    expect(report.differences).toEqual([]);
    expect(seen.get(steps[0]!.seq)).toBe(10_000);
    expect(seen.get(cut)).toBe(30_000);
    expect(report.configVersions).toHaveLength(2);
    expect(report.configVersions[1]).toBe(configInForce([change])(cut).version);
    // Without the settings history, the defaults (one version), as before.
    expect(replayBatch('B2026-0042', entries).configVersions).toHaveLength(1);
  });
});
