/**
 * Locale formatting of what the station shows: masses (exact decimal strings, never turned into
 * binary floating point, so 52.3000 g shows all its digits), and date/time with the time zone,
 * as a signature manifestation must show it (21 CFR 11.50; the 2025 Annex 11 draft asks for the
 * zone explicitly).
 */
import type { TFunction } from 'i18next';
import { formatInZone } from '../../src-shared/time/zoned-time.ts';
import { atReadability } from '../../src-shared/mass.ts';

export interface MassLike {
  amount: string;
  unit: 'mg' | 'g' | 'kg';
}

/**
 * "52.3000 g" / "52.3000 克" with the locale's digit grouping and decimal sign. A computed
 * mass is given the readability of the balance in use and is rounded by the shared rule
 * (src-shared/mass.ts atReadability), so the screen never shows more decimals than that
 * balance resolves (issue 18); a reading is shown as read.
 */
export function formatMass(m: MassLike, locale: string, t: TFunction, readability?: MassLike | null): string {
  const x = readability ? atReadability(m, readability) : m;
  return `${formatDecimal(x.amount, locale)} ${t(`units.${x.unit}`)}`;
}

export function formatDecimal(amount: string, locale: string): string {
  const decimals = amount.includes('.') ? amount.split('.')[1]!.length : 0;
  const nf = new Intl.NumberFormat(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  // Intl.NumberFormat v3 formats a decimal string exactly, digit for digit.
  return nf.format(amount as unknown as number);
}

/** Date and time in the station's zone, with the zone named: "2 Mar 2026, 09:00:00 GMT+8". */
export function formatDateTime(iso: string, locale: string, timeZone: string): string {
  return formatInZone(iso, locale, timeZone);
}
