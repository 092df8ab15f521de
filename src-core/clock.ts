/**
 * Time and identity sources, injected from the composition root (STYLE.md: no global clock).
 * Ledger times are UTC with millisecond precision plus the station's offset at that instant.
 */
import { randomUUID } from 'node:crypto';

export interface Clock {
  now(): Date;
  /** Offset of the station's local time zone at `at`, as "+08:00". */
  tzOffset(at: Date): string;
}

export function systemClock(): Clock {
  return {
    now: () => new Date(),
    tzOffset: (at) => formatOffset(-at.getTimezoneOffset()),
  };
}

/** A clock that only moves when told to; for tests and deterministic demos. */
export function fixedClock(start: Date, offsetMinutes = 480): Clock & { advance(ms: number): void; set(d: Date): void } {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    tzOffset: () => formatOffset(offsetMinutes),
    advance(ms) {
      t += ms;
    },
    set(d) {
      t = d.getTime();
    },
  };
}

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export function utcIso(d: Date): string {
  return d.toISOString();
}

export interface IdSource {
  next(prefix: string): string;
}

export function randomIds(): IdSource {
  return { next: (prefix) => `${prefix}-${randomUUID()}` };
}

export function sequentialIds(): IdSource {
  const counters = new Map<string, number>();
  return {
    next(prefix) {
      const n = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, n);
      return `${prefix}-${String(n).padStart(4, '0')}`;
    },
  };
}
