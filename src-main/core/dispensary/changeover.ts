/**
 * When must a booth be cleaned and cleared before the next campaign (issue 17 item 1)? The
 * rule, as stated in docs/requirements.md FR-17:
 *  - the first campaign of a booth relies on the booth's own clean and cleared status (the
 *    order pre-checks), no changeover is asked for;
 *  - a different material than the last campaign's needs a changeover;
 *  - the same material needs one when the material is flagged `changeoverAfterEachCampaign`;
 *  - a changeover counts only if it was recorded after the last campaign ended and names the
 *    next material.
 */
export interface BoothHistory {
  /** The last campaign of the booth (open or ended), or null. */
  lastCampaign: { materialCode: string; changeoverAfterEachCampaign: boolean; endedSeq: number | null; startedSeq: number } | null;
  /** The last changeover recorded in the booth. */
  lastChangeover: { seq: number; toMaterial: string } | null;
}

export type ChangeoverReason = 'material-change' | 'material-flag';

export function changeoverNeeded(h: BoothHistory, nextMaterial: string): ChangeoverReason | null {
  const last = h.lastCampaign;
  if (!last) return null;
  if (last.materialCode !== nextMaterial) return 'material-change';
  return last.changeoverAfterEachCampaign ? 'material-flag' : null;
}

/** Null when the campaign may start; else why a changeover must be recorded first. */
export function changeoverMissing(h: BoothHistory, nextMaterial: string): ChangeoverReason | null {
  const reason = changeoverNeeded(h, nextMaterial);
  if (reason === null) return null;
  const after = h.lastCampaign!.endedSeq ?? h.lastCampaign!.startedSeq;
  const c = h.lastChangeover;
  return c && c.seq > after && c.toMaterial === nextMaterial ? null : reason;
}
