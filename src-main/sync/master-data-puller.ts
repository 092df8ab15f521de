/**
 * Sync down, station side: pull master-data changes after the station's cursor, page by page,
 * and apply each page through the engine's single entry point (applyMasterData: validated,
 * applied and recorded as ONE ledger entry, all or nothing). The cursor lives in what was
 * applied (the engine records the hub's cursor with each batch), so a cut between fetching
 * and applying just fetches the same page again — and a page applied twice is harmless
 * (same version and content = unchanged).
 */
import { ok, type Result } from '../../src-shared/result.ts';
import type { MasterDataChange, MasterDataSource } from '../../src-shared/master-data/master-data-change.ts';
import type { HubClient } from './hub-client.ts';

/** The engine's master-data service as sync needs it (src-main/core/master-data). */
export interface MasterDataSink {
  /** Where the last batch from the hub ended, and when the hub served it; null before any. */
  position(): { cursor: string | null; servedAt: string } | null;
  apply(changes: MasterDataChange[], source: MasterDataSource): Result<{ applied: number; unchanged: number }>;
}

export interface PullOptions {
  pageSize: number;
  now: Date;
  /**
   * Record a contact even when nothing changed (an empty batch proves the master data was
   * current at `servedAt`, which the age limit counts from) — but at most this often, so
   * a frequent sync does not fill the ledger with empty batches.
   */
  contactRecordEveryMs: number;
}

export async function pullMasterData(client: HubClient, sink: MasterDataSink, options: PullOptions): Promise<Result<{ pulled: number; servedAt: string | null }>> {
  let pulled = 0;
  let servedAt: string | null = sink.position()?.servedAt ?? null;
  for (;;) {
    const after = sink.position()?.cursor ?? null;
    const feed = await client.masterData(after, options.pageSize);
    if (!feed.ok) return feed;
    const changes: MasterDataChange[] = feed.value.changes.map(({ cursor: _cursor, ...c }) => c);
    const last = sink.position()?.servedAt;
    const stale = last === undefined || options.now.getTime() - Date.parse(last) >= options.contactRecordEveryMs;
    if (changes.length > 0 || stale) {
      const applied = sink.apply(changes, { origin: 'hub', cursor: feed.value.cursor, servedAt: feed.value.servedAt, actorId: null });
      if (!applied.ok) return applied;
      servedAt = feed.value.servedAt;
    }
    pulled += changes.length;
    if (!feed.value.more) return ok({ pulled, servedAt });
  }
}
