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
  /** Keys of recipes refused for a schema version this station now understands (absent: none). */
  retryableRefusals?(): string[];
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
    // One batch holds one version per object (the engine refuses a key twice): a page with two
    // versions of an object (a lot received, then its QC status set, before this station synced)
    // is applied up to the second one, and the rest is pulled again from there.
    const page = feed.value.changes;
    const seen = new Set<string>();
    const cut = page.findIndex((c) => seen.size === seen.add(`${c.kind}:${c.key}`).size);
    const split = cut > 0;
    const changes: MasterDataChange[] = (split ? page.slice(0, cut) : page).map(({ cursor: _cursor, ...c }) => c);
    const cursor = split ? page[cut - 1]!.cursor : feed.value.cursor;
    const last = sink.position()?.servedAt;
    const stale = last === undefined || options.now.getTime() - Date.parse(last) >= options.contactRecordEveryMs;
    if (changes.length > 0 || stale) {
      const applied = sink.apply(changes, { origin: 'hub', cursor, servedAt: feed.value.servedAt, actorId: null });
      if (!applied.ok) return applied;
      servedAt = feed.value.servedAt;
    }
    pulled += changes.length;
    if (!feed.value.more && !split) break;
  }
  // Recipes refused for their schema version before this station was upgraded: the cursor moved
  // past them, so they are asked for again by key, once, and applied at the same cursor.
  const retry = sink.retryableRefusals?.() ?? [];
  if (retry.length > 0 && client.masterDataObjects) {
    const objects = await client.masterDataObjects('recipe', retry);
    if (!objects.ok) return objects;
    const changes: MasterDataChange[] = objects.value.changes.map(({ cursor: _cursor, ...c }) => c);
    // Withdrawn at the hub since: nothing to apply (and no empty batch recorded at every sync).
    if (changes.length === 0) return ok({ pulled, servedAt });
    const applied = sink.apply(changes, { origin: 'hub', cursor: sink.position()?.cursor ?? null, servedAt: objects.value.servedAt, actorId: null });
    if (!applied.ok) return applied;
    servedAt = objects.value.servedAt;
    pulled += changes.length;
  }
  return ok({ pulled, servedAt });
}
