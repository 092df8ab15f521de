/**
 * Identity epochs (issue 10 item 2; COMPLIANCE.md §6 attack 6). The hub keeps every ledger it
 * accepted under a hub-side ledger key: a station's first ledger under its plain station id,
 * a re-created station's new ledger (another genesis, accepted by IT and QA) under
 * `<station id>~<epoch>` (2, 3, …). `~` is not a PrintableString character, so no station id
 * can collide with a ledger key. Ledger rows, checkpoints, cursors and review are keyed by the
 * ledger key; what the station signed (entries, checkpoints, countersignatures) names the
 * station id, which wireStationId() recovers.
 */
const SEP = '~';

export function ledgerKey(stationId: string, epoch: number): string {
  return epoch <= 1 ? stationId : `${stationId}${SEP}${epoch}`;
}

/** The station id a ledger key belongs to (the id the station signs with). */
export function wireStationId(key: string): string {
  const i = key.indexOf(SEP);
  return i < 0 ? key : key.slice(0, i);
}

/** 1 for a station's first ledger, n for `<id>~n`. */
export function epochOf(key: string): number {
  const i = key.indexOf(SEP);
  if (i < 0) return 1;
  const n = Number(key.slice(i + 1));
  return Number.isInteger(n) && n >= 2 ? n : 1;
}

/** Hub rows as the station signed them: the ledger key replaced by the station id. */
export function asSigned<T extends { stationId: string }>(rows: readonly T[]): T[] {
  return rows.map((r) => (r.stationId.includes(SEP) ? { ...r, stationId: wireStationId(r.stationId) } : r));
}
