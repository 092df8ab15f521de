/**
 * Date and time as people read them in a record: in a zone, with the zone named ("2 Mar 2026,
 * 09:00:00 GMT+8"), never a raw ISO string (21 CFR 11.50(a)(2); Annex 11 §9 and the 2025 draft
 * ask for the time zone). The station shows its configured IANA zone; the hub console shows each
 * entry at the offset the station recorded in it, so station and console show the same clock
 * reading for the same entry.
 */
const OFFSET = /^([+-])(\d{2}):(\d{2})$/;

/** The IANA zone for a whole-hour offset ("+08:00" → "Etc/GMT-8"; POSIX signs are inverted). */
export function zoneForOffset(offset: string): string | null {
  const m = OFFSET.exec(offset);
  if (!m) return null;
  if (m[3] !== '00') return null;
  const h = Number(m[2]);
  if (h === 0) return 'UTC';
  if (h > 14) return null;
  return `Etc/GMT${m[1] === '+' ? '-' : '+'}${h}`;
}

export function formatInZone(iso: string, locale: string, timeZone: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    timeZone,
    timeZoneName: 'shortOffset',
  }).format(d);
}

/** At a recorded offset; a half-hour offset is shifted by hand and named "GMT+5:30". */
export function formatAtOffset(iso: string, offset: string, locale: string): string {
  const zone = zoneForOffset(offset);
  if (zone) return formatInZone(iso, locale, zone);
  const m = OFFSET.exec(offset);
  const d = new Date(iso);
  if (!m || Number.isNaN(d.getTime())) return iso;
  const minutes = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  const shifted = new Date(d.getTime() + minutes * 60_000);
  const text = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZone: 'UTC' }).format(shifted);
  return `${text} GMT${m[1]}${Number(m[2])}:${m[3]}`;
}

/** This machine's UTC offset at `d` ("+08:00"), for a time printed in local time with its offset. */
export function localOffset(d: Date): string {
  const minutes = -d.getTimezoneOffset();
  const a = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}
