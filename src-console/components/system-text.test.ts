import { describe, expect, it } from 'vitest';
import { createInstance, type TFunction } from 'i18next';
import { consoleEn } from '../i18n/en.ts';
import { consoleZhCN } from '../i18n/zh-CN.ts';
import { detailsText } from './details-text.ts';
import { systemReasonText } from './system-text.ts';

async function tOf(locale: 'en' | 'zh-CN'): Promise<TFunction> {
  // Its own i18next instance: unit tests share modules (isolate: false), the global one is left alone.
  const i18n = createInstance();
  await i18n.init({ resources: { en: { translation: consoleEn }, 'zh-CN': { translation: consoleZhCN } }, lng: locale, fallbackLng: false, interpolation: { escapeValue: false } });
  return i18n.t;
}

const DISPOSITION = { version: 2, reason: 'QC status rejected: disposition IQC-IBU-L2 (spec v1), DEV-2026-0001', reasonKey: 'qc-disposition', reasonParams: { status: 'rejected', taskId: 'IQC-IBU-L2', specVersion: 1, oosRecord: 'DEV-2026-0001' } };
const OOS = {
  checkId: 'TW',
  message: 'OOS: Tablet weight (TW) 531.3 mg is above the specification 475 … 525 mg (check #1)',
  messageKey: 'ipqc-oos',
  messageParams: { check: 'Tablet weight', checkId: 'TW', value: '531.3', unit: 'mg', lower: '475', upper: '525', occurrence: 1, side: 'above' },
};

describe('system reasons in the console', () => {
  it('FR-112 a zh-CN console words the hub-written master-data reason and the IPQC alert message in Chinese; rows with text only show their text', async () => {
    const zh = await tOf('zh-CN');
    const en = await tOf('en');
    const md = detailsText(DISPOSITION, zh);
    expect(md).toContain('原因: 质量状态 拒收：处置 IQC-IBU-L2（质量标准第 1 版）');
    expect(md).not.toMatch(/QC status|disposition|reasonKey|reasonParams/);
    const alert = detailsText(OOS, zh);
    expect(alert).toContain('消息: Tablet weight（TW）531.3 mg 高于质量标准 475 … 525 mg（第 1 次检查）');
    expect(alert).not.toMatch(/is above|check #|messageKey/);
    expect(systemReasonText(zh, 'ipqc-oos', { ...OOS.messageParams, side: 'below' }, OOS.message)).toContain('低于质量标准');
    expect(systemReasonText(zh, 'ipqc-oot', { check: 'Hardness', checkId: 'HD', value: '9', unit: 'kp', rules: 'WE1', occurrence: 2 }, 'x')).toBe('Hardness（HD）9 kp 超出趋势：WE1（第 2 次检查）');
    expect(systemReasonText(en, 'iqc-sampled', { amount: '50', unit: 'g', taskId: 'IQC-1' }, 'x')).toBe('IQC sample 50 g taken (IQC-1)');
    // History is not rewritten: an older row with its text only, or a code this console does not know, shows the text.
    expect(detailsText({ version: 3, reason: 'QC status released: disposition IQC-OLD (spec v1)' }, zh)).toContain('原因: QC status released: disposition IQC-OLD (spec v1)');
    expect(systemReasonText(zh, 'some-future-code', { a: 1 }, 'kept as written')).toBe('kept as written');
    expect(systemReasonText(zh, null, null, 'a person wrote this')).toBe('a person wrote this');
  });

  it('FR-143 QC\'s new lot dates after a retest (LIMS or signed at the hub) are worded in en and zh-CN, no retest any more included', async () => {
    const zh = await tOf('zh-CN');
    const en = await tOf('en');
    expect(systemReasonText(zh, 'qc-status-dates', { status: 'released', reason: 'retest passed', expiryDate: '2027-06-30', retestDate: '2027-03-01' }, 'x')).toBe('质量状态 放行，有效期至 2027-06-30，复验日期 2027-03-01：retest passed');
    expect(systemReasonText(en, 'qc-retest', { reason: 'Retest RT-2 passed', expiryDate: '2028-06-30', retestDate: 'none' }, 'x')).toBe('QC retest signed: expiry 2028-06-30, retest none: Retest RT-2 passed');
    expect(systemReasonText(zh, 'qc-retest', { reason: 'RT-2', expiryDate: '2028-06-30', retestDate: 'none' }, 'x')).toBe('QC 已签署复验结果：有效期至 2028-06-30，复验日期 无（不再复验）：RT-2');
  });
});
