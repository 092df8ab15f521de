/** How the console writes a band of limits (rooms screen, room history). */

/** A band as written: "low … high", "≥ low", "≤ high" or "—" when neither side has a limit. */
export function bandText(band: { low: number | null; high: number | null }): string {
  if (band.low !== null && band.high !== null) return `${band.low} … ${band.high}`;
  if (band.low !== null) return `≥ ${band.low}`;
  if (band.high !== null) return `≤ ${band.high}`;
  return '—';
}
