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
