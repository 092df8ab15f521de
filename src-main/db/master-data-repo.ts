/** SQLite implementation of the engine's MasterDataReader (core/master-data/master-data-reader.ts). */
import type Database from 'better-sqlite3';
import type { StationLogbookPayload } from '../../src-shared/equipment/station-logbook-contract.ts';
import type { Mass } from '../../src-shared/mass.ts';
import type { MasterDataKind, MasterDataTypes } from '../../src-shared/master-data/master-data-change.ts';
import type { BalanceCheckRow, BoothUse, EquipmentUseRow, MasterDataReader, RefusedRecipe, StoredObject, SyncState } from '../core/master-data/master-data-reader.ts';

interface Row {
  key: string;
  version: number;
  content_hash: string;
  applied_seq: number;
  data: string;
}

const toStored = <T>(r: Row): StoredObject<T> => ({ key: r.key, version: r.version, contentHash: r.content_hash, appliedSeq: r.applied_seq, data: JSON.parse(r.data) as T });

export function sqliteMasterDataReader(db: Database.Database): MasterDataReader {
  const one = db.prepare('select key, version, content_hash, applied_seq, data from master_data where kind = ? and key = ?');
  const all = db.prepare('select key, version, content_hash, applied_seq, data from master_data where kind = ? order by key');
  const sync = db.prepare('select served_at, origin, cursor, applied_seq from master_data_sync where id = 1');
  const stock = db.prepare('select amount, unit from container_stock where container_id = ?');
  const check = db.prepare('select seq, plan_id, passed, performed_at, record from balance_checks where balance_id = ? order by seq desc limit 1');
  const booth = db.prepare('select current_batch, released_at from booth_use where booth_id = ?');
  const withdrawn = db.prepare('select version from master_data where kind = ? and key = ?');
  const refused = db.prepare("select key, version, data from master_data where kind = 'refused:recipe' order by key");
  const equipmentUse = db.prepare('select batch_number, product, used_at, seq from equipment_uses where equipment_id = ?');
  // Signed ("performed") station logbook entries of one piece of equipment: rare entries, found by
  // the ledger's type index; the signature is its own entry naming the target seq.
  const logbook = db.prepare(
    "select e.payload from ledger_entries e where e.type = 'equipment.logbook_recorded' and json_extract(e.payload, '$.equipmentId') = ? and exists (select 1 from ledger_entries s where s.type = 'signature.applied' and s.seq > e.seq and json_extract(s.payload, '$.targetSeq') = e.seq and json_extract(s.payload, '$.meaning') = 'performed') order by e.seq",
  );
  return {
    get<K extends MasterDataKind>(kind: K, key: string) {
      const r = one.get(kind, key) as Row | undefined;
      return r ? toStored<MasterDataTypes[K]>(r) : undefined;
    },
    list<K extends MasterDataKind>(kind: K) {
      return (all.all(kind) as Row[]).map((r) => toStored<MasterDataTypes[K]>(r));
    },
    syncState(): SyncState | null {
      const r = sync.get() as { served_at: string; origin: string; cursor: string | null; applied_seq: number } | undefined;
      return r ? { servedAt: r.served_at, origin: r.origin, cursor: r.cursor, appliedSeq: r.applied_seq } : null;
    },
    containerLeft(containerId: string): Mass | undefined {
      const r = stock.get(containerId) as { amount: string; unit: Mass['unit'] } | undefined;
      return r ? { amount: r.amount, unit: r.unit } : undefined;
    },
    lastBalanceCheck(balanceId: string): BalanceCheckRow | undefined {
      const r = check.get(balanceId) as { seq: number; plan_id: string; passed: number; performed_at: string; record: string } | undefined;
      return r ? { seq: r.seq, planId: r.plan_id, passed: r.passed === 1, performedAt: r.performed_at, record: JSON.parse(r.record) as Record<string, unknown> } : undefined;
    },
    boothUse(boothId: string): BoothUse | undefined {
      const r = booth.get(boothId) as { current_batch: string | null; released_at: string | null } | undefined;
      return r ? { currentBatch: r.current_batch, releasedAt: r.released_at } : undefined;
    },
    withdrawnVersion(kind: MasterDataKind, key: string): number | undefined {
      return (withdrawn.get(`withdrawn:${kind}`, key) as { version: number } | undefined)?.version;
    },
    refusedRecipes(): RefusedRecipe[] {
      return (refused.all() as { key: string; version: number; data: string }[]).map((r) => {
        const d = JSON.parse(r.data) as { schemaVersion: number; message: string };
        return { key: r.key, version: r.version, schemaVersion: d.schemaVersion, message: d.message };
      });
    },
    stationLogbook(equipmentId: string): StationLogbookPayload[] {
      return (logbook.all(equipmentId) as { payload: string }[]).map((r) => JSON.parse(r.payload) as StationLogbookPayload);
    },
    lastEquipmentUse(equipmentId: string): EquipmentUseRow | undefined {
      const r = equipmentUse.get(equipmentId) as { batch_number: string; product: string; used_at: string; seq: number } | undefined;
      return r ? { batchNumber: r.batch_number, product: r.product, usedAt: r.used_at, seq: r.seq } : undefined;
    },
  };
}
