/**
 * FR-102: a record the hub opened itself carries its words as a code and values (systemText);
 * they are shown in the reader's language, and a person's own words as they typed them.
 */
import type { TFunction } from 'i18next';
import type { SystemText } from '../../src-shared/quality/deviation-contract.ts';

export function recordTitle(t: TFunction, r: { title: string; systemText?: SystemText | null | undefined }): string {
  return r.systemText ? t(`dev.system.${r.systemText.key}.title`, r.systemText.params) : r.title;
}

export function recordDescription(t: TFunction, r: { description: string; systemText?: SystemText | null | undefined }): string {
  return r.systemText ? t(`dev.system.${r.systemText.key}.description`, r.systemText.params) : r.description;
}

/**
 * FR-112: a reason or message the hub stored as a code and values (a master-data change it made
 * for a goods receipt, an IQC sample, a QC disposition or LIMS status; an IPQC alert), in the
 * reader's language; `text` (the English kept with the record) when there is no code — rows from
 * before — or the code is one this console does not know.
 */
export function systemReasonText(t: TFunction, key: string | null | undefined, params: Record<string, unknown> | null | undefined, text: string): string {
  if (!key) return text;
  const p = params ?? {};
  // An OOS is worded by the side it fell on (the station's record-line catalogue does the same).
  const k = key === 'ipqc-oos' ? (p.side === 'below' ? 'ipqc-oos-below' : 'ipqc-oos-above') : key;
  // A lot's QC status is a code too: worded, or shown as recorded when this console does not know it.
  const status = typeof p.status === 'string' ? t(`systemReason.qcStatuses.${p.status}`, { defaultValue: p.status }) : p.status;
  // A lot no longer subject to retest (FR-143) is stored as 'none'.
  const retestDate = p.retestDate === 'none' ? t('systemReason.noRetest') : p.retestDate;
  return t(`systemReason.${k}`, { ...p, ...(status === undefined ? {} : { status }), ...(retestDate === undefined ? {} : { retestDate }), defaultValue: text });
}
