/**
 * Who was logged in where, and when (DI-11, P11-25; FR-140): one fold of the stations' synced
 * session entries, read by the hub's periodic report, the review by exception of a batch and the
 * notifier's sweep. Station accounts are per station, so the user name (user.created) is the link.
 *
 * A window is a time an account could act at a station: from `session.login` or
 * `session.unlocked` to `session.locked` (by the user or the inactivity lock), `session.logout`
 * (user, inactivity, shutdown, a concurrent login there) or the station starting again
 * (`station.started_with_flags`, `station.software_upgraded`); one still open ends, as far as the
 * hub knows, at the station's last synced entry.
 *
 * Clocks: each station's times are moved onto the hub's clock by the drift the station last
 * recorded against it (`station.time_trusted` / `station.time_untrusted`, driftSeconds = station −
 * hub), and two windows count as overlapping only when they overlap by more than the tolerance
 * (default 60 s): a logout at one station and a login at another within the clocks' uncertainty
 * is a walk, not shared use.
 */

import { wireStationId } from '../../src-shared/sync/ledger-key.ts';

export interface SessionFoldEntry {
  stationId: string;
  seq: number;
  time: string;
  type: string;
  actor: string | null;
  payload: Record<string, unknown>;
}

export interface SessionWindow {
  username: string;
  userId: string;
  stationId: string;
  /** The entry that opened it (login or unlock) and its station time. */
  fromSeq: number;
  from: string;
  /** The entry that ended it, or null when still open at the station's last synced entry. */
  toSeq: number | null;
  to: string;
  endedBy: string;
  /** On the hub's clock (station time − the station's drift), in ms. */
  startMs: number;
  endMs: number;
  /** The drift applied, seconds (station − hub). */
  driftSeconds: number;
}

export interface SessionOverlap {
  /** Stable: the user and the two windows' opening entries. */
  key: string;
  username: string;
  /** The earlier-opened window first. */
  a: SessionWindow;
  b: SessionWindow;
  /** On the hub's clock. */
  fromMs: number;
  toMs: number;
}

export const SESSION_FOLD_TYPES = ['user.created', 'session.login', 'session.unlocked', 'session.locked', 'session.logout', 'station.started_with_flags', 'station.software_upgraded', 'station.time_trusted', 'station.time_untrusted'] as const;
export const DEFAULT_SESSION_TOLERANCE_SECONDS = 60;

const RESTARTS = new Set(['station.started_with_flags', 'station.software_upgraded']);

/** The windows of every account in these entries; `lastSeen` is each station's last synced entry time. */
export function sessionWindows(entries: readonly SessionFoldEntry[], lastSeen: ReadonlyMap<string, string> = new Map()): SessionWindow[] {
  const byStation = new Map<string, SessionFoldEntry[]>();
  for (const e of entries) byStation.set(e.stationId, [...(byStation.get(e.stationId) ?? []), e]);
  const out: SessionWindow[] = [];
  for (const [stationId, list] of byStation) {
    const names = new Map<string, string>();
    let drift = 0;
    const open = new Map<string, { userId: string; seq: number; time: string; drift: number }>();
    const close = (k: string, e: SessionFoldEntry | null, endedBy: string, end: string) => {
      const o = open.get(k);
      if (!o) return;
      open.delete(k);
      const endMs = Date.parse(end) - (e ? drift : o.drift) * 1000;
      out.push({ username: names.get(o.userId) ?? o.userId, userId: o.userId, stationId, fromSeq: o.seq, from: o.time, toSeq: e?.seq ?? null, to: end, endedBy, startMs: Date.parse(o.time) - o.drift * 1000, endMs, driftSeconds: o.drift });
    };
    let last = null as string | null;
    for (const e of [...list].sort((x, y) => x.seq - y.seq)) {
      last = last === null || e.time > last ? e.time : last;
      const p = e.payload;
      const userId = String(p.userId ?? e.actor ?? '');
      const k = `${userId}|${String(p.sessionRef ?? '')}`;
      switch (e.type) {
        case 'user.created':
          names.set(String(p.userId), String(p.username));
          break;
        case 'station.time_trusted':
        case 'station.time_untrusted': {
          const d = Number(p.driftSeconds);
          if (Number.isFinite(d)) drift = d;
          break;
        }
        case 'session.login':
        case 'session.unlocked':
          if (!open.has(k)) open.set(k, { userId, seq: e.seq, time: e.time, drift });
          break;
        case 'session.locked':
          close(k, e, `session.locked:${String(p.reason ?? '')}`, e.time);
          break;
        case 'session.logout':
          close(k, e, `session.logout:${String(p.reason ?? '')}`, e.time);
          break;
        default:
          if (RESTARTS.has(e.type)) for (const key of [...open.keys()]) close(key, e, e.type, e.time);
      }
    }
    const seen = lastSeen.get(stationId);
    const end = seen !== undefined && (last === null || seen > last) ? seen : last;
    for (const key of [...open.keys()]) close(key, null, 'open', end ?? open.get(key)!.time);
  }
  return out.sort((x, y) => x.startMs - y.startMs || x.stationId.localeCompare(y.stationId) || x.fromSeq - y.fromSeq);
}

/** Every pair of windows of one user name at two stations that overlap by more than the tolerance. */
export function sessionOverlaps(windows: readonly SessionWindow[], toleranceSeconds = DEFAULT_SESSION_TOLERANCE_SECONDS): SessionOverlap[] {
  const tol = toleranceSeconds * 1000;
  const byUser = new Map<string, SessionWindow[]>();
  for (const w of windows) byUser.set(w.username, [...(byUser.get(w.username) ?? []), w]);
  const out: SessionOverlap[] = [];
  for (const [username, list] of byUser) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i]!;
        const b = list[j]!;
        // Two ledgers of one station (a re-created station's identity epochs, `<id>~<n>`) are one place.
        if (wireStationId(a.stationId) === wireStationId(b.stationId)) continue;
        const fromMs = Math.max(a.startMs, b.startMs);
        const toMs = Math.min(a.endMs, b.endMs);
        if (toMs - fromMs <= tol) continue;
        out.push({ key: `${username}|${a.stationId}#${a.fromSeq}|${b.stationId}#${b.fromSeq}`, username, a, b, fromMs, toMs });
      }
    }
  }
  return out.sort((x, y) => x.fromMs - y.fromMs);
}

/**
 * The windows in which `username` was logged in at a station other than `stationId` at this
 * entry's time (on the hub's clock, by `driftSeconds` of the entry's station), more than the
 * tolerance inside the window on both sides.
 */
export function loggedInElsewhere(windows: readonly SessionWindow[], username: string, stationId: string, atMs: number, toleranceSeconds = DEFAULT_SESSION_TOLERANCE_SECONDS): SessionWindow[] {
  const tol = toleranceSeconds * 1000;
  return windows.filter((w) => w.username === username && wireStationId(w.stationId) !== wireStationId(stationId) && atMs > w.startMs + tol && atMs < w.endMs - tol);
}

/** The station's drift (seconds, station − hub) in force at this seq, from its time-trust records. */
export function driftAt(records: readonly { seq: number; payload: Record<string, unknown> }[], seq: number): number {
  let drift = 0;
  for (const r of [...records].sort((a, b) => a.seq - b.seq)) {
    if (r.seq > seq) break;
    const d = Number(r.payload.driftSeconds);
    if (Number.isFinite(d)) drift = d;
  }
  return drift;
}
