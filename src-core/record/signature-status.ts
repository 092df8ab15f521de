/**
 * Which signatures a later change invalidated (PIC/S PI 041 §9.4, COMPLIANCE DI-13, linked per
 * P11-18): a signature names the entry it signs (targetSeq). A correction recorded after the
 * signature against that same entry changes what was signed, so the signature no longer stands
 * for the record as it now reads, until someone signs the entry again with the same meaning
 * after the correction. Computed from the ledger alone, per station, so the station's record,
 * the printed record and the hub's release check give the same answer.
 */
export interface InvalidatingChange {
  /** The correction's seq (its audit entry number) and when it was made. */
  seq: number;
  time: string;
  tzOffset: string;
}

interface EntryLike {
  stationId?: string;
  seq: number;
  type: string;
  time: string;
  tzOffset: string;
  payload: Record<string, unknown>;
}

/** Signature seq (per station: key `${stationId}#${seq}`) → the change that invalidated it. */
export function invalidatedSignatures(entries: readonly EntryLike[]): Map<string, InvalidatingChange> {
  const out = new Map<string, InvalidatingChange>();
  const key = (e: EntryLike, seq: number) => `${e.stationId ?? ''}#${seq}`;
  const signatures = entries.filter((e) => e.type === 'signature.applied');
  const corrections = entries.filter((e) => e.type === 'correction.recorded');
  for (const s of signatures) {
    const target = Number(s.payload.targetSeq);
    const change = corrections.find((c) => (c.stationId ?? '') === (s.stationId ?? '') && Number(c.payload.targetSeq) === target && c.seq > s.seq);
    if (!change) continue;
    // The last correction of the target is what a re-signature must follow.
    const last = corrections.filter((c) => (c.stationId ?? '') === (s.stationId ?? '') && Number(c.payload.targetSeq) === target).reduce((a, b) => (b.seq > a.seq ? b : a));
    const resigned = signatures.some(
      (r) => (r.stationId ?? '') === (s.stationId ?? '') && r.seq > last.seq && r.payload.meaning === s.payload.meaning && (Number(r.payload.targetSeq) === target || Number(r.payload.targetSeq) === last.seq),
    );
    if (!resigned) out.set(key(s, s.seq), { seq: change.seq, time: change.time, tzOffset: change.tzOffset });
  }
  return out;
}
