import { describe, expect, it } from 'vitest';
import { QUALITY_ERROR_CODES } from '../../src-shared/errors/quality-codes.ts';
import { EXCEPTION_KINDS } from '../../src-shared/quality/review-contract.ts';
import { SIGNATURE_MEANINGS } from '../../src-shared/signature-meaning.ts';
import { HubRole } from '../../src-shared/sync/sync-protocol.ts';
import { consoleEn } from './en.ts';
import { consoleZhCN } from './zh-CN.ts';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));
}
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('console catalogues', () => {
  it('have the same keys in English and zh-CN, with the same placeholders', () => {
    expect(keys(consoleZhCN).sort()).toEqual(keys(consoleEn).sort());
    const get = (o: object, k: string) => k.split('.').reduce<unknown>((a, p) => (a as Record<string, unknown>)[p], o) as string;
    for (const k of keys(consoleEn)) expect(placeholders(get(consoleZhCN, k)), k).toEqual(placeholders(get(consoleEn, k)));
  });
  it('name every quality refusal, exception kind, signature meaning and hub role', () => {
    for (const cat of [consoleEn, consoleZhCN]) {
      for (const code of QUALITY_ERROR_CODES) expect(cat.errors[code], code).toBeTruthy();
      for (const kind of EXCEPTION_KINDS) expect(cat.exception[kind], kind).toBeTruthy();
      for (const m of SIGNATURE_MEANINGS) expect(cat.meaning[m], m).toBeTruthy();
      for (const r of HubRole.options) expect(cat.roles[r], r).toBeTruthy();
    }
  });
});
