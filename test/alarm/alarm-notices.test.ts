/**
 * FR-131 at the ledger: the station tells its screens that the alarms changed from what the
 * ledger committed (`LedgerStore.onAppended`), so every way an alarm changes (raised, cleared,
 * acknowledged here or at the hub, an IPQC result's alarm written by IpqcService) is heard, and
 * nothing that was not recorded is. The runtime's notice over the live feed is
 * test/integration/station-runtime.test.ts; the alarm bar reading it, the alarm-fold e2e.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';
import { ALARM_TYPES } from '../../src-main/core/alarm/alarm-service.ts';
import { makeTestStation, type TestStation } from '../fakes/test-station.ts';
import { unwrap } from '../../src-shared/result.ts';

let t: TestStation;
beforeEach(() => {
  t = makeTestStation({ withUsers: false });
});
afterEach(() => t.cleanup());

const comment = (text: string) => ({ type: 'comment.recorded', actor: null, batchRef: null, payload: { text } });

describe('the ledger tells of what it committed', () => {
  it('FR-131 each committed append is told once with its entries, a refused one never, and a listener stops hearing when it unsubscribes', () => {
    const told: (readonly LedgerEntry[])[] = [];
    const off = t.ledger.onAppended((entries) => told.push(entries));
    const appended = t.ledger.append([comment('one'), comment('two')]);
    expect(appended.ok).toBe(true);
    expect(told).toHaveLength(1);
    expect(told[0]!.map((e) => e.seq)).toEqual(appended.ok ? appended.value.map((e) => e.seq) : []);
    // Refused before the transaction (an invalid entry) and inside it (the clock set back): nothing told.
    expect(t.ledger.append([{ type: 'comment.recorded', actor: null, batchRef: null, payload: { text: '' } }]).ok).toBe(false);
    t.clock.advance(-60_000);
    const backwards = t.ledger.append([comment('late')]);
    expect(backwards.ok || backwards.error.code).toBe('LEDGER_TIME_BACKWARDS');
    t.clock.advance(120_000);
    expect(told).toHaveLength(1);
    off();
    expect(t.ledger.append([comment('three')]).ok).toBe(true);
    expect(told).toHaveLength(1);
  });

  it('FR-131 an append inside an outer transaction is told only after the outer commit, and never when the outer transaction rolls back', async () => {
    const told: number[][] = [];
    t.ledger.onAppended((entries) => told.push(entries.map((e) => e.seq)));
    const sqlite = t.db.sqlite;
    let inner: LedgerEntry[] = [];
    sqlite.transaction(() => {
      inner = unwrap(t.ledger.append([comment('inside an outer transaction')]));
      expect(told).toHaveLength(0); // not committed yet: the outer transaction may still roll back
    })();
    await Promise.resolve();
    expect(told).toEqual([inner.map((e) => e.seq)]);
    const head = t.ledger.count();
    expect(() =>
      sqlite.transaction(() => {
        unwrap(t.ledger.append([comment('rolled back with the outer transaction')]));
        throw new Error('the outer work failed');
      })(),
    ).toThrow('the outer work failed');
    await new Promise((r) => setImmediate(r));
    expect(t.ledger.count()).toBe(head);
    expect(told).toHaveLength(1);
  });

  it('FR-131 a listener that throws never turns a recorded append into an error, and is dropped', () => {
    let calls = 0;
    t.ledger.onAppended(() => {
      calls += 1;
      throw new Error('a screen went away');
    });
    const first = t.ledger.append([comment('recorded all the same')]);
    expect(first.ok).toBe(true);
    expect(t.ledger.append([comment('again')]).ok).toBe(true);
    expect(calls).toBe(1);
    expect(t.ledger.query({ types: ['comment.recorded'], limit: 10 })).toHaveLength(2);
  });

  it('FR-131 a raised, cleared and acknowledged-at-hub alarm each commit an alarm entry the notice is made from', () => {
    const types: string[][] = [];
    t.ledger.onAppended((entries) => types.push(entries.map((e) => e.type)));
    expect(t.alarms.balanceState('BAL-X', 'closed', 'no data', 3000).ok).toBe(true);
    const alarmId = t.alarms.list({ open: true })[0]!.alarmId;
    t.clock.advance(1000);
    expect(t.alarms.balanceState('BAL-X', 'connected', null).ok).toBe(true);
    t.clock.advance(1000);
    expect(t.alarms.takeHubAcknowledgements([{ alarmId, by: 'Wang Fang', at: t.clock.now().toISOString(), comment: 'balance checked, cable fixed' }])).toMatchObject({ ok: true, value: 1 });
    expect(types).toEqual([['alarm.raised'], ['alarm.cleared'], ['alarm.acknowledged_at_hub']]);
    expect(types.flat().every((type) => ALARM_TYPES.includes(type))).toBe(true);
  });
});
