/**
 * An audit row's details in words: each fact as "label: value" with the label in the reader's
 * language (Annex 11 §9 and issue #11: a person reads the audit trail, never raw JSON). Nested
 * facts are named by their path; long technical values (hashes, PEMs) are shortened, never dropped.
 */
import type { TFunction } from 'i18next';
import { systemReasonText } from './system-text.ts';

const SHORT = /^[0-9a-f]{40,}$/i;

/** Each fact as a translated label and its value as recorded (the record's own data). */
export function detailsParts(details: unknown, t: TFunction): { label: string; value: string }[] {
  if (details === null || details === undefined) return [];
  details = worded(details, t);
  const parts: { label: string; value: string }[] = [];
  const walk = (v: unknown, path: string) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(x, path ? `${path}.${k}` : k);
      return;
    }
    const key = path.split('.').at(-1) ?? path;
    const label = t(`auditFields.${key}`, { defaultValue: '' }) || key;
    const value = Array.isArray(v) ? v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ') : String(v);
    parts.push({ label, value: SHORT.test(value) ? `${value.slice(0, 12)}…` : value.includes('BEGIN CERTIFICATE') ? t('audit.certificateValue') : value });
  };
  walk(details, '');
  return parts;
}

export function detailsText(details: unknown, t: TFunction): string {
  return detailsParts(details, t)
    .map((p) => `${p.label}: ${p.value}`)
    .join(' · ');
}

/**
 * FR-112: a reason or message the hub stored with a code and values is shown in the reader's
 * language in place of the English kept beside it; the code and values themselves are not repeated.
 */
function worded(details: unknown, t: TFunction): unknown {
  if (typeof details !== 'object' || Array.isArray(details) || details === null) return details;
  const d = { ...(details as Record<string, unknown>) };
  if (typeof d.reasonKey === 'string' && typeof d.reason === 'string') d.reason = systemReasonText(t, d.reasonKey, d.reasonParams as Record<string, unknown> | undefined, d.reason);
  if (typeof d.messageKey === 'string' && typeof d.message === 'string') d.message = systemReasonText(t, d.messageKey, d.messageParams as Record<string, unknown> | undefined, d.message);
  delete d.reasonKey;
  delete d.reasonParams;
  delete d.messageKey;
  delete d.messageParams;
  return d;
}
