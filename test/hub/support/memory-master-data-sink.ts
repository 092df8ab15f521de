/**
 * A stand-in for the engine's master-data service (src-main/core/master-data) with the same
 * contract as far as sync relies on it: a batch applies whole or not at all, versions only
 * grow, the same version again is "unchanged", and the hub cursor is kept with what was
 * applied. Lets the sync tests run without the engine's SQLite projections.
 */
import { err, ok } from '../../../src-shared/result.ts';
import type { MasterDataChange, MasterDataSource } from '../../../src-shared/master-data/master-data-change.ts';
import type { MasterDataSink } from '../../../src-main/sync/master-data-puller.ts';

export interface MemorySink extends MasterDataSink {
  objects: Map<string, { version: number; data: unknown }>;
  batches: { changes: MasterDataChange[]; source: MasterDataSource }[];
}

export function memorySink(): MemorySink {
  const objects = new Map<string, { version: number; data: unknown }>();
  const batches: { changes: MasterDataChange[]; source: MasterDataSource }[] = [];
  let position: { cursor: string | null; servedAt: string } | null = null;
  return {
    objects,
    batches,
    position: () => position,
    apply(changes, source) {
      let applied = 0;
      let unchanged = 0;
      for (const c of changes) {
        const held = objects.get(`${c.kind}/${c.key}`);
        if (held && c.version < held.version) return err('MASTER_DATA_CONFLICT', `${c.kind} ${c.key}: version ${c.version} after ${held.version}`);
      }
      for (const c of changes) {
        const id = `${c.kind}/${c.key}`;
        if (objects.get(id)?.version === c.version) unchanged++;
        else {
          objects.set(id, { version: c.version, data: c.data });
          applied++;
        }
      }
      batches.push({ changes, source });
      position = { cursor: source.cursor, servedAt: source.servedAt };
      return ok({ applied, unchanged });
    },
  };
}
