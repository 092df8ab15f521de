/**
 * applyMasterData (issue 4, item 1; ARCHITECTURE "Sync"): the one entry point of the hub's
 * sync at the station. One ledger entry per batch, all or nothing, versions only grow, a
 * resent page is harmless, withdrawals remove, an empty batch records the contact.
 */
import { afterEach, expect, test } from 'vitest';
import type { MasterDataChange, MasterDataSource } from '../../src-shared/master-data/master-data-change.ts';
import { contentHash } from '../../src-main/core/master-data/master-data-service.ts';
import { makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';

let d: DispensingStation;
afterEach(() => d?.close());

const hub = (at: Date, cursor: string | null = 'c-1'): MasterDataSource => ({ origin: 'hub', cursor, servedAt: at.toISOString(), actorId: null });
const lot = (version: number, qcStatus: string): MasterDataChange => ({
  kind: 'lot',
  key: 'LOT-X',
  version,
  data: { lotId: 'LOT-X', materialCode: 'API-PARA', lotNumber: 'X-1', qcStatus, expiryDate: '2028-01-31', assayPercent: '99.1', waterPercent: '0.2' },
});

test('a batch is one ledger entry with kind, key, version, content hash and content; tables follow', async () => {
  d = await makeDispensingStation();
  const md = d.station.masterData;
  const before = d.station.ledger.count();
  const r = md.applyMasterData([lot(1, 'quarantine'), { kind: 'container', key: 'C-X', version: 1, data: { containerId: 'C-X', lotId: 'LOT-X', materialCode: 'API-PARA', quantity: { amount: '10.000', unit: 'kg' }, tare: { amount: '1.0', unit: 'kg' } } }], hub(d.clock.now()));
  expect(r.ok && r.value).toMatchObject({ applied: 2, unchanged: 0 });
  expect(d.station.ledger.count()).toBe(before + 1);
  const entry = d.station.ledger.query({ types: ['masterdata.applied'] }).at(-1)!;
  const stored = md.reader.get('lot', 'LOT-X')!;
  // defaults are filled in before hashing: the hash is of what the station holds
  expect(stored.data.retestDate).toBeNull();
  expect(stored.contentHash).toBe(contentHash(stored.data));
  expect(entry.payload).toMatchObject({ origin: 'hub', cursor: 'c-1', changes: [{ kind: 'lot', key: 'LOT-X', version: 1, contentHash: stored.contentHash }, { kind: 'container', key: 'C-X' }] });
  expect(md.reader.containerLeft('C-X')).toEqual({ amount: '10.000', unit: 'kg' });
  expect(md.position()).toEqual({ cursor: 'c-1', servedAt: d.clock.now().toISOString() });
});

test('versions only grow; the same version again is unchanged; other content under it conflicts', async () => {
  d = await makeDispensingStation();
  const md = d.station.masterData;
  expect(md.applyMasterData([lot(2, 'quarantine')], hub(d.clock.now())).ok).toBe(true);
  const again = md.applyMasterData([lot(2, 'quarantine')], hub(d.clock.now()));
  expect(again.ok && again.value).toMatchObject({ applied: 0, unchanged: 1 });
  const other = md.applyMasterData([lot(2, 'released')], hub(d.clock.now()));
  expect(other.ok ? null : other.error.code).toBe('MASTER_DATA_CONFLICT');
  const older = md.applyMasterData([lot(1, 'released')], hub(d.clock.now()));
  expect(older.ok ? null : older.error.code).toBe('MASTER_DATA_CONFLICT');
  expect(md.apply([lot(3, 'released')], hub(d.clock.now())).ok).toBe(true);
  expect(md.reader.get('lot', 'LOT-X')).toMatchObject({ version: 3, data: { qcStatus: 'released' } });
});

test('all or nothing: one bad change refuses the whole batch and writes nothing', async () => {
  d = await makeDispensingStation();
  const md = d.station.masterData;
  const before = d.station.ledger.count();
  const cases: [MasterDataChange[], RegExp][] = [
    [[lot(1, 'released'), { kind: 'lot', key: 'LOT-Y', version: 1, data: { lotId: 'LOT-Y', materialCode: 'API-PARA', lotNumber: 'Y', qcStatus: 'maybe', expiryDate: '2028-01-31' } }], /change #2 \(lot:LOT-Y\): qcStatus/],
    [[lot(1, 'released'), { ...lot(1, 'released'), key: 'LOT-Z' }], /key "LOT-Z" does not match/],
    [[lot(1, 'released'), lot(1, 'released')], /appears twice/],
    [[{ kind: 'gadget', key: 'G', version: 1, data: {} } as unknown as MasterDataChange], /change #1/],
    [[{ kind: 'booth', key: 'BOOTH-1', version: 0, data: null }], /change #1: version/],
  ];
  for (const [changes, message] of cases) {
    const r = md.applyMasterData(changes, hub(d.clock.now()));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('MASTER_DATA_INVALID');
      expect(r.error.message).toMatch(message);
    }
  }
  expect(md.applyMasterData([], { origin: 'hub', cursor: null, servedAt: 'yesterday', actorId: null }).ok).toBe(false);
  expect(d.station.ledger.count()).toBe(before);
  expect(md.reader.get('lot', 'LOT-X')).toBeUndefined();
});

test('a withdrawal removes the object; an empty batch records the contact the age limit counts from', async () => {
  d = await makeDispensingStation();
  const md = d.station.masterData;
  const v = md.reader.get('container', 'C-PARA-0007')!.version;
  expect(md.applyMasterData([{ kind: 'container', key: 'C-PARA-0007', version: v + 1, data: null }], hub(d.clock.now())).ok).toBe(true);
  expect(md.reader.get('container', 'C-PARA-0007')).toBeUndefined();
  expect(md.reader.containerLeft('C-PARA-0007')).toBeUndefined();
  d.clock.advance(3 * 3_600_000);
  expect(md.applyMasterData([], hub(d.clock.now(), 'c-9')).ok).toBe(true);
  expect(md.reader.syncState()).toMatchObject({ servedAt: d.clock.now().toISOString(), cursor: 'c-9', origin: 'hub' });
  // an older batch (a delayed page) never moves the age backwards
  expect(md.applyMasterData([], hub(new Date(d.clock.now().getTime() - 60_000), 'c-10')).ok).toBe(true);
  expect(md.reader.syncState()?.servedAt).toBe(d.clock.now().toISOString());
});

test('a new container version resets the stock the station had deducted', async () => {
  d = await makeDispensingStation();
  d.revise('container', 'C-PVP-0001', { quantity: { amount: '4.250', unit: 'kg' } });
  expect(d.station.masterData.reader.containerLeft('C-PVP-0001')).toEqual({ amount: '4.250', unit: 'kg' });
});

test('FR-123 a withdrawal keeps its version at the station: an older version (a check plan a signed change replaced) is refused after it, a re-sent withdrawal is unchanged', async () => {
  d = await makeDispensingStation();
  const md = d.station.masterData;
  const g = (amount: string) => ({ amount, unit: 'g' as const });
  const balance = (version: number, acceptance: string): MasterDataChange => ({
    kind: 'balance',
    key: 'BAL-W1',
    version,
    data: {
      balanceId: 'BAL-W1', name: 'Balance W1', model: 'XPR205', serialNumber: 'SN-W1', capacity: g('220.0000'), readability: g('0.0001'),
      calibration: { certificateId: 'CAL-W1', dueAt: '2028-01-31T00:00:00.000Z' }, repeatability: { standardDeviation: g('0.00004'), determinedAt: '2026-01-31T00:00:00.000Z' },
      checkPlan: { id: 'DC-W1', points: [{ testWeight: 'E2 200 g', nominal: g('200.0000'), acceptance: g(acceptance) }], validForHours: 24 },
    },
  });
  expect(md.applyMasterData([balance(1, '0.0100')], hub(d.clock.now())).ok).toBe(true);
  expect(md.applyMasterData([balance(2, '0.0010')], hub(d.clock.now())).ok).toBe(true);
  expect(md.applyMasterData([{ kind: 'balance', key: 'BAL-W1', version: 3, data: null }], hub(d.clock.now())).ok).toBe(true);
  expect(md.reader.get('balance', 'BAL-W1')).toBeUndefined();
  // The attacker's seat: a page from before the signed change, replayed after the withdrawal.
  for (const old of [balance(1, '0.0100'), balance(2, '0.0010'), balance(3, '0.0100')]) {
    const r = md.applyMasterData([old], hub(d.clock.now()));
    expect(r.ok ? null : r.error.code, `version ${old.version}`).toBe('MASTER_DATA_CONFLICT');
  }
  expect(md.reader.get('balance', 'BAL-W1')).toBeUndefined();
  const again = md.applyMasterData([{ kind: 'balance', key: 'BAL-W1', version: 3, data: null }], hub(d.clock.now()));
  expect(again.ok && again.value).toMatchObject({ applied: 0, unchanged: 1 });
  // Registered again at the hub (a newer version): applied.
  expect(md.applyMasterData([balance(4, '0.0010')], hub(d.clock.now())).ok).toBe(true);
  expect(md.reader.get('balance', 'BAL-W1')).toMatchObject({ version: 4 });
  expect(md.reader.withdrawnVersion?.('balance', 'BAL-W1')).toBeUndefined();
});
