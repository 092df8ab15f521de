import { describe, expect, it } from 'vitest';
import { describeEntry } from './record-line.ts';
import { renderRecordLine, renderRecordLineParts } from './record-line-text.ts';

const g = (amount: string) => ({ amount, unit: 'g' as const });
const kg = (amount: string) => ({ amount, unit: 'kg' as const });

/** The second container of a split potency-corrected line, as the demo batch records it. */
const secondContainer = {
  stepId: 'S11',
  stepIndex: 6,
  lineId: 'L10',
  portion: 2,
  container: { containerId: 'C-PARA-0002', version: 1, left: kg('5.000'), tare: kg('0.350') },
  lot: { lotId: 'LOT-PARA-2401', lotNumber: 'PARA-2401', materialCode: 'API-PARA', version: 1, qcStatus: 'released', expiryDate: '2028-12-04', retestDate: '2027-12-05', assayPercent: '99.6', waterPercent: '0.3' },
  potencyFraction: '0.993012',
  portionWindow: { target: kg('0.4070406'), lower: kg('0.4020055'), upper: kg('0.4120757') },
  partial: false,
  portionWindowAtReadability: { target: g('407.04'), lower: g('402.01'), upper: g('412.07'), readability: g('0.01') },
  potencyAdjustment: { lineQuantity: kg('0.4041928'), assayPercent: '99.6', waterPercent: '0.3', basis: 'anhydrous', fraction: '0.993012', adjustedTarget: kg('0.4070406') },
};

describe('record lines a QA reviewer reads', () => {
  it('A11-08 the potency formula shows the rest of the line at the readability of its target, not as an exact remainder (0.4041928 kg)', () => {
    const text = renderRecordLine(describeEntry('dispense.container_scanned', secondContainer), 'en');
    expect(text).toContain('potency-adjusted target: 0.40419 kg of pure substance ÷ (99.6 % assay × (100 − 0.3) % water = 0.993012) = 407.04 g');
    expect(text).not.toMatch(/0\.4041928|0\.4070406/);
  });

  it('marks the entry\'s own values as data and the template\'s words as wording, in either language', () => {
    for (const locale of ['en', 'zh-CN']) {
      const parts = renderRecordLineParts(describeEntry('dispense.container_scanned', secondContainer), locale);
      expect(parts.filter((p) => p.data).map((p) => p.text)).toEqual(expect.arrayContaining(['C-PARA-0002', 'API-PARA', 'PARA-2401', '407.04 g']));
      // The QC status is a code, translated: wording, not data.
      expect(parts.find((p) => p.text === (locale === 'en' ? 'released' : '已放行'))?.data).toBe(false);
      expect(parts.map((p) => p.text).join('')).toBe(renderRecordLine(describeEntry('dispense.container_scanned', secondContainer), locale));
    }
  });
});

describe('FR-145 a print the printer did not confirm reads as sent, not as confirmed', () => {
  const labelled = { returnSeq: 40, containerId: 'C-PARA-0002', label: { net: '4.2430 kg' }, voids: { kind: 'original', seq: null }, printerId: 'PRN-01', printerAddress: 'tcp://10.0.0.5:9100', jobId: 'j' };
  const reprinted = { labelId: '41-1', requestSeq: 42, labels: [{}], printerId: 'PRN-01', printerAddress: 'tcp://10.0.0.5:9100', jobId: 'j' };
  const printed = { stepId: 'S12', stepIndex: 7, labelKind: 'dispensed-material', printerId: 'PRN-01', labels: [{}, {}], printerAddress: 'tcp://10.0.0.5:9100', jobId: 'j' };
  it('FR-145 label.printed, label.reprinted and return.labelled with confirmation "sent" say "sent to the printer; the printer reports no status" (en, zh-CN); with "status" or none recorded they do not', () => {
    for (const [type, p] of [['label.printed', printed], ['label.reprinted', reprinted], ['return.labelled', labelled]] as const) {
      const sent = describeEntry(type, { ...p, confirmation: 'sent' });
      expect(renderRecordLine(sent, 'en')).toContain('sent to the printer; the printer reports no status');
      expect(renderRecordLine(sent, 'zh-CN')).toContain('已发送至打印机；打印机不报告状态');
      for (const q of [{ ...p, confirmation: 'status' }, p]) expect(renderRecordLine(describeEntry(type, q), 'en')).not.toContain('no status');
    }
  });
});
