/**
 * Attribution and consistency of the record (COMPLIANCE A11-21, DI-01, DI-07), read from a
 * whole order dispensed headless with a re-weighing and a deviation: every entry says which
 * station wrote it and when, every step of the batch says who did it, every weighing which
 * balance (and the serial number it answered with), and the sequence is gap-free in time order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';
import { makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { runTo } from '../engine/engine-test-kit.ts';

const B = 'B-ATTRIBUTION-1';
let d: DispensingStation;
let all: LedgerEntry[];

beforeAll(async () => {
  d = await makeDispensingStation();
  d.importOrder(B);
  const run = await runTo(d, B, undefined, { L20: 'overshoot-reweigh', L60: 'overshoot-deviation' });
  expect(run.view.status).toBe('complete');
  all = d.station.ledger.query({ limit: Number.MAX_SAFE_INTEGER });
}, 120_000);
afterAll(() => d?.close());

describe('attribution of the record', () => {
  it('A11-21 DI-01 every entry names its station and time; every entry of the batch names the person who made it', () => {
    expect(all.length).toBeGreaterThan(50);
    for (const e of all) {
      expect(e.stationId).toBe(d.station.stationId);
      expect(e.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(e.tzOffset).toMatch(/^[+-]\d\d:\d\d$/);
    }
    const batch = all.filter((e) => e.batchRef === B && e.type !== 'order.imported');
    expect(batch.length).toBeGreaterThan(30);
    const unattributed = batch.filter((e) => e.actor === null || d.station.users.byId(e.actor) === undefined).map((e) => `${e.seq} ${e.type}`);
    expect(unattributed).toEqual([]);
  });

  it('DI-01 every weighing names its balance, and the balance selection the serial number the balance answered with', () => {
    const weighed = all.filter((e) => e.batchRef === B && e.type === 'dispense.weighed');
    expect(weighed.length).toBeGreaterThan(3);
    for (const w of weighed) expect((w.payload as { balanceId: string }).balanceId).toMatch(/^BAL-/);
    const selected = all.filter((e) => e.batchRef === B && e.type === 'dispense.balance_selected').map((e) => (e.payload as { balance: { serialNumber: string; identifiedSerial: string | null } }).balance);
    expect(selected.length).toBeGreaterThan(0);
    for (const b of selected) expect(b.identifiedSerial).toBe(b.serialNumber);
  });

  it('DI-07 the sequence has no gap or repeat, time never goes backwards, and the chain links each entry to the one before', () => {
    all.forEach((e, i) => {
      expect(e.seq).toBe(i + 1);
      if (i > 0) {
        expect(e.time >= all[i - 1]!.time).toBe(true);
        expect(e.prevHash).toBe(all[i - 1]!.hash);
      }
    });
  });
});
