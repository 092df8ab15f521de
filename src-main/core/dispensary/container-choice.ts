/**
 * Which source container to take (issue 17 item 2): of the containers of the line's material
 * that qualify today (the same checks as a scan: released lot, not expired, not past retest,
 * potency data where the line needs it, not empty — material-checks.ts), the one whose lot
 * expires first (FEFO), then the one received first (FIFO), then by container id. Containers
 * that tie on expiry and receipt (the same lot received together) are equally good: taking any
 * of them follows the rule. Anything else needs the operator's reason, which the scan records
 * and the hub flags in review by exception.
 */
import type { PlannedLine } from '../../../src-shared/orders/execution-plan.ts';
import type { MasterDataReader } from '../master-data/master-data-reader.ts';
import { checkContainerForLine } from '../engine/material-checks.ts';

export interface RankedContainer {
  containerId: string;
  lotId: string;
  expiryDate: string;
  /** Receipt day; null when master data does not say (ranks after any known day). */
  receivedAt: string | null;
}

export interface ContainerSuggestion {
  /** Qualifying containers, best first. */
  ranked: RankedContainer[];
  /** The first, and every container tying with it on expiry and receipt. */
  equallyGood: Set<string>;
  suggested: RankedContainer | null;
}

const sameRank = (a: RankedContainer, b: RankedContainer) => a.expiryDate === b.expiryDate && a.receivedAt === b.receivedAt;

export function suggestContainer(md: MasterDataReader, line: PlannedLine, today: string): ContainerSuggestion {
  const material = md.get('material', line.materialCode);
  const ranked: RankedContainer[] = [];
  for (const c of md.list('container')) {
    if (c.data.materialCode !== line.materialCode) continue;
    const lot = md.get('lot', c.data.lotId);
    const left = md.containerLeft(c.key);
    if (!lot || !left) continue;
    const usable = checkContainerForLine(line, { containerId: c.key, gtin: null, lotNumber: null, raw: null }, { container: c, left, lot, material }, today);
    if (!usable.ok) continue;
    ranked.push({ containerId: c.key, lotId: lot.data.lotId, expiryDate: lot.data.expiryDate, receivedAt: c.data.receivedAt ?? null });
  }
  ranked.sort(
    (a, b) =>
      a.expiryDate.localeCompare(b.expiryDate) ||
      (a.receivedAt ?? '9999-12-31').localeCompare(b.receivedAt ?? '9999-12-31') ||
      a.containerId.localeCompare(b.containerId),
  );
  const first = ranked[0] ?? null;
  return { ranked, suggested: first, equallyGood: new Set(first ? ranked.filter((r) => sameRank(r, first)).map((r) => r.containerId) : []) };
}
