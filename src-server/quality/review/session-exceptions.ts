/**
 * The same account logged in at two stations at once, in the review by exception of a batch
 * (DI-11, P11-25, FR-140): an entry of the batch with an actor (a step, a signature) made while
 * that account was logged in at another station is a major exception naming the user, both
 * stations and the overlap, and a deviation raised by the hub (category `concurrent-session`),
 * so the QP cannot release until QA has closed it with a signed conclusion (release-service.ts,
 * RELEASE_DEVIATIONS_OPEN). One per overlap and batch, on the first such entry.
 *
 * Times are on the hub's clock: each station's by the drift it last recorded against the hub
 * (session-windows.ts); an entry within the tolerance of the other window's start or end is not
 * counted (the clocks cannot tell it apart from a walk between stations).
 */
import { DEFAULT_SESSION_TOLERANCE_SECONDS, driftAt, loggedInElsewhere, type SessionWindow } from '../../../src-core/auth/session-windows.ts';
import type { Add, DeviationCore, ReviewEntry, TimeTrustRecord } from './batch-exceptions.ts';

export interface SessionUse {
  windows: readonly SessionWindow[];
  /** `<ledger key>:<user id>` → user name (user.created), beside what the windows tell. */
  names?: ReadonlyMap<string, string>;
  toleranceSeconds?: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function sessionExceptions(entries: readonly ReviewEntry[], use: SessionUse, timeTrust: ReadonlyMap<string, readonly TimeTrustRecord[]>, add: Add): DeviationCore[] {
  if (use.windows.length === 0) return [];
  const tolerance = use.toleranceSeconds ?? DEFAULT_SESSION_TOLERANCE_SECONDS;
  const names = new Map([...(use.names ?? []), ...use.windows.map((w): [string, string] => [`${w.stationId}:${w.userId}`, w.username])]);
  const seen = new Map<string, { e: ReviewEntry; count: number; params: Record<string, string | number>; message: string }>();
  for (const e of [...entries].sort((a, b) => a.stationId.localeCompare(b.stationId) || a.seq - b.seq)) {
    if (!e.actor) continue;
    const p = e.payload as Record<string, unknown>;
    const username = e.type === 'signature.applied' && typeof p.username === 'string' ? p.username : names.get(`${e.stationId}:${e.actor}`);
    if (!username) continue;
    const drift = driftAt(timeTrust.get(e.stationId) ?? [], e.seq);
    const at = Date.parse(e.time) - drift * 1000;
    for (const other of loggedInElsewhere(use.windows, username, e.stationId, at, tolerance)) {
      const here = use.windows.find((w) => w.username === username && w.stationId === e.stationId && at >= w.startMs && at <= w.endMs);
      const from = here ? Math.max(here.startMs, other.startMs) : at;
      const to = here ? Math.min(here.endMs, other.endMs) : at;
      const key = `${username}|${e.stationId}#${here?.fromSeq ?? e.seq}|${other.stationId}#${other.fromSeq}`;
      const hit = seen.get(key);
      if (hit) {
        hit.count++;
        continue;
      }
      const clocks = drift === 0 && other.driftSeconds === 0 ? 'clocks as recorded' : `clocks corrected by their recorded drift (${e.stationId} ${drift} s, ${other.stationId} ${other.driftSeconds} s)`;
      seen.set(key, {
        e,
        count: 1,
        message: `${username} recorded entry ${e.seq} (${e.type}) at ${e.stationId} while logged in at ${other.stationId} (from entry ${other.fromSeq}, ${other.from}, to ${other.toSeq === null ? 'still open at its last synced entry' : `entry ${other.toSeq}`}, ${other.to}): both stations ${iso(from)} – ${iso(to)} (${clocks}; tolerance ${tolerance} s)`,
        params: { username, stationId: e.stationId, otherStation: other.stationId, from: iso(from), to: iso(to), otherFromSeq: other.fromSeq, otherEndedBy: other.endedBy, driftSeconds: drift, otherDriftSeconds: other.driftSeconds, toleranceSeconds: tolerance },
      });
    }
  }
  const deviations: DeviationCore[] = [];
  for (const { e, count, params, message } of seen.values()) {
    add('concurrent-session', 'major', e, `${message}; ${count} entr${count === 1 ? 'y' : 'ies'} of the batch in that time`, { ...params, entries: count }, `:${String(params.otherStation)}#${String(params.otherFromSeq)}`);
    deviations.push({
      stationId: e.stationId,
      seq: e.seq,
      hash: e.hash,
      deviationId: `CONCURRENT-${e.stationId}-${e.seq}`,
      category: 'concurrent-session',
      reason: `${String(params.username)} logged in at ${String(params.stationId)} and ${String(params.otherStation)} at once (${String(params.from)} – ${String(params.to)}); entry ${e.seq} (${e.type}) made in that time`,
      raisedBy: 'hub',
      raisedAt: e.receivedAt.toISOString(),
      approvedAtStation: false,
    });
  }
  return deviations;
}
