/** Report templates: what does not hold together, and the diff between two versions in words (issue 14 item 6). */
import { describe, expect, it } from 'vitest';
import { DEFAULT_BATCH_RECORD_TEMPLATE, DEFAULT_LABEL_TEMPLATE, templateProblems, type LabelTemplate } from './report-template.ts';
import { describeTemplateChanges } from './template-diff.ts';

describe('report template rules and diff', () => {
  it('FR-99 a template that leaves out a required section or label field, or names one twice, is refused with the reason', () => {
    expect(templateProblems('batch-record', DEFAULT_BATCH_RECORD_TEMPLATE)).toEqual([]);
    expect(templateProblems('batch-record', { ...DEFAULT_BATCH_RECORD_TEMPLATE, sections: DEFAULT_BATCH_RECORD_TEMPLATE.sections.filter((s) => s !== 'changeHistory' && s !== 'comments') })).toEqual([
      'section "changeHistory" is part of a complete copy of the record and cannot be left out',
    ]);
    expect(templateProblems('batch-record', { ...DEFAULT_BATCH_RECORD_TEMPLATE, headerFields: ['batch', 'batch', 'recipe', 'recipeHash', 'recordHash', 'printedBy', 'printedAt', 'site'] })).toEqual(['header field "batch" appears twice', 'the header shows the site but the template names none']);
    expect(templateProblems('container-label', { ...DEFAULT_LABEL_TEMPLATE, fields: DEFAULT_LABEL_TEMPLATE.fields.filter((f) => f.field !== 'lot') })).toEqual(['label field "lot" is required on a dispensed-container label']);
  });

  it('FR-99 the label diff names fields added, removed, resized and reordered, and the barcode module, in en and zh-CN', () => {
    const b: LabelTemplate = {
      barcodeModuleDots: 6,
      fields: [{ field: 'batch', size: 'large' }, ...DEFAULT_LABEL_TEMPLATE.fields.filter((f) => f.field !== 'batch' && f.field !== 'hri').map((f) => (f.field === 'net' ? { ...f, size: 'large' as const } : f))],
    };
    const en = describeTemplateChanges('container-label', DEFAULT_LABEL_TEMPLATE, b, 'en');
    expect(en).toContain('Label field “barcode text” removed.');
    expect(en).toContain('Label field “net”: text size changed from medium to large.');
    expect(en).toContain('Barcode module size changed from 4 to 6 dots.');
    expect(en.some((s) => s.startsWith('Label field order changed from title, material code'))).toBe(true);
    expect(describeTemplateChanges('container-label', DEFAULT_LABEL_TEMPLATE, b, 'zh-CN')).toContain('标签字段“净重”：字号由中改为大。');
    expect(describeTemplateChanges('batch-record', DEFAULT_BATCH_RECORD_TEMPLATE, DEFAULT_BATCH_RECORD_TEMPLATE, 'zh-CN')).toEqual(['无变更。']);
  });
});
