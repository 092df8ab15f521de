/**
 * A recorded value in words for people (corrections' old and new values, audit details): a
 * mass with its unit, a list, or "name: value" pairs, never raw JSON (Annex 11 §9, issue 11).
 */
import { formatMass, type Mass } from '../mass.ts';

export function valueText(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if (typeof o.amount === 'string' && typeof o.unit === 'string') return formatMass(o as unknown as Mass);
    return Object.entries(o)
      .map(([k, x]) => `${k}: ${valueText(x)}`)
      .join(', ');
  }
  if (Array.isArray(v)) return v.map(valueText).join(', ');
  return String(v);
}
